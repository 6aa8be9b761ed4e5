"""`boxbench reproduce`: measure what every claim needs, then report; and the report itself, which
`boxbench plot` redraws from a folder alone.

Every claim's figure comes from an interleaved set (figures.py), the same sets with the same units
in both plans: --quick only runs fewer processes for less time, so its intervals are wider, never
centred on another measurement. Beside them the matrix, for the summary and the explanations:
the whole matrix (every allocator, state, size, depth and pattern) in the full plan; in --quick a
reduced one (16 B - 64 KiB warm, a depth sweep, 16 KiB cold), with the suites in both.
"""
import json
import os

from .. import UsageError
from ..analysis import claims, fidelity, runrecord, sequential, summary, trends_of
from ..measuring import measure, original
from ..folder.rundir import Staged
from ..model import figures, roles
from ..model.cases import select
from ..output import claimsmd, page, plots
from ..folder import history, results


# The allocators the claims are about: glibc (Rust's default on Linux) and jemalloc, which the
# published figures name, and mimalloc, the third allocator Rust users commonly swap in. The
# others (`run --allocator all`) would double the plan's time without a claim to check.
ALLOCATORS = (roles.DEFAULT_ALLOCATOR, roles.JEMALLOC, roles.MIMALLOC)
# The modes the claims are about; the ways around the box (docs/mitigations.md) have no published
# figure to check, and `run --mode ...` measures them.
CLAIM_MODES = ",".join((roles.INLINE, roles.DYN, roles.BOX, roles.INPLACE, roles.ALLOC))
FULL = [dict(mode=CLAIM_MODES, size="all", depth="all", pattern="all", state="all")]
QUICK = [
    dict(mode=CLAIM_MODES, size="16,256,4K,16K,64K", depth="1", pattern="all", state=roles.WARM),
    dict(mode=",".join((roles.INLINE, roles.BOX)), size="64", depth="1,8,64", pattern=roles.PENDING,
         state=roles.WARM),
    dict(mode=",".join((roles.BOX, roles.ALLOC)), size="16K", depth="1", pattern="all",
         state=",".join(roles.COLD)),
]
# The cells whose C / Rust is measured (fidelity sets, where the runner has the Rust units): the
# modes Rust has (and box-inplace beside #[async_trait]), every size, both patterns, depth 1 and 8.
FIDELITY = dict(mode=",".join((roles.INLINE, roles.DYN, roles.BOX, roles.INPLACE)), size="all",
                depth="1,8", pattern="all", state=roles.WARM)
# The matrix: (runner processes, repetitions in each, seconds per repetition at least); the sets:
# (processes, seconds per set, extra seconds for the claims' undecided sets).
# The full matrix's repetitions are as short as the quick one's: it has every allocator's every
# case (about 6000 of them), and at 0.02 s they alone took 14 of the full plan's 29 minutes.
# The quick plan's sets: 6 processes of 1.75 s planned, so that its claims' sets, sequential, stay
# within 150 s of measuring when a claim stays undecided to the end (with 8 planned, C3 undecided
# took them to 179 s; with 6 of 1.9 s, to 153 s).
SETTINGS = {True: dict(matrix=(3, 2, 0.01), sets=(6, 10.5, 0)),
            False: dict(matrix=(3, 2, 0.01), sets=(10, 60, 150))}


def plan(runners, cat, cpu, quick, set_processes=None, set_time=None, original_driver=None):
    """The plan: the matrix's units and the sets the claims derive, with the settings of --quick or
    the full plan; set_processes and set_time, where given, override the sets'. original_driver:
    {"checkout", "driver"} of `--original`, whose sets join the plan."""
    names = set()
    for given in QUICK if quick else FULL:
        names.update(u.name for u in select(cat, **given))
    suites = [s for s in cat.suite_names() if s != roles.HARNESS]
    ports = [s for s in suites if s != roles.MATRIX]  # Every unit of theirs.
    units = [u for u in cat.units if u.name in names or u.suite in ports]  # The runner's order.
    (processes, inner, min_time), (k, seconds, extra) = (SETTINGS[quick][roles.MATRIX],
                                                         SETTINGS[quick]["sets"])
    if set_processes is not None:  # The same time per process, more or fewer of them.
        seconds, k = seconds * set_processes / k, set_processes
    seconds = set_time if set_time is not None else seconds
    set_list = claims.sets(cat) + fidelity_sets(cat, **FIDELITY)
    out = measure.Plan(runners, cat, units, suites, repetitions=processes, min_time=min_time,
                       cpu=cpu, inner=inner, set_list=set_list,
                       set_time=seconds, set_processes=k, extra_time=extra)
    out.rule = sequential
    resting = claims.resting(cat)
    for e in out.entries:  # Named in run.json, so a short set's claims can say why.
        e["claims"] = resting.get(e["set"], [])
    if original_driver is not None:
        out.original = original_driver
        out.entries += original.entries(figures.bound(cat, claims.original_figures()), cat)
    return out


