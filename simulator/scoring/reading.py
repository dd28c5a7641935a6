"""Reading a journal: its scenario, accepted actions, impact, detection, mitigation, milestones."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from simulator.durations import format_clock, format_duration
from simulator.errors import JournalError, ScenarioError
from simulator.journal import (
    Journal,
    early_end,
    impact_ongoing_at_end,
    is_solo,
    lasting_impact_end,
)
from simulator.journal_kinds import entry_problem
from simulator.scenario import load_scenario_text
from simulator.scenario.schema import Scenario
from simulator.scoring.rubric import DETECTION_GRACE, Rubric


@dataclass(frozen=True)
class ActionRecord:
    """An accepted action as the journal recorded it."""

    t: float
    id: str
    role: str
    action: str
    params: dict[str, Any]


@dataclass(frozen=True)
class Milestones:
    """The times the rubric measures from and to (seconds since the start, None if never)."""

    impact_start: float | None
    impact_end: float | None
    impact_ongoing: bool
    first_alert: float | None
    first_page: float | None
    detection: float | None
    detection_source: str
    acknowledged: float | None
    declared: float | None
    declared_severity: str | None
    expected_severity: str
    mitigated: float | None
    mitigation_source: str
    resolved: float | None
    end: float
    ended_early: float | None = None  # when a facilitator ended the exercise before its end


def scenario_of(journal: Journal) -> Scenario:
    """The typed scenario embedded in the journal's header."""
    header = journal.header
    embedded = header.get("scenario")
    if not isinstance(embedded, dict) or not isinstance(embedded.get("text"), str):
        raise JournalError("journal header: error: no embedded scenario text ('scenario.text')")
    filename = str(embedded.get("file") or "<journal scenario>")
    try:
        return load_scenario_text(embedded["text"], filename).scenario
    except ScenarioError as exc:
        raise JournalError(
            f"journal header: error: the embedded scenario is invalid:\n{exc}"
        ) from None


def check_journal(journal: Journal) -> None:
    """Raise JournalError naming the first entry that lacks a field its kind always carries
    (`simulator.journal_kinds`)."""
    for number, entry in enumerate(journal.entries, start=1):
        problem = entry_problem(entry)
        if problem:
            raise JournalError(f"journal line {number}: error: {problem}")


def accepted_actions(journal: Journal, *names: str) -> list[ActionRecord]:
    """Accepted actions (refused ones never count), optionally only those named."""
    return [
        ActionRecord(float(e["t"]), e["id"], e["role"], e["action"], dict(e["params"] or {}))
        for e in journal.of_kind("action")
        if e["outcome"] == "accepted" and (not names or e["action"] in names)
    ]


def _first_t(journal: Journal, kind: str) -> float | None:
    return next((float(e["t"]) for e in journal.of_kind(kind)), None)


def end_time(journal: Journal) -> float:
    return float(journal.entries[-1]["t"])


def detection(journal: Journal) -> tuple[float | None, str]:
    """When the players could first know: the first page, else the first firing alert, else the
    start of impact plus DETECTION_GRACE. Returns (time, how it was detected)."""
    page = next(journal.of_kind("page.triggered"), None)
    if page is not None:
        return float(page["t"]), f"page {page['page']} for {page.get('alert', 'an alert')}"
    alert = next(journal.of_kind("alert.firing"), None)
    if alert is not None:
        return float(alert["t"]), f"alert {alert['alert']} firing, no page"
    impact = _first_t(journal, "impact.start")
    if impact is not None:
        grace = format_duration(DETECTION_GRACE)
        return impact + DETECTION_GRACE, f"impact start plus {grace} grace (nothing fired)"
    return None, "nothing to detect (no alert, page or impact)"


def first_landed(journal: Journal) -> tuple[float, str] | None:
    """The first end of impact the engine credits to a player's action (`impact.end` with `by`).

    An impact that ends by itself (a crash wave subsiding, a brownout clearing) has no `by` and
    is nobody's mitigation."""
    for entry in journal.of_kind("impact.end"):
        if entry.get("by"):
            t = float(entry["t"])
            action = entry["by"] + (f" ({entry['action_id']})" if entry.get("action_id") else "")
            return t, f"impact ended at {format_clock(t)} after {action}"
    return None


def mitigation(journal: Journal, detected: float | None) -> tuple[float | None, str]:
    """When the players stopped customers being hurt: the first end of impact caused by their
    action (stop-gap or fix). Impact that ended by itself is not credited."""
    landed = first_landed(journal)
    if landed is not None:
        return landed
    ended = lasting_impact_end(journal)
    if ended is not None:
        return None, f"impact ended by itself at {format_clock(ended)}, not by an action"
    return None, "never mitigated"


def milestones(journal: Journal, scenario: Scenario) -> Milestones:
    first_page = _first_t(journal, "page.triggered")
    detected, source = detection(journal)
    acks = [a.t for a in accepted_actions(journal, "acknowledge")]
    ack = next((t for t in acks if first_page is not None and t >= first_page), None)
    declares = accepted_actions(journal, "declare")
    mitigated, mitigation_source = mitigation(journal, detected)
    resolves = accepted_actions(journal, "resolve")
    return Milestones(
        impact_start=_first_t(journal, "impact.start"),
        impact_end=lasting_impact_end(journal),
        impact_ongoing=impact_ongoing_at_end(journal),
        first_alert=_first_t(journal, "alert.firing"),
        first_page=first_page,
        detection=detected,
        detection_source=source,
        acknowledged=ack,
        declared=declares[0].t if declares else None,
        declared_severity=str(declares[-1].params.get("severity")) if declares else None,
        expected_severity=scenario.severity,
        mitigated=mitigated,
        mitigation_source=mitigation_source,
        resolved=resolves[0].t if resolves else None,
        end=end_time(journal),
        ended_early=early_end(journal),
    )


@dataclass(frozen=True)
class Context:
    """What every item reads: the journal, its scenario, the rubric in force, the milestones."""

    journal: Journal
    scenario: Scenario
    rubric: Rubric
    m: Milestones

    @property
    def solo(self) -> bool:
        """A solo practice session: one participant held every role."""
        return is_solo(self.journal)


def until_the_end(m: Milestones) -> str:
    """`the end`, or `the early end at T+20:02` when a facilitator ended the exercise early."""
    if m.ended_early is None:
        return "the end"
    return f"the early end at {format_clock(m.ended_early)}"
