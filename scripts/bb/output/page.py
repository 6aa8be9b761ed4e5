"""report.html: one self-contained page per results folder (the plots' SVG inline, the style in the
page, no script and no external resource), from what the report is made of: the claims' rows, the
tables, the plots and the machine. It reads on a phone (each table scrolls sideways within the
page, plots scale to the width) and on a wide screen."""
import html
import re

from ..analysis import claims
from ..model import tables

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
.warn { background: #fff3cd; padding: 0.5em; border: 1px solid #e0c060; }
nav a { margin-right: 1em; }
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


def build(title, data, claim_rows, svgs, partial):
    """The page: data as results.load gives it, the claims' rows (or None), svgs [(name, text)]
    in order, partial the words of what made the run partial (or None)."""
    machine, run = data.get("machine") or {}, data.get("run") or {}
    # The long summary last, so the claims, the plots and the short tables come first.
    names = sorted((n for n in tables.SCHEMA if data.get(n)), key=lambda n: n == "summary")
    parts = ["<!DOCTYPE html>", '<html lang="en"><head><meta charset="utf-8">',
             '<meta name="viewport" content="width=device-width, initial-scale=1">',
             "<title>%s</title><style>%s</style></head><body>" % (html.escape(title), STYLE),
             "<h1>%s</h1>" % html.escape(title),
             "<p>%s</p>" % html.escape("Started %s; %s." % (
                 run.get("started", "?"), machine.get("summary", "no machine.json")))]
    if partial:
        parts.append('<p class="warn">Partial: %s.</p>' % html.escape(partial))
    nav = (["claims"] if claim_rows else []) + (["plots"] if svgs else []) + names + ["machine"]
    parts.append("<nav>" + " ".join('<a href="#%s">%s</a>' % (n, n) for n in nav) + "</nav>")
    if claim_rows:
        parts += ['<h2 id="claims">Claims</h2>', _table("claims", claim_rows, list(claims.COLUMNS))]
    if svgs:
        parts.append('<h2 id="plots">Plots</h2>')
        for i, (name, text) in enumerate(svgs):
            parts.append('<figure id="plot-%s">%s<figcaption>%s</figcaption></figure>'
                         % (html.escape(name), _svg(text, i), html.escape(name)))
    for n in names:
        parts += ['<h2 id="%s">%s</h2>' % (n, n), _table(n, data[n])]
    parts += ['<h2 id="machine">Machine</h2>',
              _table("machine", [{"what": k, "value": v if not isinstance(v, (dict, list))
                                  else str(v)} for k, v in machine.items()], ["what", "value"]),
              "</body></html>"]
    return "\n".join(parts) + "\n"
