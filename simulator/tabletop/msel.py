"""The master scenario events list (MSEL) a facilitator steps through: derived from the scenario
(its faults, injects, alert rules, hints and ideal response) and checked off from the running
session's journal (what has happened, and when: an alert fires when the model says so, so its row
gets its time from the journal, not the file). Pure: scenario and journal entries in, rows out."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from simulator.durations import format_clock
from simulator.roles import role_short
from simulator.scenario.schema import Scenario


@dataclass(frozen=True)
class MselRow:
    """One moment: `at` the planned sim time (None: when the model or a condition says so),
    `happened` the journal's time once it has, what it is, what players should do, and why it
    is in the exercise."""

    at: float | None
    happened: float | None
    kind: str
    moment: str
    expected: str
    learning: str

    @property
    def when(self) -> str:
        t = self.happened if self.happened is not None else self.at
        return "when it happens" if t is None else format_clock(t)

    @property
    def done(self) -> bool:
        return self.happened is not None


def _first(entries: Sequence[dict[str, Any]], kind: str, **match: Any) -> float | None:
    for entry in entries:
        if entry["kind"] == kind and all(entry.get(k) == v for k, v in match.items()):
            return float(entry["t"])
    return None


def _expected_by(scenario: Scenario, after: float | None, before: float | None) -> str:
    """The ideal response's actions planned in [after, before): what players should do then."""
    if scenario.expect is None or after is None:
        return ""
    found = [
        f"{role_short(a.role)}: {a.action.replace('_', ' ')}"
        for a in scenario.expect.ideal_response.actions
        if a.at >= after and (before is None or a.at < before)
    ]
    return "; ".join(dict.fromkeys(found))


def _fault_rows(scenario: Scenario, entries: Sequence[dict[str, Any]]) -> list[MselRow]:
    lesson = scenario.postmortem.root_cause_chain[0] if scenario.postmortem.root_cause_chain else ""
    return [
        MselRow(
            f.at,
            _first(entries, "fault.start", fault=f.id),
            "fault",
            f"Fault {f.id} starts ({f.type.replace('_', ' ')})",
            "Nothing yet: players cannot see it until the model shows it",
            lesson,
        )
        for f in scenario.faults
    ]


def _arrived(entries: Sequence[dict[str, Any]], inject_id: str) -> dict[str, Any] | None:
    return next((e for e in entries if e["kind"] == "inject" and e.get("id") == inject_id), None)


def _inject_rows(scenario: Scenario, entries: Sequence[dict[str, Any]]) -> list[MselRow]:
    """Injects as the journal has them once they arrived (placeholders filled in)."""
    rows = []
    for inject in scenario.injects:
        arrived = _arrived(entries, inject.id) or {}
        sender = str(arrived.get("sender") or inject.sender)
        subject_text = arrived.get("subject") or inject.subject
        expected = f"Reply to {sender}" if inject.expects_reply else "Read it; act if it matters"
        learning = (
            "Noise: not every message needs an answer"
            if inject.noise
            else ("Keep stakeholders informed")
        )
        subject = f": {subject_text}" if subject_text else ""
        rows.append(
            MselRow(
                inject.at,
                float(arrived["t"]) if arrived else None,
                "inject",
                f"{inject.channel} from {sender}{subject}",
                expected,
                learning,
            )
        )
    return rows


def _alert_rows(scenario: Scenario, entries: Sequence[dict[str, Any]]) -> list[MselRow]:
    rows = []
    for rule in scenario.alerts:
        fired = _first(entries, "alert.firing", alert=rule.alert)
        pages = rule.labels.get("severity") in scenario.paging.page_severities
        expected = "IC: acknowledge the page, declare with a severity" if pages else "Notice it"
        rows.append(
            MselRow(
                None,
                fired,
                "alert",
                f"Alert {rule.alert} fires" + (" and pages" if pages else ""),
                expected,
                rule.annotations.summary,
            )
        )
    return rows


def _hint_rows(scenario: Scenario, entries: Sequence[dict[str, Any]]) -> list[MselRow]:
    return [
        MselRow(
            h.at,
            _first(entries, "hint", text=h.text),
            "hint",
            f"Hint (release if the group is stuck): {h.text}",
            "Discuss",
            "",
        )
        for h in scenario.facilitation.hints
    ]


def msel(scenario: Scenario, entries: Sequence[dict[str, Any]]) -> list[MselRow]:
    """Every moment of the scenario in time order (rows without a planned time go by when they
    happened, else last); each row's expected action includes the ideal response planned from
    its time to the next row's."""
    rows = [
        *_fault_rows(scenario, entries),
        *_inject_rows(scenario, entries),
        *_alert_rows(scenario, entries),
        *_hint_rows(scenario, entries),
    ]

    def order(row: MselRow) -> float:
        t = row.happened if row.happened is not None else row.at
        return float("inf") if t is None else t

    rows.sort(key=order)
    out = []
    for index, row in enumerate(rows):
        start = row.happened if row.happened is not None else row.at
        nxt = rows[index + 1] if index + 1 < len(rows) else None
        end = None if nxt is None else (nxt.happened if nxt.happened is not None else nxt.at)
        ideal = _expected_by(scenario, start, end)
        expected = f"{row.expected}; ideal: {ideal}" if ideal else row.expected
        out.append(MselRow(row.at, row.happened, row.kind, row.moment, expected, row.learning))
    return out


__all__ = ["MselRow", "msel"]
