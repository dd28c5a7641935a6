"""Action forms: which widget each parameter gets (with the scenario's own choices for flags,
clients and commands) and turning widget values back into an action's parameters."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

from simulator.actions import ACTIONS, ParamSpec
from simulator.scenario.schema import Scenario

WidgetKind = Literal["select", "int", "float", "bool", "text"]
UPDATE_INTERVALS = ("15m", "30m", "45m", "60m")


@dataclass(frozen=True)
class Field:
    """One form field: the parameter it fills, the widget kind, its options and bounds."""

    name: str
    kind: WidgetKind
    label: str
    required: bool
    options: tuple[str, ...] = ()
    minimum: float | None = None
    maximum: float | None = None
    default: Any = None
    help: str = ""


def fields(action: str, scenario: Scenario) -> list[Field]:
    return [field_for(p, action, scenario) for p in ACTIONS[action].params]


def field_for(param: ParamSpec, action: str, scenario: Scenario) -> Field:
    label = param.name.replace("_", " ").capitalize()
    options = _scenario_options(param.name, action, scenario) or param.choices
    if options:
        return Field(param.name, "select", label, param.required, tuple(options), help=param.help)
    if param.type == "duration":
        return Field(param.name, "select", label, param.required, UPDATE_INTERVALS)
    if param.type == "bool":
        return Field(param.name, "bool", label, param.required, default=False, help=param.help)
    if param.type in ("int", "float"):
        default = _number_default(param, action, scenario)
        return Field(
            param.name,
            param.type,
            label,
            param.required,
            minimum=param.minimum,
            maximum=param.maximum,
            default=default,
            help=param.help,
        )
    return Field(param.name, "text", label, param.required, help=param.help)


def _scenario_options(name: str, action: str, scenario: Scenario) -> list[str]:
    service = scenario.service
    if action == "set_feature_flag" and name == "flag":
        return list(service.feature_flags)
    if action == "set_rate_limit" and name == "client":
        return [c.name for c in service.rate_limits.clients]
    if action == "investigate" and name == "command":
        return [c.name for c in scenario.commands]
    return []


def _number_default(param: ParamSpec, action: str, scenario: Scenario) -> float:
    service = scenario.service
    current = {
        ("scale", "replicas"): service.replicas,
        ("set_pool_size", "size"): service.pool.size_per_replica,
        ("set_memory_limit", "mb"): service.memory.limit_mb,
    }.get((action, param.name))
    value = float(current if current is not None else (param.minimum or 0.0))
    return int(value) if param.type == "int" else value


def missing(action: str, values: Mapping[str, Any]) -> list[str]:
    """Required parameters left empty: the page asks for them instead of sending the action."""
    return [p.name for p in ACTIONS[action].params if p.required and _empty(values.get(p.name))]


def build_params(action: str, values: Mapping[str, Any]) -> dict[str, Any]:
    """The action's parameters from widget values: text stripped, empty ones left out, whole
    numbers for int parameters. The session checks the rest and says what is wrong."""
    params: dict[str, Any] = {}
    for param in ACTIONS[action].params:
        value = values.get(param.name)
        if _empty(value):
            continue
        if isinstance(value, str):
            value = value.strip()
        if param.type == "int" and isinstance(value, float) and value.is_integer():
            value = int(value)
        params[param.name] = value
    return params


def _empty(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())
