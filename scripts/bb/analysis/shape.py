"""`boxbench shape BINARY`: which shape of boxed future a Rust binary's async code is in.

rustc compiles `#[async_trait]` (and any boxed async body) in one of two shapes (docs/design.md):
where the call that makes an awaited future is inlined, the future is written straight into the
state that holds it, the box's included (box-inplace's price); where it is not (an async fn of
another crate without LTO, one too large to inline), the call writes the future into a return
slot on the stack and the body's poll moves it into its state with a memcpy of the future's
whole size (box's price, the copy included). The mark of the second shape is what this reads in
the disassembly: in the poll of an async body (a function whose name ends in `{{closure}}`), a
call, then a memcpy of a constant size at least `min_bytes`. tests/test_codegen.py holds the
same mark in the runner's Rust."""
import re

_FUNCTION = re.compile(r"^[0-9a-f]+ <(.+)>:$")
_SIZE = re.compile(r"mov\s+\$0x([0-9a-f]+),%(?:edx|rdx)$")


def functions(text):
    """[(function, [instruction])] of `objdump -d -C --no-show-raw-insn` output, in order: one
    entry per function, generic instances of one demangled name apart."""
    out = []
    for line in text.splitlines():
        m = _FUNCTION.match(line)
        if m:
            out.append((m.group(1), []))
        elif out and "\t" in line:
            out[-1][1].append(line.split("\t", 1)[1].strip())
    return out


def _bodies(text):
    return [(name, code) for name, code in functions(text) if name.endswith("{{closure}}")]


def moves(text, min_bytes):
    """[(function, bytes)]: each memcpy of a constant size of at least min_bytes, after a call,
    in the poll of an async body; the largest first."""
    out = []
    for name, code in _bodies(text):
        called = False
        for i, ins in enumerate(code):
            if not ins.startswith("call"):
                continue
            if "memcpy" in ins and called:
                size = next((int(m.group(1), 16) for m in map(_SIZE.match, reversed(code[:i]))
                             if m), None)
                if size is not None and size >= min_bytes:
                    out.append((name, size))
            elif "memcpy" not in ins:
                called = True
    return sorted(out, key=lambda m: -m[1])


def async_bodies(text):
    """How many async bodies' polls the binary has (functions named `...{{closure}}`, each
    generic instance counted)."""
    return len(_bodies(text))


def report(binary, found, bodies, min_bytes, most=20):
    """The finding in words."""
    if not bodies:
        return ("%s: no async body found (no function named ...{{closure}}): is it a Rust binary "
                "with its symbols?" % binary)
    if not found:
        return ("%s: %d async bodies; none moves %d bytes or more after a call: its futures of "
                "that size are built where they are held (box-inplace's shape, for the boxed "
                "ones)" % (binary, bodies, min_bytes))
    lines = ["%s: %d moves of a future of %d bytes or more into an async body's state after the "
             "call that made it, in %d async bodies (box's shape: each such boxed call pays the "
             "copy), largest first:" % (binary, len(found), min_bytes, bodies)]
    lines += ["  %8d B  %s" % (size, name) for name, size in found[:most]]
    if len(found) > most:
        lines.append("  ... and %d more" % (len(found) - most))
    return "\n".join(lines)
