"""Plots with gnuplot, each as SVG and PNG, from a results folder's tables (results.load): nothing
here runs a benchmark, so `boxbench plot DIR` redraws them from saved results.

Each plot writes its data as a small whitespace table beside it (plots/NAME.dat) and feeds gnuplot
a script on stdin, once per terminal. Axis titles carry units; a caption names the machine.
"""
import math
import os
import signal
import subprocess

from .. import UsageError, WriteFailed, need
from ..analysis import claims, fidelity, mitigations
from ..model import figures as fig, roles, suites, text
from ..folder import results

# Paul Tol's "bright" scheme: told apart with every common colour-vision deficiency, and none of
# its colours pale on white.
PALETTE = ("#4477AA", "#EE6677", "#228833", "#CCBB44", "#66CCEE", "#AA3377", "#BBBBBB")
LINETYPES = ["set linetype %d lc rgb '%s' lw 2 pt %d" % (i + 1, c, (5, 7, 9, 11, 13, 4, 6)[i])
             for i, c in enumerate(PALETTE)] + ["set linetype cycle %d" % len(PALETTE)]
TERMINALS = (("svg", "set terminal svg size 900,%d dynamic noenhanced font 'Sans,11'"),
             ("png", "set terminal pngcairo size 900,%d noenhanced font 'Sans,10'"))


def gnuplot():
    return need("gnuplot", "gnuplot-nox")


def _q(text):
    return "'" + str(text).replace("'", "''") + "'"


class _Plotter:
    def __init__(self, folder, caption):
        self.dir = folder
        self.caption = caption
        self.made = []
        self.left_out = []  # Plots not drawn, and why (a line of one point).

    def data(self, name, header, rows):
        """Write name.dat beside the plots; its name as the plot scripts give it (gnuplot runs in
        the plots' folder, so an SVG's tooltips name the file, never a path of this machine)."""
        path = os.path.join(self.dir, name + ".dat")
        with open(path, "w") as f:
            f.write("# " + " ".join(header) + "\n")
            for r in rows:
                f.write(" ".join(_cell(v) for v in r) + "\n")
        return os.path.basename(path)

    def draw(self, name, body, height=600):
        for ext, terminal in TERMINALS:
            out = os.path.join(self.dir, "%s.%s" % (name, ext))
            script = "\n".join([terminal % height, "set output %s" % _q(os.path.abspath(out)),
                                "set encoding utf8"] + LINETYPES + [
                                "set key above", "set grid",
                                "set label 99 %s at screen 0.01,0.015 font ',8'" % _q(self.caption),
                                "set bmargin 7", body, "unset output"])
            r = subprocess.run([gnuplot()], input=script, capture_output=True, text=True,
                               cwd=self.dir)
            if r.returncode == -signal.SIGXFSZ or "No space left" in r.stderr:
                raise WriteFailed("cannot write %s: gnuplot ran out of space (%s)"
                                  % (out, r.stderr.strip()[-200:] or "killed by SIGXFSZ"))
            if r.returncode != 0 or not os.path.getsize(out):
                raise UsageError("gnuplot could not draw the plot %s: %s"
                                 % (name, _words(r.stderr)))
            self.made.append(out)


def _words(stderr):
    """gnuplot's complaint in words: the common ones said for what they mean here, any other
    given as its last line."""
    if "all points" in stderr and "undefined" in stderr:
        return ("none of its points has a value it can draw (each missing, or not positive on a "
                "log axis): the table it is drawn from lacks that column's figures")
    lines = [l.strip() for l in stderr.strip().splitlines() if l.strip()]
    return "gnuplot said: %s" % (lines[-1] if lines else "nothing (it ended with an error)")


def _cell(v):
    if v is None:
        return "NaN"
    if isinstance(v, float):
        return "%.6g" % v
    return '"%s"' % str(v).replace('"', "'") if isinstance(v, str) else str(v)


