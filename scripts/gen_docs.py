"""Regenerate the parts of the docs that are read from the registries, and the JSON Schema.

Generated sections sit between markers in Markdown files under docs/:

    <!-- generated: NAME [ARGUMENT] -->
    ...written by this script...
    <!-- end generated -->

Everything outside the markers is hand-written and left alone. The sections:

    faults-index              every fault type: summary, resources, how it ends
    fault TYPE                one fault type's parameters, resources, ending and effects
    effects-matrix            fault types x system actions (fixes / buys time / hurts)
    effects-by-fault          the matrix's reasons, one table per fault type
    action-roles              who may take each action
    system-actions            every system action: parameters, delay, risk, resources
    action-effects            per system action, the fault types it fixes, helps or hurts
    metrics                   every metric of simulator/metrics.py

Sources: `simulator.faults.FAULT_TYPES` (each mechanism's `summary` and `effects`, its parameters
model's fields, `resources`, `references`, `self_limiting`), `simulator.actions.ACTIONS`,
`simulator.metrics.METRIC_INFO`. A parameter's meaning is its `Field(description=...)`, else
the comment on its line (or the comment lines right above it) in the fault module.

    .venv/bin/python scripts/gen_docs.py           rewrite the sections and the schema
    .venv/bin/python scripts/gen_docs.py --check   exit 1 and name what is out of date
"""

from __future__ import annotations

import argparse
import ast
import inspect
import io
import re
import sys
import tokenize
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
# The scenario package first: it imports the fault registry itself.
from simulator.scenario.jsonschema import SCHEMA_PATH, render_schema, scenario_json_schema  # noqa: E402

DOCS = ROOT / "docs"

from simulator.actions import ACTIONS, SYSTEM_ACTIONS, ActionSpec, ParamSpec  # noqa: E402
from simulator.durations import format_duration  # noqa: E402
from simulator.faults import FAULT_TYPES, FaultParams, Mechanism  # noqa: E402
from simulator.metrics import METRIC_INFO  # noqa: E402
from simulator.roles import ROLES  # noqa: E402

REGENERATE = ".venv/bin/python scripts/gen_docs.py"
MARKER = re.compile(
    r"(?P<open><!-- generated: (?P<name>[a-z-]+)(?: (?P<arg>[a-z0-9_]+))? -->\n)"
    r"(?P<body>.*?)"
    r"(?P<close><!-- end generated -->)",
    re.DOTALL,
)
_DURATION_PATTERN = r"^(\d+(\.\d+)?(ms|s|m|h|d))+$"
_IDENTIFIER_PATTERN = r"^[a-z0-9][a-z0-9_.-]*$"
_GENERIC_DURATION_HELP = "a duration such as"
KIND_ORDER = ("fixes", "buys time", "hurts")
KIND_CELL = {"fixes": "fixes", "buys time": "buys time", "hurts": "**hurts**"}

Schema = dict[str, Any]
MechanismClass = type[Mechanism]


# ---------------------------------------------------------------- helpers


def _table(header: tuple[str, ...], rows: Sequence[tuple[str, ...]], align: str = "") -> str:
    """A Markdown table; `align` gives one of l/c per column (default left)."""
    rule = ["---" if (align[i : i + 1] or "l") == "l" else ":-:" for i in range(len(header))]
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join(rule) + "|"]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)


def _code(value: object) -> str:
    return f"`{value}`"


def _cell(text: str) -> str:
    """Text safe inside a table cell."""
    return text.replace("|", "\\|").replace("\n", " ")


def _number(value: float) -> str:
    return f"{value:g}"


def _sentence(text: str) -> str:
    text = text.strip()
    return text[:1].upper() + text[1:] + ("" if text.endswith(".") else ".")


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
        parts.append(f"> {_number(prop['exclusiveMinimum'])}")
    if "minimum" in prop and "maximum" in prop and "exclusiveMinimum" not in prop:
        return f"{_number(prop['minimum'])}-{_number(prop['maximum'])}"
    if "minimum" in prop:
        parts.append(f">= {_number(prop['minimum'])}")
    if "maximum" in prop:
        parts.append(f"<= {_number(prop['maximum'])}")
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
        return " \\| ".join(_code(v) for v in prop["enum"])
    if "const" in prop:
        return _code(prop["const"])
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
        return _code(str(default).lower())
    if isinstance(default, int | float):
        return _code(_number(default))
    return _code(default)


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
        return f"With `cause: {head}`: {_sentence(rest)}"
    return _sentence(text)


