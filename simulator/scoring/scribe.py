"""The scribe's items: which key events the timeline notes refer to (content, not only timing),
and whether decisions and action items name an owner or a reason."""

from __future__ import annotations

from typing import Any

from simulator.actions import SYSTEM_ACTIONS
from simulator.durations import format_clock
from simulator.journal import Journal
from simulator.scenario.wallclock import start_seconds
from simulator.scoring.items import credit_words, duration, make_item, not_required_item
from simulator.scoring.model import ScoreItem
from simulator.scoring.notes import KeyEvent, NoteMatch, has_content, match_notes, note_text
from simulator.scoring.reading import ActionRecord, Context, accepted_actions

SYNONYMS: dict[str, tuple[str, ...]] = {
    "rollback": ("roll back", "rolled back", "rolling back", "revert"),
    "restart_pods": ("restart", "bounce"),
    "scale_out": ("scale", "scaling", "replicas"),
    "declare": ("declar", "incident", "sev"),
    "resolve": ("resolv", "closed", "all clear"),
    "acknowledge": ("ack",),
    "page": ("page", "paged", "alert", "fired", "firing"),
    "impact": ("impact", "recover", "restored", "back to normal", "healthy", "errors down"),
    "landed": ("landed", "fixed", "fix ", "mitigat", "recover", "complete", "done"),
}


def action_words(name: str) -> tuple[str, ...]:
    """`restart_pods` -> `restart pods`, `restart_pods`, the words of four letters or more, and the
    action's synonyms."""
    words = tuple(w for w in name.split("_") if len(w) >= 4)
    return (name, name.replace("_", " "), *words, *SYNONYMS.get(name, ()))


def key_events(journal: Journal) -> list[KeyEvent]:
    """The first page, each acknowledgement, declarations, accepted system actions, stop-gaps and
    fixes landed by an action, each end of impact, and the resolve. `fault.start` is left out:
    players cannot observe it."""
    events: list[KeyEvent] = []
    first_page = True
    for e in journal.entries:
        found = _key_event(e, first_page)
        if found is None:
            continue
        if e["kind"] == "page.triggered":
            first_page = False
        events.append(found)
    return events


def _key_event(e: dict[str, Any], first_page: bool) -> KeyEvent | None:
    kind, t = e["kind"], float(e["t"])
    if kind == "page.triggered":
        if not first_page:
            return None
        alert = str(e.get("alert", "")).lower()
        subjects = (str(e["page"]).lower(), *SYNONYMS["page"], *((alert,) if alert else ()))
        return KeyEvent(t, f"page {e['page']}", subjects)
    if kind == "page.acknowledged":
        return KeyEvent(t, f"{e['page']} acknowledged", ("ack", "acknowledg"))
    if kind in ("fault.mitigated", "fault.end"):
        verb = "stop-gap" if kind == "fault.mitigated" else "fix"
        if not e["by"]:
            return None
        subjects = (*action_words(str(e["by"])), *SYNONYMS["landed"])
        return KeyEvent(t, f"{verb} {e['by']} landed", subjects)
    if kind == "impact.end":
        return KeyEvent(t, "impact ended", SYNONYMS["impact"])
    if kind != "action" or e["outcome"] != "accepted":
        return None
    return _action_event(e, t)


def _action_event(e: dict[str, Any], t: float) -> KeyEvent | None:
    name = str(e["action"])
    if name not in ("declare", "resolve") and name not in SYSTEM_ACTIONS:
        return None
    subjects = [str(e["id"]).lower(), *action_words(name)]
    severity = (e.get("params") or {}).get("severity")
    if name == "declare" and severity:
        subjects.append(str(severity).lower())
    return KeyEvent(t, f"{name} ({e['id']})", tuple(subjects))


def note_matches(c: Context) -> list[NoteMatch]:
    """Each key event with the note that records it best (or none)."""
    notes = accepted_actions(c.journal, "timeline_note")
    window, multiple = c.rubric.scribe_window, c.rubric.decay_multiple
    return match_notes(key_events(c.journal), notes, window, multiple, start_seconds(c.scenario))


def describe_match(m: NoteMatch) -> str:
    """`page P1 at 05:00: note A312 at 06:10 "paged for errors" (full credit)`."""
    head = f"{m.event.label} at {format_clock(m.event.t)}"
    if m.note is None:
        return f"{head}: no note refers to it"
    text = " ".join(note_text(m.note).split())
    short = text if len(text) <= 40 else text[:39] + "…"
    return (
        f'{head}: note {m.note.id} at {format_clock(m.note.t)} "{short}" '
        f"(by its {m.by}, {credit_words(m.fraction)})"
    )


def score_scribe(c: Context) -> ScoreItem:
    key, title, window = "scribe_coverage", "Timeline coverage", c.rubric.scribe_window
    matches = note_matches(c)
    notes = accepted_actions(c.journal, "timeline_note")
    if not matches:
        return not_required_item(key, "scribe", title, 1.0, "no key events to record")
    fraction = sum(m.fraction for m in matches) / len(matches)
    covered = sum(1 for m in matches if m.note is not None)
    zero_at = duration(window * c.rubric.decay_multiple)
    text = (
        f"{covered} of {len(matches)} key events have a note that refers to them (by subject or "
        f"time), {fraction:.0%} after lateness; a note within {duration(window)} earns full "
        f"credit for its event, falling to none at {zero_at}"
    )
    if not notes:
        text = f"no timeline notes; {text}"
    empty = sum(1 for n in notes if not has_content(note_text(n)))
    if empty:
        text += f"; {empty} note(s) said nothing"
    shown = "; ".join(describe_match(m) for m in matches[:8])
    more = f"; and {len(matches) - 8} more" if len(matches) > 8 else ""
    return make_item(
        key,
        "scribe",
        title,
        measured=round(fraction, 4),
        target=1.0,
        fraction=fraction,
        explanation=f"{text} ({shown}{more}): {credit_words(fraction)}",
        unit="ratio",
    )


OWNER_OR_REASON = ("owner", "because", "since", "so that", "due to", "reason", "@", " by ")


def owned_or_reasoned(note: ActionRecord) -> bool:
    """A decision says why (`because`, `since`, `due to`...) or an action item says who
    (`owner: Ana`, `@ana`, `... by Ana`)."""
    text = f" {note_text(note).lower()} "
    return any(marker in text for marker in OWNER_OR_REASON)


def score_scribe_decisions(c: Context) -> ScoreItem:
    key, title = "scribe_decisions", "Decisions and action items"
    tagged = [
        n
        for n in accepted_actions(c.journal, "timeline_note")
        if n.params.get("tag") in ("decision", "action_item")
    ]
    if not tagged:
        why = "no note was tagged as a decision or an action item"
        return not_required_item(key, "scribe", title, 1.0, why)
    good = [n for n in tagged if owned_or_reasoned(n)]
    fraction = len(good) / len(tagged)
    lacking = [n for n in tagged if n not in good]
    text = (
        f"{len(good)} of {len(tagged)} decisions and action items ({fraction:.0%}) name an owner "
        "or a reason"
    )
    if lacking:
        text += " (without: " + ", ".join(f"{n.id} at {format_clock(n.t)}" for n in lacking[:4])
        text += "); write `owner: <name>` on an action item, `because ...` on a decision"
    return make_item(
        key,
        "scribe",
        title,
        measured=round(fraction, 4),
        target=1.0,
        fraction=fraction,
        explanation=f"{text}: {credit_words(fraction)}",
        unit="ratio",
    )


SCRIBE_ITEMS = (score_scribe, score_scribe_decisions)