def _overhead(p, summary):
    """Overhead against size, log-log, one line per allocator, one plot per state."""
    allocators = list(dict.fromkeys(r["allocator"] for r in summary))
    # The summary lists the states in the runner's order.
    states = list(dict.fromkeys(r["state"] for r in summary if r["state"] is not None))
    for state in states:
        sizes = sorted({r["size"] for r in summary if r["state"] == state and r["mode"] == roles.BOX
                        and r["depth"] == 1})
        rows = []
        for s in sizes:
            row = [s]
            for a in allocators:
                r = [x for x in summary if x["mode"] == roles.BOX and x["state"] == state
                     and x["depth"] == 1 and x["pattern"] == roles.PENDING and x["size"] == s
                     and x["allocator"] == a]
                v = r[0]["overhead_ns"] if r else None
                row.append(v if v is not None and v > 0 else None)
            rows.append(row)
        _by_size(p, "overhead-" + state,
                 "Boxed call overhead over inline, %s, depth 1, pending" % state,
                 "overhead per call (ns)", allocators, rows)


def _by_size(p, name, title, ylabel, series, rows, settings=()):
    """Lines by future size, log-log: rows are [size, value per series] (None: no point). With
    fewer than two sizes there is no line: the plot is left out, and said so."""
    if sum(1 for row in rows if any(v is not None for v in row[1:])) < 2:
        p.left_out.append("%s (one size or none measured: the tables have it)" % name)
        return
    dat = p.data(name, ["size"] + series, rows)
    plots = ", ".join("%s using 1:%d with linespoints lw 2 title %s" % (_q(dat), i + 2, _q(s))
                      for i, s in enumerate(series))
    p.draw(name, "\n".join([
        "set title %s" % _q(title), "set logscale xy", "set xlabel 'future size (bytes)'",
        "set ylabel %s" % _q(ylabel), "set format x '%.0s%cB'"] + list(settings) +
        ["plot " + plots]))


def _breakdown(p, summary):
    """Dispatch, allocation and copy stacked by size, warm, one plot per allocator."""
    for a in dict.fromkeys(r["allocator"] for r in summary):
        rows = [(r["size"], r["dispatch_ns"], r["alloc_ns"], r["copy_ns"])
                for r in sorted((x for x in summary
                                 if x["mode"] == roles.BOX and x["allocator"] == a
                                 and x["state"] == roles.WARM and x["depth"] == 1
                                 and x["pattern"] == roles.PENDING
                                 and x["dispatch_ns"] is not None),
                                key=lambda x: x["size"])]
        if not rows:
            continue
        # Shares of the overhead, stacked to 100%: the sizes' totals span three decades, so the
        # totals go under the bars. A negative component (noise) counts as 0.
        shares = []
        for s, d, al, c in rows:
            parts = [max(d, 0), max(al, 0), max(c, 0)]
            total = sum(parts) or 1
            shares.append(("%s:%s" % (text.size(s, ""), text.ns(sum(parts), 0)),) +
                          tuple(100 * x / total for x in parts))
        dat = p.data("breakdown-" + a, ["size:total", "dispatch", "allocation", "copy"], shares)
        p.draw("breakdown-" + a, "\n".join([
            "set title %s" % _q("Where the boxed call's overhead goes, %s, warm, depth 1" % a),
            "set style data histograms", "set style histogram rowstacked",
            "set style fill solid 0.8 border -1", "set boxwidth 0.7", "set yrange [0:100]",
            "set xlabel 'future size : overhead per call'", "set xtics rotate by -30",
            "set ylabel 'share of the overhead (%)'",
            "plot %s using 2:xtic(1) title 'dispatch (dyn - inline)', '' using 3 title "
            "'allocation and free (box-inplace - dyn)', '' using 4 title 'copy (box - box-inplace)'"
            % _q(dat)]))


