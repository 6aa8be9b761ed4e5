#!/usr/bin/env python3
"""Generate the deep-tree port (docs/design.md, claim C2): COPIES slightly different copies of one
tree of async calls, LEVELS deep, each call awaiting FANOUT children in turn, the leaves always
ready. Every copy has its own constants, so its code is its own: called in turn, the copies leave
the branch predictor and the instruction cache nothing to learn. The published description gives
the depth, the ready leaves and the copies, not the fan-out or what a node does: each fan-out is
generated apart (FANOUTS), and a node only mixes its argument and its children's values.

Three forms of every copy compute the same value:
  sync    plain functions;
  inline  async fns as futures that embed their child (native async: the child lives in the
          parent's state, polls are direct calls the compiler may inline);
  boxed   async fns desugared to Box::pin: every call builds its future, moves it into a box of
          exactly its size, and its parent polls and drops it through the vtable, then frees it.

Usage: gen_tree.py FORM FANOUT OUT.c COPIES  (run by CMake at build time, one file per form and
fan-out, compiled in parallel; the output is never committed); gen_tree.py rust FANOUT OUT.rs
COPIES writes the same trees in Rust, the source of a crate of their own (bench/rust/trees/: its
build script runs this, and bench/rust depends on one per fan-out, which cargo builds in
parallel). COPIES is CMake's BB_TREE_COPIES (the Rust build scripts' environment variable of that
name, else BB_TREE_ORIGINAL_COPIES): the original's 512 but in the sanitizer build, which checks
the code's correctness and times nothing. The levels, the fan-outs and the forms are read from
bb_tree.h, which CMake reads too.
"""
import os
import re
import sys


def _header():
    """LEVELS, FANOUTS and the forms' names, as bb_tree.h's tables give them."""
    with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "bb_tree.h")) as f:
        text = f.read()
    levels = int(re.search(r"#define BB_TREE_LEVELS (\d+)", text).group(1))
    fanouts = re.search(r"#define BB_TREE_FANOUTS\(X\)(.*)", text).group(1)
    forms = re.search(r"#define BB_TREE_FORMS\(X\)((?:.*\\\n)*.*)", text).group(1)
    return (levels, tuple(int(k) for k in re.findall(r"X\((\d+)\)", fanouts)),
            tuple(re.findall(r'X\(\w+, "([a-z]+)"', forms)))


LEVELS, FANOUTS, FORM_NAMES = _header()  # Level 1 is the top-level call; LEVELS holds the leaves.


def child_args(n, k):
    """The arguments of a node's n children, each its own mix of the node's argument."""
    return ["f->x ^ %s" % k["k1"], "f->x + %s" % k["k2"], "f->x - %s" % k["k1"]][:n]


def constants(copy, level):
    """Three odd 64-bit multipliers / addends per copy and level, from a fixed LCG: deterministic,
    distinct, and not foldable into one another by the compiler."""
    x = (copy * 0x9E3779B97F4A7C15 + level * 0xD1B54A32D192ED03 + 0x2545F4914F6CDD1D) % (1 << 64)
    out = []
    for _ in range(3):
        x = (x * 6364136223846793005 + 1442695040888963407) % (1 << 64)
        out.append("0x%016xull" % (x | 1))
    return out


def sync(c, n):
    lines = []
    for lv in range(LEVELS, 0, -1):
        k = dict(zip(("k1", "k2", "k3"), constants(c, lv)))
        if lv == LEVELS:
            body = "return x * %(k1)s + %(k2)s;" % k
        else:
            child = "s%d_%d" % (c, lv + 1)
            args = [a.replace("f->x", "x") for a in child_args(n, k)]
            body = "uint64_t a = %s(%s);\n" % (child, args[0])
            for a in args[1:]:
                body += "  a = a * %s + %s(%s);\n" % (k["k3"], child, a)
            body += "  return %s;" % ("a * %(k3)s + %(k2)s" % k if n == 1 else "a")
        lines.append("static uint64_t s%d_%d(uint64_t x) {\n  %s\n}" % (c, lv, body))
    lines.append("static uint64_t bb__tree_sync_%d(uint64_t x) { return s%d_1(x); }" % (c, c))
    return lines


