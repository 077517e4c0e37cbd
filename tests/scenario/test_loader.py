"""Every bad scenario gives its own located message; nothing crashes; nothing unsafe is constructed."""

from __future__ import annotations

import re

import pytest

import accord
from accord.errors import ScenarioError
from accord.scenario.loader import MAX_BYTES
from tests.conftest import REPO, TWO_BY_TWO


def problems(text: str) -> list[str]:
    with pytest.raises(ScenarioError) as info:
        accord.loads(text, "bad.yaml")
    return [str(p) for p in info.value.problems]


def one(text: str) -> str:
    found = problems(text)
    assert len(found) == 1, found
    return found[0]


def test_valid_file_loads(two_by_two):
    """The hand-worked scenario is valid."""
    assert [a.id for a in two_by_two.actors] == ["a", "b"]


def test_unknown_key_names_line_column_and_suggests():
    """A misspelt key is reported at its line and column with a suggestion."""
    text = TWO_BY_TWO.replace("    reservation: {base: 0.3}", "    reservation: {base: 0.3}\n    nmae: A")
    msg = one(text)
    assert msg.startswith("bad.yaml:9:5: actors[0].nmae: unknown key 'nmae'; did you mean 'name'?")


def test_wrong_type_is_located():
    """A non-number salience names what was found."""
    msg = one(TWO_BY_TWO.replace("{i1: 0.6, i2: 0.4}", "{i1: lots, i2: 0.4}"))
    assert re.match(r"bad\.yaml:6:\d+: actors\[0\]\.preferences\.saliences\.i1: .*number.*found 'lots'", msg)


def test_saliences_must_sum_to_one():
    """Saliences are not rescaled silently: the sum is reported."""
    msg = one(TWO_BY_TWO.replace("{i1: 0.6, i2: 0.4}", "{i1: 0.6, i2: 0.5}"))
    assert "actors[0].preferences.saliences: saliences must sum to 1, they sum to 1.1" in msg
    assert msg.startswith("bad.yaml:6:")


def test_option_value_out_of_range():
    """Option values live in [0, 1]."""
    msg = one(TWO_BY_TWO.replace("{x: 1.0, y: 0.0}", "{x: 1.5, y: 0.0}"))
    assert "actors[0].preferences.values.i1.x: Input should be less than or equal to 1 (found 1.5)" in msg


def test_red_line_naming_missing_option():
    """A red line must name options of the issue."""
    text = TWO_BY_TWO.replace(
        "    reservation: {base: 0.25}", "    reservation: {base: 0.25}\n    red_lines: [{id: rl, when: {i1: z}}]"
    )
    msg = one(text)
    assert "actors[1].red_lines[0].when.i1: unknown option 'z' in issue 'i1'; expected one of: x, y" in msg


def test_unknown_reference_in_lever():
    """A lever acting on an unknown actor."""
    msg = one(TWO_BY_TWO.replace("    on: b\n", "    on: c\n"))
    assert "levers[0].on: unknown actor 'c'; expected one of: a, b" in msg
    assert msg.startswith("bad.yaml:21:5:")


def test_duplicate_ids():
    """Duplicate actor ids are named with where the first one is."""
    found = problems(TWO_BY_TWO.replace("  - id: b\n", "  - id: a\n"))
    assert found[0] == (
        "bad.yaml:9:5: actors[1].id: duplicate actor or faction id 'a' (first defined at "
        "actors[0].id); ids must be unique"
    )


def test_package_naming_missing_issue_and_option():
    """Packages are checked issue by issue."""
    text = TWO_BY_TWO + "packages:\n  - {id: p1, options: {i9: x}}\n  - {id: p2, options: {i1: w}}\n"
    found = problems(text)
    assert any("packages[0].options.i9: unknown issue 'i9'" in m for m in found)
    assert any("packages[1].options.i1: unknown option 'w' in issue 'i1'" in m for m in found)


def test_missing_value_for_salient_issue():
    """An issue that matters needs a value for every option."""
    msg = one(TWO_BY_TWO.replace("{i1: {x: 1.0, y: 0.0}, i2:", "{i1: {x: 1.0}, i2:"))
    assert "has salience 0.6 but no value for option(s) y" in msg


def test_faction_weights_must_sum_to_one(factions):
    """Influence weights inside an actor sum to 1."""
    from tests.conftest import FACTIONS

    msg = one(FACTIONS.replace("weight: 0.4", "weight: 0.3"))
    assert "actors[1].factions: faction weights must sum to 1, they sum to 0.9" in msg


def test_status_quo_must_be_an_option():
    """Each issue's status quo is one of its options."""
    msg = one(TWO_BY_TWO.replace("status_quo: x}", "status_quo: w}"))
    assert "issues[0].status_quo: unknown option 'w'" in msg


