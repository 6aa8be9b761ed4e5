"""Terminal tables: every command's columns are laid out by this one function."""


def markdown_table(head, rows):
    """A Markdown table: head and rows of cells (strings); a "|" in a cell becomes "/"."""
    fmt = lambda cells: "| " + " | ".join(str(c).replace("|", "/") for c in cells) + " |"
    return [fmt(head), "|" + "---|" * len(head)] + [fmt(r) for r in rows]


def format_table(title, lines, right):
    """A title, then lines (the first is the head) in columns; the columns in right flush right."""
    widths = [max(len(l[i]) for l in lines) for i in range(len(lines[0]))]
    fmt = lambda l: "  ".join(c.rjust(w) if i in right else c.ljust(w)
                              for i, (c, w) in enumerate(zip(l, widths)))
    return "\n".join([title, fmt(lines[0]), "  ".join("-" * w for w in widths)]
                     + [fmt(l) for l in lines[1:]])