def awaits(n, k, signature, prologue, start_child, poll_child, after):
    """The poll function of a call that awaits n children in turn: the shape both future forms
    share. start_child(arg) makes a child of the argument; poll_child polls it into v; after runs
    once each child is done."""
    lines = ["static %s {" % signature] + prologue
    lines += ["  uint64_t v;", "  BB_RESUME_BEGIN(f->state)"]
    for i, arg in enumerate(child_args(n, k)):
        lines += ["  " + l for l in start_child(arg)]
        lines += ["  BB_AWAIT(f->state, %s);" % poll_child] + ["  " + l for l in after]
        lines.append("  f->a = v;" if i == 0 else "  f->a = f->a * %s + v;" % k["k3"])
    lines.append("  *out = f->a * %s + %s;" % (k["k3"], k["k2"]) if n == 1 else "  *out = f->a;")
    lines += ["  BB_RETURN_READY(f->state);", "  BB_RESUME_END(f->state)", "}"]
    return "\n".join(lines)


def leaf(k, signature, prologue):
    return "\n".join(["static %s {" % signature] + prologue + [
        "  (void)cx;", "  *out = f->x * %s + %s;" % (k["k1"], k["k2"]),
        "  BB_RETURN_READY(f->state);", "}"])


def inline(c, n):
    lines = []
    for lv in range(LEVELS, 0, -1):
        k = dict(zip(("k1", "k2", "k3"), constants(c, lv)))
        t, ch = "i%d_%d" % (c, lv), "i%d_%d" % (c, lv + 1)
        sig = "inline bb_poll_t %s_poll(%s_t *f, bb_context_t *cx, uint64_t *out)" % (t, t)
        if lv == LEVELS:
            lines.append("typedef struct { bb_resume_t state; uint64_t x; } %s_t;" % t)
            lines.append(leaf(k, sig, []))
            continue
        # The child lives in the parent: starting it sets its state and its argument in place.
        lines.append("typedef struct { bb_resume_t state; uint64_t x, a; %s_t child; } %s_t;"
                     % (ch, t))
        lines.append(awaits(n, k, sig, [], lambda arg: ["f->child.state = BB_RESUME_START;",
                                                        "f->child.x = %s;" % arg],
                            "%s_poll(&f->child, cx, &v)" % ch, []))
    lines.append("static bb_poll_t i%d_poll_any(void *f, bb_context_t *cx, uint64_t *out) {\n"
                 "  return i%d_1_poll(f, cx, out);\n}" % (c, c))
    lines.append("static uint64_t bb__tree_inline_%d(uint64_t x) {\n"
                 "  i%d_1_t f;\n  f.state = BB_RESUME_START;\n  f.x = x;\n"
                 "  return bb_block_on(i%d_poll_any, &f);\n}" % (c, c, c))
    return lines


