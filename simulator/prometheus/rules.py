"""A scenario's alert rules as a Prometheus rule file (`gameday export-rules`).

One rule group per scenario, evaluated at the scenario's `paging.evaluation_interval`. Each rule
keeps its name, `for`, `keep_firing_for`, labels and annotations; its expression is written out
as PromQL over the `/metrics` series (`promql.py`). Every rule also carries `drill="true"` and a
`[drill]` prefix on its summary, so an alert from a game is never mistaken for a real one.
"""

from __future__ import annotations

import re
from typing import Any

from simulator.prometheus.promql import format_duration, to_promql
from simulator.scenario.expr import parse_expr
from simulator.scenario.schema import AlertRule, Scenario

DRILL_LABEL = "drill"
DRILL_PREFIX = "[drill] "
_TEMPLATE_DELIMS = re.compile(r"\{\{|\}\}")


def rule_file(scenario: Scenario) -> dict[str, Any]:
    """The rule file as plain data (write it with `dump_yaml`)."""
    group = {
        "name": group_name(scenario),
        "interval": format_duration(scenario.paging.evaluation_interval),
        "rules": [alert_rule(rule, scenario.id) for rule in scenario.alerts],
    }
    return {"groups": [group]}


def group_name(scenario: Scenario) -> str:
    return f"gameday-{scenario.id}"


def alert_rule(rule: AlertRule, scenario_id: str) -> dict[str, Any]:
    entry: dict[str, Any] = {
        "alert": rule.alert,
        "expr": to_promql(parse_expr(rule.expr), scenario_id),
    }
    if rule.for_ > 0:
        entry["for"] = format_duration(rule.for_)
    if rule.keep_firing_for > 0:
        entry["keep_firing_for"] = format_duration(rule.keep_firing_for)
    entry["labels"] = drill_labels(rule)
    entry["annotations"] = {k: literal(v) for k, v in drill_annotations(rule).items()}
    return entry


def drill_labels(rule: AlertRule) -> dict[str, str]:
    """The rule's labels plus `drill="true"`."""
    return {**rule.labels, DRILL_LABEL: "true"}


def drill_annotations(rule: AlertRule) -> dict[str, str]:
    """The rule's annotations with the summary marked as a drill (as Prometheus shows them)."""
    notes = rule.annotations
    values = {
        "summary": DRILL_PREFIX + notes.summary,
        "description": notes.description,
        "runbook_url": notes.runbook_url,
    }
    return {k: v for k, v in values.items() if v is not None}


def literal(text: str) -> str:
    """Annotations are Go templates in Prometheus: keep a literal `{{` or `}}` as it is."""
    return _TEMPLATE_DELIMS.sub(lambda m: '{{"' + m.group() + '"}}', text)
