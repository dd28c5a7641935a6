"""Names a scenario defines, by kind: what action parameters and fault fields may refer to."""

from __future__ import annotations

from collections.abc import Callable

from simulator.scenario.schema import Scenario

_NAMES: dict[str, tuple[str, Callable[[Scenario], list[str]]]] = {
    "command": ("commands", lambda s: [c.name for c in s.commands]),
    "feature flag": ("service.feature_flags", lambda s: list(s.service.feature_flags)),
    "rate-limit client": (
        "service.rate_limits.clients",
        lambda s: [c.name for c in s.service.rate_limits.clients],
    ),
    "dependency": ("service.dependencies", lambda s: [d.name for d in s.service.dependencies]),
    "certificate": ("service.certificates", lambda s: [c.name for c in s.service.certificates]),
    "node": ("service.nodes", lambda s: list(s.service.nodes)),
}


def names_of(scenario: Scenario, kind: str) -> list[str]:
    """The names of one kind the scenario defines (empty for an unknown kind)."""
    return _NAMES[kind][1](scenario) if kind in _NAMES else []


def where_defined(kind: str) -> str:
    """Where in a scenario the names of this kind are defined (`service.feature_flags`)."""
    return _NAMES[kind][0] if kind in _NAMES else kind