def _depth(p, summary):
    """Cost against call depth: inline and box at 64 B, pending, warm, per allocator."""
    allocators = list(dict.fromkeys(r["allocator"] for r in summary))
    depths = sorted({r["depth"] for r in summary if r["mode"] == roles.BOX and r["size"] == 64
                     and r["state"] == roles.WARM})
    if len(depths) < 2:
        return
    cols, rows = [], []
    for d in depths:
        row = [d]
        for a in allocators:
            for m in (roles.INLINE, roles.BOX):
                r = [x for x in summary if x["mode"] == m and x["size"] == 64 and x["depth"] == d
                     and x["state"] == roles.WARM and x["pattern"] == roles.PENDING
                     and x["allocator"] == a]
                row.append(r[0]["ns_per_call"] if r else None)
        rows.append(row)
    cols = ["%s-%s" % (a, m) for a in allocators for m in (roles.INLINE, roles.BOX)]
    dat = p.data("depth", ["depth"] + cols, rows)
    # One colour per allocator; inline dashed, box solid.
    plots = ", ".join("%s using 1:%d with linespoints lt %d dt %d lw 2 title %s"
                      % (_q(dat), i + 2, i // 2 + 1, 2 if i % 2 == 0 else 1,
                         _q(c.replace("-", " ")))
                      for i, c in enumerate(cols))
    p.draw("depth", "\n".join([
        "set title 'Cost against call depth, 64 B, pending, warm'", "set logscale xy",
        "set xlabel 'call depth (async calls per top-level call)'",
        "set ylabel 'ns per top-level call'", "plot " + plots]))


def _figures(p, figures):
    """Each set's figures with their 95% intervals over processes: ratios as a percentage
    difference, the others in ns, apart (their scales differ by orders of magnitude)."""
    groups = {}
    for r in figures or ():
        if fig.kind(r["set"]) != fig.FIDELITY:  # Those have a plot of their own (_fidelity).
            # The original's sets (a pair each) in one plot.
            label = fig.ORIGINAL if fig.kind(r["set"]) == fig.ORIGINAL else r["set"]
            groups.setdefault((label, r["unit"]), []).append(r)
    for (label, unit), picked in groups.items():
        f = (lambda v: 100 * (v - 1)) if unit == "ratio" else (lambda v: v)
        rows = [(i, f(r["mean"]), f(r["low"]), f(r["high"]),
                 "%s (%s, %d processes)" % (r["figure"], r["allocator"], r["processes"]))
                for i, r in enumerate(picked)]
        name = "figures-%s-%s" % (label, unit)
        dat = p.data(name, ["i", "mean", "low", "high", "label"], rows)
        lo, hi = min(r[2] for r in rows), max(r[3] for r in rows)
        pad = (hi - lo) * 0.08 or abs(hi) * 0.1 or 1
        p.draw(name, "\n".join([
            "set title 'Set %s: each figure with its 95%% interval over runner processes'" % label,
            "set xlabel '%s'" % ("ratio - 1 (%)" if unit == "ratio" else "ns"),
            "set ytics scale 0", "set yrange [-1:%d]" % len(rows), "set key off",
            "set xrange [%g:%g]" % (lo - pad, hi + pad), "set xzeroaxis", "set lmargin 48",
            "plot %s using 2:1:3:4:ytic(5) with xerrorbars pt 7 lw 2" % _q(dat)]),
            height=max(600, 160 + 18 * len(rows)))


MODES = (roles.INLINE, roles.DYN, roles.BOX, roles.INPLACE)  # The fidelity plots' colours.


def _fidelity(p, rows):
    """C / Rust against size, log-log, a line per mode and pattern with its 95% interval, the band
    of agreement shaded; a plot per allocator and depth."""
    groups = {}
    for r in rows or ():
        groups.setdefault((r["allocator"], r["depth"]), []).append(r)
    for (allocator, depth), picked in groups.items():
        series = list(dict.fromkeys((r["mode"], r["pattern"]) for r in picked))
        sizes = sorted({r["size"] for r in picked})
        name = "fidelity-%s-depth%d" % (allocator, depth)
        if len(sizes) < 2:
            p.left_out.append("%s (one size or none measured: the fidelity table has it)" % name)
            continue
        out = []
        for size in sizes:
            row = [size]
            for m, pat in series:
                r = next((x for x in picked if (x["mode"], x["pattern"], x["size"]) ==
                          (m, pat, size)), None)
                row += [r["c_over_rust"], r["low"], r["high"]] if r else [None] * 3
            out.append(row)
        dat = p.data(name, ["size"] + ["%s_%s_%s" % (m, pat, k) for m, pat in series
                                       for k in ("mean", "low", "high")], out)
        lo, hi = fidelity.BAND
        plots = ["%s using 1:(%g):(%g) with filledcurves fs solid 0.25 lc rgb '#BBBBBB' "
                 "title 'C / Rust within 25%%'" % (_q(dat), lo, hi)]
        plots += ["'' using ($1*%g):%d:%d:%d with yerrorlines lt %d dt %d title %s"
                  % (1.04 ** (i % 3 - 1), 3 * i + 2, 3 * i + 3, 3 * i + 4,
                     MODES.index(m) + 1 if m in MODES else len(MODES) + 1,
                     1 if pat == roles.PENDING else 2, _q("%s, %s" % (m, pat)))
                  for i, (m, pat) in enumerate(series)]
        p.draw(name, "\n".join([
            "set title %s" % _q("C emulation over real Rust (rustc), %s, depth %d: each cell "
                                "interleaved in the same processes, 95%% interval"
                                % (allocator, depth)),
            "set logscale xy", "set xlabel 'future size (bytes)'", "set format x '%.0s%cB'",
            "set ylabel 'C ns per call / Rust ns per call'",
            "set arrow from graph 0, first 1 to graph 1, first 1 nohead dt 2",
            "plot " + ", ".join(plots)]))


