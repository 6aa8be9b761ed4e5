"""The processes of a folder's interleaved sets, read back: each process's rounds from its JSON
lines, and from them the figures of a set (model/figures.py's rule) and its row. What summary,
measure and the claims share of a folder's processes."""
import json
import os
import statistics

from ..model import stats
from ..model.figures import MIN_ROUNDS, layout_of, process_number, value


def _rounds(path):
    """(unit names, per-round ns lists) of one interleaved process's output."""
    header, rounds = None, []
    with open(path) as f:
        for line in f:
            try:
                data = json.loads(line)
            except ValueError:
                break  # The last line of a process stopped mid-write.
            if header is None:
                header = data
            else:
                rounds.append(data["ns"])
    return (header or {}).get("units", []), rounds


def rounds_of(path):
    """The per-round ns lists of one interleaved process's output (none if it is missing)."""
    return _rounds(path)[1] if os.path.exists(path) else []


def set_figures(folder, entry):
    """(figure rows, process rows) of one interleaved set as run.json keeps it (entry): per
    process, the median over its rounds of each figure's per-round value; per figure, the 95%
    t-interval over processes, the spread between processes (their standard deviation) and within
    one (the median over processes of the standard error of a process's median, from its
    distribution-free interval), and the share of the spread between processes that their code
    layouts make. Processes with fewer than three rounds are left out; a figure needs two
    processes."""
    per = []  # One (process, layout, {figure name: (median, standard error, rounds)}) each.
    for k, name in enumerate(entry["files"]):
        path = os.path.join(folder, name)
        if not os.path.exists(path):
            continue
        units, rounds = _rounds(path)
        if len(rounds) < MIN_ROUNDS:
            continue
        index = {n: i for i, n in enumerate(units)}
        got = {}
        for f in entry["figures"]:
            vals = [value(f, {u: r[index[u]] for u in index}) for r in rounds]
            med, lo, hi = stats.median_interval(vals)
            got[f["name"]] = (med, (hi - lo) / (2 * 1.96), len(vals))
        per.append((k + 1, layout_of(process_number(name), entry.get("layouts")), got))
    figures, processes = [], []
    common = {"set": entry["set"], "allocator": entry["allocator"]}
    for f in entry["figures"]:
        est = [(k, got[f["name"]]) for k, _, got in per]
        layouts = [layout for _, layout, _ in per]
        for (k, (v, _, n)), layout in zip(est, layouts):
            processes.append(dict(common, figure=f["name"], process=k, value=v, rounds=n,
                                  layout=layout))
        if len(est) < 2:
            continue
        values = [v for _, (v, _, _) in est]
        mean, low, high = stats.t_interval(values)
        figures.append(dict(common, figure=f["name"], unit="ratio" if f["over"] else "ns",
                            mean=mean, low=low, high=high,
                            processes=len(values), rounds=sum(n for _, (_, _, n) in est),
                            process_min=min(values), process_max=max(values),
                            between_sd=statistics.stdev(values),
                            within_se=statistics.median(se for _, (_, se, _) in est),
                            layout_share=stats.group_share(values, layouts),
                            seconds=entry.get("seconds")))
    return figures, processes


def set_row(folder, entry):
    """One interleaved set's processes as run.json keeps it (entry): how many ran, how many have
    the rounds to count (MIN_ROUNDS), the rounds each got, its seconds, and the claims resting on
    it, and why it stopped (a claim's set under the sequential rule); a set with fewer than two
    counted processes has no figure, and this row says why."""
    got = [len(rounds_of(os.path.join(folder, name))) for name in entry["files"]]
    return {"set": entry["set"], "allocator": entry["allocator"], "processes": len(got),
            "counted": sum(n >= MIN_ROUNDS for n in got),
            "rounds": " ".join(str(n) for n in got), "seconds": entry.get("seconds"),
            "claims": " ".join(entry.get("claims", ())), "stopped": entry.get("stopped")}
