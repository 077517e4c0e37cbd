"""In a real headless Chromium: the dashboard reacts to a lever, and the report renders every figure cleanly."""

from __future__ import annotations

import accord
from accord.present.report import build_report
from tests.web.conftest import ARTIFACTS


def test_toggling_a_lever_updates_table_and_chart(page, live_server):
    """Pulling Lieven's levers (with his ultimatum to Kyiv) puts Lieven's terms on the table; under his theory every
    decider accepts them, and the chart is redrawn."""
    page.goto(live_server)
    page.wait_for_selector("#acceptance")
    page.select_option("#named-package", "lieven_terms")
    page.wait_for_function("document.querySelector('#status').textContent.startsWith('updated')")
    page.wait_for_selector("#chart svg")
    before_chart = page.locator("#chart svg").inner_html()
    before_zone = page.locator("#zone-size").text_content()
    banner = page.locator("#verdict").text_content()
    # The banner speaks the scenario's names and unit: Lieven's terms touch issues the observed levers keep off
    # the table (NATO expansion among them), named as the scenario names them, never by id.
    assert "off the table" in banner and "Further NATO expansion" in banner and "nato_expansion" not in banner
    assert "US$ bn/month" in banner
    assert "Ukraine's government" in page.locator("#acceptance").text_content()
    page.screenshot(path=str(ARTIFACTS / "dashboard-before.png"))

    # Since issue 25 Kyiv's demand for guarantees is a soft red line of the base scenario (rl_ukraine_no_reliable_
    # guarantees). Changed for issue 25's second pass: it gives way below 0.41 (was 0.58, above every reservation
    # the model computes), so under the observed approach Kyiv holds it (reservation 0.428) and no zone opens (was
    # one package); Lieven's ultimatum brings Kyiv's reservation below 0.41 and his terms, the one package his levers
    # put on the table, are accepted: the zone goes from 0 to 1. Wait for the verdict to change (its lever cost goes
    # from 3.00 to 5.50), then read the zone's size.
    assert before_zone.strip() == "0"
    page.select_option("#lever-package", "lieven_levers_with_ultimatum")
    page.wait_for_function("document.querySelector('#verdict').textContent.includes('lever cost 5.50')")
    # Changed for issue 25's third pass: with no hypotheses (the dashboard's default) Lieven's terms still open no
    # zone: the hard line's disarmament demand (a soft red line of the base scenario) binds at the 50/50 split and
    # its value of war is above the 0.323 at which it gives way, so Russia refuses. Under Lieven's theory his
    # pressures with an incentive shift the camps (h05), the hard line loses its veto and the zone goes from 0 to 1.
    assert page.locator("#zone-size").text_content().strip() == "0"
    assert page.locator("#acceptance tr[data-actor=russia] .verdict-cell").text_content().strip() == "rejects"
    page.evaluate("document.querySelector('#status').textContent = ''")
    page.select_option("#theory", "lieven")
    page.wait_for_function("document.querySelector('#status').textContent.startsWith('updated')")
    page.wait_for_function("document.querySelector('#zone-size').textContent.trim() === '1'")
    verdict = page.locator("#verdict").text_content()
    assert "accepted by every decider" in verdict
    assert page.locator("#acceptance tr[data-actor=russia] .verdict-cell").text_content().strip() == "accepts"
    assert page.locator("#chart svg").inner_html() != before_chart
    page.screenshot(path=str(ARTIFACTS / "dashboard-after.png"))
    assert page.console_errors == []