# Where the claims' plot puts a value at or below zero on its log axis.
FLOOR = 0.01


def _claims(p, claim_rows):
    """Every claim's part against what was published, on one log axis: the measured figure with
    its 95% interval and the band the verdict holds it to, each over the published figure (the
    middle of a published range), so that 1 is as published whatever the unit. A value at or
    below zero (a difference of the other sign) sits at FLOOR."""
    rows = []
    for r in claim_rows or ():
        for part in r.get("parts") or ():
            if not part.get("values") or not part.get("published_values"):
                continue
            plo, phi = part["published_values"]
            mid = math.sqrt(plo * (plo if phi is None else phi)) if plo > 0 else None
            if not mid:
                continue
            rel = lambda v: max(v / mid, FLOOR) if v is not None else None
            v, lo, hi = (rel(x) for x in part["values"])
            blo, bhi = part["band_values"] or (None, None)
            blo, bhi = rel(blo), rel(bhi) if bhi is not None else 4 * max(hi, 1, rel(blo) or 1)
            rows.append((len(rows), v, lo, hi, rel(plo), rel(phi if phi is not None else plo),
                         blo, bhi, "%s %s (%s)" % (r["id"], part["part"],
                                                   claims.kind(r["verdict"]))))
    if not rows:
        return
    dat = p.data("claims", ["i", "measured", "low", "high", "published_low", "published_high",
                            "band_low", "band_high", "label"], rows)
    p.draw("claims", "\n".join([
        "set title 'Each claim: measured here over published (1 = as published), log scale'",
        "set xlabel 'measured / published (95%% interval; at or below zero: %g)'" % FLOOR,
        "set ytics scale 0", "set yrange [-1:%d]" % len(rows), "set lmargin 42",
        "set key above", "set logscale x", "set arrow from 1, graph 0 to 1, graph 1 nohead dt 2",
        "plot %s using (sqrt($7*$8)):1:7:8:($1-0.3):($1+0.3) with boxxyerror fs solid 0.15 "
        "lc rgb '#4477aa' title 'band of the verdict', '' using 5:1:5:6 with xerrorbars pt 13 "
        "ps 1.5 lc rgb '#ee6677' title 'published', '' using 2:1:3:4:ytic(9) with xerrorbars "
        "pt 7 lw 2 lc rgb '#222222' title 'measured here'" % _q(dat)]),
        height=max(400, 200 + 28 * len(rows)))


def _suite(p, name, plot, rows):
    """A suite's plot as its row of suites.SUITES describes it."""
    label = lambda r: plot.label.format(**r)
    scale = ["set logscale %s" % ("x" if plot.kind == "dots" else "y")] if plot.log else []
    if plot.kind == "dots":
        dots = [(i, r[plot.value], r[plot.value] * (r.get("cv") or 0), label(r))
                for i, r in enumerate(rows)]
        dat = p.data(name, ["i", plot.value, "sd", "label"], dots)
        p.draw(name, "\n".join([
            "set title %s" % _q(plot.title), "set xlabel %s" % _q(plot.value.replace("_", " ")),
            "set ytics scale 0", "set yrange [-1:%d]" % len(dots), "set key off",
            "set lmargin 30"] + scale + [
            "plot %s using 2:1:($2-$3):($2+$3):ytic(4) with xerrorbars pt 7 lw 2" % _q(dat)]),
            height=max(600, 160 + 18 * len(dots)))
        return
    of = lambda r: plot.series.format(**r)
    series = list(dict.fromkeys(of(r) for r in rows))
    groups = list(dict.fromkeys(label(r) for r in rows))
    by = {(label(r), of(r)): r[plot.value] for r in rows}
    _clustered(p, name, plot.title, plot.value.replace("_", " "), series,
               [[g] + [by.get((g, s)) for s in series] for g in groups],
               ["set xtics rotate by -30"] + scale)


