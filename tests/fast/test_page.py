"""report.html read back with Python's html.parser: every table of the folder and every plot
given is in the page, the plots' ids are unique, and nothing is fetched from outside it."""
import html.parser
import tempfile
import unittest

import fixture
from bb.analysis import summary

from bb.output import page
from bb.folder import results

SVG = """<?xml version="1.0" encoding="utf-8"?>
<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink">
<defs><path id='gpPt0' d='M0,0'/></defs><use xlink:href='#gpPt0'/></svg>"""


class Parsed(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.tables, self.svgs, self.ids, self.fetches, self.scripts = [], 0, [], [], 0

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "table":
            self.tables.append(a.get("id"))
        if tag == "svg":
            self.svgs += 1
        if tag == "script":
            self.scripts += 1
        if "id" in a:
            self.ids.append(a["id"])
        for k in ("src", "href", "xlink:href", "data"):
            v = a.get(k) or ""
            if v and not v.startswith("#"):
                self.fetches.append((tag, k, v))
        if tag == "link":
            self.fetches.append((tag, "link", a.get("href")))


class PageTest(unittest.TestCase):
    def test_self_contained_with_every_table_and_plot(self):
        with tempfile.TemporaryDirectory() as d:
            fixture.write_folder(d, [{"box/size:64/depth:1/pattern:pending/state:warm": [20, 22],
                                      "inline/size:64/depth:1/pattern:pending/state:warm": [2, 2]}])
            summary.write(d)
            data = results.load(d)
            claims = [{"id": "C1", "claim": "boxing costs <20 ns>", "verdict": "reproduced",
                       "published": "20-30 ns", "figure": "18", "interval": "17 .. 19",
                       "band": "10 .. 60 ns", "measured": "box minus inline 18 ns",
                       "explanation": "the allocator is half of it",
                       "parts": [{"part": "overhead", "figure": "18", "interval": "17 .. 19",
                                  "unit": "ns", "band": "10 .. 60 ns", "verdict": "reproduced"}]}]
            text = page.build("boxbench: fixture", data, claims,
                              [("overhead-warm", SVG), ("peak-rss", SVG)], ["Partial: interrupted."])
        p = Parsed()
        p.feed(text)
        self.assertEqual(p.tables, ["table-headlines", "table-claims", "table-summary",
                                    "table-machine"])
        # The answer first: the cost over native (19 ns: the fixture's 20/22 against 2/2), the
        # call rate at which it is 1% of a core (0.01 s / 19 ns), the headline; tables folded.
        self.assertLess(text.index('id="answer"'), text.index('id="claims"'))
        self.assertIn("<b>19 ns</b> on glibc (the matrix&#x27;s median, no interval)", text)
        self.assertIn("1% of one core at about <b>526,316 calls per second</b>", text)
        self.assertIn("18 ns (95%: 17 .. 19)", text)
        self.assertIn('<details id="summary">', text)
        self.assertIn("how it was measured", text)
        self.assertEqual(p.svgs, 2)
        self.assertEqual(p.fetches, [])
        self.assertEqual(p.scripts, 0)
        self.assertEqual(len(p.ids), len(set(p.ids)), "duplicate ids")
        self.assertIn("boxing costs &lt;20 ns&gt;", text)  # Escaped, not markup.
        self.assertIn("Partial: interrupted", text)
        self.assertIn('name="viewport"', text)

    def test_long_tables_are_cut_and_say_so(self):
        rows = [{"x": i} for i in range(page.MOST_ROWS + 5)]
        text = page._table("summary", rows)
        self.assertEqual(text.count("<tr>"), page.MOST_ROWS + 1)
        self.assertIn("summary.csv has them all", text)


if __name__ == "__main__":
    unittest.main()
