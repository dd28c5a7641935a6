"""What is sent: Alertmanager v2 alerts and webhook messages, from a session's journal entries.

Alerts carry the rule's labels plus `alertname`, `drill="true"`, `session`, `scenario` and
`service`, and its annotations with the summary prefixed `[drill] ` (the same as the exported rule
file, `simulator.prometheus.rules`). Times are wall-clock (Alertmanager's), never simulated.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from simulator.prometheus.rules import DRILL_PREFIX, drill_annotations, drill_labels
from simulator.scenario.schema import AlertRule, Scenario


@dataclass(frozen=True)
class SessionLabels:
    session: str
    scenario: str
    service: str

    def as_dict(self) -> dict[str, str]:
        return {"session": self.session, "scenario": self.scenario, "service": self.service}


def iso(wall_time: float) -> str:
    return datetime.fromtimestamp(wall_time, UTC).isoformat().replace("+00:00", "Z")


def alert_payload(
    rule: AlertRule, where: SessionLabels, starts_at: float, ends_at: float
) -> dict[str, Any]:
    """One alert for `POST /api/v2/alerts`."""
    return {
        "labels": {"alertname": rule.alert, **drill_labels(rule), **where.as_dict()},
        "annotations": drill_annotations(rule),
        "startsAt": iso(starts_at),
        "endsAt": iso(ends_at),
    }


def rule_named(scenario: Scenario, name: str) -> AlertRule | None:
    return next((rule for rule in scenario.alerts if rule.alert == name), None)


# ------------------------------------------------------------------ webhook messages


def _page(entry: dict[str, Any]) -> str:
    verb = entry["kind"].removeprefix("page.")
    target = f" to {entry['target']}" if entry.get("target") else ""
    by = f" by {entry['by']}" if entry.get("by") else ""
    return f"Page {entry.get('page', '')} {verb}{target}{by}: {entry.get('summary', '')}"


def _inject(entry: dict[str, Any]) -> str:
    subject = f" [{entry['subject']}]" if entry.get("subject") else ""
    return f"{entry.get('channel', 'message')} from {entry.get('sender', '')}{subject}: " + str(
        entry.get("text", "")
    )


def _status_update(entry: dict[str, Any]) -> str | None:
    """Status updates and status-page posts the players had accepted."""
    if entry.get("outcome") != "accepted":
        return None
    params = entry.get("params") or {}
    if entry.get("action") == "status_update":
        return (
            f"Status update ({params.get('status', '')}): impact: {params.get('impact', '')}; "
            f"actions: {params.get('actions', '')}"
        )
    if entry.get("action") == "status_page":
        return f"Status page ({params.get('state', '')}): {params.get('message', '')}"
    return None


_MESSAGES: dict[str, Callable[[dict[str, Any]], str | None]] = {
    "page.triggered": _page,
    "page.escalated": _page,
    "page.acknowledged": _page,
    "page.resolved": _page,
    "inject": _inject,
    "action": _status_update,
}


def message_text(entry: dict[str, Any]) -> str | None:
    """The one-line text of a page, inject or accepted status update (None for anything else)."""
    render = _MESSAGES.get(entry["kind"])
    return None if render is None else render(entry)


def webhook_body(
    entry: dict[str, Any], text: str, where: SessionLabels, fmt: str
) -> dict[str, Any]:
    """Slack-compatible (`{"text": ...}`) or generic JSON with the whole journal entry."""
    line = f"{DRILL_PREFIX}{where.scenario} (session {where.session}): {text}"
    if fmt == "slack":
        return {"text": line}
    return {
        "drill": True,
        **where.as_dict(),
        "kind": entry["kind"],
        "sim_time": entry["t"],
        "text": line,
        "entry": entry,
    }