def _clustered(p, name, title, ylabel, series, rows, settings):
    """A clustered histogram: rows are [label, value per series], one bar per series in each."""
    dat = p.data(name, ["group"] + series, rows)
    plots = ", ".join("%s using %d%s title %s" % ("''" if i else _q(dat), i + 2,
                                                   ":xtic(1)" if i == 0 else "", _q(s))
                      for i, s in enumerate(series))
    p.draw(name, "\n".join([
        "set title %s" % _q(title), "set style data histograms",
        "set style histogram clustered gap 1", "set style fill solid 0.8 border -1",
        "set ylabel %s" % _q(ylabel)] + settings + ["plot " + plots]))


def _memory(p, summary):
    """Per allocator, the peak resident memory of its runner processes for each allocator state
    (a process runs one state's cases): what the allocator holds, beside the runner's own."""
    rows = [r for r in summary if r.get("peak_rss_mib") is not None and r.get("state")]
    if not rows:
        return
    states = list(dict.fromkeys(r["state"] for r in rows))
    allocators = list(dict.fromkeys(r["allocator"] for r in rows))
    peak = {}
    for r in rows:
        key = (r["allocator"], r["state"])
        peak[key] = max(peak.get(key, 0), r["peak_rss_mib"])
    table = [[a] + [peak.get((a, s)) for s in states] for a in allocators]
    _clustered(p, "peak-rss", "Peak resident memory of the runner processes, per allocator and "
               "state", "MiB (the largest process)", states, table, ["set yrange [0:*]"])


def _mitigations(p, rows):
    """Per allocator and state: the overhead over inline of box and each way around it, by size
    (log-log; a mode no dearer than inline has no point there), at depth 1 and pending where they
    were measured, else the first coordinates measured."""
    if not rows:
        return
    columns = mitigations.mode_columns(rows)
    for a in dict.fromkeys(r["allocator"] for r in rows):
        for state in dict.fromkeys(r["state"] for r in rows if r["allocator"] == a):
            mine = [r for r in rows if r["allocator"] == a and r["state"] == state]
            pick = next((r for r in mine if r["depth"] == 1 and r["pattern"] == roles.PENDING),
                        mine[0])
            mine = [r for r in mine
                    if (r["depth"], r["pattern"]) == (pick["depth"], pick["pattern"])]
            used = [c for c in columns if any(r.get(c) is not None for r in mine)]
            _by_size(p, "mitigations-%s-%s" % (a, state),
                     "%s, %s, depth %d, %s: box and the ways around it"
                     % (a, state, pick["depth"], pick["pattern"]),
                     "overhead over inline per call (ns)", [c[:-3] for c in used],
                     [[r["size"]] + [r.get(c) if r.get(c) is not None and r[c] > 0 else None
                                     for c in used] for r in mine])


# compare's plot labels each case; past this many, the cases that moved most are drawn.
COMPARE_MOST = 60