def boxed(c, n):
    lines = []
    for lv in range(LEVELS, 0, -1):
        k = dict(zip(("k1", "k2", "k3"), constants(c, lv)))
        t, ch = "b%d_%d" % (c, lv), "b%d_%d" % (c, lv + 1)
        sig = "bb_poll_t %s_poll(void *self, bb_context_t *cx, uint64_t *out)" % t
        if lv == LEVELS:
            lines.append("typedef struct { bb_resume_t state; uint64_t x; } %s_t;" % t)
            lines.append(leaf(k, sig, ["  %s_t *f = self;" % t]))
            lines.append("static void %s_drop(void *self) { (void)self; }" % t)
        else:
            # The child is its own box: made by its async fn, polled, dropped and freed by vtable.
            lines.append("typedef struct { bb_resume_t state; uint64_t x, a; bb_box_t child; } "
                         "%s_t;" % t)
            lines.append("static void %s_drop(void *self) {\n  %s_t *f = self;\n"
                         "  if (f->state != BB_RESUME_START && f->state != BB_RESUME_DONE) "
                         "bb_box_drop(f->child);\n}" % (t, t))
            lines.append(awaits(n, k, sig, ["  %s_t *f = self;" % t],
                                lambda arg: ["f->child = %s_call(%s);" % (ch, arg)],
                                "bb_box_poll(f->child, cx, &v)", ["bb_box_drop(f->child);"]))
        lines.append("static const bb_future_vtable_t %s_vt = {%s_drop, sizeof(%s_t), "
                     "_Alignof(%s_t), %s_poll};" % (t, t, t, t, t))
        # The async fn itself, desugared: build the future by value, then Box::pin moves it.
        lines.append("static bb_box_t %s_call(uint64_t x) {\n"
                     "  %s_t f;\n  f.state = BB_RESUME_START;\n  f.x = x;\n  bb_escape(&f);\n"
                     "  return bb_box_pin(&f, &%s_vt);\n}" % (t, t, t))
    lines.append("static uint64_t bb__tree_boxed_%d(uint64_t x) {\n"
                 "  bb_box_t b = b%d_1_call(x);\n  uint64_t v = bb_block_on(b.vt->poll, b.ptr);\n"
                 "  bb_box_drop(b);\n  return v;\n}" % (c, c))
    return lines


FORMS = {"sync": sync, "inline": inline, "boxed": boxed}
assert set(FORMS) == set(FORM_NAMES), "bb_tree.h's forms and the generator's disagree"


# The same trees in Rust (bench/rust): every copy's nodes as async fns with the C copy's constants,
# so each Rust copy computes what its C copy does. inline: native async fns, each child awaited in
# place; boxed: what #[async_trait] makes of each, a Box::pin of an async block per call, polled
# and dropped through its vtable.
RUST_FORMS = ("inline", "boxed")


def _rust_node(lv, n, form):
    """A node of level lv, generic over the copy C, whose constants are its copy's row of K, read
    where they are used (constant expressions, never values kept across an await): each copy is
    its own monomorphised code with its own constants, as each C copy is its own function, while
    rustc type-checks the node once."""
    name = "%s%d" % (form[0], lv)
    k1, k2, k3 = ("K[C][%d].%d" % (lv - 1, i) for i in range(3))
    if lv == LEVELS:
        body = "x.wrapping_mul(%s).wrapping_add(%s)" % (k1, k2)
    else:
        child = "%s%d::<C>" % (form[0], lv + 1)
        args = ["x ^ %s" % k1, "x.wrapping_add(%s)" % k2, "x.wrapping_sub(%s)" % k1][:n]
        body = "let %sa = %s(%s).await;" % ("mut " if n > 1 else "", child, args[0])
        for a in args[1:]:
            body += " a = a.wrapping_mul(%s).wrapping_add(%s(%s).await);" % (k3, child, a)
        body += " a" if n > 1 else " a.wrapping_mul(%s).wrapping_add(%s)" % (k3, k2)
    if form == "inline":
        return "async fn %s<const C: usize>(x: u64) -> u64 { %s }" % (name, body)
    return ("fn %s<const C: usize>(x: u64) -> BoxFuture { Box::pin(async move { %s }) }"
            % (name, body))


