"""claims.md: the claims' rows (analysis/claims) as a Markdown table, with the run's notes."""
from ..model.text import markdown_table

COLUMNS = ("id", "claim", "source", "published", "measured", "figure", "interval", "band",
           "verdict", "explanation")


def markdown(claim_rows, machine=None, partial=None, notes=(), after=()):
    """The table, then the notes (paragraphs), such as the layout warning, then the lines of after
    (the fidelity section); partial is what made the run partial, in words
    (results.partial_words), or None."""
    head = ["# Claims, as measured on this machine", ""]
    if partial:
        head += ["**Partial report: %s; rows marked \"not measured\" may be missing for that "
                 "reason.**" % partial, ""]
    if machine:
        head += ["Machine: %s" % machine.get("summary", ""), ""]
    lines = markdown_table(COLUMNS, [[r[c] for c in COLUMNS] for r in claim_rows])
    for n in notes:
        lines += ["", n]
    if after:
        lines += [""] + list(after)
    return "\n".join(head + lines) + "\n"
