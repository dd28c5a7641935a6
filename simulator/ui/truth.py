"""The facilitator's ground truth: each fault's state, customer impact, the root cause and which
actions fix, relieve or hurt, the scenario's notes and its hints with their release state.

Facilitator only: nothing here may be drawn on a participant's page.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from simulator.report.timeline import describe_params
from simulator.scenario.fault_models import ActionMatch
from simulator.scenario.schema import Scenario

Entry = dict[str, Any]


@dataclass(frozen=True)
class FaultTruth:
    id: str
    type: str
    at: float
    state: str  # scheduled, active, relieved, fixed, cleared
    since: float | None
    root_cause: str
    fixed_by: tuple[str, ...]
    mitigated_by: tuple[str, ...]
    harmful: tuple[str, ...]
    events: tuple[tuple[float, str], ...]  # (sim time, what happened to it)


@dataclass(frozen=True)
class HintTruth:
    at: float
    text: str
    released_at: float | None


@dataclass(frozen=True)
class GroundTruth:
    faults: tuple[FaultTruth, ...]
    impact_since: float | None  # None when there is no customer impact now
    impact_seconds: float
    notes: tuple[str, ...]
    hints: tuple[HintTruth, ...]


def describe_match(match: ActionMatch) -> str:
    params = describe_params(dict(match.params))
    return f"{match.action} ({params})" if params else match.action


def ground_truth(scenario: Scenario, entries: Iterable[Entry], now: float) -> GroundTruth:
    entries = list(entries)
    faults = tuple(_fault(scenario, f.id, entries) for f in scenario.faults)
    since, total = _impact(entries, now)
    released = {str(e.get("text")): float(e["t"]) for e in reversed(entries) if e["kind"] == "hint"}
    hints = tuple(
        HintTruth(h.at, h.text, released.get(h.text)) for h in scenario.facilitation.hints
    )
    return GroundTruth(faults, since, total, tuple(scenario.facilitation.notes), hints)


def _ended(e: Entry) -> str:
    """`fixed by rollback: no pod runs 2.42.0 any more`, or `cleared by itself`."""
    reason = e.get("reason") or ""
    why = f": {reason}" if reason and reason != "cleared by itself" else ""
    return f"fixed by {e['by']}{why}" if e.get("by") else f"cleared by itself{why}"


def _fault(scenario: Scenario, fault_id: str, entries: list[Entry]) -> FaultTruth:
    fault = next(f for f in scenario.faults if f.id == fault_id)
    state, since = "scheduled", None
    events: list[tuple[float, str]] = []
    for e in entries:
        if e.get("fault") != fault_id:
            continue
        t, kind = float(e["t"]), e["kind"]
        if kind == "fault.start":
            state, since = "active", t
            events.append((t, "started"))
        elif kind == "fault.mitigated":
            state, since = "relieved", t
            events.append((t, f"relieved by {e.get('by')} ({e.get('action_id')})"))
        elif kind == "fault.end":
            state, since = ("fixed" if e.get("by") else "cleared"), t
            events.append((t, _ended(e)))
        elif kind == "action.harmful":
            events.append((t, f"made worse by {e.get('by')} ({e.get('action_id')})"))
    return FaultTruth(
        id=fault.id,
        type=fault.type,
        at=fault.at,
        state=state,
        since=since,
        root_cause=fault.root_cause,
        fixed_by=tuple(describe_match(m) for m in fault.fixed_by),
        mitigated_by=tuple(describe_match(m) for m in fault.mitigated_by),
        harmful=tuple(describe_match(m) for m in fault.harmful),
        events=tuple(events),
    )


def _impact(entries: list[Entry], now: float) -> tuple[float | None, float]:
    since: float | None = None
    total = 0.0
    for e in entries:
        if e["kind"] == "impact.start" and since is None:
            since = float(e["t"])
        elif e["kind"] == "impact.end" and since is not None:
            total += float(e["t"]) - since
            since = None
    if since is not None:
        total += max(0.0, now - since)
    return since, total
