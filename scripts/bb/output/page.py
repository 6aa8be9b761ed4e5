"""report.html: one self-contained page per results folder (the plots' SVG inline, the style in the
page, no script and no external resource), from what the report is made of: the answer on top
(analysis/answer.py), then the claims, the emulation against real Rust (where the run measured
it), the plots, the tables folded and the machine. It reads on a
phone (the verdict is a table's second column, each table scrolls sideways within the page, plots
scale to the width) and on a wide screen."""
import html
import re

from ..analysis import answer, fidelity
from ..analysis.claims import context
from ..model import tables, text

# A table longer than this shows its first rows; its CSV beside the page has all of them.
MOST_ROWS = 1500
STYLE = """
body { font-family: sans-serif; margin: 0 auto; padding: 0 1em 2em; max-width: 90em;
       line-height: 1.4; color: #222; }
h1 { font-size: 1.5em; } h2 { font-size: 1.2em; margin-top: 2em; }
.scroll { overflow-x: auto; max-width: 100%; }
table { border-collapse: collapse; font-size: 0.85em; }
th, td { border: 1px solid #ccc; padding: 0.2em 0.5em; text-align: left; vertical-align: top;
         max-width: 28em; }
td.n { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
th { background: #f0f0f0; position: sticky; top: 0; }
figure { margin: 1em 0; } figure svg { max-width: 100%; height: auto; }
.warn { background: #fff3cd; padding: 0.5em; border: 1px solid #e0c060; margin: 0.5em 0; }
#answer { background: #eef5ff; border: 1px solid #9ab; padding: 0.2em 1em 1em; }
details > summary { cursor: pointer; color: #235; }
figcaption { font-weight: bold; margin-bottom: 0.3em; }
code { font-size: 0.95em; }
nav a { margin-right: 1em; }
.histories { display: flex; flex-wrap: wrap; gap: 1em; }
.histories figure { width: 20em; max-width: 100%; margin: 0; }
"""


def _cell(v):
    if v is None:
        return "<td></td>"
    if isinstance(v, float):
        return '<td class="n">%s</td>' % html.escape("%.4g" % v)
    if isinstance(v, int):
        return '<td class="n">%d</td>' % v
    return "<td>%s</td>" % html.escape(str(v))


def _table(name, rows, columns=None):
    columns = columns or list(dict.fromkeys(c for r in rows for c in r))
    shown = rows[:MOST_ROWS]
    out = ['<div class="scroll"><table id="table-%s">' % html.escape(name),
           "<tr>" + "".join("<th>%s</th>" % html.escape(c) for c in columns) + "</tr>"]
    out += ["<tr>" + "".join(_cell(r.get(c)) for c in columns) + "</tr>" for r in shown]
    out.append("</table></div>")
    if len(rows) > len(shown):
        out.append("<p>The first %d of %d rows; %s.csv has them all.</p>"
                   % (len(shown), len(rows), html.escape(name)))
    return "\n".join(out)


def _svg(text, n):
    """An SVG file's markup for inlining: its prologue dropped, its ids made unique to it (every
    plot defines the same point glyphs)."""
    text = text[text.index("<svg"):]
    text = re.sub(r"""\bid=(['"])""", r"id=\1p%d-" % n, text)
    return re.sub(r"""(href=['"]#|url\(#)""", r"\1p%d-" % n, text)


def _ns(v):
    return text.ns(v, 3)


