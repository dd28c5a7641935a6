"""Names a scenario defines, by kind: what action parameters and fault fields may refer to."""

from __future__ import annotations

from simulator.scenario.schema import Scenario


def names_of(scenario: Scenario, kind: str) -> list[str]:
    """The names of one kind the scenario defines (empty for an unknown kind)."""
    svc = scenario.service
    table = {
        "command": lambda: [c.name for c in scenario.commands],
        "feature flag": lambda: list(svc.feature_flags),
        "rate-limit client": lambda: [c.name for c in svc.rate_limits.clients],
        "dependency": lambda: [d.name for d in svc.dependencies],
        "certificate": lambda: [c.name for c in svc.certificates],
        "node": lambda: list(svc.nodes),
    }
    return table[kind]() if kind in table else []
