"""Report charts: no two labels overlap (measured in a browser, on every chart of the report)."""

from __future__ import annotations

import accord
from accord.present.report import Depth, build_report

# Every <text> of each chart, as the browser lays it out; two labels overlap when their boxes share more than
# one pixel in both directions (glyph boxes of adjacent lines touch; that is not an overlap).
OVERLAPS = """() => {
    const out = [];
    document.querySelectorAll("figure").forEach((fig) => {
        const texts = [...fig.querySelectorAll("svg text")].filter((t) => t.textContent.trim() !== "");
        const boxes = texts.map((t) => [t.textContent.trim(), t.getBoundingClientRect()]);
        for (let i = 0; i < boxes.length; i++) {
            for (let j = i + 1; j < boxes.length; j++) {
                const [a, p] = boxes[i], [b, q] = boxes[j];
                const w = Math.min(p.right, q.right) - Math.max(p.left, q.left);
                const h = Math.min(p.bottom, q.bottom) - Math.max(p.top, q.top);
                if (w > 1 && h > 1) out.push((fig.id || "figure") + ": '" + a.slice(0, 40) + "' / '" + b.slice(0, 40) + "'");
            }
        }
    });
    return out;
}"""


def test_no_chart_label_overlaps_another(page, tmp_path):
    """At a desktop width, no label of any report chart overlaps another label of the same chart."""
    html = build_report(
        accord.load(),
        depth=Depth(explore_samples=1000, leverage_samples=100, sobol_base=32, simulate_runs=20, months=6),
    )
    path = tmp_path / "report.html"
    path.write_text(html, encoding="utf-8")
    page.set_viewport_size({"width": 1400, "height": 900})
    page.goto(path.as_uri())
    charts = page.evaluate("() => document.querySelectorAll('figure svg').length")
    assert charts >= 11  # the report's charts (test_browser.py lists them)
    assert page.evaluate(OVERLAPS) == []