def _answer(ans):
    """The block on top: the cost of a boxed call here, the sizes where it passes 100 ns and 1 us,
    the call rate at which it takes 1% of a core, and the sources' headlines against it."""
    out = ['<section id="answer"><h2>The answer on this machine</h2><ul>']
    if ans["small"]:
        each = []
        for s in ans["small"]:
            how = ("95%%: %s .. %s over %d runner processes" % (
                _ns(s["low"]), _ns(s["high"]), s["processes"]) if s["how"] == "set"
                   else "the matrix's median, no interval")
            each.append("<b>%s</b> on %s (%s)" % (html.escape(_ns(s["ns"])),
                                                   html.escape(s["allocator"]), html.escape(how)))
        out.append("<li>A boxed call (<code>#[async_trait]</code>: <code>Box::pin</code> of a "
                   "%d-byte future, awaited once pending, warm allocator) costs over a native "
                   "<code>async fn</code>: %s.</li>" % (answer.SIZE, "; ".join(each)))
    if ans.get("shapes"):
        each = "; ".join("%s on %s: %s moved into the box, %s built in it" % (
            text.size(s["size"]), html.escape(s["allocator"]), _ns(s["moved"]), _ns(s["built"]))
            for s in ans["shapes"])
        out.append("<li>Which of the two prices is yours depends on the shape of your code "
                   "(<code>boxbench shape YOUR_BINARY</code> tells it): where the async fn a "
                   "boxed body awaits is not inlined into it (another crate's, without LTO) "
                   "rustc moves the future into the box; where it is, it builds it there. Over "
                   "native, the matrix's medians: %s.</li>" % each)
    for a, ts in ans["thresholds"].items():
        words = []
        for t, got in ts.items():
            if got is None:
                words.append("never reaches %s at the sizes measured" % _ns(t))
            elif got[0] is None:
                words.append("is over %s already at %s (%s)" % (_ns(t), text.size(got[2]),
                                                                 _ns(got[3])))
            else:
                words.append("passes %s between %s (%s) and %s (%s)" % (
                    _ns(t), text.size(got[0]), _ns(got[1]), text.size(got[2]), _ns(got[3])))
        out.append("<li>On %s its overhead grows with the future's size: it %s.</li>"
                   % (html.escape(a), html.escape("; it ".join(words))))
    if ans["rate"]:
        out.append("<li>At %s per call, boxing takes 1%% of one core at about <b>%s calls per "
                   "second</b>; below that rate it is under 1%%.</li>"
                   % (html.escape(_ns(ans["typical_ns"])), "{:,.0f}".format(ans["rate"])))
    if ans.get("fidelity"):
        out.append("<li>The emulation against real Rust (C / Rust within 25%%, cell by cell, "
                   "<a href=\"#real-rust\">below</a>): %s.</li>" % html.escape(ans["fidelity"]))
    if ans.get("machine_bound"):
        out.append("<li>Verdicts another machine would move, by the cost they are bound to, as "
                   "this run measured it (the sources do not say their machines'): %s.</li>"
                   % html.escape("; ".join("%s: %s (%s)" % (
                       context.CONTROL_WORDS.get(c, c), ", ".join(ids), context.cost_words(got))
                       for c, ids, got in ans["machine_bound"])))
    out.append("</ul>")
    if ans["headlines"]:
        rows = [{"claim": "%s: %s" % (r["id"], r["claim"]), "published": r.get("published", "-"),
                 "measured here": _figure(r), "verdict": r["verdict"]} for r in ans["headlines"]]
        out.append("<p>The sources' headline figures against this machine's (the claims below "
                   "say how each was measured):</p>")
        out.append(_table("headlines", rows, ["verdict", "claim", "published", "measured here"]))
    out.append("</section>")
    return "\n".join(out)


def _figure(r):
    """A claim's figure with its unit and interval, part by part."""
    parts = r.get("parts") or []
    if not parts:
        return r.get("figure", "-")
    return "; ".join("%s%s %s (95%%: %s)" % (p["part"] + ": " if len(parts) > 1 else "",
                                             p["figure"], p.get("unit", ""), p["interval"])
                     for p in parts)