def fidelity_sets(cat, **selection):
    """The fidelity sets of the C matrix units a selection picks (none without Rust units)."""
    units = [u for u in select(cat, **selection) if u.suite == roles.MATRIX and u.lang == roles.C]
    return figures.sets_of(figures.fidelity(cat, units))


def warnings(folder, data):
    """Every warning the run gave, as sentences for the page: partial, the runners' own (a debug
    build, a loaded machine: the merged <allocator>.json's context), noisy cases, processes that
    disagree."""
    out = []
    partial = results.partial_words(data.get("run") or {})
    if partial:
        out.append("Partial: %s." % partial)
    for a in (data.get("run") or {}).get("allocators") or ():
        path = os.path.join(folder, a + ".json")
        said = os.path.exists(path) and \
            (results.read_json(path).get("context") or {}).get("bb_warnings")
        if said:
            out.append("The %s runner warned: %s." % (a, said.strip().rstrip(";")))
    for w in (summary.noise_warning(data.get("summary")),
              summary.spread_warning(data.get("summary"), data.get("figures"), most=40)):
        if w.strip():
            out.append(w.strip().replace("warning: ", "", 1))
    return out


def claim_history(store, data, rows):
    """The claims' figures over the runs of this folder's machine in the history store at path
    store (analysis/trends_of.claim_history), or None: no store, no such file, no claims."""
    if not store or not rows or not os.path.exists(store):
        return None
    key = runrecord.machine_row(data.get("machine"))[0]
    conn = history.open_store(store, create=False)
    try:
        return trends_of.claim_history(conn, key, rows,
                                       runrecord.uid_of(data.get("run") or {}, key)) or None
    finally:
        conn.close()


def report(folder, with_claims=True, name=None, store=None):
    """claims.md (with_claims, or where the folder has one), summary.json, the plots and
    report.html (all of them in one page), from the folder's tables, run.json and machine.json
    alone, and the history store at path store (the claims' figures over this machine's runs);
    returns the claims' rows (or None). The plots are swapped in whole. name: the folder's name
    as the user knows it (a run being written is in a temporary folder)."""
    data = results.load(folder)
    run = data.get("run") or {}
    rows = None
    with Staged(folder) as staged:  # Every file replaced, or (a write failed) none.
        if with_claims or os.path.exists(os.path.join(folder, "claims.md")):
            rows = claims.rows(data)
            warning = summary.spread_warning(data.get("summary"), data.get("figures"),
                                             most=40).strip()
            staged.write("claims.md", claimsmd.markdown(
                rows, data.get("machine"), results.partial_words(run),
                [warning.replace("warning: ", "Note: ", 1)] if warning else (),
                fidelity.markdown(data.get("fidelity"))))
        tables = {k: v for k, v in data.items() if k not in ("run", "machine")}
        if rows is not None:
            tables["claims"] = rows
        staged.write("summary.json", json.dumps(tables, indent=1))
        try:
            made, left_out = plots.draw_all(staged.directory("plots"), data, rows)
        except UsageError as e:  # Named by the folder the user gave, not the staging one.
            raise UsageError("%s: %s" % (folder, e)) from None
        svgs = []
        for m in made:
            if m.endswith(".svg"):
                with open(m) as f:
                    svgs.append((os.path.basename(m)[:-4], f.read()))
        title = "boxbench: %s" % (name or os.path.basename(os.path.abspath(folder)))
        staged.write("report.html", page.build(title, data, rows, svgs, warnings(folder, data),
                                               left_out, claim_history(store, data, rows)))
    final = os.path.join(folder, "plots")
    return rows, [os.path.join(final, os.path.basename(m)) for m in made]


