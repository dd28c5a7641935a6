"""The incident commander's items: from acknowledging the page to resolving, and harm done."""

from __future__ import annotations

from simulator.actions import SEVERITIES, SYSTEM_ACTIONS
from simulator.durations import format_clock
from simulator.journal import session_info
from simulator.scoring.command import command_holders, holder_at
from simulator.scoring.items import (
    credit,
    credit_words,
    duration,
    make_item,
    missing_by,
    missing_item,
    not_applicable_item,
    not_required_item,
    relative,
    timed_item,
)
from simulator.scoring.model import ScoreItem
from simulator.scoring.reading import Context, Milestones, accepted_actions, until_the_end
from simulator.scoring.replies import score_stakeholder_replies
from simulator.scoring.rubric import (
    ESCALATION_SEVERITIES,
    HANDS_ON_KEYBOARD_CAP,
    HANDS_ON_KEYBOARD_PENALTY,
    HANDS_ON_ROLES,
    REQUIRED_ROLES,
)


def score_acknowledge(c: Context) -> ScoreItem:
    key, title, target = "acknowledge", "Acknowledge the page", c.rubric.acknowledge
    page = next(c.journal.of_kind("page.triggered"), None)
    if page is None:
        return not_required_item(key, "ic", title, target, "no page was triggered")
    paged = float(page["t"])
    label = f"page {page['page']} at {format_clock(paged)}"
    if c.m.acknowledged is None:
        why = f"never acknowledged ({label})"
        return missing_by(key, "ic", title, target, why, paged + target, c.m.end)
    delay = c.m.acknowledged - paged
    what = f"acknowledged {duration(delay)} after the page ({label})"
    return timed_item(key, "ic", title, delay, target, c.rubric, what)


def score_declare(c: Context) -> ScoreItem:
    key, title, target = "declare", "Declare an incident", c.rubric.declare
    detected = c.m.detection
    if detected is None:
        return not_required_item(key, "ic", title, target, c.m.detection_source)
    since = f"detection ({c.m.detection_source} at {format_clock(detected)})"
    if c.m.declared is None:
        why = f"never declared an incident after {since}"
        return missing_by(key, "ic", title, target, why, detected + target, c.m.end)
    delay = c.m.declared - detected
    what = f"declared {relative(delay)} {since}"
    return timed_item(key, "ic", title, delay, target, c.rubric, what)


SEVERITY_TOO_HIGH = {0: 1.0, 1: 0.75, 2: 0.4}
SEVERITY_TOO_LOW = {0: 1.0, 1: 0.25}


def severity_fraction(declared: str, expected: str) -> float:
    """Exact: 1. When unsure, practice picks the higher severity, so too high costs less than
    too low: one level high 0.75, two 0.4; one level low 0.25; further 0."""
    if declared not in SEVERITIES:
        return 0.0
    offset = SEVERITIES.index(expected) - SEVERITIES.index(declared)  # > 0: declared higher
    table = SEVERITY_TOO_HIGH if offset >= 0 else SEVERITY_TOO_LOW
    return table.get(abs(offset), 0.0)


def _severity_words(declared: str, expected: str) -> str:
    if declared not in SEVERITIES:
        return "not a severity"
    offset = SEVERITIES.index(expected) - SEVERITIES.index(declared)
    if offset == 0:
        return "exact"
    levels = f"{abs(offset)} level{'s' if abs(offset) > 1 else ''}"
    return f"{levels} too high" if offset > 0 else f"{levels} too low"


def score_severity(c: Context) -> ScoreItem:
    key, title, expected = "severity", "Severity matches", c.m.expected_severity
    declared = c.m.declared_severity
    if declared is None:
        return missing_item(key, "ic", title, expected, f"never declared (expected {expected})")
    fraction = severity_fraction(declared, expected)
    off = _severity_words(declared, expected)
    explanation = (
        f"declared {declared}, expected {expected} ({off}; too high costs less than too low): "
        f"{credit_words(fraction)}"
    )
    return make_item(
        key,
        "ic",
        title,
        measured=declared,
        target=expected,
        fraction=fraction,
        explanation=explanation,
        unit="severity",
    )


SOLO_REASON = "solo practice: you hold every role"


