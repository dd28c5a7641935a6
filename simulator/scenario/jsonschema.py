"""The JSON Schema of the scenario format, for editors (YAML language servers) and other tools.

Generated from the pydantic models, then adjusted where the models accept more than pydantic can
describe:

- a duration is a string like `5m`, or the number 0; defaults (seconds inside the models) are shown
  as duration strings;
- `fixed_by`, `mitigated_by` and `harmful` items may be a bare action name (`- rollback`).

Regenerate the committed copy with `python -m simulator.scenario.jsonschema`; a test keeps the two
in step.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from simulator.actions import ACTION_NAMES
from simulator.durations import format_duration
from simulator.scenario.schema import FORMAT_VERSION, Scenario

SCHEMA_PATH = Path(__file__).resolve().parents[2] / "docs" / "reference" / "scenario.schema.json"
DRAFT = "https://json-schema.org/draft/2020-12/schema"
_DURATION_PATTERN = r"^(\d+(\.\d+)?(ms|s|m|h|d))+$"
_ACTION_MATCH_REF = "#/$defs/ActionMatch"

Schema = dict[str, Any]


def scenario_json_schema() -> Schema:
    """The JSON Schema (draft 2020-12) of scenario files, keyed by YAML names (`for`, not
    `for_`)."""
    schema = Scenario.model_json_schema(by_alias=True)
    defs: dict[str, Schema] = schema.get("$defs", {})
    for node in _schemas(schema):
        _defaults_as_durations(node, defs)
    for node in _schemas(schema):
        _allow_zero_duration(node)
        _allow_action_shorthand(node)
    schema["title"] = f"Game-day scenario (format version {FORMAT_VERSION})"
    schema["description"] = (
        "A game-day incident-response scenario. See docs/reference for every field."
    )
    return {"$schema": DRAFT, **schema}


def render_schema() -> str:
    """The schema as committed: pretty, sorted keys, trailing newline."""
    return json.dumps(scenario_json_schema(), indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def _schemas(node: object) -> list[Schema]:
    """Every schema object nested in `node` (depth first, including `node`)."""
    found: list[Schema] = []
    stack = [node]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            found.append(item)
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return found


def _is_duration(node: object) -> bool:
    return isinstance(node, dict) and node.get("pattern") == _DURATION_PATTERN


def _is_optional_duration(node: Schema) -> bool:
    return any(_is_duration(option) for option in node.get("anyOf", []))


def _defaults_as_durations(node: Schema, defs: dict[str, Schema]) -> None:
    """`default: 300.0` on a duration reads `default: 5m`, also inside model defaults."""
    if "default" not in node:
        return
    if _is_duration(node) or _is_optional_duration(node):
        if isinstance(node["default"], int | float):
            node["default"] = format_duration(node["default"])
        return
    ref = node.get("$ref", "")
    if isinstance(node["default"], dict) and ref.startswith("#/$defs/"):
        model = defs.get(ref.removeprefix("#/$defs/"), {})
        node["default"] = _model_default(node["default"], model, defs)


def _model_default(value: dict[str, Any], model: Schema, defs: dict[str, Schema]) -> Any:
    properties = model.get("properties", {})
    converted = {}
    for key, item in value.items():
        prop = dict(properties.get(key, {}), default=item)
        _defaults_as_durations(prop, defs)
        converted[key] = prop["default"]
    return converted


def _allow_zero_duration(node: Schema) -> None:
    """Durations are strings, but the validator also takes a plain 0."""
    if not _is_duration(node):
        return
    string = {"type": node.pop("type"), "pattern": node.pop("pattern")}
    node["anyOf"] = [string, {"const": 0}]


def _allow_action_shorthand(node: Schema) -> None:
    """`- rollback` is shorthand for `- {action: rollback}`."""
    items = node.get("items")
    if isinstance(items, dict) and items.get("$ref") == _ACTION_MATCH_REF:
        shorthand = {"enum": list(ACTION_NAMES), "type": "string"}
        node["items"] = {"anyOf": [shorthand, {"$ref": _ACTION_MATCH_REF}]}


def main(argv: list[str] | None = None) -> int:
    """Write (or with --check, compare) the committed schema file."""
    parser = argparse.ArgumentParser(
        prog="python -m simulator.scenario.jsonschema", description=__doc__.splitlines()[0]
    )
    parser.add_argument("--output", type=Path, default=SCHEMA_PATH, help="where to write")
    parser.add_argument(
        "--check", action="store_true", help="exit 1 if the file differs from the models"
    )
    args = parser.parse_args(argv)
    text = render_schema()
    if args.check:
        current = args.output.read_text(encoding="utf-8") if args.output.exists() else ""
        if current != text:
            print(f"{args.output} is out of date; run: python -m simulator.scenario.jsonschema")
            return 1
        return 0
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(text, encoding="utf-8")
    print(f"wrote {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
