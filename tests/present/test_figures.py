"""Charts: one colour per actor everywhere, colour-blind-safe palette, SVG output."""

from __future__ import annotations

from accord import bargain
from accord.model.situation import situate
from accord.present.cloud import package_cloud
from accord.present.figures import OKABE_ITO, actor_colours, frontier_figure


def test_colours_follow_actor_order_and_factions(builtin):
    """Actors take the palette in order; factions share their actor's colour."""
    c = actor_colours(builtin)
    assert c["us_administration"] == OKABE_ITO[0] and c["russia"] == OKABE_ITO[1]
    assert c["ru_hardline"] == c["ru_reconciliation"] == c["russia"]


def test_frontier_figure_is_svg_and_marks_solutions(two_by_two):
    """The frontier chart is inline SVG with the solutions in its legend."""
    r = bargain(two_by_two, "none")
    cloud = package_cloud(situate(two_by_two, "none"))
    text = frontier_figure(two_by_two, r, cloud)
    assert text.startswith("<svg") and "Nash" in text and "Kalai-Smorodinsky" in text
    assert cloud.accepted.sum() == r.zone == 2  # a 4-package space is sampled whole