def score_roles(c: Context) -> ScoreItem:
    key, title = "roles", "Name the incident roles"
    if c.solo:
        return not_applicable_item(key, "ic", title, float(len(REQUIRED_ROLES)), SOLO_REASON)
    named: dict[str, str] = {}
    for a in accepted_actions(c.journal, "assign_role"):
        named.setdefault(str(a.params.get("role")), str(a.params.get("name", "")))
    have = [r for r in REQUIRED_ROLES if r in named]
    lacking = [r for r in REQUIRED_ROLES if r not in named]
    fraction = len(have) / len(REQUIRED_ROLES)
    parts = [f"named {len(have)} of {len(REQUIRED_ROLES)} required roles"]
    if have:
        parts[0] += ": " + " and ".join(f"{_role_word(r)} ({named[r]})" for r in have)
    if lacking:
        parts.append("never named " + " or ".join(_role_word(r) for r in lacking))
    return make_item(
        key,
        "ic",
        title,
        measured=float(len(have)),
        target=float(len(REQUIRED_ROLES)),
        fraction=fraction,
        explanation="; ".join(parts) + f": {credit_words(fraction)}",
        unit="count",
    )


def _role_word(role: str) -> str:
    return {"comms_lead": "a comms lead", "scribe": "a scribe"}.get(role, role)


def score_escalation(c: Context) -> ScoreItem:
    """No cliff: the longer a SEV1 stays unmitigated past `within`, the more an escalation was
    owed. Without one, credit = credit(time unmitigated, within, multiple); with one, the better
    of that and credit(time to escalate, within, multiple)."""
    key, title, within = "escalation", "Escalate when needed", c.rubric.escalate_within
    sev, detected = c.m.expected_severity, c.m.detection
    if sev not in ESCALATION_SEVERITIES:
        return not_required_item(key, "ic", title, within, f"a {sev} incident")
    if detected is None:
        return not_required_item(key, "ic", title, within, c.m.detection_source)
    open_until = c.m.mitigated if c.m.mitigated is not None else c.m.end
    unmitigated = open_until - detected
    if unmitigated <= within:
        if c.m.mitigated is None:
            why = "never escalated"
            return missing_by(key, "ic", title, within, why, detected + within, c.m.end)
        why = f"mitigated {duration(unmitigated)} after detection, within {duration(within)}"
        return not_required_item(key, "ic", title, within, why)
    escalations = [a for a in accepted_actions(c.journal, "escalate") if a.t >= detected]
    owed = credit(unmitigated, within, c.rubric.decay_multiple)
    need = (
        f"not mitigated for {duration(unmitigated)} after detection "
        f"(escalate within {duration(within)})"
    )
    if not escalations:
        explanation = f"{need}; never escalated: {credit_words(owed)}"
        return make_item(
            key, "ic", title, measured=None, target=within, fraction=owed, explanation=explanation
        )
    first = escalations[0]
    delay = first.t - detected
    fraction = max(owed, credit(delay, within, c.rubric.decay_multiple))
    team = first.params.get("team", "another team")
    explanation = f"{need}; escalated to {team} {duration(delay)} after detection: "
    return make_item(
        key,
        "ic",
        title,
        measured=round(delay, 3),
        target=within,
        fraction=fraction,
        explanation=explanation + credit_words(fraction),
    )


def score_mitigate(c: Context) -> ScoreItem:
    key, title, target = "mitigate", "Time to mitigate", c.rubric.mitigate
    detected = c.m.detection
    if c.m.impact_start is None and c.m.mitigated is None:
        return not_required_item(key, "ic", title, target, "customers were never affected")
    if detected is None or c.m.mitigated is None:
        why = f"never mitigated: impact lasted to {until_the_end(c.m)}"
        due = None if detected is None else detected + target
        return missing_by(key, "ic", title, target, why, due, c.m.end)
    delay = c.m.mitigated - detected
    what = f"mitigated {relative(delay)} detection ({c.m.mitigation_source})"
    if c.m.impact_ongoing:
        what += f"; impact came back and lasted to {until_the_end(c.m)}"
    return timed_item(key, "ic", title, delay, target, c.rubric, what)


def score_resolve(c: Context) -> ScoreItem:
    key, title, target = "resolve", "Time to resolve", c.rubric.resolve
    detected, resolved = c.m.detection, c.m.resolved
    if resolved is None:
        due = None if detected is None else detected + target
        why = "never resolved the incident"
        return missing_by(key, "ic", title, target, why, due, c.m.end)
    premature = _premature(c.m, resolved)
    if premature:
        return missing_item(key, "ic", title, target, premature)
    if detected is None:
        return not_required_item(key, "ic", title, target, c.m.detection_source)
    delay = resolved - detected
    what = f"resolved {relative(delay)} detection (at {format_clock(resolved)})"
    return timed_item(key, "ic", title, delay, target, c.rubric, what)


