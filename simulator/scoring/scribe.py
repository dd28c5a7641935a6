"""The scribe's item: how many key events the timeline notes recorded in time."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from simulator.actions import SYSTEM_ACTIONS
from simulator.durations import format_clock
from simulator.journal import Journal
from simulator.scoring.items import credit_words, duration, make_item, not_required_item
from simulator.scoring.model import ScoreItem
from simulator.scoring.reading import Context, accepted_actions


@dataclass(frozen=True)
class KeyEvent:
    """A ground-truth moment the timeline should record (players can observe every one)."""

    t: float
    label: str


def key_events(journal: Journal) -> list[KeyEvent]:
    """The first page, each acknowledgement, declarations, accepted system actions, stop-gaps and
    fixes landed by an action, each end of impact, and the resolve. `fault.start` is left out:
    players cannot observe it."""
    events: list[KeyEvent] = []
    first_page = True
    for e in journal.entries:
        label = _key_label(e, first_page)
        if label is None:
            continue
        if e["kind"] == "page.triggered":
            first_page = False
        events.append(KeyEvent(float(e["t"]), label))
    return events


def _key_label(e: dict[str, Any], first_page: bool) -> str | None:
    kind = e["kind"]
    if kind == "page.triggered":
        return f"page {e['page']}" if first_page else None
    if kind == "page.acknowledged":
        return f"{e['page']} acknowledged"
    if kind in ("fault.mitigated", "fault.end"):
        verb = "stop-gap" if kind == "fault.mitigated" else "fix"
        return f"{verb} {e['by']} landed" if e["by"] else None
    if kind == "impact.end":
        return "impact ended"
    if kind != "action" or e["outcome"] != "accepted":
        return None
    name = e["action"]
    if name in ("declare", "resolve") or name in SYSTEM_ACTIONS:
        return f"{name} ({e['id']})"
    return None


def score_scribe(c: Context) -> ScoreItem:
    key, title, window = "scribe_coverage", "Timeline coverage", c.rubric.scribe_window
    events = key_events(c.journal)
    notes = [a.t for a in accepted_actions(c.journal, "timeline_note")]
    if not events:
        return not_required_item(key, "scribe", title, 1.0, "no key events to record")
    missed = [e for e in events if not any(e.t <= n <= e.t + window for n in notes)]
    covered = len(events) - len(missed)
    fraction = covered / len(events)
    text = f"{covered} of {len(events)} key events ({fraction:.0%}) noted within {duration(window)}"
    if not notes:
        text = f"no timeline notes; {text}"
    elif missed:
        shown = ", ".join(f"{e.label} at {format_clock(e.t)}" for e in missed[:4])
        more = f" and {len(missed) - 4} more" if len(missed) > 4 else ""
        text += f" (missed {shown}{more})"
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


SCRIBE_ITEMS = (score_scribe,)