def _fixes(mechanism: MechanismClass) -> list[str]:
    return [a for a, e in mechanism.effects.items() if e.kind == "fixes"]


def _ending(mechanism: MechanismClass) -> str:
    """How a fault of this type ends, in a few words."""
    if mechanism.params.self_limiting:
        return "by itself, when its mechanism has run its course"
    if mechanism.present is Mechanism.present or not _fixes(mechanism):
        return "only after its `duration`: no action removes its mechanism"
    return "when its mechanism is gone; removed by " + ", ".join(
        _code(a) for a in _fixes(mechanism)
    )


def faults_index() -> str:
    rows = []
    for name, mechanism in FAULT_TYPES.items():
        params = mechanism.params
        rows.append(
            (
                f"[`{name}`](#{name})",
                _cell(mechanism.summary),
                ", ".join(sorted(params.resources)),
                _ending(mechanism),
            )
        )
    return _table(("type", "what happens", "model resources", "ends"), rows)


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
                _code(field),
                type_text(prop, defs),
                default_text(field, prop, required),
                _cell(text),
            )
        )
    parts = [f"**{_sentence(mechanism.summary)}**", ""]
    if rows:
        parts.append(_table(("key", "type", "required / default", "meaning"), rows))
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
            f"{_code(action)} ({effect.why})"
            for action, effect in mechanism.effects.items()
            if effect.kind == kind
        ]
        if cells:
            parts.append(f"- {_sentence(kind)[:-1]}: " + "; ".join(cells) + ".")
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
        rows.append((_code(name), *cells))
    matrix = _table(("fault type", *(_code(a) for a in actions)), rows, "l" + "c" * len(actions))
    silent = [a for a in SYSTEM_ACTIONS if a not in actions]
    note = "\n\nAn empty cell is **no effect** on that fault's mechanism." + (
        " No fault type lists " + ", ".join(_code(a) for a in silent) + "." if silent else ""
    )
    return matrix + note


def effects_by_fault() -> str:
    parts = []
    for name, mechanism in FAULT_TYPES.items():
        rows = [
            (_code(action), effect.kind, _cell(_sentence(effect.why)))
            for kind in KIND_ORDER
            for action, effect in mechanism.effects.items()
            if effect.kind == kind
        ]
        parts.append(f"### {name}\n\n{_sentence(mechanism.summary)}\n")
        if rows:
            parts.append(_table(("action", "effect", "why"), rows) + "\n")
        else:
            parts.append("No system action acts on this fault's mechanism.\n")
    return "\n".join(parts).rstrip()


# ---------------------------------------------------------------- actions


ROLE_LABELS = {"ic": "IC", "comms_lead": "comms lead", "tech_lead": "tech lead"}


def action_roles() -> str:
    players = [r for r in ROLES if r not in ("facilitator", "observer")]
    players += [r for r in ROLES if r in ("facilitator", "observer")]
    header = ("action", "kind", *(ROLE_LABELS.get(r, r) for r in players))
    rows = [
        (_code(spec.name), spec.kind, *("yes" if r in spec.roles else "" for r in players))
        for spec in ACTIONS.values()
    ]
    return _table(header, rows, "ll" + "c" * len(players))


def _param_text(p: ParamSpec) -> str:
    details: list[str] = [p.type]
    if p.choices:
        details.append("one of " + " ".join(_code(c) for c in p.choices))
    if p.minimum is not None and p.maximum is not None:
        details.append(f"{_number(p.minimum)}-{_number(p.maximum)}")
    elif p.minimum is not None:
        details.append(f">= {_number(p.minimum)}")
    elif p.maximum is not None:
        details.append(f"<= {_number(p.maximum)}")
    if p.refers:
        details.append(f"a {p.refers} of the scenario")
    details.append("required" if p.required else "optional")
    text = f"`{p.name}` ({', '.join(details)})"
    return f"{text}: {p.help}" if p.help else text


