"""The JSON Schema describes the format and accepts the built-in scenario."""

from __future__ import annotations

import jsonschema
from ruamel.yaml import YAML

from accord.scenario.loader import builtin_path
from accord.scenario.schema import Scenario


def test_schema_validates_builtin_and_rejects_unknown_keys():
    """An independent JSON Schema validator agrees with Accord on a good and a bad document."""
    schema = Scenario.model_json_schema()
    data = YAML(typ="safe", pure=True).load(builtin_path().read_text(encoding="utf-8"))
    jsonschema.validate(data, schema)
    data["actors"][0]["nmae"] = "x"
    validator = jsonschema.Draft202012Validator(schema)
    assert any("nmae" in e.message for e in validator.iter_errors(data))