def _claims(rows):
    """The claims compact: the verdict first (so it stays on screen on a phone), the figure with
    its unit and interval, the band; what was measured and why folded under the claim."""
    out = ['<div class="scroll"><table id="table-claims">',
           "<tr>" + "".join("<th>%s</th>" % c for c in
                            ("id", "verdict", "claim", "published", "measured (95%)",
                             "band")) + "</tr>"]
    for r in rows:
        why = " ".join(x for x in (r.get("measured"), r.get("explanation")) if x and x != "-")
        claim = html.escape(r["claim"]) + (
            "<details><summary>how it was measured</summary>%s</details>" % html.escape(why)
            if why else "")
        out.append("<tr>" + "".join("<td>%s</td>" % c for c in (
            html.escape(r["id"]), "<b>%s</b>" % html.escape(r["verdict"]), claim,
            html.escape(r.get("published", "-")), html.escape(_figure(r)),
            html.escape(r.get("band", "-")))) +
                   "</tr>")
    out.append("</table></div>")
    return "\n".join(out)


def _warning(text):
    """A warning: its first sentence, or what precedes its list of cases, shown; the rest folded."""
    cut = min((i for i in (text.find(": "), text.find(". ")) if i > 0), default=-1)
    if cut < 0 or len(text) < 300:
        return '<p class="warn">%s</p>' % html.escape(text)
    return ('<details class="warn"><summary>%s</summary>%s</details>'
            % (html.escape(text[:cut + 1]), html.escape(text[cut + 1:].strip())))


def _in(v, unit):
    """A value in its claim's unit: a duration as text.ns says it, anything else with its unit."""
    return text.ns(v) if unit == "ns" else "%.3g %s" % (v, unit)


def _history_svg(claim, h):
    """One claim's figure over this machine's runs: each run's figure with its interval, this run
    (if the store had it before) marked, over the claim's band (shaded)."""
    pts, unit = h["points"], h["unit"]
    w, top, height, left = 320, 8, 96, 64
    lo = min([p[2] for p in pts] + [h["band"][0]])
    hi = max([p[3] for p in pts] + [h["band"][1]])
    span = (hi - lo) or 1.0
    y = lambda v: top + height * (hi - v) / span
    step = (w - left - 12) / max(1, len(pts) - 1) if len(pts) > 1 else 0
    x = lambda i: left + 6 + i * step if len(pts) > 1 else left + (w - left) / 2
    out = ['<svg viewBox="0 0 %d %d" role="img" aria-label="%s over runs">'
           % (w, top + height + 22, html.escape(claim)),
           '<rect x="%d" y="%.1f" width="%d" height="%.1f" fill="#dfe9f5"><title>band %s .. %s'
           '</title></rect>' % (left, y(h["band"][1]), w - left, y(h["band"][0]) - y(h["band"][1]),
                               html.escape(_in(h["band"][0], unit)),
                               html.escape(_in(h["band"][1], unit))),
           '<text x="%d" y="%.1f" font-size="10" text-anchor="end">%s</text>'
           % (left - 4, y(hi) + 8, html.escape(_in(hi, unit))),
           '<text x="%d" y="%.1f" font-size="10" text-anchor="end">%s</text>'
           % (left - 4, y(lo), html.escape(_in(lo, unit)))]
    for i, (label, v, l, hgh, kind) in enumerate(pts):
        this = label == "this run"
        colour = "#c0392b" if this else "#34495e"
        out.append('<g><title>%s: %s (%s .. %s), %s</title><line x1="%.1f" x2="%.1f" y1="%.1f" '
                   'y2="%.1f" stroke="%s"/><circle cx="%.1f" cy="%.1f" r="%d" fill="%s"/></g>'
                   % (html.escape(label), html.escape(_in(v, unit)), html.escape(_in(l, unit)),
                      html.escape(_in(hgh, unit)), html.escape(kind), x(i), x(i), y(l), y(hgh),
                      colour, x(i), y(v), 4 if this else 3, colour))
    out.append('<text x="%d" y="%d" font-size="10">%d runs, oldest first%s</text></svg>'
               % (left, top + height + 18, len(pts),
                  "; this one in red" if pts[-1][0] == "this run" else ""))
    return "".join(out)


def _pooled_words(h):
    p = h.get("pooled")
    if not p:
        return ""
    return ": %s pooled over %d runs, %s (%s .. %s)" % (
        p[3], len(h["points"]), _in(p[0], h["unit"]), _in(p[1], h["unit"]), _in(p[2], h["unit"]))