def rust(n, copies):
    """The Rust crate of the trees of fan-out n (bench/rust builds one per fan-out, in parallel):
    every copy's constants (the C copy's), the nodes of both forms, per copy its top-level call
    (polled to completion with the context and wake flag of bench/rust's executor), and per form
    the table of the copies."""
    out = ["// Generated by bench/tree/gen_tree.py at build time: edit the generator, not this.",
           "use std::future::Future;", "use std::pin::{pin, Pin};",
           "use std::task::{Context, Poll};",
           "type BoxFuture = Pin<Box<dyn Future<Output = u64> + Send>>;",
           "/// A copy's top-level call: the context and wake flag to poll with, its argument.",
           "pub type Top = fn(&mut Context<'_>, *mut bool, u64) -> u64;",
           "/// bench/rust's block_on: poll to completion, a pending poll having woken the waker.",
           "fn block_on<F: Future<Output = u64> + ?Sized>(",
           "    mut f: Pin<&mut F>, cx: &mut Context<'_>, woken: *mut bool) -> u64 {",
           "    loop {",
           "        match f.as_mut().poll(cx) {",
           "            Poll::Ready(v) => return v,",
           "            Poll::Pending => {",
           "                assert!(unsafe { std::mem::replace(&mut *woken, false) })",
           "            }",
           "        }",
           "    }",
           "}",
           "/// Per copy, per level, the C copy's three constants.",
           "const K: [[(u64, u64, u64); %d]; %d] = [" % (LEVELS, copies)]
    for c in range(copies):
        out.append("    [%s]," % ", ".join(
            "(%s)" % ", ".join(k[:-len("ull")] for k in constants(c, lv))
            for lv in range(1, LEVELS + 1)))
    out.append("];")
    for form in RUST_FORMS:
        out.extend(_rust_node(lv, n, form) for lv in range(LEVELS, 0, -1))
        start = "pin!(i1::<C>(x))" if form == "inline" else "b1::<C>(x).as_mut()"
        out.append("fn top_%s<const C: usize>(cx: &mut Context<'_>, woken: *mut bool, x: u64) "
                   "-> u64 { block_on(%s, cx, woken) }" % (form[0], start))
        out.append("static %s: [Top; %d] = [%s];" % (
            form.upper(), copies, ", ".join("top_%s::<%d>" % (form[0], c) for c in range(copies))))
    out.append("/// The copies of a form (%s), or None." % ", ".join(
        "%d %s" % (i, f) for i, f in enumerate(RUST_FORMS)))
    out.append("pub fn copies(form: u32) -> Option<&'static [Top]> {")
    out.append("    match form {")
    out += ["        %d => Some(&%s)," % (i, f.upper()) for i, f in enumerate(RUST_FORMS)]
    out += ["        _ => None,", "    }", "}"]
    return out


def main(argv):
    if len(argv) == 5 and argv[1] == "rust" and argv[2].isdigit() and int(argv[2]) in FANOUTS \
            and argv[4].isdigit() and int(argv[4]) >= 1:
        _write(argv[3], rust(int(argv[2]), int(argv[4])))
        return
    if len(argv) != 5 or argv[1] not in FORMS or not argv[2].isdigit() or \
            int(argv[2]) not in FANOUTS or not argv[4].isdigit() or int(argv[4]) < 1:
        sys.exit("usage: gen_tree.py {%s} {%s} OUT.c COPIES\n"
                 "       gen_tree.py rust {%s} OUT.rs COPIES"
                 % (",".join(FORMS), ",".join(map(str, FANOUTS)), ",".join(map(str, FANOUTS))))
    name, fanout, path, copies = argv[1], int(argv[2]), argv[3], int(argv[4])
    out = ["/* Generated by bench/tree/gen_tree.py at build time: edit the generator, not this. */",
           '#include "bb_tree.h"',
           "_Static_assert(BB_TREE_COPIES == %d, \"gen_tree.py and CMake disagree\");" % copies]
    for c in range(copies):
        out.extend(FORMS[name](c, fanout))
    out.append("const bb_tree_fn bb_tree_%s_%d[BB_TREE_COPIES] = {" % (name, fanout))
    out.extend("  bb__tree_%s_%d," % (name, c) for c in range(copies))
    out.append("};")
    _write(path, out)


def _write(path, lines):
    with open(path + ".tmp", "w") as f:
        f.write("\n".join(lines) + "\n")
    os.replace(path + ".tmp", path)


if __name__ == "__main__":
    main(sys.argv)
