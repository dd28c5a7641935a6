"""The committed JSON Schema matches the models, and says what the loader accepts."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from simulator.scenario.jsonschema import SCHEMA_PATH, main, render_schema, scenario_json_schema


def test_committed_schema_is_up_to_date() -> None:
    committed = SCHEMA_PATH.read_text(encoding="utf-8") if SCHEMA_PATH.exists() else ""
    assert committed == render_schema(), (
        f"{SCHEMA_PATH} is out of date; regenerate it with: python -m simulator.scenario.jsonschema"
    )


def test_schema_header() -> None:
    schema = scenario_json_schema()
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["title"] == "Game-day scenario (format version 1)"
    assert "$id" not in schema
    assert schema["additionalProperties"] is False


def test_schema_uses_yaml_names() -> None:
    alert = scenario_json_schema()["$defs"]["AlertRule"]["properties"]
    assert "for" in alert
    assert "for_" not in alert


def test_durations_are_strings_or_zero_with_string_defaults() -> None:
    prop = scenario_json_schema()["$defs"]["AlertRule"]["properties"]["for"]
    assert prop["default"] == "0s"
    assert prop["anyOf"] == [
        {"type": "string", "pattern": r"^(\d+(\.\d+)?(ms|s|m|h|d))+$"},
        {"const": 0},
    ]


def test_model_defaults_show_durations_as_strings() -> None:
    paging = scenario_json_schema()["properties"]["paging"]
    assert paging["default"]["ack_timeout"] == "5m"


def test_action_lists_accept_the_shorthand() -> None:
    fixed_by = scenario_json_schema()["$defs"]["ConnectionLeakParams"]["properties"]["fixed_by"]
    shorthand, mapping = fixed_by["items"]["anyOf"]
    assert "rollback" in shorthand["enum"]
    assert mapping == {"$ref": "#/$defs/ActionMatch"}


def test_rendering_is_stable_json() -> None:
    text = render_schema()
    assert text.endswith("}\n")
    assert json.loads(text) == scenario_json_schema()


def test_main_writes_and_checks(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    output = tmp_path / "schema.json"
    assert main(["--output", str(output), "--check"]) == 1
    assert main(["--output", str(output)]) == 0
    assert output.read_text(encoding="utf-8") == render_schema()
    assert main(["--output", str(output), "--check"]) == 0
    assert "wrote" in capsys.readouterr().out
