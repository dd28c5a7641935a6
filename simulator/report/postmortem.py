"""The parts of the report that make it read like a postmortem: the date and attendees, times of
day, which scribe note recorded which key event, contributing factors, five whys, lessons learned,
and action items with owner, priority and due date."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date, timedelta
from itertools import pairwise

from simulator.durations import format_clock
from simulator.journal import Journal, session_info
from simulator.report.model import ActionItem, Attendee, NoteLink, RootCause, TimelineEntry
from simulator.report.timeline import role_name
from simulator.scenario.schema import Scenario
from simulator.scenario.wallclock import time_of_day
from simulator.scoring import Score, credit_words, note_matches, rubric_for
from simulator.scoring.notes import note_text
from simulator.scoring.reading import Context

DUE_DAYS = {"high": 14, "medium": 30, "low": 60}
_OWNER = re.compile(r"(?:owner[:=]\s*|@)([\w .'-]+?)(?:[,;.)]|$)", re.IGNORECASE)


def played_on(journal: Journal) -> str | None:
    """The session's date (`2026-11-29`), None for a headless run."""
    found = session_info(journal).get("date")
    return str(found) if found else None


def attendees(journal: Journal) -> tuple[Attendee, ...]:
    """Who joined the session, in the order they joined; for a journal without a session, the
    roles that acted (names unknown)."""
    listed = session_info(journal).get("attendees")
    if isinstance(listed, list) and listed:
        return tuple(
            Attendee(str(p.get("name", "?")), role_name(p.get("role")))
            for p in listed
            if isinstance(p, dict)
        )
    roles = dict.fromkeys(e["role"] for e in journal.of_kind("action"))
    return tuple(Attendee("(not recorded)", role_name(r)) for r in roles)


def with_times_of_day(
    entries: tuple[TimelineEntry, ...], scenario: Scenario
) -> tuple[TimelineEntry, ...]:
    return tuple(replace(e, time_of_day=time_of_day(scenario, e.t)) for e in entries)


def note_links(journal: Journal, scenario: Scenario, result: Score) -> tuple[NoteLink, ...]:
    """Every key event with the note that recorded it, as the scribe item measured it."""
    context = Context(journal, scenario, rubric_for(scenario), result.milestones)
    links = []
    for m in note_matches(context):
        note = ""
        if m.note is not None:
            text = " ".join(note_text(m.note).split())
            note = f'{m.note.id} at {format_clock(m.note.t)} (by its {m.by}): "{text}"'
        credit = credit_words(m.fraction) if m.note is not None else "no note refers to it"
        links.append(
            NoteLink(
                m.event.t,
                format_clock(m.event.t),
                time_of_day(scenario, m.event.t),
                m.event.label,
                note,
                credit,
            )
        )
    return tuple(links)


def five_whys(scenario: Scenario, causes: tuple[RootCause, ...]) -> tuple[tuple[str, str], ...]:
    """(why, because) pairs down the scenario's root-cause chain; without a chain, one pair from
    the first fault's root cause."""
    chain = list(scenario.postmortem.root_cause_chain)
    if len(chain) >= 2:
        steps = [c.strip().rstrip(".?") for c in chain]
        return tuple((f"Why: {a}?", f"Because: {b}.") for a, b in pairwise(steps))
    if not causes:
        return ()
    first = " ".join(causes[0].text.split()).split(". ")[0].rstrip(".")
    symptom = chain[0] if chain else f"customers of {scenario.service.name} were affected"
    return ((f"Why: {symptom}?", f"Because: {first}."),)


def lessons(scenario: Scenario, to_improve: tuple[str, ...]) -> tuple[str, ...]:
    """The scenario's lessons, then what this run's score says to practise (at most three)."""
    return (*scenario.postmortem.lessons, *to_improve[:3])


def owner_in(text: str) -> str | None:
    """`owner: Ana` or `@ana` in a note's text."""
    found = _OWNER.search(text)
    return found.group(1).strip() if found else None


def prioritised(items: tuple[ActionItem, ...], played: str | None) -> tuple[ActionItem, ...]:
    """Priority by where an item came from (root cause, detection and harm: high; the scribe's
    action items: medium; practice: low), an owner named in a scribe's item, and a due date
    DUE_DAYS after the session's date (or "in N days" without one)."""
    out = []
    for item in items:
        priority = _priority(item.source)
        owner = owner_in(item.text) if item.source.startswith("noted at") else None
        days = DUE_DAYS[priority]
        due = f"in {days} days"
        if played is not None:
            due = (date.fromisoformat(played) + timedelta(days=days)).isoformat()
        out.append(replace(item, owner=owner or item.owner, priority=priority, due=due))
    order = {"high": 0, "medium": 1, "low": 2}
    return tuple(sorted(out, key=lambda i: order[i.priority]))


def _priority(source: str) -> str:
    if source.startswith("noted at"):
        return "medium"
    if source.startswith("score:"):
        return "low"
    return "high"
