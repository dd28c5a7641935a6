"""Score a run from its journal: the rubric of DESIGN section 7, measured against ground truth.

`score(journal)` is pure: it reads the journal (and the scenario embedded in its header) and never
imports the engine, so any journal, from a headless run or a live session, can be re-scored.

Every item is a `ScoreItem` with what was measured, the target, the points and a one-line
explanation. Time items give full credit at or under their target and lose credit linearly until
`decay_multiple` x target, where they reach zero. Items belong to a role:

- incident commander: acknowledge, declare, severity, roles, escalation, mitigate, resolve,
  harmful actions (a penalty: each costs `harmful_action_penalty` points);
- communications lead: first update, update cadence, update completeness, status page;
- scribe: timeline coverage.

Each role's items are worth 100 points, so a role's score is its points (clamped to 0-100).
`Score.total` is the weighted mean of the role scores (`ROLE_WEIGHTS`); `Score.team` is their
plain mean. Clocks start at detection, never at the fault: the time an alert rule takes to fire is
the scenario's, not the players'. `docs/reference/scoring.md` documents the rubric.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import asdict, dataclass, replace
from itertools import pairwise
from typing import Any

from simulator.actions import SEVERITIES, SYSTEM_ACTIONS
from simulator.durations import format_clock, format_duration
from simulator.errors import JournalError, ScenarioError
from simulator.journal import Journal
from simulator.scenario import load_scenario_text
from simulator.scenario.schema import Scenario

MINUTE = 60.0

# ---------------------------------------------------------------- the rubric's defaults

DEFAULT_ACKNOWLEDGE = 5 * MINUTE
DEFAULT_DECLARE = 10 * MINUTE
DEFAULT_ESCALATE_WITHIN = 30 * MINUTE
DEFAULT_MITIGATE = 30 * MINUTE
DEFAULT_RESOLVE = 60 * MINUTE
DEFAULT_SCRIBE_WINDOW = 5 * MINUTE
DEFAULT_DECAY_MULTIPLE = 3.0
DEFAULT_HARMFUL_PENALTY = 10.0
DETECTION_GRACE = 5 * MINUTE
"""When nothing fires at all, players are expected to notice impact (customer reports, dashboards)
within this grace; the clocks start at `impact.start` plus the grace."""

FIRST_UPDATE_BY_SEVERITY = {"SEV1": 15 * MINUTE, "SEV2": 30 * MINUTE}
UPDATE_INTERVAL_BY_SEVERITY = {"SEV1": 30 * MINUTE, "SEV2": 60 * MINUTE}
UPDATE_INTERVAL_LOW = {"SEV1": 15 * MINUTE, "SEV2": 30 * MINUTE}
LOW_SEVERITY_FIRST_UPDATE = 60 * MINUTE
LOW_SEVERITY_UPDATE_INTERVAL = 120 * MINUTE
STATUS_PAGE_SEVERITIES = ("SEV1", "SEV2")
ESCALATION_SEVERITIES = ("SEV1",)

ROLE_TITLES = {"ic": "Incident commander", "comms_lead": "Communications lead", "scribe": "Scribe"}
ROLE_WEIGHTS = {"ic": 0.5, "comms_lead": 0.3, "scribe": 0.2}
REQUIRED_ROLES = ("comms_lead", "scribe")
UPDATE_FIELDS = ("status", "impact", "actions", "next_update")

# Points per item; each role's items add up to 100.
POINTS = {
    "acknowledge": 15.0,
    "declare": 15.0,
    "severity": 10.0,
    "roles": 10.0,
    "escalation": 10.0,
    "mitigate": 20.0,
    "resolve": 20.0,
    "harmful": 0.0,
    "first_update": 35.0,
    "update_cadence": 25.0,
    "update_completeness": 20.0,
    "status_page": 20.0,
    "scribe_coverage": 100.0,
}


# ---------------------------------------------------------------- result types


@dataclass(frozen=True)
class ScoreItem:
    """One rubric item. `measured` and `target` are seconds for time items (`unit` "s"; negative
    when it happened before the clock started, which earns full credit), a ratio, a count or a
    severity otherwise; `measured` is None when the thing never happened or was not required."""

    key: str
    role: str
    title: str
    measured: float | str | None
    target: float | str | None
    points: float
    max_points: float
    explanation: str
    unit: str = "s"

    @property
    def full(self) -> bool:
        return self.points >= self.max_points


@dataclass(frozen=True)
class RoleScore:
    role: str
    title: str
    score: float
    points: float
    max_points: float
    weight: float
    reason: str


@dataclass(frozen=True)
class Rubric:
    """The targets in force for one scenario: the defaults with its `scoring` overrides."""

    acknowledge: float
    declare: float
    first_update: float
    update_interval: float
    escalate_within: float
    mitigate: float
    resolve: float
    scribe_window: float
    decay_multiple: float
    harmful_action_penalty: float
    overridden: tuple[str, ...]


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


@dataclass(frozen=True)
class Score:
    scenario_id: str
    items: tuple[ScoreItem, ...]
    roles: tuple[RoleScore, ...]
    team: float
    total: float
    rubric: Rubric
    milestones: Milestones

    def item(self, key: str) -> ScoreItem:
        return next(i for i in self.items if i.key == key)

    def role(self, role: str) -> RoleScore:
        return next(r for r in self.roles if r.role == role)


# ---------------------------------------------------------------- reading the journal


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


_REQUIRED_FIELDS: dict[str, tuple[str, ...]] = {
    "action": ("id", "role", "action", "params", "outcome"),
    "metrics": ("values",),
    "page.triggered": ("page",),
    "page.acknowledged": ("page",),
    "alert.firing": ("alert",),
    "fault.mitigated": ("fault", "by"),
    "fault.end": ("fault", "by"),
    "action.harmful": ("fault", "by"),
}


def check_journal(journal: Journal) -> None:
    """Raise JournalError naming the first entry that lacks a field scoring relies on."""
    for number, entry in enumerate(journal.entries, start=1):
        if isinstance(entry["t"], bool) or not isinstance(entry["t"], int | float):
            raise JournalError(f"journal line {number}: error: 't' must be a number")
        for name in _REQUIRED_FIELDS.get(entry["kind"], ()):
            if name not in entry:
                raise JournalError(
                    f"journal line {number}: error: {entry['kind']} entry without '{name}'"
                )
        if entry["kind"] == "metrics" and not isinstance(entry["values"], dict):
            raise JournalError(f"journal line {number}: error: metrics 'values' must be a mapping")


def accepted_actions(journal: Journal, *names: str) -> list[ActionRecord]:
    """Accepted actions (refused ones never count), optionally only those named."""
    return [
        ActionRecord(float(e["t"]), e["id"], e["role"], e["action"], dict(e["params"] or {}))
        for e in journal.of_kind("action")
        if e["outcome"] == "accepted" and (not names or e["action"] in names)
    ]


def _first_t(journal: Journal, kind: str) -> float | None:
    return next((float(e["t"]) for e in journal.of_kind(kind)), None)


def lasting_impact_end(journal: Journal) -> float | None:
    """When impact ended for good: the last `impact.end` with no later `impact.start`."""
    last_end: float | None = None
    for entry in journal.of_kind("impact.start", "impact.end"):
        last_end = float(entry["t"]) if entry["kind"] == "impact.end" else None
    return last_end


def impact_ongoing_at_end(journal: Journal) -> bool:
    ongoing = False
    for entry in journal.of_kind("impact.start", "impact.end"):
        ongoing = entry["kind"] == "impact.start"
    return ongoing


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
    """The first stop-gap or fix landed by an action (a fault clearing by itself is not one)."""
    for entry in journal.of_kind("fault.mitigated", "fault.end"):
        if entry["by"]:
            verb = "stop-gap" if entry["kind"] == "fault.mitigated" else "fix"
            t = float(entry["t"])
            return t, f"{verb} {entry['by']} landed at {format_clock(t)}"
    return None


def mitigation(journal: Journal, detected: float | None) -> tuple[float | None, str]:
    """When customers stopped being hurt: the earlier of the lasting end of impact and the first
    stop-gap or fix landed by an action.

    An end of impact before detection is nobody's mitigation (a memory leak's first wave can
    subside while the leak goes on): then the first landed action counts, if there is one.
    """
    ended = lasting_impact_end(journal)
    landed = first_landed(journal)
    early = ended is not None and detected is not None and ended < detected
    if early and landed is not None:
        assert ended is not None
        when, how = landed
        return when, f"{how}; impact had already ended at {format_clock(ended)}, before detection"
    candidates = [landed] if landed is not None else []
    if ended is not None:
        candidates.append((ended, f"impact ended for good at {format_clock(ended)}"))
    if not candidates:
        return None, "never mitigated"
    return min(candidates, key=lambda c: c[0])


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
    )


# ---------------------------------------------------------------- the rubric


def rubric_for(scenario: Scenario) -> Rubric:
    """Defaults (by the scenario's expected severity where it matters) with its overrides."""
    sev = scenario.severity
    defaults: dict[str, float] = {
        "acknowledge": DEFAULT_ACKNOWLEDGE,
        "declare": DEFAULT_DECLARE,
        "first_update": FIRST_UPDATE_BY_SEVERITY.get(sev, LOW_SEVERITY_FIRST_UPDATE),
        "update_interval": UPDATE_INTERVAL_BY_SEVERITY.get(sev, LOW_SEVERITY_UPDATE_INTERVAL),
        "escalate_within": DEFAULT_ESCALATE_WITHIN,
        "mitigate": DEFAULT_MITIGATE,
        "resolve": DEFAULT_RESOLVE,
        "scribe_window": DEFAULT_SCRIBE_WINDOW,
        "decay_multiple": DEFAULT_DECAY_MULTIPLE,
        "harmful_action_penalty": DEFAULT_HARMFUL_PENALTY,
    }
    overrides = scenario.scoring.model_dump(exclude_none=True)
    return Rubric(**{**defaults, **overrides}, overridden=tuple(sorted(overrides)))


def credit(measured: float, target: float, multiple: float) -> float:
    """1.0 at or under target, falling linearly to 0.0 at multiple x target."""
    if measured <= target:
        return 1.0
    zero_at = multiple * target
    if target <= 0 or measured >= zero_at:
        return 0.0
    return (zero_at - measured) / (zero_at - target)


def credit_words(fraction: float) -> str:
    if fraction >= 1.0:
        return "full credit"
    if fraction <= 0.0:
        return "no credit"
    return f"{round(fraction * 100)}% credit"


def _dur(seconds: float) -> str:
    return format_duration(max(0.0, seconds))


def _relative(delta: float) -> str:
    """`2m after` or `1m30s before` (for "... detection")."""
    return f"{_dur(delta)} after" if delta >= 0 else f"{_dur(-delta)} before"


def _item(key: str, role: str, title: str, **fields: Any) -> ScoreItem:
    fraction = fields.pop("fraction")
    max_points = POINTS[key]
    return ScoreItem(
        key=key,
        role=role,
        title=title,
        points=round(max_points * fraction, 2),
        max_points=max_points,
        **fields,
    )


def _timed(
    key: str,
    role: str,
    title: str,
    measured: float,
    target: float,
    rubric: Rubric,
    what: str,
    note: str = "",
) -> ScoreItem:
    """A time item: `what` says what took `measured` seconds ("acknowledged ... after the page");
    `note` qualifies the target ("(SEV1)")."""
    fraction = credit(measured, target, rubric.decay_multiple)
    explanation = f"{what}; target {_dur(target)}{note}: {credit_words(fraction)}"
    return _item(
        key,
        role,
        title,
        measured=round(measured, 3),
        target=target,
        fraction=fraction,
        explanation=explanation,
    )


def _missing(key: str, role: str, title: str, target: float | str | None, why: str) -> ScoreItem:
    return _item(
        key,
        role,
        title,
        measured=None,
        target=target,
        fraction=0.0,
        explanation=f"{why}: no credit",
    )


def _not_required(key: str, role: str, title: str, target: float | None, why: str) -> ScoreItem:
    return _item(
        key,
        role,
        title,
        measured=None,
        target=target,
        fraction=1.0,
        explanation=f"not required: {why}; full credit",
    )


# ---------------------------------------------------------------- incident commander


@dataclass(frozen=True)
class _Context:
    journal: Journal
    scenario: Scenario
    rubric: Rubric
    m: Milestones


def score_acknowledge(c: _Context) -> ScoreItem:
    key, title, target = "acknowledge", "Acknowledge the page", c.rubric.acknowledge
    page = next(c.journal.of_kind("page.triggered"), None)
    if page is None:
        return _not_required(key, "ic", title, target, "no page was triggered")
    paged = float(page["t"])
    label = f"page {page['page']} at {format_clock(paged)}"
    if c.m.acknowledged is None:
        return _missing(key, "ic", title, target, f"never acknowledged ({label})")
    delay = c.m.acknowledged - paged
    what = f"acknowledged {_dur(delay)} after the page ({label})"
    return _timed(key, "ic", title, delay, target, c.rubric, what)


def score_declare(c: _Context) -> ScoreItem:
    key, title, target = "declare", "Declare an incident", c.rubric.declare
    detected = c.m.detection
    if detected is None:
        return _not_required(key, "ic", title, target, c.m.detection_source)
    since = f"detection ({c.m.detection_source} at {format_clock(detected)})"
    if c.m.declared is None:
        return _missing(key, "ic", title, target, f"never declared an incident after {since}")
    delay = c.m.declared - detected
    what = f"declared {_relative(delay)} {since}"
    return _timed(key, "ic", title, delay, target, c.rubric, what)


def severity_fraction(declared: str, expected: str) -> float:
    """Exact: 1; one level off: 0.5; further: 0."""
    if declared not in SEVERITIES:
        return 0.0
    distance = abs(SEVERITIES.index(declared) - SEVERITIES.index(expected))
    return {0: 1.0, 1: 0.5}.get(distance, 0.0)


def score_severity(c: _Context) -> ScoreItem:
    key, title, expected = "severity", "Severity matches", c.m.expected_severity
    declared = c.m.declared_severity
    if declared is None:
        return _missing(key, "ic", title, expected, f"never declared (expected {expected})")
    fraction = severity_fraction(declared, expected)
    off = {1.0: "exact", 0.5: "one level off"}.get(fraction, "more than one level off")
    explanation = f"declared {declared}, expected {expected} ({off}): {credit_words(fraction)}"
    return _item(
        key,
        "ic",
        title,
        measured=declared,
        target=expected,
        fraction=fraction,
        explanation=explanation,
        unit="severity",
    )


def score_roles(c: _Context) -> ScoreItem:
    key, title = "roles", "Name the incident roles"
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
    return _item(
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


def score_escalation(c: _Context) -> ScoreItem:
    key, title, within = "escalation", "Escalate when needed", c.rubric.escalate_within
    sev, detected = c.m.expected_severity, c.m.detection
    if sev not in ESCALATION_SEVERITIES:
        return _not_required(key, "ic", title, within, f"a {sev} incident")
    if detected is None:
        return _not_required(key, "ic", title, within, c.m.detection_source)
    if c.m.mitigated is not None and c.m.mitigated - detected <= within:
        took = _dur(c.m.mitigated - detected)
        why = f"mitigated {took} after detection, within {_dur(within)}"
        return _not_required(key, "ic", title, within, why)
    escalations = [a for a in accepted_actions(c.journal, "escalate") if a.t >= detected]
    need = f"required: not mitigated within {_dur(within)} of detection"
    if not escalations:
        return _missing(key, "ic", title, within, f"{need}; never escalated")
    first = escalations[0]
    delay = first.t - detected
    team = first.params.get("team", "another team")
    what = f"{need}; escalated to {team} {_dur(delay)} after detection"
    return _timed(key, "ic", title, delay, within, c.rubric, what)


def score_mitigate(c: _Context) -> ScoreItem:
    key, title, target = "mitigate", "Time to mitigate", c.rubric.mitigate
    detected = c.m.detection
    if c.m.impact_start is None and c.m.mitigated is None:
        return _not_required(key, "ic", title, target, "customers were never affected")
    if detected is None or c.m.mitigated is None:
        return _missing(key, "ic", title, target, "never mitigated: impact lasted to the end")
    delay = c.m.mitigated - detected
    what = f"mitigated {_relative(delay)} detection ({c.m.mitigation_source})"
    if c.m.impact_ongoing:
        what += "; impact came back and lasted to the end"
    return _timed(key, "ic", title, delay, target, c.rubric, what)


def score_resolve(c: _Context) -> ScoreItem:
    key, title, target = "resolve", "Time to resolve", c.rubric.resolve
    detected, resolved = c.m.detection, c.m.resolved
    if resolved is None:
        return _missing(key, "ic", title, target, "never resolved the incident")
    premature = _premature(c.m, resolved)
    if premature:
        return _missing(key, "ic", title, target, premature)
    if detected is None:
        return _not_required(key, "ic", title, target, c.m.detection_source)
    delay = resolved - detected
    what = f"resolved {_relative(delay)} detection (at {format_clock(resolved)})"
    return _timed(key, "ic", title, delay, target, c.rubric, what)


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


def score_harmful(c: _Context) -> ScoreItem:
    key, title, penalty = "harmful", "Avoid harmful actions", c.rubric.harmful_action_penalty
    harmful = list(c.journal.of_kind("action.harmful"))
    if not harmful:
        return _item(
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


# ---------------------------------------------------------------- communications lead


def _updates(c: _Context) -> list[ActionRecord]:
    return accepted_actions(c.journal, "status_update")


def score_first_update(c: _Context) -> ScoreItem:
    key, title, target = "first_update", "First status update", c.rubric.first_update
    start, since = c.m.declared, "declaring"
    if start is None:
        start, since = c.m.detection, "detection (never declared)"
    updates = _updates(c)
    sev = f" ({c.m.expected_severity})"
    if not updates:
        return _missing(key, "comms_lead", title, target, "no status update was ever posted")
    if start is None:
        return _not_required(key, "comms_lead", title, target, c.m.detection_source)
    delay = updates[0].t - start
    what = f"first status update {_relative(delay)} {since} (at {format_clock(updates[0].t)})"
    return _timed(key, "comms_lead", title, delay, target, c.rubric, what, sev)


def update_gaps(updates: list[ActionRecord], until: float) -> list[tuple[float, float]]:
    """(from, to) pairs between consecutive updates, and from the last update to `until` unless
    the last update already said the incident was resolved."""
    times = [u.t for u in updates]
    gaps = list(pairwise(times))
    if updates and updates[-1].params.get("status") != "resolved" and until > times[-1]:
        gaps.append((times[-1], until))
    return gaps


def score_update_cadence(c: _Context) -> ScoreItem:
    key, title, target = "update_cadence", "Status update cadence", c.rubric.update_interval
    updates = _updates(c)
    if not updates:
        return _missing(key, "comms_lead", title, target, "no status updates to measure")
    until = c.m.resolved if c.m.resolved is not None else c.m.end
    until_word = "resolve" if c.m.resolved is not None else "the end"
    gaps = update_gaps(updates, until)
    if not gaps:
        what = "longest gap 0s: the only update already closed the incident"
        return _timed(key, "comms_lead", title, 0.0, target, c.rubric, what)
    start, stop = max(gaps, key=lambda g: g[1] - g[0])
    what = (
        f"longest gap between updates {_dur(stop - start)} ({format_clock(start)} to "
        f"{format_clock(stop)}), measured until {until_word}"
    )
    band = f" ({c.m.expected_severity})"
    low = UPDATE_INTERVAL_LOW.get(c.m.expected_severity)
    if low is not None and "update_interval" not in c.rubric.overridden:
        band = f" ({c.m.expected_severity}: every {_dur(low)}-{_dur(target)})"
    return _timed(key, "comms_lead", title, stop - start, target, c.rubric, what, band)


def missing_fields(update: ActionRecord) -> list[str]:
    return [f for f in UPDATE_FIELDS if not str(update.params.get(f, "") or "").strip()]


def score_update_completeness(c: _Context) -> ScoreItem:
    key, title = "update_completeness", "Status update completeness"
    updates = _updates(c)
    if not updates:
        return _missing(key, "comms_lead", title, 1.0, "no status updates to check")
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
    return _item(
        key,
        "comms_lead",
        title,
        measured=round(fraction, 4),
        target=1.0,
        fraction=fraction,
        explanation=f"{text}: {credit_words(fraction)}",
        unit="ratio",
    )


def score_status_page(c: _Context) -> ScoreItem:
    key, title, sev = "status_page", "Public status page", c.m.expected_severity
    posts = accepted_actions(c.journal, "status_page")
    if sev not in STATUS_PAGE_SEVERITIES:
        return _not_required(key, "comms_lead", title, None, f"a {sev} incident")
    if not posts:
        return _missing(key, "comms_lead", title, None, f"never posted (required for {sev})")
    first = posts[0]
    measured = first.t - c.m.detection if c.m.detection is not None else None
    after = f", {_relative(measured)} detection" if measured is not None else ""
    text = f"posted to the status page at {format_clock(first.t)}{after} (required for {sev})"
    return _item(
        key,
        "comms_lead",
        title,
        measured=None if measured is None else round(measured, 3),
        target=None,
        fraction=1.0,
        explanation=f"{text}: full credit",
    )


# ---------------------------------------------------------------- scribe


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


def score_scribe(c: _Context) -> ScoreItem:
    key, title, window = "scribe_coverage", "Timeline coverage", c.rubric.scribe_window
    events = key_events(c.journal)
    notes = [a.t for a in accepted_actions(c.journal, "timeline_note")]
    if not events:
        return _not_required(key, "scribe", title, 1.0, "no key events to record")
    missed = [e for e in events if not any(e.t <= n <= e.t + window for n in notes)]
    covered = len(events) - len(missed)
    fraction = covered / len(events)
    text = f"{covered} of {len(events)} key events ({fraction:.0%}) noted within {_dur(window)}"
    if not notes:
        text = f"no timeline notes; {text}"
    elif missed:
        shown = ", ".join(f"{e.label} at {format_clock(e.t)}" for e in missed[:4])
        more = f" and {len(missed) - 4} more" if len(missed) > 4 else ""
        text += f" (missed {shown}{more})"
    return _item(
        key,
        "scribe",
        title,
        measured=round(fraction, 4),
        target=1.0,
        fraction=fraction,
        explanation=f"{text}: {credit_words(fraction)}",
        unit="ratio",
    )


# ---------------------------------------------------------------- putting it together

IC_ITEMS = (
    score_acknowledge,
    score_declare,
    score_severity,
    score_roles,
    score_escalation,
    score_mitigate,
    score_resolve,
    score_harmful,
)
COMMS_ITEMS = (
    score_first_update,
    score_update_cadence,
    score_update_completeness,
    score_status_page,
)
SCRIBE_ITEMS = (score_scribe,)


def _all_items(c: _Context) -> Iterator[ScoreItem]:
    for fn in (*IC_ITEMS, *COMMS_ITEMS, *SCRIBE_ITEMS):
        yield fn(c)


def _no_comms(c: _Context) -> bool:
    return not accepted_actions(c.journal, "status_update", "status_page")


NO_COMMS_REASON = "no status updates or status page posts: no communication at all"


def _zero(item: ScoreItem, reason: str) -> ScoreItem:
    return replace(item, points=0.0, explanation=f"{reason}: no credit")


def role_scores(items: tuple[ScoreItem, ...], no_comms: bool) -> tuple[RoleScore, ...]:
    scores = []
    for role, title in ROLE_TITLES.items():
        mine = [i for i in items if i.role == role]
        points = sum(i.points for i in mine)
        max_points = sum(i.max_points for i in mine)
        value = max(0.0, min(100.0, 100.0 * points / max_points)) if max_points else 100.0
        reason = _role_reason(mine, value)
        if role == "comms_lead" and no_comms:
            value, reason = 0.0, NO_COMMS_REASON
        weight = ROLE_WEIGHTS[role]
        scores.append(RoleScore(role, title, round(value, 1), points, max_points, weight, reason))
    return tuple(scores)


def _role_reason(items: list[ScoreItem], value: float) -> str:
    lost = [i for i in items if i.points < i.max_points]
    if not lost:
        return "every item at full credit"
    worst = min(lost, key=lambda i: i.points - i.max_points)
    return f"{value:.0f}/100; most points lost on {worst.title.lower()}"


def score(journal: Journal) -> Score:
    """Score a run from its journal alone (pure: the same journal gives the same Score)."""
    check_journal(journal)
    scenario = scenario_of(journal)
    context = _Context(journal, scenario, rubric_for(scenario), milestones(journal, scenario))
    items = tuple(_all_items(context))
    no_comms = _no_comms(context)
    if no_comms:
        items = tuple(_zero(i, NO_COMMS_REASON) if i.role == "comms_lead" else i for i in items)
    roles = role_scores(items, no_comms)
    total = sum(r.score * r.weight for r in roles) / sum(r.weight for r in roles)
    team = sum(r.score for r in roles) / len(roles)
    return Score(
        scenario_id=scenario.id,
        items=items,
        roles=roles,
        team=round(team, 1),
        total=round(total, 1),
        rubric=context.rubric,
        milestones=context.m,
    )


def score_to_dict(result: Score) -> dict[str, Any]:
    """The score as plain JSON-ready data (what `gameday score` prints)."""
    data = asdict(result)
    data["rubric"]["overridden"] = list(result.rubric.overridden)
    data["role_weights"] = dict(ROLE_WEIGHTS)
    return data
