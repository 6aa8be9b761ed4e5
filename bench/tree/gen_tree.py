#!/usr/bin/env python3
"""Generate the deep-tree port (docs/design.md, claim C2): COPIES slightly different copies of one tree
of async calls, LEVELS deep, each call awaiting FANOUT children in turn, the leaves always ready.
Every copy has its own constants, so its code is its own: called in turn, the copies leave the
branch predictor and the instruction cache nothing to learn. The published description gives the
depth, the ready leaves and the copies, not the fan-out or what a node does: each fan-out is
generated apart (1, 2 and 3), and a node only mixes its argument and its children's values.

Three forms of every copy compute the same value:
  sync    plain functions;
  inline  async fns as futures that embed their child (native async: the child lives in the
          parent's state, polls are direct calls the compiler may inline);
  boxed   async fns desugared to Box::pin: every call builds its future, moves it into a box of
          exactly its size, and its parent polls and drops it through the vtable, then frees it.

Usage: gen_tree.py FORM FANOUT OUT.c [COPIES]  (run by CMake at build time, one file per form and
fan-out, compiled in parallel; the output is never committed). COPIES is 512 but in the sanitizer
build (BB_TREE_COPIES), which checks the code's correctness and times nothing.
"""
import os
import sys

COPIES = 512
LEVELS = 5  # Level 1 is the top-level call; level LEVELS holds the leaves.
FANOUTS = (1, 2, 3)


def child_args(n):
    """The arguments of a node's n children, each its own mix of the node's argument."""
    return ["f->x ^ %(k1)s", "f->x + %(k2)s", "f->x - %(k1)s"][:n]


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
            args = [a.replace("f->x", "x") % k for a in child_args(n)]
            body = "uint64_t a = %s(%s);\n" % (child, args[0])
            for a in args[1:]:
                body += "  a = a * %s + %s(%s);\n" % (k["k3"], child, a)
            body += "  return %s;" % ("a * %(k3)s + %(k2)s" % k if n == 1 else "a")
        lines.append("static uint64_t s%d_%d(uint64_t x) {\n  %s\n}" % (c, lv, body))
    lines.append("static uint64_t bb__tree_sync_%d(uint64_t x) { return s%d_1(x); }" % (c, c))
    return lines


def awaits(n, signature, start_child, poll_child, after):
    """The poll function of a call that awaits n children in turn: the shape both future forms
    share. start_child(arg) makes a child of the argument; poll_child polls it into v; after runs
    once each child is done."""
    lines = ["static %s {" % signature, "  uint64_t v;", "  BB_RESUME_BEGIN(f->state)"]
    for i, arg in enumerate(child_args(n)):
        lines += ["  " + l for l in start_child(arg)]
        lines += ["  BB_AWAIT(f->state, %s);" % poll_child] + ["  " + l for l in after]
        lines.append("  f->a = v;" if i == 0 else "  f->a = f->a * %(k3)s + v;")
    lines.append("  *out = f->a * %(k3)s + %(k2)s;" if n == 1 else "  *out = f->a;")
    lines += ["  BB_RETURN_READY(f->state);", "  BB_RESUME_END(f->state)", "}"]
    return "\n".join(lines)


def leaf(t, signature, prologue):
    return ("static %s {\n%s  (void)cx;\n  *out = f->x * %%(k1)s + %%(k2)s;\n"
            "  BB_RESUME_READY_NOW(f->state);\n}" % (signature, prologue))


