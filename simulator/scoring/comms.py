"""The communications lead's items: first update, update cadence and completeness, status page."""

from __future__ import annotations

from itertools import pairwise

from simulator.durations import format_clock
from simulator.scoring.items import (
    credit_words,
    duration,
    make_item,
    missing_by,
    not_required_item,
    relative,
    timed_item,
)
from simulator.scoring.model import ScoreItem
from simulator.scoring.reading import ActionRecord, Context, accepted_actions
from simulator.scoring.rubric import STATUS_PAGE_SEVERITIES, UPDATE_FIELDS, UPDATE_INTERVAL_LOW


def _updates(c: Context) -> list[ActionRecord]:
    return accepted_actions(c.journal, "status_update")


def _comms_start(c: Context) -> tuple[float | None, str]:
    """When communicating became due: declaring, else detection."""
    if c.m.declared is not None:
        return c.m.declared, "declaring"
    return c.m.detection, "detection (never declared)"


def _first_update_due(c: Context) -> float | None:
    start, _ = _comms_start(c)
    return None if start is None else start + c.rubric.first_update


def score_first_update(c: Context) -> ScoreItem:
    key, title, target = "first_update", "First status update", c.rubric.first_update
    start, since = _comms_start(c)
    updates = _updates(c)
    sev = f" ({c.m.expected_severity})"
    if not updates:
        why = "no status update was ever posted"
        return missing_by(key, "comms_lead", title, target, why, _first_update_due(c), c.m.end)
    if start is None:
        return not_required_item(key, "comms_lead", title, target, c.m.detection_source)
    delay = updates[0].t - start
    what = f"first status update {relative(delay)} {since} (at {format_clock(updates[0].t)})"
    return timed_item(key, "comms_lead", title, delay, target, c.rubric, what, sev)


def update_gaps(updates: list[ActionRecord], until: float) -> list[tuple[float, float]]:
    """(from, to) pairs between consecutive updates, and from the last update to `until` unless
    the last update already said the incident was resolved."""
    times = [u.t for u in updates]
    gaps = list(pairwise(times))
    if updates and updates[-1].params.get("status") != "resolved" and until > times[-1]:
        gaps.append((times[-1], until))
    return gaps


def score_update_cadence(c: Context) -> ScoreItem:
    key, title, target = "update_cadence", "Status update cadence", c.rubric.update_interval
    updates = _updates(c)
    if not updates:
        why = "no status updates to measure"
        return missing_by(key, "comms_lead", title, target, why, _first_update_due(c), c.m.end)
    until = c.m.resolved if c.m.resolved is not None else c.m.end
    until_word = "resolve" if c.m.resolved is not None else "the end"
    gaps = update_gaps(updates, until)
    if not gaps:
        what = "longest gap 0s: the only update already closed the incident"
        return timed_item(key, "comms_lead", title, 0.0, target, c.rubric, what)
    start, stop = max(gaps, key=lambda g: g[1] - g[0])
    what = (
        f"longest gap between updates {duration(stop - start)} ({format_clock(start)} to "
        f"{format_clock(stop)}), measured until {until_word}"
    )
    band = f" ({c.m.expected_severity})"
    low = UPDATE_INTERVAL_LOW.get(c.m.expected_severity)
    if low is not None and "update_interval" not in c.rubric.overridden:
        band = f" ({c.m.expected_severity}: every {duration(low)}-{duration(target)})"
    return timed_item(key, "comms_lead", title, stop - start, target, c.rubric, what, band)


def missing_fields(update: ActionRecord) -> list[str]:
    return [f for f in UPDATE_FIELDS if not str(update.params.get(f, "") or "").strip()]


def score_update_completeness(c: Context) -> ScoreItem:
    key, title = "update_completeness", "Status update completeness"
    updates = _updates(c)
    if not updates:
        why = "no status updates to check"
        return missing_by(key, "comms_lead", title, 1.0, why, _first_update_due(c), c.m.end)
    incomplete = [(u, missing_fields(u)) for u in updates if missing_fields(u)]
    complete = len(updates) - len(incomplete)
    fraction = complete / len(updates)
    text = (
        f"{complete} of {len(updates)} updates ({fraction:.0%}) had status, impact, actions and "
        "next update"
    )
    if incomplete:
        gaps = "; ".join(
            f"{u.id} at {format_clock(u.t)} lacked {', '.join(fields)}"
            for u, fields in incomplete[:3]
        )
        text += f" ({gaps})"
    return make_item(
        key,
        "comms_lead",
        title,
        measured=round(fraction, 4),
        target=1.0,
        fraction=fraction,
        explanation=f"{text}: {credit_words(fraction)}",
        unit="ratio",
    )


def score_status_page(c: Context) -> ScoreItem:
    key, title, sev = "status_page", "Public status page", c.m.expected_severity
    posts = accepted_actions(c.journal, "status_page")
    if sev not in STATUS_PAGE_SEVERITIES:
        return not_required_item(key, "comms_lead", title, None, f"a {sev} incident")
    if not posts:
        why = f"never posted (required for {sev})"
        due = None if c.m.detection is None else c.m.detection + c.rubric.first_update
        return missing_by(key, "comms_lead", title, None, why, due, c.m.end)
    first = posts[0]
    measured = first.t - c.m.detection if c.m.detection is not None else None
    after = f", {relative(measured)} detection" if measured is not None else ""
    text = f"posted to the status page at {format_clock(first.t)}{after} (required for {sev})"
    return make_item(
        key,
        "comms_lead",
        title,
        measured=None if measured is None else round(measured, 3),
        target=None,
        fraction=1.0,
        explanation=f"{text}: full credit",
    )


COMMS_ITEMS = (
    score_first_update,
    score_update_cadence,
    score_update_completeness,
    score_status_page,
)


def no_communication(c: Context) -> bool:
    """No status update or status page post at all (the comms lead then scores zero)."""
    return not accepted_actions(c.journal, "status_update", "status_page")


NO_COMMS_REASON = "no status updates or status page posts: no communication at all"