def test_updates_are_quick_and_the_panels_show_findings_stability_forecast(page, live_server):
    """A lever toggled updates the page quickly (the page's own measure, printed); the panels show the graph
    model's reading for the deal, the forecast under the levers chosen, and the findings."""
    import re

    page.goto(live_server)
    page.wait_for_selector("#acceptance")
    times = []
    for package in ("lieven_levers", "solodkyy_levers", "lieven_levers", "observed_2025"):
        page.evaluate("document.querySelector('#status').textContent = ''")
        page.select_option("#lever-package", package)
        page.wait_for_function("document.querySelector('#status').textContent.startsWith('updated')")
        times.append(int(re.search(r"(\d+) ms", page.locator("#status").text_content()).group(1)))
    times.sort()
    print(f"\ndashboard updates (ms, sorted): {times}")
    assert times[len(times) // 2] < 1000  # the target is 0.3 s on 2 cores; benchmarks/bench_dashboard.py prints it
    page.click("button[data-panel=stability]")
    page.wait_for_selector("#panel table.equilibria")
    assert "stable deal" in page.locator("#panel").text_content()
    page.click("button[data-panel=forecast]")
    page.wait_for_selector("#panel table.forecast")
    assert "Territory" in page.locator("#panel").text_content() or "territory" in page.locator("#panel").text_content()
    page.click("button[data-panel=findings]")
    page.wait_for_selector("#panel table.findings", timeout=120_000)
    text = page.locator("#panel").text_content()
    assert (
        "Under Lieven" in text and "The observations (" in text and "the record (" in text
    )  # the evidence verdict, observations first
    page.screenshot(path=str(ARTIFACTS / "dashboard-findings.png"))
    assert page.console_errors == []


def test_open_bad_file_shows_errors_in_page(page, live_server, tmp_path):
    """Opening a broken scenario file shows the located validation errors in the page."""
    bad = tmp_path / "broken.yaml"
    bad.write_text("accord: 1\nmeta: {id: x, title: y}\nactors: []\nissues: []\n")
    page.goto(live_server)
    page.wait_for_selector("#acceptance")
    page.set_input_files("#upload", str(bad))
    page.wait_for_selector("#errors")
    text = page.locator("#errors").text_content()
    assert "broken.yaml:3:1: actors: List should have at least 1 item" in text
    page.screenshot(path=str(ARTIFACTS / "dashboard-upload-error.png"))


def test_report_renders_without_errors(page, tmp_path):
    """The report opens offline with no console errors and every figure drawn."""
    from accord.present.report import Depth

    html = build_report(
        accord.load(),
        depth=Depth(explore_samples=1000, leverage_samples=100, sobol_base=32, simulate_runs=20, months=6),
    )
    path = tmp_path / "report.html"
    path.write_text(html, encoding="utf-8")
    failed = []
    page.on("requestfailed", lambda r: failed.append(r.url))
    page.goto(path.as_uri())
    for fig in (
        "fig-findings",
        "fig-frontier",
        "fig-zones",
        "fig-packages",
        "fig-weights",
        "fig-leverage",
        "fig-deal",
        "fig-sensitivity",
        "fig-timeline",
        "fig-evidence",
        "fig-voi",
    ):
        box = page.locator(f"#{fig} svg").bounding_box()
        assert box is not None and box["width"] > 200 and box["height"] > 100, fig
    assert page.console_errors == [] and failed == []
    page.screenshot(path=str(ARTIFACTS / "report.png"), full_page=False)
    # At 1,400 px no text in the summary or the evidence overflows its box, and no table or figure is wider than
    # its section.
    overflow = page.evaluate("""() => {
        const bad = [];
        for (const id of ["summary", "evidence"]) {
            const sec = document.getElementById(id);
            if (!sec) { bad.push("missing section " + id); continue; }
            const right = sec.getBoundingClientRect().right + 1;
            for (const el of sec.querySelectorAll("td, th, p, h2, h3, figcaption, blockquote, li")) {
                if (el.scrollWidth > el.clientWidth + 1) bad.push(id + ": " + el.tagName + " " + el.textContent.slice(0, 60));
            }
            for (const el of sec.querySelectorAll("table, figure, svg")) {
                if (el.getBoundingClientRect().right > right) bad.push(id + ": wide " + el.tagName);
            }
        }
        return bad;
    }""")
    assert overflow == []
    page.locator("#summary").screenshot(path=str(ARTIFACTS / "report-summary.png"))
