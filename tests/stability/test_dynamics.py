"""Limited-move and non-myopic stability, and status-quo analysis."""

from __future__ import annotations

import numpy as np

from accord.stability.concepts import analyse
from accord.stability.dynamics import limited_move, non_myopic, status_quo
from accord.stability.io import load_model


def states(g, mask) -> list[str]:  # type: ignore[no-untyped-def]
    return [g.labels[s] for s in np.nonzero(mask.all(axis=0))[0]]


def test_l1_is_nash() -> None:
    for name in ("prisoners-dilemma", "chicken", "elmira", "garrison-diversion-unit"):
        g, _, _ = load_model(name)
        assert np.array_equal(limited_move(g, 1), analyse(g, ["nash"]).table["nash"])


def test_prisoners_dilemma_cooperation_is_farsighted() -> None:
    """Kilgour (1985) / Brams and Wittman (1981): looking two moves ahead, a defector foresees the other's
    defection, so mutual cooperation (1) is L_h stable for h >= 2 and non-myopically stable."""
    g, _, _ = load_model("prisoners-dilemma")
    assert states(g, limited_move(g, 2)) == ["1", "4"]
    nm, _, _ = non_myopic(g)
    assert states(g, nm) == ["1", "4"]


def test_chicken_by_hand() -> None:
    """Chicken, worked by hand: at h = 2 driver 1 leaves (swerve, swerve) for (straight, swerve), foreseeing
    that driver 2 will not crash; at h = 3 driver 1 foresees driver 2 answering with a crash that driver 1 then
    ends by swerving, so (swerve, swerve) is stable; that persists (non-myopic)."""
    g, _, _ = load_model("chicken")
    assert states(g, limited_move(g, 2)) == []
    assert states(g, limited_move(g, 3)) == ["1"]
    nm, start, length = non_myopic(g)
    assert states(g, nm) == ["1"] and length >= 1


def test_status_quo_paths_are_improvements() -> None:
    g, _, _ = load_model("ukraine-2025")
    sq = status_quo(g, g.status_quo)
    for s in list(sq.depth)[:50]:
        path = sq.path(s)
        for (a, _), (b, d) in zip(path, path[1:], strict=False):
            assert d is not None and g.score[d][b] > g.score[d][a]