def draw_compare(folder, header, rows):
    """compare's plot: each case's ratio B/A with its interval, labelled by case and allocator; of
    many cases, the COMPARE_MOST whose ratio is farthest from 1."""
    gnuplot()
    caption = "boxbench compare: " + (header[0] if header else "")
    p = _Plotter(folder, caption if len(caption) <= 110 else caption[:107] + "...")
    shown = sorted(rows, key=lambda r: -abs(math.log(r["ratio"])) if r["ratio"] > 0 else 0)
    shown = sorted(shown[:COMPARE_MOST], key=rows.index)
    dat = p.data("compare", ["i", "ratio", "low", "high", "case"],
                 [[i, r["ratio"], r["low"] if r["low"] is not None else r["ratio"],
                   r["high"] if r["high"] is not None else r["ratio"],
                   "%s (%s)" % (r["case"], r["allocator"])] for i, r in enumerate(shown)])
    title = "B against A: the ratio per case with its 95% interval" + (
        "" if len(shown) == len(rows) else
        " (the %d of %d cases farthest from 1)" % (len(shown), len(rows)))
    p.draw("compare", "\n".join([
        "set title %s" % _q(title), "set xlabel 'B / A'", "set logscale x",
        "set ytics scale 0", "set yrange [-1:%d]" % len(shown), "set key off", "set lmargin 60",
        "set arrow from 1, graph 0 to 1, graph 1 nohead dt 2",
        "plot %s using 2:1:3:4:ytic(5) with xerrorbars pt 7 lw 2" % _q(dat)]),
        height=max(400, 160 + 18 * len(shown)))
    return p.made


# history's plots: past this many series, those with a finding, then the first, are drawn.
HISTORY_MOST = 60


def draw_history(folder, view):
    """`history --plot`: each figure's series on a machine, its runs in order with their 95%
    intervals, a step found in it drawn at its place with the medians either side, a drift as
    its Theil-Sen line; of many series, the HISTORY_MOST that have a finding, then the first."""
    gnuplot()
    p = _Plotter(folder, "boxbench history: %d run(s)" % view["runs"])
    found = {(f["figure"], f["allocator"], f["machine"]): f for f in view["findings"]}
    series = sorted(view["series"], key=lambda s: (s["figure"], s["allocator"], s["machine"])
                    not in found)[:HISTORY_MOST]
    for k, s in enumerate(series):
        name = "history-%03d" % (k + 1)
        dat = p.data(name, ["run", "mean", "low", "high"],
                     [[i + 1, m, lo, hi] for i, (m, lo, hi) in enumerate(s["points"])])
        f = found.get((s["figure"], s["allocator"], s["machine"]))
        marks = []
        if f and f["kind"] == "step":
            marks = ["set arrow from %g, graph 0 to %g, graph 1 nohead dt 2" % (
                         f["run"] + 0.5, f["run"] + 0.5),
                     "set label 1 %s at graph 0.02, graph 0.95" % _q(
                         "step: %.4g -> %.4g (p %.2g)" % (f["before"], f["after"], f["p"]))]
        elif f:
            marks = ["set label 1 %s at graph 0.02, graph 0.95" % _q(
                "drift: %+.3g per run (p %.2g)" % (f["slope_per_run"], f["p"]))]
        p.draw(name, "\n".join([
            "set title %s" % _q("%s (%s), machine %s" % (s["figure"], s["allocator"],
                                                       s["machine"][:12])),
            "set xlabel 'run, oldest first'", "set ylabel 'figure'", "set key off",
            "set xrange [0.5:%g]" % (len(s["points"]) + 0.5),
            "set xtics %d" % max(1, len(s["points"]) // 20)] + marks + [
            "plot %s using 1:2:3:4 with yerrorbars pt 7" % _q(dat)]), height=420)
    return p.made


def draw_all(folder, data, claim_rows=None):
    """Every plot the tables of data (and the claims' rows, where given) allow, into folder;
    returns (the files written, the plots left out with why)."""
    gnuplot()
    machine = data.get("machine") or {}
    run = data.get("run") or {}
    partial = results.partial_words(run)
    caption = "boxbench, %s, on %s%s" % (
        run.get("started", "?"), machine.get("summary", "an undescribed machine"),
        "; PARTIAL: " + partial if partial else "")
    p = _Plotter(folder, caption)
    _claims(p, claim_rows)
    summary = data.get("summary")
    if summary:
        _overhead(p, summary)
        _breakdown(p, summary)
        _depth(p, summary)
        _memory(p, summary)
    _mitigations(p, data.get("mitigations"))
    _figures(p, data.get("figures"))
    _fidelity(p, data.get("fidelity"))
    for name, s in suites.SUITES.items():
        if s.plot and data.get(name):
            _suite(p, name, s.plot, data[name])
    if not p.made:
        raise UsageError("no table it holds can be plotted")
    return p.made, p.left_out
