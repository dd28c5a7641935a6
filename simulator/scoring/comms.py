"""The communications lead's items: first update, update cadence and completeness, status page."""

from __future__ import annotations

from itertools import pairwise

from simulator.durations import format_clock, parse_duration
from simulator.journal import impact_at
from simulator.scoring.items import (
    credit,
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
    """When communicating became due: detection (the first page, alert or noticed impact),
    not the declaration: customers were hurting from then on."""
    return c.m.detection, "detection"


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


def _resolved_during_impact(c: Context, posts: list[ActionRecord]) -> list[ActionRecord]:
    return [p for p in posts if p.params.get("state") == "resolved" and impact_at(c.journal, p.t)]


def score_status_page(c: Context) -> ScoreItem:
    """Timed from detection like the first update; a post that says `resolved` while customers
    are still affected halves the credit."""
    key, title, sev = "status_page", "Public status page", c.m.expected_severity
    target = c.rubric.first_update
    posts = accepted_actions(c.journal, "status_page")
    if sev not in STATUS_PAGE_SEVERITIES:
        return not_required_item(key, "comms_lead", title, None, f"a {sev} incident")
    if not posts:
        why = f"never posted (required for {sev})"
        due = None if c.m.detection is None else c.m.detection + target
        return missing_by(key, "comms_lead", title, target, why, due, c.m.end)
    first = posts[0]
    if c.m.detection is None:
        return not_required_item(key, "comms_lead", title, target, c.m.detection_source)
    delay = first.t - c.m.detection
    what = f"first status page post {relative(delay)} detection (at {format_clock(first.t)})"
    item = timed_item(key, "comms_lead", title, delay, target, c.rubric, what, f" ({sev})")
    wrong = _resolved_during_impact(c, posts)
    if not wrong:
        return item
    when = ", ".join(f"{p.id} at {format_clock(p.t)}" for p in wrong[:3])
    fraction = item.points / item.max_points / 2
    why = f"{item.explanation.rsplit(':', 1)[0]}; said resolved while customers were still "
    why += f"affected ({when}): credit halved, {credit_words(fraction)}"
    return make_item(
        key,
        "comms_lead",
        title,
        measured=item.measured,
        target=target,
        fraction=fraction,
        explanation=why,
    )


PROMISE_GRACE = 60.0
"""A promised next update may come this late and still count as on time."""


def promises(updates: list[ActionRecord], until: float) -> list[tuple[ActionRecord, float, float]]:
    """(update, promised time, when the next update came) for every update that promised one.
    The next update is the next status update, or `until` (resolve or the end) when none came;
    a promise falling after `until` is not judged."""
    found = []
    for i, u in enumerate(updates):
        after = promised_after(u.params.get("next_update"))
        if after is None:
            continue
        promised = u.t + after
        came = updates[i + 1].t if i + 1 < len(updates) else None
        if came is None and promised >= until:
            continue
        found.append((u, promised, until if came is None else came))
    return found


def promised_after(value: object) -> float | None:
    """Seconds of a `next_update` parameter (`15m` as the form sends it, or a number)."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int | float):
        return float(value)
    try:
        return parse_duration(str(value))
    except ValueError:
        return None


def score_update_promises(c: Context) -> ScoreItem:
    """Each promised next-update time against the next update: on time (within PROMISE_GRACE)
    is full credit; late decays to none at the decay multiple of the promised interval."""
    key, title = "update_promises", "Next update as promised"
    updates = _updates(c)
    until = c.m.resolved if c.m.resolved is not None else c.m.end
    judged = promises(updates, until)
    if not judged:
        why = "no status update promised a next update that fell before the end"
        return not_required_item(key, "comms_lead", title, 1.0, why)
    fractions, broken = [], []
    for u, promised, came in judged:
        interval = promised - u.t + PROMISE_GRACE
        fraction = credit(came - u.t, interval, c.rubric.decay_multiple)
        fractions.append(fraction)
        if fraction < 1.0:
            late = duration(came - promised)
            broken.append(f"{u.id} promised {format_clock(promised)}, next came {late} late")
    fraction = sum(fractions) / len(fractions)
    text = (
        f"{len(judged) - len(broken)} of {len(judged)} promised next updates came on time "
        f"({fraction:.0%} on average, late ones decaying)"
    )
    if broken:
        text += " (" + "; ".join(broken[:3]) + ")"
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


NO_IMPACT_PHRASES = (
    "no customer impact",
    "no impact",
    "no user impact",
    "not customer facing",
    "not affected",
    "no customers affected",
    "customers are not affected",
    "none",
)


def denies_impact(text: str) -> bool:
    """The impact statement says customers are not affected."""
    clean = " ".join(text.lower().replace(".", " ").split())
    return any(clean == p or clean.startswith(p) for p in NO_IMPACT_PHRASES)


def score_impact_truth(c: Context) -> ScoreItem:
    """Every status update posted while customers were affected must not deny the impact."""
    key, title = "impact_truth", "Impact stated truthfully"
    during = [u for u in _updates(c) if impact_at(c.journal, u.t)]
    if not during:
        return not_required_item(key, "comms_lead", title, 1.0, "no update during impact")
    false = [u for u in during if denies_impact(str(u.params.get("impact", "") or ""))]
    fraction = 1.0 - len(false) / len(during)
    text = (
        f"{len(during) - len(false)} of {len(during)} updates posted during impact "
        f"({fraction:.0%}) admitted it"
    )
    if false:
        text += " (" + ", ".join(f"{u.id} at {format_clock(u.t)} said no impact" for u in false)
        text += " while requests were failing)"
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


COMMS_ITEMS = (
    score_first_update,
    score_update_cadence,
    score_update_completeness,
    score_update_promises,
    score_status_page,
    score_impact_truth,
)


def no_communication(c: Context) -> bool:
    """No status update or status page post at all (the comms lead then scores zero)."""
    return not accepted_actions(c.journal, "status_update", "status_page")


NO_COMMS_REASON = "no status updates or status page posts: no communication at all"
