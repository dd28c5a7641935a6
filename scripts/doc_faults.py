"""The generated docs sections about fault types (`gen_docs.py`): the index, each type's
parameters (their meaning, type, bounds and default, from the parameters model and its JSON
Schema), how it ends, and the fault types x system actions matrix with its reasons."""

from __future__ import annotations

import ast
import inspect
import io
import re
import tokenize
from dataclasses import dataclass
from typing import Any

import doc_markdown as md

from simulator.actions import SYSTEM_ACTIONS
from simulator.faults import FAULT_TYPES, FaultParams, Mechanism
from simulator.scenario.jsonschema import scenario_json_schema

_DURATION_PATTERN = r"^(\d+(\.\d+)?(ms|s|m|h|d))+$"
_IDENTIFIER_PATTERN = r"^[a-z0-9][a-z0-9_.-]*$"
_GENERIC_DURATION_HELP = "a duration such as"
KIND_ORDER = ("fixes", "buys time", "hurts")
KIND_CELL = {"fixes": "fixes", "buys time": "buys time", "hurts": "**hurts**"}

Schema = dict[str, Any]
MechanismClass = type[Mechanism]


# ---------------------------------------------------------------- parameter meanings


def field_comments(model: type) -> dict[str, str]:
    """Comments on the fields of a class's source: the trailing comment on a field's first line,
    else the comment lines directly above it."""
    try:
        source = inspect.getsource(model)
    except (OSError, TypeError):
        return {}
    comments: dict[int, str] = {}
    for token in tokenize.generate_tokens(io.StringIO(source).readline):
        if token.type == tokenize.COMMENT:
            comments[token.start[0]] = token.string.lstrip("#").strip()
    lines = source.splitlines()
    found: dict[str, str] = {}
    for node in ast.parse(source).body[0].body:  # type: ignore[attr-defined]
        if not (isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name)):
            continue
        line = node.lineno
        if line in comments and lines[line - 1].lstrip()[:1] != "#":
            found[node.target.id] = comments[line]
            continue
        above: list[str] = []
        previous = line - 1
        while previous in comments and lines[previous - 1].lstrip().startswith("#"):
            above.insert(0, comments[previous])
            previous -= 1
        if above:
            found[node.target.id] = " ".join(above)
    return found


def own_fields(params: type[FaultParams]) -> list[str]:
    """The parameters a fault type adds to the fields every fault has (without `type`)."""
    shared = set(FaultParams.model_fields) | {"type"}
    return [name for name in params.model_fields if name not in shared]


def meaning(params: type[FaultParams], name: str, prop: Schema) -> str:
    description = prop.get("description", "")
    if description and not description.startswith(_GENERIC_DURATION_HELP):
        return str(description)
    for model in params.__mro__:
        if not (isinstance(model, type) and issubclass(model, FaultParams)):
            continue
        if name in inspect.get_annotations(model):
            return field_comments(model).get(name, "")
    return ""


# ---------------------------------------------------------------- types from the JSON Schema


@dataclass(frozen=True)
class Defs:
    """The JSON Schema's `$defs`, to describe nested models by their keys."""

    defs: dict[str, Schema]

    def model(self, ref: str) -> Schema:
        return self.defs[ref.removeprefix("#/$defs/")]


def _is_duration(prop: Schema) -> bool:
    options = prop.get("anyOf", [])
    return prop.get("pattern") == _DURATION_PATTERN or any(
        o.get("pattern") == _DURATION_PATTERN for o in options
    )


def _bounds(prop: Schema) -> str:
    parts = []
    if "exclusiveMinimum" in prop:
        parts.append(f"> {md.number(prop['exclusiveMinimum'])}")
    if "minimum" in prop and "maximum" in prop and "exclusiveMinimum" not in prop:
        return f"{md.number(prop['minimum'])}-{md.number(prop['maximum'])}"
    if "minimum" in prop:
        parts.append(f">= {md.number(prop['minimum'])}")
    if "maximum" in prop:
        parts.append(f"<= {md.number(prop['maximum'])}")
    return ", ".join(parts)


def type_text(prop: Schema, defs: Defs) -> str:
    """A parameter's type as the scenario-format tables write it."""
    if _is_duration(prop):
        return "duration"
    options = [o for o in prop.get("anyOf", []) if o.get("type") != "null"]
    if options and len(options) < len(prop.get("anyOf", [])):
        return type_text(options[0], defs)
    if "$ref" in prop:
        keys = defs.model(prop["$ref"]).get("properties", {})
        return "`{" + ", ".join(keys) + "}`"
    if "enum" in prop:
        return " \\| ".join(md.code(v) for v in prop["enum"])
    if "const" in prop:
        return md.code(prop["const"])
    kind = prop.get("type")
    if kind == "boolean":
        return "boolean"
    if kind == "string":
        return "identifier" if prop.get("pattern") == _IDENTIFIER_PATTERN else "text"
    if kind == "number" and prop.get("minimum") == 0 and prop.get("maximum") == 1:
        return "ratio"
    if kind in ("number", "integer"):
        name = "number" if kind == "number" else "integer"
        bounds = _bounds(prop)
        if not bounds:
            return name
        return f"{name} {bounds}" if bounds[0].isdigit() else f"{name}, {bounds}"
    if kind == "array":
        return "list of " + type_text(prop.get("items", {}), defs)
    return "value"


