"""The incident as the players have run it so far: declarations, roles, updates, notes, the
actions taken and their effects, the next status update due, and the key events a scribe should
log. Built from the player-visible journal only (see `visible.py`)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from simulator.actions import ACTIONS, SYSTEM_ACTIONS
from simulator.durations import parse_duration
from simulator.report.timeline import describe_params
from simulator.roles import role_short as role_name

Entry = dict[str, Any]


@dataclass(frozen=True)
class ActionView:
    t: float
    id: str
    role: str
    action: str
    params: dict[str, Any]
    outcome: str
    reason: str | None

    @property
    def accepted(self) -> bool:
        return self.outcome == "accepted"

    def describe(self) -> str:
        """`rollback (target=deploy)`."""
        params = describe_params(self.params)
        return f"{self.action} ({params})" if params else self.action


@dataclass(frozen=True)
class Investigation:
    t: float
    action_id: str
    role: str
    command: str
    output: tuple[str, ...]


@dataclass(frozen=True)
class KeyEvent:
    t: float
    text: str


@dataclass
class Incident:
    """What the team has done; times are sim seconds."""

    severity: str | None = None
    declared_at: float | None = None
    title: str | None = None
    mitigated_at: float | None = None
    resolved_at: float | None = None
    roles: dict[str, str] = field(default_factory=dict)  # incident role -> name
    escalations: list[tuple[float, str]] = field(default_factory=list)
    actions: list[ActionView] = field(default_factory=list)
    investigations: list[Investigation] = field(default_factory=list)
    effects: list[KeyEvent] = field(default_factory=list)

    def accepted(self, *names: str) -> list[ActionView]:
        return [a for a in self.actions if a.accepted and (not names or a.action in names)]

    @property
    def updates(self) -> list[ActionView]:
        return self.accepted("status_update")

    @property
    def status_posts(self) -> list[ActionView]:
        return self.accepted("status_page")

    @property
    def notes(self) -> list[ActionView]:
        return self.accepted("timeline_note")


def incident_of(entries: Iterable[Entry]) -> Incident:
    """Fold the player-visible entries into an Incident."""
    incident = Incident()
    for e in entries:
        kind = e.get("kind")
        if kind == "action":
            _action(incident, e)
        elif kind == "investigation":
            incident.investigations.append(
                Investigation(
                    float(e["t"]),
                    str(e.get("action_id", "")),
                    str(e.get("role", "")),
                    str(e.get("command", "")),
                    tuple(str(line) for line in e.get("output") or ()),
                )
            )
        elif kind == "action.effect":
            incident.effects.append(KeyEvent(float(e["t"]), f"{e['action']} landed: {e['detail']}"))
    return incident


def _action(incident: Incident, e: Entry) -> None:
    view = ActionView(
        float(e["t"]),
        str(e.get("id", "")),
        str(e.get("role", "")),
        str(e.get("action", "")),
        dict(e.get("params") or {}),
        str(e.get("outcome", "")),
        e.get("reason"),
    )
    incident.actions.append(view)
    if not view.accepted:
        return
    params = view.params
    if view.action == "declare":
        if incident.declared_at is None:
            incident.declared_at = view.t
        incident.severity = str(params.get("severity"))
        incident.title = params.get("title") or incident.title
    elif view.action == "assign_role":
        incident.roles[str(params.get("role"))] = str(params.get("name"))
    elif view.action == "escalate":
        incident.escalations.append((view.t, str(params.get("team"))))
    elif view.action == "mark_mitigated" and incident.mitigated_at is None:
        incident.mitigated_at = view.t
    elif view.action == "resolve" and incident.resolved_at is None:
        incident.resolved_at = view.t


def next_update_due(incident: Incident) -> float | None:
    """When the last status update promised the next one (sim seconds), or None."""
    for update in reversed(incident.updates):
        promised = update.params.get("next_update")
        if isinstance(promised, str):
            try:
                return update.t + parse_duration(promised)
            except ValueError:
                return None
        return None
    return None


def key_events(entries: Iterable[Entry]) -> list[KeyEvent]:
    """What a scribe should log, from what players can observe: pages, acknowledgements,
    declarations, accepted system actions and their landing, mitigation and resolution."""
    found: list[KeyEvent] = []
    for e in entries:
        text = _key_text(e)
        if text is not None:
            found.append(KeyEvent(float(e["t"]), text))
    return found


def _key_text(e: Entry) -> str | None:
    kind = e.get("kind")
    if kind == "page.triggered":
        return f"Page {e['page']} triggered: {e['alert']}"
    if kind == "page.escalated":
        return f"Page {e['page']} escalated to {e.get('target', '?')}"
    if kind == "page.acknowledged":
        return f"Page {e['page']} acknowledged by {role_name(e.get('by'))}"
    if kind == "action.effect":
        return f"{e['action']} landed: {e['detail']}"
    if kind != "action" or e.get("outcome") != "accepted":
        return None
    name, params = e["action"], e.get("params") or {}
    who = role_name(e.get("role"))
    if name == "declare":
        return f"{who} declared {params.get('severity')}"
    if name in ("mark_mitigated", "resolve", "escalate"):
        extra = f" ({params['team']})" if name == "escalate" else ""
        return f"{who}: {ACTIONS[name].help}{extra}"
    if name in SYSTEM_ACTIONS:
        detail = describe_params(params)
        return f"{who} started {name}" + (f" ({detail})" if detail else "")
    return None