def _premature(m: Milestones, resolved: float) -> str | None:
    """Why resolving at `resolved` was premature (customers still affected), or None."""
    if m.impact_start is None:
        return None
    when = format_clock(resolved)
    if m.impact_ongoing:
        return f"resolved at {when} while customers were still affected (impact never ended)"
    if m.impact_end is not None and resolved < m.impact_end:
        ended = format_clock(m.impact_end)
        return f"resolved at {when} while customers were still affected (until {ended})"
    return None


def score_harmful(c: Context) -> ScoreItem:
    key, title, penalty = "harmful", "Avoid harmful actions", c.rubric.harmful_action_penalty
    harmful = list(c.journal.of_kind("action.harmful"))
    if not harmful:
        return make_item(
            key,
            "ic",
            title,
            measured=0.0,
            target=0.0,
            fraction=0.0,
            explanation="0 harmful actions: no penalty",
            unit="count",
        )
    what = "; ".join(
        f"{e['by']} ({e.get('action_id', '?')}) at {format_clock(float(e['t']))} "
        f"made {e['fault']} worse"
        for e in harmful
    )
    cost = penalty * len(harmful)
    return ScoreItem(
        key=key,
        role="ic",
        title=title,
        measured=float(len(harmful)),
        target=0.0,
        points=-cost,
        max_points=0.0,
        explanation=f"{len(harmful)} harmful action(s): {what}: -{cost:g} points",
        unit="count",
    )


def hands_on_present(c: Context, t: float) -> str | None:
    """Who (a role in HANDS_ON_ROLES) was there to act on the system at `t`: an attendee in the
    session header, or anyone who had taken an action in that role by then."""
    attendees = session_info(c.journal).get("attendees") or []
    for person in attendees:
        if not isinstance(person, dict) or person.get("shadow") or person.get("removed"):
            continue
        if person.get("role") in HANDS_ON_ROLES:
            return f"{person.get('name', 'someone')} ({person['role']})"
    for a in c.journal.of_kind("action"):
        if float(a["t"]) > t:
            break
        if a["role"] in HANDS_ON_ROLES:
            return f"a {a['role']}"
    return None


def score_hands_on_keyboard(c: Context) -> ScoreItem:
    """The IC coordinates: a system action the IC takes while a tech lead is present is allowed
    but costs HANDS_ON_KEYBOARD_PENALTY (at most HANDS_ON_KEYBOARD_CAP). Solo: never charged."""
    key, title = "hands_on_keyboard", "Hands off the keyboard"
    if c.solo:
        return not_applicable_item(key, "ic", title, 0.0, SOLO_REASON)
    taken = [a for a in accepted_actions(c.journal, *SYSTEM_ACTIONS) if a.role == "ic"]
    charged = [(a, who) for a in taken if (who := hands_on_present(c, a.t)) is not None]
    if not charged:
        why = "0 system actions taken by the IC while a tech lead was there"
        if taken:
            why += f" (the IC took {len(taken)}, with no tech lead there to take them)"
        return make_item(
            key,
            "ic",
            title,
            measured=0.0,
            target=0.0,
            fraction=0.0,
            explanation=f"{why}: nothing deducted",
            unit="count",
        )
    cost = min(HANDS_ON_KEYBOARD_CAP, HANDS_ON_KEYBOARD_PENALTY * len(charged))
    holders = command_holders(c.journal)
    by = (lambda t: f" by {holder_at(holders, t) or 'nobody'}") if len(holders) > 1 else None
    what = "; ".join(
        f"{a.action} ({a.id}){by(a.t) if by else ''} at {format_clock(a.t)} with {who} there"
        for a, who in charged[:3]
    )
    return ScoreItem(
        key=key,
        role="ic",
        title=title,
        measured=float(len(charged)),
        target=0.0,
        points=-cost,
        max_points=0.0,
        explanation=(
            f"{len(charged)} system action(s) taken by the IC while a tech lead was present "
            f"({what}): -{cost:g} points; the IC coordinates and leaves the keyboard to them"
        ),
        unit="count",
    )


IC_ITEMS = (
    score_acknowledge,
    score_declare,
    score_severity,
    score_roles,
    score_escalation,
    score_mitigate,
    score_resolve,
    score_harmful,
    score_hands_on_keyboard,
    score_stakeholder_replies,
)
