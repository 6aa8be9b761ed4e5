//! The build script of each tree crate (bbtreeN, N its fan-out): runs bench/tree/gen_tree.py, as
//! CMake does for the C trees, into the crate's OUT_DIR. The copies are BB_TREE_COPIES from the
//! environment (CMake passes its cache variable), else the original benchmark's, read from
//! bench/tree/bb_tree.h.
use std::env;
use std::fs;
use std::path::PathBuf;
use std::process::Command;

fn main() {
    let name = env::var("CARGO_PKG_NAME").unwrap();
    let fanout = name.strip_prefix("bbtree").expect("a tree crate is named bbtreeN");
    let tree = PathBuf::from(env::var("CARGO_MANIFEST_DIR").unwrap()).join("../../../tree");
    let (script, header) = (tree.join("gen_tree.py"), tree.join("bb_tree.h"));
    let copies = env::var("BB_TREE_COPIES").unwrap_or_else(|_| {
        let text = fs::read_to_string(&header).expect("cannot read bench/tree/bb_tree.h");
        text.lines()
            .find_map(|l| l.strip_prefix("#define BB_TREE_ORIGINAL_COPIES "))
            .expect("bb_tree.h has no BB_TREE_ORIGINAL_COPIES")
            .trim()
            .to_string()
    });
    let out = PathBuf::from(env::var("OUT_DIR").unwrap()).join("tree.rs");
    let python = env::var("PYTHON3").unwrap_or_else(|_| "python3".to_string());
    let status = Command::new(&python)
        .arg(&script)
        .args(["rust", fanout])
        .arg(&out)
        .arg(&copies)
        .status()
        .unwrap_or_else(|e| panic!("cannot run {python} (PYTHON3) for gen_tree.py: {e}"));
    assert!(status.success(), "gen_tree.py rust {fanout} failed");
    for path in [&script, &header] {
        println!("cargo:rerun-if-changed={}", path.display());
    }
    println!("cargo:rerun-if-env-changed=BB_TREE_COPIES");
    println!("cargo:rerun-if-env-changed=PYTHON3");
}