def test_many_problems_reported_at_once():
    """All problems come back together, not only the first."""
    text = TWO_BY_TWO.replace("{x: 1.0, y: 0.0}", "{x: 1.5, y: 0.0}").replace("kind: stick", "kind: stik")
    assert len(problems(text)) == 2


def test_invalid_yaml_is_located():
    """Broken YAML syntax says where."""
    msg = one("accord: 1\nmeta: {id: x, title: [unclosed\n")
    assert msg.startswith("bad.yaml:3:1: invalid YAML")


def test_not_a_mapping():
    """A list at the top is not a scenario."""
    assert "must be a YAML mapping" in one("- 1\n- 2\n")


def test_python_tags_are_refused_and_never_run(tmp_path):
    """Object-constructing tags are rejected before anything is built."""
    marker = tmp_path / "pwned"
    text = f"accord: !!python/object/apply:os.system ['touch {marker}']\n"
    msg = one(text)
    assert "YAML tag '!!python/object/apply:os.system' is not allowed" in msg
    assert not marker.exists()


def test_aliases_are_refused():
    """Anchors and aliases (billion-laughs bombs) are refused up front."""
    bomb = 'a: &a ["x","x"]\nb: &b [*a,*a]\nc: [*b,*b]\n'
    assert "anchors and aliases" in one(bomb)


def test_size_limit(tmp_path):
    """Files over the limit are refused before parsing."""
    big = tmp_path / "big.yaml"
    big.write_text("# " + "x" * (MAX_BYTES + 10))
    with pytest.raises(ScenarioError) as info:
        accord.load(big)
    assert f"the limit is {MAX_BYTES:,}" in str(info.value)


def test_missing_file_names_builtins(tmp_path):
    """A missing file says so and lists the built-in names."""
    with pytest.raises(ScenarioError) as info:
        accord.load(tmp_path / "nope.yaml")
    assert "cannot read the file" in str(info.value) and "ukraine-2025" in str(info.value)


def test_uncertainty_path_must_resolve():
    """An uncertainty that addresses nothing is an error naming the bad segment."""
    text = TWO_BY_TWO + "uncertainties:\n  - {path: actors.a.reservation.bse, spread: 0.1, note: x}\n"
    assert "nothing matches 'bse'" in one(text)


def test_uncertainty_nominal_inside_range():
    """The nominal value must lie inside an absolute range."""
    text = TWO_BY_TWO + "uncertainties:\n  - {path: actors.a.reservation.base, low: 0.5, high: 0.9, note: x}\n"
    assert "outside its range [0.5, 0.9]" in one(text)


def test_unquoted_yaml_dates_are_kept_as_iso_text():
    """`date: 2025-05-21` unquoted is a YAML date; it is stored as the text '2025-05-21', not refused."""
    import accord
    from tests.conftest import TWO_BY_TWO

    s = accord.loads(TWO_BY_TWO.replace("meta: {", "meta: {date: 2025-05-21, ", 1))
    assert s.meta.date == "2025-05-21"


def test_non_finite_huge_and_deep_numbers_are_refused_with_their_place():
    """NaN and infinities (as YAML floats or as text), integers of 20 digits and deep nesting never get in."""
    import pytest

    import accord
    from accord.errors import ScenarioError
    from tests.conftest import TWO_BY_TWO

    cases = {
        TWO_BY_TWO.replace("base: 0.3", "base: .nan", 1): "x.yaml:8:19: actors[0].reservation.base: nan is not",
        TWO_BY_TWO.replace("cost: 2.0", "cost: 1e999", 1): "x.yaml:22:5: levers[0].cost: inf is not a finite",
        TWO_BY_TWO.replace("base: 0.3", "base: 123456789012345678901", 1): "beyond the largest integer",
        TWO_BY_TWO.replace(
            "base: 0.3", "base: 'nan'", 1
        ): "actors[0].reservation.base: a number is expected here, not text",
        "accord: 1\nmeta: " + "[" * 200 + "]" * 200 + "\n": "x.yaml:2:38: nested deeper than 32 levels",
    }  # the 32nd [ is level 33
    for text, message in cases.items():
        with pytest.raises(ScenarioError) as exc:
            accord.loads(text, "x.yaml")
        assert message in str(exc.value.problems[0]), (message, exc.value.problems[0])


def test_structural_and_semantic_problems_in_one_pass():
    """A bad number in one actor and an unknown lever in a hypothesis are reported together: the actor is set
    aside and the rest of the file still checked, so the user fixes both in one round."""
    from accord.scenario.loader import read_text, resolve

    text = read_text(resolve(None), "x")
    text = text.replace("capability:", "capability: oops #", 1)
    text = text.replace(
        "when: {levers_pulled: [eu_additional_sanctions, us_sanctions_relief]}",
        "when: {levers_pulled: [eu_additional_sanctions, no_such_lever]}",
        1,
    )
    found = problems(text)
    assert len(found) == 2, found
    assert "actors[0].capability" in found[0] and "oops" in found[0]
    assert "unknown lever 'no_such_lever'" in found[1] and re.match(r"bad\.yaml:\d+:\d+: hypotheses\[\d+\]", found[1])
    # the set-aside actor's own id does not turn into a flood of "unknown actor" messages
    assert not any("us_administration" in f for f in found)


