"""What a run says beside a claim's verdict: the sets that gave no figure and the processes each
took, the cells where C differs from Rust, the machine's cost the figure is bound to, and the
original event loop's figures beside the port's."""
from ...model import figures, machine, roles
from .. import fidelity
from . import words

def _sets_of(t, cid):
    return [r for r in t.get("sets") or () if cid in (r.get("claims") or "").split()]


def short_sets(t, cid):
    """Why claim cid's sets gave no figure: each of its sets with fewer than two counted
    processes (figures.short_words); empty where none is short."""
    return "; ".join(figures.short_words(r) for r in _sets_of(t, cid) if (r["counted"] or 0) < 2)


def processes_words(t, cid):
    """How many processes claim cid's sets ran and why each stopped (sets.csv)."""
    return ", ".join("%s on %s %d processes (%s)" % (r["set"], r["allocator"], r["processes"],
                                                    r["stopped"])
                     for r in _sets_of(t, cid) if r.get("stopped"))


def differing_cells(t, cid):
    """The cells claim cid's sets measure where the fidelity sets found C beyond 25% of Rust."""
    units = {u for e in (t.get("run") or {}).get("sets") or () if cid in e.get("claims", ())
             for u in e["units"]}
    return fidelity.cells_words([r for r in t.get("fidelity") or ()
                                 if r.get("unit") in units and r["verdict"] == fidelity.DIFFERS])


CONTROL_WORDS = {roles.SYSCALL: "a syscall (a read() of an empty pipe, the event loop's)",
                 roles.MALLOC_FREE: "a malloc and free of 64 B",
                 roles.INDIRECT_CALL: "a predicted indirect call"}


def bound(t, c):
    """(control, {allocator: ns}) of the cost claim c's figure is bound to, as this run measured it
    (summary.csv's control rows), or None. Another machine's would move the figure, and the source
    does not say what its machine's were, so the verdict says what this one's are."""
    got = machine.costs(t.get("summary")).get(c.bound, {})
    if c.bound != roles.MALLOC_FREE:  # The same on every runner: the first one's.
        got = dict(list(got.items())[:1])
    return (c.bound, got) if c.bound and got else None


def cost_words(got):
    """{allocator: ns} of a control, in words: the allocator named where there are several."""
    return ", ".join("%.3g ns%s" % (ns, " on " + a if len(got) > 1 else "")
                     for a, ns in got.items())


def bound_words(t, c):
    b = bound(t, c)
    return "" if b is None else (
        "bound to %s, which costs %s here; the source's machine's is not known, so another "
        "machine can move this verdict" % (CONTROL_WORDS[b[0]], cost_words(b[1])))


def original_parts(got, c):
    """{part: (estimate, verdict kind)} of the original's figures for claim c, where the run
    measured them (`reproduce --original`), each judged against the part's own band."""
    out = {}
    for name, (fig, a, b) in c.original.items():
        labels = got.labels(fig.name, figures.ORIGINAL)
        e = got(fig._replace(set=labels[0]), None, a, b) if len(labels) == 1 else None
        if e is not None:
            band = next(p.band for p in c.parts if p.name == name)
            out[name] = (e, band.verdict(e["low"], e["high"]))
    return out


def original_words(c, found, judged, port):
    """The original's figures beside the port's, and whether the port or the machine decides the
    verdict: the same verdicts, or the figures apart."""
    unit = {p.name: p.band.unit for p in c.parts}
    each = ["%s %s (%s)" % (name, words.interval(e, words.FORMAT[unit[name]]), v)
            for name, (e, v) in found.items()]
    apart = [name for name, (e, v) in found.items() if judged[name][0] != v]
    far = [name for name in apart if port.get(name) and
           (port[name]["high"] < found[name][0]["low"] or
            port[name]["low"] > found[name][0]["high"])]
    say = ("the same verdicts as the port's: this machine decides them" if not apart else
           "another verdict than the port's for %s, the two figures apart: there the port decides "
           "the row's verdict, not the machine" % ", ".join(far) if far else
           "another verdict than the port's for %s, though the two intervals overlap: the figures "
           "agree, and the verdicts differ by where an interval ends" % ", ".join(apart))
    return ("the original event loop (rust-async-bench, built here and interleaved as the port): "
            "%s; %s" % ("; ".join(each), say))
