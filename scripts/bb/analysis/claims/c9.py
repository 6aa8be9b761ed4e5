"""C9: a second indirect call through a boxed dyn future costs about 1 ns per poll."""
from ...model import figures, roles
from . import common, words
from .verdict import ALL, part

ID = "C9"
CLAIM = "a second indirect call through a boxed dyn future costs about 1 ns per poll"
SOURCE = "tokio-rs/tokio PR 8439 (large-task harness)"
PUBLISHED = "~1 ns per poll"
PARTS = (part("one more vtable poll", 1, what="one more vtable poll minus one more direct poll"),)
RULE = ALL
MISSING = "the small set (dyn and inline in both patterns)"
BOUND = roles.INDIRECT_CALL


# One more poll through the vtable minus one more direct poll: the pending pattern polls twice and
# the ready one once, so pending minus ready is one poll.
def _unit(mode, size, pattern):
    return figures.matrix(mode, size, pattern=pattern)


def _poll(mode, size):
    return figures.diff("small", "poll-%s/%d" % (mode, size), _unit(mode, size, roles.PENDING),
                        _unit(mode, size, roles.READY))


DYN = [_poll("dyn", s) for s in common.SMALL]
INLINE = [_poll("inline", s) for s in common.SMALL]
POLL = [figures.combo("small", "poll/%d" % s, (
    (1, _unit("dyn", s, roles.PENDING)), (-1, _unit("dyn", s, roles.READY)),
    (-1, _unit("inline", s, roles.PENDING)), (1, _unit("inline", s, roles.READY))))
    for s in common.SMALL]
RUST = figures.twins(POLL)
# Size by size (a set names its units in the order its figures first name them), then the twins.
RESTS = [f for k in range(len(common.SMALL)) for f in (DYN[k], INLINE[k], POLL[k])]
RESTS += figures.twins(RESTS)


def figure(got, t):
    e = got.median(POLL)
    if e is None:
        return None
    return {"parts": {"one more vtable poll": e}, "rust": got.median(RUST),
            "dyn": got.median(DYN), "inline": got.median(INLINE)}


def say(f):
    ns = words.ns
    e = f["parts"]["one more vtable poll"]
    d, i = f["dyn"], f["inline"]
    return ("(dyn pending - dyn ready) - (inline pending - inline ready), median of 16-256 B: %s"
            % words.interval(e, ns) + words.rust(f.get("rust"), ns, "Pin<&mut dyn Future> "
                                                 "against a native async fn"),
            "one more poll through the vtable costs %s, one more direct poll %s (each pending "
            "minus ready, the same set); the difference is the second indirect call" % (
                words.interval(d, ns), words.interval(i, ns)) if d and i else
            "the per-mode polls were not measured in this run")