def _history(claim_history):
    items = ['<figure class="history" id="history-%s"><figcaption>%s (%s)%s</figcaption>%s'
             '</figure>' % (html.escape(c), html.escape(c), html.escape(h["unit"]),
                            html.escape(_pooled_words(h)), _history_svg(c, h))
             for c, h in claim_history.items()]
    return ('<p>Each claim\'s figure in every run of this machine the history store holds, with '
            'its 95% interval, over the claim\'s band: one run\'s verdict against the drift of '
            'the runs before it. Above each, the runs pooled (random effects: an interval that '
            'takes in the drift between runs) and judged against the band.</p>'
            '<div class="histories">' + "".join(items) + "</div>")


def build(title, data, claim_rows, svgs, warnings=(), left_out=(), claim_history=None):
    """The page: data as results.load gives it, the claims' rows (or None), svgs [(name, title,
    text)] in order, warnings (sentences: the run's partiality, its machine, its spread),
    claim_history (analysis/trends_of.claim_history: the claims' figures over this machine's
    runs, or None)."""
    machine, run = data.get("machine") or {}, data.get("run") or {}
    names = sorted((n for n in tables.SCHEMA if data.get(n)), key=lambda n: n == "summary")
    parts = ["<!DOCTYPE html>", '<html lang="en"><head><meta charset="utf-8">',
             '<meta name="viewport" content="width=device-width, initial-scale=1">',
             "<title>%s</title><style>%s</style></head><body>" % (html.escape(title), STYLE),
             "<h1>%s</h1>" % html.escape(title),
             "<p>%s</p>" % html.escape("Started %s; %s." % (
                 run.get("started", "?"), machine.get("summary", "no machine.json")))]
    parts.append(_answer(answer.answer(data, claim_rows)))
    parts += [_warning(w) for w in warnings]
    fid = fidelity.words(data.get("fidelity"))
    nav = (["claims"] if claim_rows else []) + (["history"] if claim_history else []) + \
        (["real-rust"] if fid else []) + \
        (["plots"] if svgs else []) + \
        (["tables"] if names else []) + ["machine"]
    parts.append("<nav>" + " ".join('<a href="#%s">%s</a>' % (n, n) for n in nav) + "</nav>")
    if claim_rows:
        parts += ['<h2 id="claims">Claims</h2>', _claims(claim_rows)]
    if claim_history:
        parts += ['<h2 id="history">This machine\'s history</h2>', _history(claim_history)]
    if fid:
        parts += ['<h2 id="real-rust">The emulation against real Rust</h2>',
                  "<p>%s Each C unit's ns per call over its Rust counterpart's (bench/rust, "
                  "compiled by rustc), interleaved in the same runner processes, with the 95%% "
                  "interval over them: the <a href=\"#fidelity\">fidelity table</a> and the "
                  "fidelity plots.</p>" % html.escape(fid)]
    if svgs:
        parts.append('<h2 id="plots">Plots</h2>')
        for i, (name, svg) in enumerate(svgs):
            parts.append('<figure id="plot-%s"><figcaption>%s</figcaption>%s</figure>'
                         % (html.escape(name), html.escape(name), _svg(svg, i)))
        if left_out:
            parts.append("<p>Not drawn: %s.</p>" % html.escape("; ".join(left_out)))
    if names:
        parts.append('<h2 id="tables">Tables</h2><p>Each as its CSV beside this page holds it.</p>')
    for n in names:
        parts += ['<details id="%s"><summary>%s (%d rows)</summary>' % (n, n, len(data[n])),
                  _table(n, data[n]), "</details>"]
    parts += ['<h2 id="machine">Machine</h2>',
              _table("machine", [{"what": k, "value": v if not isinstance(v, (dict, list))
                                  else str(v)} for k, v in machine.items()], ["what", "value"]),
              "</body></html>"]
    return "\n".join(parts) + "\n"
