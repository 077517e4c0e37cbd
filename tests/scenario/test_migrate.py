"""`accord migrate`: a version-1 file and its version-2 rewrite give the same answers (generated scenarios, the
shipped examples, the built-in scenario and the cases)."""

from __future__ import annotations

import numpy as np
import pytest

import accord
from accord.analyses.bargaining import zone_size
from accord.model.acceptance import accepts
from accord.model.generate import generate, to_yaml
from accord.model.situation import situate, situate_batch, theories
from accord.model.uncertainty import Design
from accord.scenario.loader import builtin_path
from accord.scenario.migrate import migrate_text


def answers(s: accord.Scenario) -> list[object]:
    """Zone sizes, Nash-free acceptance of random packages over sampled numbers, per lever package and theory."""
    rng = np.random.default_rng(0)
    cand = np.array([[rng.integers(len(i.options)) for i in s.issues] for _ in range(40)])
    numbers = Design.of(s, seed=2).chunk(s, 0, 64)[1]
    out: list[object] = []
    for lp in [None, *[lp.id for lp in s.lever_packages]]:
        for _, hyp in theories(s):
            sit = situate(s, lp, hyp)
            if np.prod([len(i.options) for i in s.issues]) <= 10**6:
                out.append(zone_size(sit))
            out.append(sit.applied_hypotheses)
            ok, util = accepts(situate_batch(s, lp, hyp, numbers=numbers), cand, s.window)
            out += [ok.tolist(), np.round(util, 12).tolist()]
    return out


@pytest.mark.parametrize("seed", range(8))
def test_generated_scenarios_keep_their_answers_migrated(seed):
    """A generated version-1 scenario (random sizes, factions, red lines, theories) and its migrated version-2
    text agree on every zone, every applied hypothesis and every sampled verdict and utility."""
    rng = np.random.default_rng(100 + seed)
    data = generate(
        int(rng.integers(2, 5)), int(rng.integers(2, 5)), int(rng.integers(2, 5)), factions=bool(seed % 2), seed=seed
    )
    text = to_yaml(data)
    v1 = accord.loads(text)
    new, _ = migrate_text(text)
    v2 = accord.loads(new)
    assert v1.accord == 1 and v2.accord == 2
    assert answers(v1) == answers(v2)


def test_shipped_files_load_as_version_1_and_migrate():
    """Every shipped file loads; those in version 1 (the built-in scenario, the step-1 Cyprus case) migrate to
    version 2; migrated, the built-in gives the same answers."""
    paths = [builtin_path(), *sorted((builtin_path().parent / "cases").glob("*.yaml"))]
    for path in paths:
        text = path.read_text(encoding="utf-8")
        s = accord.loads(text, str(path.name))
        if s.accord == 2:
            continue
        new, changes = migrate_text(text, path.name)
        assert accord.loads(new, path.name).accord == 2 and changes[0] == "accord: 1 -> 2"
    text = builtin_path().read_text(encoding="utf-8")
    s1 = accord.loads(text)
    s2 = accord.loads(migrate_text(text)[0])
    for lp in [None, *[lp.id for lp in s1.lever_packages]]:
        for _, hyp in theories(s1):
            assert situate(s1, lp, hyp).applied_hypotheses == situate(s2, lp, hyp).applied_hypotheses
            assert zone_size(situate(s1, lp, hyp)) == zone_size(situate(s2, lp, hyp))


def test_readme_version_2_examples_load_in_the_migrated_builtin():
    """Each YAML example of the format guide's version-2 section, grafted into the migrated built-in scenario, loads."""
    import copy
    import re
    from pathlib import Path

    from accord.model.generate import to_yaml
    from accord.scenario.loader import _plain, parse_document

    def parse(text: str) -> dict:
        return _plain(parse_document(text, "format-guide.md"))  # YAML 1.2, as scenario files are read

    readme = (Path(__file__).resolve().parents[2] / "docs" / "format-guide.md").read_text(encoding="utf-8")
    section = readme.split("\n## Format version 2", 1)[1].split("\n## ", 1)[0]
    blocks = re.findall(r"```yaml\n(.*?)```", section, re.S)
    assert len(blocks) == 4
    base = parse(migrate_text(builtin_path().read_text(encoding="utf-8"))[0])
    for block in blocks:
        data = parse(block)
        doc = copy.deepcopy(base)
        for key, items in data.items():
            if key == "red_lines":
                next(a for a in doc["actors"] if a["id"] == "ukraine_government")["red_lines"] += items
            else:
                doc.setdefault(key, []).extend(items)
        s = accord.loads(to_yaml(doc))
        assert s.accord == 2