def default_text(name: str, prop: Schema, required: set[str]) -> str:
    if name in required:
        return "**required**"
    default = prop.get("default")
    if default is None:
        return "none"
    if isinstance(default, bool):
        return md.code(str(default).lower())
    if isinstance(default, int | float):
        return md.code(md.number(default))
    return md.code(default)


# ---------------------------------------------------------------- fault sections


def _literals_as_code(text: str, prop: Schema) -> str:
    """The field's own values named in its meaning read as code: `missing_index` (an index ...)."""
    for value in prop.get("enum", []):
        text = re.sub(rf"(?<![`\w]){re.escape(str(value))}(?![`\w])", f"`{value}`", text)
    return text


def _for_cause(text: str, model: Schema) -> str:
    """`release: the release with the hot loop` -> `With `cause: release`: the release ...`."""
    if not text:
        return ""
    causes = model.get("properties", {}).get("cause", {}).get("enum", [])
    head, _, rest = text.partition(": ")
    if rest and head in causes:
        return f"With `cause: {head}`: {md.sentence(rest)}"
    return md.sentence(text)


def _fixes(mechanism: MechanismClass) -> list[str]:
    return [a for a, e in mechanism.effects.items() if e.kind == "fixes"]


def _ending(mechanism: MechanismClass) -> str:
    """How a fault of this type ends, in a few words."""
    if mechanism.params.self_limiting:
        return "by itself, when its mechanism has run its course"
    if mechanism.present is Mechanism.present or not _fixes(mechanism):
        return "only after its `duration`: no action removes its mechanism"
    return "when its mechanism is gone; removed by " + ", ".join(
        md.code(a) for a in _fixes(mechanism)
    )


def faults_index() -> str:
    rows = []
    for name, mechanism in FAULT_TYPES.items():
        params = mechanism.params
        rows.append(
            (
                f"[`{name}`](#{name})",
                md.cell(mechanism.summary),
                ", ".join(sorted(params.resources)),
                _ending(mechanism),
            )
        )
    return md.table(("type", "what happens", "model resources", "ends"), rows)


def fault_section(name: str) -> str:
    mechanism = FAULT_TYPES[name]
    params = mechanism.params
    schema = scenario_json_schema()
    defs = Defs(schema["$defs"])
    model = defs.defs[params.__name__]
    required = set(model.get("required", []))
    rows = []
    for field in own_fields(params):
        prop = model["properties"][field]
        text = _for_cause(_literals_as_code(meaning(params, field, prop), prop), model)
        refers = params.references.get(field)
        if refers:
            text = f"{text} Names a {refers} of `service`." if text else f"A {refers}."
        rows.append(
            (
                md.code(field),
                type_text(prop, defs),
                default_text(field, prop, required),
                md.cell(text),
            )
        )
    parts = [f"**{md.sentence(mechanism.summary)}**", ""]
    if rows:
        parts.append(md.table(("key", "type", "required / default", "meaning"), rows))
    else:
        parts.append("No parameters beyond those [every fault has](#every-fault).")
    parts += ["", "- Model resources: " + ", ".join(sorted(params.resources)) + "."]
    needs = getattr(params, "requires", None)
    if needs:
        parts.append(f"- Needs `service.{needs}` in the scenario.")
    parts.append(
        f"- Ends: {_ending(mechanism)}"
        + ("" if params.self_limiting else "; or after `duration` when the fault has one")
        + "."
    )
    for kind in KIND_ORDER:
        cells = [
            f"{md.code(action)} ({effect.why})"
            for action, effect in mechanism.effects.items()
            if effect.kind == kind
        ]
        if cells:
            parts.append(f"- {md.sentence(kind)[:-1]}: " + "; ".join(cells) + ".")
    return "\n".join(parts)


# ---------------------------------------------------------------- effects


def _acting_actions() -> list[str]:
    """System actions with an effect on some fault type, in vocabulary order."""
    named = {a for m in FAULT_TYPES.values() for a in m.effects}
    return [a for a in SYSTEM_ACTIONS if a in named]


def effects_matrix() -> str:
    actions = _acting_actions()
    rows = []
    for name, mechanism in FAULT_TYPES.items():
        cells = []
        for action in actions:
            effect = mechanism.effects.get(action)
            cells.append(KIND_CELL[effect.kind] if effect and effect.kind in KIND_CELL else "")
        rows.append((md.code(name), *cells))
    matrix = md.table(
        ("fault type", *(md.code(a) for a in actions)), rows, "l" + "c" * len(actions)
    )
    silent = [a for a in SYSTEM_ACTIONS if a not in actions]
    note = "\n\nAn empty cell is **no effect** on that fault's mechanism." + (
        " No fault type lists " + ", ".join(md.code(a) for a in silent) + "." if silent else ""
    )
    return matrix + note


def effects_by_fault() -> str:
    parts = []
    for name, mechanism in FAULT_TYPES.items():
        rows = [
            (md.code(action), effect.kind, md.cell(md.sentence(effect.why)))
            for kind in KIND_ORDER
            for action, effect in mechanism.effects.items()
            if effect.kind == kind
        ]
        parts.append(f"### {name}\n\n{md.sentence(mechanism.summary)}\n")
        if rows:
            parts.append(md.table(("action", "effect", "why"), rows) + "\n")
        else:
            parts.append("No system action acts on this fault's mechanism.\n")
    return "\n".join(parts).rstrip()
