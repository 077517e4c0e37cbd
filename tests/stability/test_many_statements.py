"""Option prioritisation with many statements: 64, 100 and 200 statements give the equilibria of an independent
reference that ranks states by their tuple of statement truth values (scores as int64 powers of two overflowed
at 64 statements and gave a wrong equilibrium)."""

from __future__ import annotations

import itertools
import json
import random

import pytest
from typer.testing import CliRunner

from accord.cli import app

OPTIONS = {"x": ["a", "b", "c"], "y": ["d", "e", "f"]}
BITS = {o: k for k, o in enumerate(o for opts in OPTIONS.values() for o in opts)}


def _statements(rng: random.Random, n: int) -> list[list[tuple[str, bool]]]:
    """n random conjunctions of one or two literals, as (option, taken) pairs."""
    out = []
    for _ in range(n):
        opts = rng.sample(sorted(BITS), rng.choice([1, 2]))
        out.append([(o, rng.random() < 0.5) for o in opts])
    return out


def _text(conj: list[tuple[str, bool]]) -> str:
    return " & ".join(o if taken else f"-{o}" for o, taken in conj)


def _truths(code: int, stmts: list[list[tuple[str, bool]]]) -> tuple[bool, ...]:
    return tuple(all(bool(code >> BITS[o] & 1) == taken for o, taken in conj) for conj in stmts)


def _reference_nash(prefs: dict[str, list[list[tuple[str, bool]]]]) -> list[str]:
    """Nash equilibria by brute force: no decision maker can change its own options to a state whose truth tuple
    (first statement most important) is greater than the current one's."""
    codes = range(1 << len(BITS))
    found = []
    for s in codes:
        stable = True
        for dm, opts in OPTIONS.items():
            mine = sum(1 << BITS[o] for o in opts)
            here = _truths(s, prefs[dm])
            for sub in itertools.product([0, 1], repeat=len(opts)):
                t = (s & ~mine) | sum(bit << BITS[o] for bit, o in zip(sub, opts, strict=True))
                if t != s and _truths(t, prefs[dm]) > here:
                    stable = False
        if stable:
            found.append(str(s + 1))  # GMCR numbering: state = code + 1
    return found


@pytest.mark.parametrize("n", [64, 100, 200])
def test_many_statements_match_the_truth_tuple_reference(n: int, tmp_path) -> None:
    for seed in range(4):
        rng = random.Random(1000 * n + seed)
        prefs = {dm: _statements(rng, n) for dm in OPTIONS}
        model = {
            "gmcr": 1,
            "model": {
                "id": "many",
                "title": "Many statements",
                "decision_makers": [{"id": dm, "options": [{"id": o} for o in opts]} for dm, opts in OPTIONS.items()],
                "preferences": {dm: {"statements": [_text(c) for c in prefs[dm]]} for dm in OPTIONS},
            },
        }
        path = tmp_path / f"many{n}-{seed}.yaml"
        path.write_text(json.dumps(model), encoding="utf-8")
        r = CliRunner().invoke(app, ["stability", str(path), "-c", "nash", "--json"])
        assert r.exit_code == 0, r.output
        got = json.loads(r.stdout)["equilibria"]["nash"]
        assert sorted(got, key=int) == _reference_nash(prefs), (n, seed)