def test_a_broken_top_level_gives_the_structural_problems_only():
    """When the failure is outside any list item (here `meta`), the semantic checks cannot run: structure only."""
    found = problems(TWO_BY_TWO.replace("meta:", "meta: 3\nxmeta:", 1))
    assert found and all("meta" in f for f in found)


def test_plain_yaml_1_2_only_every_extra_refused_at_its_place():
    """Tags (core ones too), merge keys, directives, numbers too long to convert, quoted numbers and control
    characters are each refused with their line and column, and a long number is never echoed whole."""
    import pytest

    import accord
    from accord.errors import ScenarioError
    from tests.conftest import TWO_BY_TWO

    cases = {
        TWO_BY_TWO.replace("cost: 2.0", "cost: !!float 2.0"): "x.yaml:22:11: YAML tag '!!float' is not allowed",
        TWO_BY_TWO.replace("cost: 2.0", "cost: !!null"): "x.yaml:22:11: YAML tag '!!null' is not allowed",
        TWO_BY_TWO.replace("cost: 2.0", "cost: !!str 2.0"): "x.yaml:22:11: YAML tag '!!str' is not allowed",
        TWO_BY_TWO.replace("cost: 2.0", "cost: ! 2.0"): "x.yaml:22:11: YAML tag '!' is not allowed",
        TWO_BY_TWO.replace(
            "    cost: 2.0\n", "    cost: 2.0\n    <<: {kind: carrot}\n"
        ): "x.yaml:23:5: YAML merge keys (<<) are not allowed",
        "%YAML 1.1\n---\n" + TWO_BY_TWO: "x.yaml:1:1: YAML directives",
        "%TAG !e! tag:example.com,2000:\n---\n" + TWO_BY_TWO: "x.yaml:1:1: YAML directives",
        TWO_BY_TWO.replace("cost: 2.0", "cost: " + "9" * 5000): "x.yaml:22:11: the number 999999999999... has 5,000",
        TWO_BY_TWO.replace("cost: 2.0", "cost: -" + "1" * 4400 + ".5"): "x.yaml:22:11: the number",
        TWO_BY_TWO.replace("cost: 2.0", 'cost: " 2.0 "'): "x.yaml:22:5: levers[0].cost: a number is expected here",
        TWO_BY_TWO.replace("i1: 0.6", 'i1: "0.6"'): "x.yaml:6:19: actors[0].preferences.saliences.i1: a number is",
        TWO_BY_TWO.replace("Hand-worked", "Hand\x00worked"): "x.yaml:2:35: control character U+0000",
        TWO_BY_TWO.replace("base: 0.25", "base: 0.25\x07"): "x.yaml:13:29: control character U+0007",
    }
    for text, message in cases.items():
        with pytest.raises(ScenarioError) as exc:
            accord.loads(text, "x.yaml")
        assert message in str(exc.value.problems[0]), (message, exc.value.problems[0])
        assert len(str(exc.value)) < 400
    # quoted text that merely looks like a key or a number where text is expected stays text
    ok = accord.loads(
        TWO_BY_TWO.replace("title: Hand-worked two actors two issues", "title: '<<'").replace(
            "id: two-by-two", "id: '12'"
        ),
        "x.yaml",
    )
    assert ok.meta.id == "12" and ok.meta.title == "<<"


def test_key_paths_never_show_pydantic_type_names():
    """A value that fits no alternative of a union is one problem at the path the user wrote, not one per
    alternative with pydantic's type names (`status_quo.dict[constrained-str,literal['Y','N']]`)."""
    import pytest

    import accord
    from accord.errors import ScenarioError
    from accord.stability.io import loads_model
    from tests.conftest import FACTIONS

    pd = (REPO / "src/accord/data/stability/prisoners-dilemma.yaml").read_text(encoding="utf-8")
    for bad in ("true", "[1]", "1.5"):
        with pytest.raises(ScenarioError) as exc:
            loads_model(pd.replace("status_quo: 1", f"status_quo: {bad}"), "pd.yaml")
        problems = [str(p) for p in exc.value.problems]
        assert len(problems) == 1 and problems[0].startswith("pd.yaml:22:3: model.status_quo: should be one of"), (
            problems
        )
        assert "constrained" not in problems[0] and "dict[" not in problems[0]
    with pytest.raises(ScenarioError) as exc:
        accord.loads(FACTIONS.replace("when: {i1: x}", "when: {i1: 5}"), "f.yaml")
    text = str(exc.value)
    assert "actors[1].factions[0].red_lines[0].when.i1: should be one of" in text, text
    assert "list[" not in text and ".str:" not in text
