//! The trees of one fan-out, as ../build.rs had bench/tree/gen_tree.py write them: every copy's
//! nodes in both forms, with the C copies' constants, and `copies(form)`, the table of a form's.
include!(concat!(env!("OUT_DIR"), "/tree.rs"));
