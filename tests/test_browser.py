"""report.html in a real browser: a fixture folder's report rendered by headless Chromium (Debian's
`chromium`, which scripts/setup.sh installs) at 1400 and 390 px, checked from the rendered page:
the answer block comes first, every image loaded, nothing but a scrolling table is wider than the
viewport, and no temporary path is anywhere in the page.

Chromium's window is at least 500 px wide, so each width is an iframe of that width inside a
wrapper page; a script added to a copy of the report measures the page as laid out and posts what
it found to the wrapper, whose DOM Chromium prints (--dump-dom). No timing threshold."""
import html
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "fast"))
import fixture  # noqa: E402

from bb.analysis import summary  # noqa: E402
from bb.commands import reproduce  # noqa: E402

CHECK = """<script>
window.addEventListener("load", function () {
  var vw = window.innerWidth, wide = [];
  document.querySelectorAll("body *").forEach(function (e) {
    var r = e.getBoundingClientRect();
    if (r.width > 0 && r.right > vw + 1 && !e.closest(".scroll") && !e.closest("svg"))
      wide.push(e.tagName + (e.id ? "#" + e.id : ""));
  });
  var broken = Array.prototype.filter.call(document.images, function (i) {
    return !(i.complete && i.naturalWidth > 0); }).length;
  var first = document.querySelector("body > section, body > h2, body > details, body > table");
  parent.postMessage(JSON.stringify({viewport: vw, scroll_width:
    document.documentElement.scrollWidth, wide: wide.slice(0, 8), images: document.images.length,
    broken: broken, svgs: document.querySelectorAll("svg").length,
    first: first ? first.id : null}), "*");
});
</script>"""
WRAPPER = """<!DOCTYPE html><html><body style="margin:0">
<iframe src="check.html" style="width:%dpx;height:2000px;border:0"></iframe>
<script>window.addEventListener("message", function (e) {
  document.body.setAttribute("data-check", e.data); });</script></body></html>"""


def history_store(folder, path):
    """A history store holding three earlier runs of the fixture's machine, each with C1's figure
    and interval, so that its report draws the history section."""
    from bb.analysis import runrecord
    from bb.folder import history, results
    key = runrecord.machine_row(results.load(folder).get("machine"))[0]
    conn = history.open_store(path)
    for i, v in enumerate((24.0, 26.5, 25.2)):
        history.add(conn, {
            "uid": "earlier-%d" % i, "folder": "/earlier", "kind": "reproduce", "commit_id": "c",
            "started": "2026-01-0%dT00:00" % (i + 1), "duration_s": 1.0, "quick": 1,
            "partial": 0, "machine": key, "toolchain": "{}", "toolchain_key": "t", "plan": "{}",
            "added": "", "machine_row": (key, 1, "fixture", "{}"), "cases": [], "figures": [],
            "processes": [],
            "verdicts": [("C1", "reproduced", "reproduced", "%g" % v, "%g .. %g" % (v - 1, v + 1))]})
    conn.close()


def fixture_folder(folder):
    """A folder with a small matrix (box and inline, five sizes, both patterns, three processes)
    and its report, as reproduce writes it, with a history store of three earlier runs."""
    reps = []
    for k in range(3):
        rep = {}
        for s in (16, 64, 256, 1024, 16384):
            for p in ("pending", "ready"):
                rep["box/size:%d/depth:1/pattern:%s/state:warm" % (s, p)] = [20 + s / 50 + k, 21]
                rep["inline/size:%d/depth:1/pattern:%s/state:warm" % (s, p)] = [2 + k / 10, 2]
        reps.append(rep)
    fixture.write_folder(folder, reps)
    summary.write(folder)
    store = os.path.join(folder, "history.sqlite")
    history_store(folder, store)
    reproduce.report(folder, name="fixture", store=store)


def rendered(folder, width):
    """What the check script found in the page laid out at width px."""
    path = os.path.join(folder, "wrap-%d.html" % width)
    with open(path, "w") as f:
        f.write(WRAPPER % width)
    # As root (CI) Chromium needs --no-sandbox; in a container /dev/shm may be too small for it.
    r = subprocess.run(["chromium", "--headless=new", "--no-sandbox", "--disable-gpu",
                        "--disable-dev-shm-usage", "--window-size=1500,2100",
                        "--virtual-time-budget=8000", "--dump-dom", "file://" + path],
                       capture_output=True, text=True, timeout=180)
    m = re.search(r'data-check="([^"]*)"', r.stdout)
    if m is None:
        raise AssertionError("the page reported nothing at %d px (chromium exited %d): %s %s"
                             % (width, r.returncode, r.stdout[-300:], r.stderr[-800:]))
    return json.loads(html.unescape(m.group(1)))


@unittest.skipUnless(shutil.which("gnuplot"), "no gnuplot (scripts/setup.sh installs it)")
class BrowserTest(unittest.TestCase):
    def test_the_report_in_chromium_at_both_widths(self):
        self.assertTrue(shutil.which("chromium"), "no chromium: scripts/setup.sh installs it")
        with tempfile.TemporaryDirectory() as d:
            fixture_folder(d)
            with open(os.path.join(d, "report.html")) as f:
                page = f.read()
            svgs = [os.path.join(d, "plots", n) for n in os.listdir(os.path.join(d, "plots"))
                    if n.endswith(".svg")]
            for text in [page] + [open(p).read() for p in svgs]:
                for temporary in (d, tempfile.gettempdir() + "/", ".partial-", ".new-"):
                    self.assertNotIn(temporary, text)
            self.assertIn("<title>boxbench: fixture</title>", page)
            histories = page.count('<figure class="history"')
            self.assertGreaterEqual(histories, 1)  # C1's figure over the four runs.
            self.assertIn('id="history-C1"', page)
            with open(os.path.join(d, "check.html"), "w") as f:
                f.write(page.replace("</body>", CHECK + "</body>"))
            for width in (1400, 390):
                got = rendered(d, width)
                self.assertEqual(got["viewport"], width)
                self.assertEqual(got["first"], "answer", got)
                self.assertEqual(got["wide"], [], got)
                self.assertLessEqual(got["scroll_width"], width, got)
                self.assertEqual(got["broken"], 0, got)
                self.assertEqual(got["svgs"], len(svgs) + histories, got)


if __name__ == "__main__":
    unittest.main()