def inline(c, n):
    lines = []
    for lv in range(LEVELS, 0, -1):
        k = dict(zip(("k1", "k2", "k3"), constants(c, lv)))
        t, ch = "i%d_%d" % (c, lv), "i%d_%d" % (c, lv + 1)
        sig = "inline bb_poll_t %s_poll(%s_t *f, bb_context_t *cx, uint64_t *out)" % (t, t)
        if lv == LEVELS:
            lines.append("typedef struct { bb_resume_t state; uint64_t x; } %s_t;" % t)
            lines.append(leaf(t, sig, "") % k)
            continue
        # The child lives in the parent: starting it sets its state and its argument in place.
        lines.append("typedef struct { bb_resume_t state; uint64_t x, a; %s_t child; } %s_t;" % (ch, t))
        lines.append(awaits(n, sig, lambda arg: ["f->child.state = BB_RESUME_START;",
                                                     "f->child.x = %s;" % arg],
                                "%s_poll(&f->child, cx, &v)" % ch, []) % k)
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
            lines.append(leaf(t, sig, "  %s_t *f = self;\n" % t) % k)
            lines.append("static void %s_drop(void *self) { (void)self; }" % t)
        else:
            # The child is its own box: made by its async fn, polled, dropped and freed by vtable.
            lines.append("typedef struct { bb_resume_t state; uint64_t x, a; bb_box_t child; } %s_t;" % t)
            lines.append("static void %s_drop(void *self) {\n  %s_t *f = self;\n"
                         "  if (f->state != BB_RESUME_START && f->state != BB_RESUME_DONE) "
                         "bb_box_drop(f->child);\n}" % (t, t))
            body = awaits(n, sig, lambda arg: ["f->child = %s_call(%s);" % (ch, arg)],
                              "bb_box_poll(f->child, cx, &v)", ["bb_box_drop(f->child);"]) % k
            lines.append(body.replace("{\n", "{\n  %s_t *f = self;\n" % t, 1))
        lines.append("static const bb_future_vtable_t %s_vt = {%s_drop, sizeof(%s_t), _Alignof(%s_t), "
                     "%s_poll};" % (t, t, t, t, t))
        # The async fn itself, desugared: build the future by value, then Box::pin moves it.
        lines.append("static bb_box_t %s_call(uint64_t x) {\n"
                     "  %s_t f;\n  f.state = BB_RESUME_START;\n  f.x = x;\n  bb_escape(&f);\n"
                     "  return bb_box_pin(&f, &%s_vt);\n}" % (t, t, t))
    lines.append("static uint64_t bb__tree_boxed_%d(uint64_t x) {\n"
                 "  bb_box_t b = b%d_1_call(x);\n  uint64_t v = bb_block_on(b.vt->poll, b.ptr);\n"
                 "  bb_box_drop(b);\n  return v;\n}" % (c, c))
    return lines


FORMS = {"sync": sync, "inline": inline, "boxed": boxed}


def main(argv):
    copies = COPIES
    if len(argv) == 5 and argv[4].isdigit() and int(argv[4]) > 0:
        copies = int(argv[4])
        argv = argv[:4]
    if len(argv) != 4 or argv[1] not in FORMS or not argv[2].isdigit() or \
            int(argv[2]) not in FANOUTS:
        sys.exit("usage: gen_tree.py {%s} {%s} OUT.c [COPIES]"
                 % (",".join(FORMS), ",".join(map(str, FANOUTS))))
    name, fanout, path = argv[1], int(argv[2]), argv[3]
    out = ["/* Generated by bench/tree/gen_tree.py at build time: edit the generator, not this. */",
           '#include "bb_tree.h"',
           "_Static_assert(BB_TREE_COPIES == %d && BB_TREE_LEVELS == %d, \"gen_tree.py and "
           "bb_tree.h disagree\");" % (copies, LEVELS),
           "/* A leaf is an async fn that never awaits: its first poll returns. */",
           "#define BB_RESUME_READY_NOW(state) do { (state) = BB_RESUME_DONE; return BB_READY; } while (0)"]
    for c in range(copies):
        out.extend(FORMS[name](c, fanout))
    out.append("const bb_tree_fn bb_tree_%s_%d[BB_TREE_COPIES] = {" % (name, fanout))
    out.extend("  bb__tree_%s_%d," % (name, c) for c in range(copies))
    out.append("};")
    with open(path + ".tmp", "w") as f:
        f.write("\n".join(out) + "\n")
    os.replace(path + ".tmp", path)


if __name__ == "__main__":
    main(sys.argv)
