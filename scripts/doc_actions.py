"""The generated docs sections about actions and metrics (`gen_docs.py`): who may take each
action, every system action's parameters, delay and risk, the fault types each one fixes, helps
or hurts, and every metric."""

from __future__ import annotations

import doc_markdown as md
from doc_faults import KIND_ORDER

from simulator.actions import ACTIONS, SYSTEM_ACTIONS, ActionSpec, ParamSpec
from simulator.durations import format_duration
from simulator.faults import FAULT_TYPES
from simulator.metrics import METRIC_INFO
from simulator.roles import ROLES

# ---------------------------------------------------------------- actions


ROLE_LABELS = {"ic": "IC", "comms_lead": "comms lead", "tech_lead": "tech lead"}


def action_roles() -> str:
    players = [r for r in ROLES if r not in ("facilitator", "observer")]
    players += [r for r in ROLES if r in ("facilitator", "observer")]
    header = ("action", "kind", *(ROLE_LABELS.get(r, r) for r in players))
    rows = [
        (md.code(spec.name), spec.kind, *("yes" if r in spec.roles else "" for r in players))
        for spec in ACTIONS.values()
    ]
    return md.table(header, rows, "ll" + "c" * len(players))


def _param_text(p: ParamSpec) -> str:
    details: list[str] = [p.type]
    if p.choices:
        details.append("one of " + " ".join(md.code(c) for c in p.choices))
    if p.minimum is not None and p.maximum is not None:
        details.append(f"{md.number(p.minimum)}-{md.number(p.maximum)}")
    elif p.minimum is not None:
        details.append(f">= {md.number(p.minimum)}")
    elif p.maximum is not None:
        details.append(f"<= {md.number(p.maximum)}")
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
            md.code(spec.name),
            md.cell(spec.help),
            md.cell(_params_text(spec)),
            format_duration(spec.default_delay),
            "yes" if spec.risky else "",
            ", ".join(spec.resources),
        )
        for spec in ACTIONS.values()
        if spec.kind == "system"
    ]
    return md.table(
        ("action", "what it does", "parameters", "default delay", "risky", "resources"), rows
    )


def action_effects() -> str:
    rows = []
    for action in SYSTEM_ACTIONS:
        cells = []
        for kind in KIND_ORDER:
            faults = [
                md.code(name)
                for name, mechanism in FAULT_TYPES.items()
                if (effect := mechanism.effects.get(action)) is not None and effect.kind == kind
            ]
            cells.append(", ".join(faults))
        rows.append((md.code(action), *cells))
    return md.table(("action", "fixes", "buys time against", "hurts"), rows)


# ---------------------------------------------------------------- metrics


def metrics_table() -> str:
    rows = [
        (md.code(m.name), m.unit, "counter" if m.counter else "gauge", md.cell(m.help))
        for m in METRIC_INFO
    ]
    return md.table(("metric", "unit", "kind", "meaning"), rows)
