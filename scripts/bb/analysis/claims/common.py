"""What several claims share: their sources, the small sizes, the figures more than one claim rests
on (box minus inline of the small set, malloc+free, the event loop's variants) and the lookups
over a run's tables (t: {table name: rows})."""
from ...model import figures, roles
from ...model.figures import Query

BLOG = "blog post 'eager to remove async_trait?'"
RAB = "jkarneges/rust-async-bench README"
SMALL = figures.SMALL  # "a small future": the sizes C1, C9 and C10 speak of
PATTERNS = (roles.PENDING, roles.READY)


def box_inline(size, pattern):
    """Box minus inline at a size and pattern, warm, depth 1, in the small set."""
    return figures.diff("small", "box-inline/%d/%s" % (size, pattern),
                        figures.matrix("box", size, pattern=pattern),
                        figures.matrix("inline", size, pattern=pattern))


def box_inlines(patterns=PATTERNS):
    return [box_inline(size, p) for size in SMALL for p in patterns]


def alloc(size):
    """malloc+free of a size alone, warm, in the small set."""
    return figures.combo("small", "alloc/%d" % size, ((1, Query(
        suite=roles.MATRIX, mode="alloc", size=size, state=roles.WARM)),))


def variant(name):
    """An event-loop variant of the port (bench/eventloop)."""
    return Query(suite=roles.EVENTLOOP, variant=name)


def per_box(cat):
    """1 / the boxes one iteration of box makes beyond nonbox (the catalogue's counts)."""
    box, nonbox = (figures.find(cat, suite=roles.EVENTLOOP, variant=v) for v in ("box", "nonbox"))
    return 1.0 / (box.allocs - nonbox.allocs)


def per_request(cat):
    """1 / the requests of one iteration of box."""
    return 1.0 / figures.find(cat, suite=roles.EVENTLOOP, variant="box").requests


def pick(rows, **want):
    return [r for r in rows or () if all(r.get(k) == v for k, v in want.items())]


def one(rows, **want):
    found = pick(rows, **want)
    return found[0] if found else None


def allocators(rows):
    return list(dict.fromkeys(r["allocator"] for r in rows or ()))


def syscall_ns(t):
    """One syscall of the event loop: manual with syscalls minus manual, per syscall (the tables'
    medians)."""
    ev = t.get("eventloop")
    m, ms = one(ev, variant="manual"), one(ev, variant="manual+syscalls")
    if m and ms and ms.get("syscalls_per_request"):
        return (ms["ns_per_request"] - m["ns_per_request"]) / ms["syscalls_per_request"]
    return None
