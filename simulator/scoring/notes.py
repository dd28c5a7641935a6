"""Matching timeline notes to key events by content: a note counts for an event only if it refers
to it, by the event's time (within `TIME_TOLERANCE`) or by its subject (the alert, the page, the
action, the severity, the service...). A note that says nothing ("." or "ok") refers to nothing.

Lateness still matters: a matching note written within the scribe window earns full credit for
its event, and the credit falls linearly to zero at `decay_multiple` times the window."""

from __future__ import annotations

import re
from dataclasses import dataclass

from simulator.scoring.items import credit
from simulator.scoring.reading import ActionRecord

TIME_TOLERANCE = 60.0
"""A time written in a note (`T+12:30`, `12:30`) refers to an event within this many seconds."""

EARLY_TOLERANCE = 30.0
"""A note may come this many seconds before the event it records (the event's stamp can lag the
moment the players saw it, e.g. an action's acceptance)."""

_TIME = re.compile(r"(t\+)?(\d{1,3}):(\d{2})(?::(\d{2}))?")
_WORD = re.compile(r"[a-z0-9]+")


@dataclass(frozen=True)
class KeyEvent:
    """A ground-truth moment the timeline should record (players can observe every one), with the
    words a note may use to refer to it (lower case; a note matches one if it contains it)."""

    t: float
    label: str
    subjects: tuple[str, ...] = ()


@dataclass(frozen=True)
class NoteMatch:
    """The best note for one key event (None when no note refers to it) and its credit 0..1."""

    event: KeyEvent
    note: ActionRecord | None
    lateness: float | None
    fraction: float
    by: str  # "subject", "time" or "" when unmatched


def note_text(note: ActionRecord) -> str:
    return str(note.params.get("text", "") or "")


def has_content(text: str) -> bool:
    """At least one word of three letters or more, or a number (".", "-", "ok" say nothing)."""
    return any(len(w) >= 3 or w.isdigit() for w in _WORD.findall(text.lower()))


def mentioned_times(text: str, starts_at: float | None) -> list[float]:
    """Offsets a note's text names: `T+12:30` as minutes:seconds since the start (`T+1:02:30`
    with hours), and a bare `12:30` either so or, when the scenario's clock starts at
    `starts_at` (seconds after midnight), as a time of day."""
    found: list[float] = []
    for m in _TIME.finditer(text.lower()):
        a, b, c = int(m.group(2)), int(m.group(3)), m.group(4)
        relative = a * 3600.0 + b * 60.0 + int(c) if c is not None else a * 60.0 + b
        found.append(relative)
        if m.group(1) or starts_at is None or a >= 24:
            continue
        found.append(a * 3600.0 + b * 60.0 + (int(c) if c is not None else 0) - starts_at)
    return found


def refers_by(note: ActionRecord, event: KeyEvent, starts_at: float | None) -> str:
    """How the note refers to the event: "subject", "time", or "" when it does not."""
    text = note_text(note).lower()
    if not has_content(text):
        return ""
    if any(subject in text for subject in event.subjects):
        return "subject"
    if any(abs(t - event.t) <= TIME_TOLERANCE for t in mentioned_times(text, starts_at)):
        return "time"
    return ""


def match_notes(
    events: list[KeyEvent],
    notes: list[ActionRecord],
    window: float,
    multiple: float,
    starts_at: float | None = None,
) -> list[NoteMatch]:
    """For each key event, the referring note that earns the most credit for it. One note may
    record several events ("declared SEV1 after P1, rolling back")."""
    return [_best(event, notes, window, multiple, starts_at) for event in events]


def _best(
    event: KeyEvent,
    notes: list[ActionRecord],
    window: float,
    multiple: float,
    starts_at: float | None,
) -> NoteMatch:
    best = NoteMatch(event, None, None, 0.0, "")
    for note in notes:
        if note.t < event.t - EARLY_TOLERANCE:
            continue
        by = refers_by(note, event, starts_at)
        if not by:
            continue
        lateness = max(0.0, note.t - event.t)
        fraction = credit(lateness, window, multiple)
        if best.note is None or fraction > best.fraction:
            best = NoteMatch(event, note, lateness, fraction, by)
    return best