def _params_text(spec: ActionSpec) -> str:
    return "; ".join(_param_text(p) for p in spec.params) or "none"


def system_actions() -> str:
    rows = [
        (
            _code(spec.name),
            _cell(spec.help),
            _cell(_params_text(spec)),
            format_duration(spec.default_delay),
            "yes" if spec.risky else "",
            ", ".join(spec.resources),
        )
        for spec in ACTIONS.values()
        if spec.kind == "system"
    ]
    return _table(
        ("action", "what it does", "parameters", "default delay", "risky", "resources"), rows
    )


def action_effects() -> str:
    rows = []
    for action in SYSTEM_ACTIONS:
        cells = []
        for kind in KIND_ORDER:
            faults = [
                _code(name)
                for name, mechanism in FAULT_TYPES.items()
                if (effect := mechanism.effects.get(action)) is not None and effect.kind == kind
            ]
            cells.append(", ".join(faults))
        rows.append((_code(action), *cells))
    return _table(("action", "fixes", "buys time against", "hurts"), rows)


# ---------------------------------------------------------------- metrics


def metrics_table() -> str:
    rows = [
        (_code(m.name), m.unit, "counter" if m.counter else "gauge", _cell(m.help))
        for m in METRIC_INFO
    ]
    return _table(("metric", "unit", "kind", "meaning"), rows)


# ---------------------------------------------------------------- files


SECTIONS: dict[str, Callable[..., str]] = {
    "faults-index": faults_index,
    "fault": fault_section,
    "effects-matrix": effects_matrix,
    "effects-by-fault": effects_by_fault,
    "action-roles": action_roles,
    "system-actions": system_actions,
    "action-effects": action_effects,
    "metrics": metrics_table,
}


class DocsError(Exception):
    """A marker names an unknown section or argument."""


def render_section(name: str, arg: str | None) -> str:
    if name not in SECTIONS:
        raise DocsError(f"unknown generated section {name!r} (known: {', '.join(SECTIONS)})")
    if name == "fault":
        if arg not in FAULT_TYPES:
            raise DocsError(f"unknown fault type {arg!r} in a `fault` section")
        return fault_section(arg)
    return SECTIONS[name]()


def regenerate(text: str) -> str:
    """The text with every generated section rewritten."""

    def replace(match: re.Match[str]) -> str:
        body = render_section(match["name"], match["arg"])
        return f"{match['open']}{body}\n{match['close']}"

    return MARKER.sub(replace, text)


def generated_files() -> list[Path]:
    """Markdown files under docs/ that hold generated sections."""
    return sorted(p for p in DOCS.rglob("*.md") if MARKER.search(p.read_text(encoding="utf-8")))


def outputs() -> dict[Path, str]:
    """Every generated file and what it should contain."""
    wanted = {path: regenerate(path.read_text(encoding="utf-8")) for path in generated_files()}
    wanted[SCHEMA_PATH] = render_schema()
    return wanted


def stale() -> list[Path]:
    """Generated files whose content differs from what the registries give."""
    return [
        path
        for path, text in outputs().items()
        if not path.exists() or path.read_text(encoding="utf-8") != text
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="exit 1 if anything is out of date")
    args = parser.parse_args(argv)
    try:
        wanted = outputs()
    except DocsError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    changed = [
        path
        for path, text in wanted.items()
        if not path.exists() or path.read_text(encoding="utf-8") != text
    ]
    for path in changed:
        shown = path.relative_to(ROOT)
        if args.check:
            print(f"{shown} is out of date; run: {REGENERATE}")
        else:
            path.write_text(wanted[path], encoding="utf-8")
            print(f"wrote {shown}")
    return 1 if args.check and changed else 0


if __name__ == "__main__":
    raise SystemExit(main())
