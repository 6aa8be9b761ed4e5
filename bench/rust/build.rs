//! Writes OUT_DIR/matrix.rs, which src/lib.rs includes: the matrix's sizes and depths for the
//! crate's at_size! and at_chain! (from bench/matrix/bb_cases.h's BB_SIZES and BB_DEPTHS: at_chain!
//! names the chain of each depth as a type, Level nested depth - 1 times around the payload), and
//! tree_copies!, one arm per fan-out of bench/tree/bb_tree.h's BB_TREE_FANOUTS, each a tree crate
//! this manifest depends on (checked here: a fan-out without its crate stops the build).
use std::env;
use std::fmt::Write;
use std::fs;
use std::path::{Path, PathBuf};

/// The numbers of one X-macro line of a header: `#define NAME(X...) X(1) X(2)` or `X(a, 1) ...`.
fn row(path: &Path, head: &str) -> Vec<u64> {
    let text = fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let line = text.lines().find(|l| l.starts_with(head))
        .unwrap_or_else(|| panic!("{} has no line {head}", path.display()));
    line[head.len()..].split("X(").skip(1)
        .map(|arg| {
            let arg = arg.split(')').next().unwrap();
            arg.rsplit(',').next().unwrap().trim().parse().expect("an X-macro of literals")
        })
        .collect()
}

fn main() {
    let dir = PathBuf::from(env::var("CARGO_MANIFEST_DIR").unwrap());
    let cases = dir.join("../matrix/bb_cases.h");
    let tree = dir.join("../tree/bb_tree.h");
    let sizes = row(&cases, "#define BB_SIZES(X)");
    let depths = row(&cases, "#define BB_DEPTHS(X, a)");
    let fanouts = row(&tree, "#define BB_TREE_FANOUTS(X)");
    let manifest = fs::read_to_string(dir.join("Cargo.toml")).unwrap();
    for k in &fanouts {
        assert!(manifest.contains(&format!("bbtree{k} = {{ path = \"trees/fanout{k}\" }}")),
                "bb_tree.h has fan-out {k}: Cargo.toml needs bbtree{k} and trees/fanout{k}/");
    }
    let mut out = String::from("// Written by build.rs from bench/matrix/bb_cases.h and bench/tree/bb_tree.h.\n");
    out += "macro_rules! at_size {\n    ($size:expr, $f:ident $(, $arg:expr)*) => {\n        match $size {\n";
    for s in &sizes {
        writeln!(out, "            {s} => Some($f::<{s}>($($arg),*)),").unwrap();
    }
    out += "            _ => None,\n        }\n    };\n}\n";
    out += "macro_rules! at_chain {\n    ($size:expr, $depth:expr, $level:ident, $f:ident $(, $arg:expr)*) => {\n";
    out += "        match ($size, $depth) {\n";
    for s in &sizes {
        for d in &depths {
            let layers = (d - 1) as usize;
            writeln!(out, "            ({s}, {d}) => Some($f::<{}Payload<{s}>{}>($($arg),*)),",
                     "$level<".repeat(layers), ">".repeat(layers)).unwrap();
        }
    }
    out += "            _ => None,\n        }\n    };\n}\n";
    out += "macro_rules! tree_copies {\n    ($fanout:expr, $form:expr) => {\n        match $fanout {\n";
    for k in &fanouts {
        writeln!(out, "            {k} => bbtree{k}::copies($form),").unwrap();
    }
    out += "            _ => None,\n        }\n    };\n}\n";
    fs::write(PathBuf::from(env::var("OUT_DIR").unwrap()).join("matrix.rs"), out).unwrap();
    for p in [&cases, &tree, &dir.join("Cargo.toml")] {
        println!("cargo:rerun-if-changed={}", p.display());
    }
}
