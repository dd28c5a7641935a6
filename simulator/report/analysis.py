"""The judgement parts of the report: detection / response / resolution analysis, what went well,
what to improve and action items, all derived from the score items and the journal. Wording is
blameless: it names roles and systems, never people, and asks what made an action reasonable."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from simulator.actions import SYSTEM_ACTIONS
from simulator.durations import format_clock, format_duration
from simulator.journal import Journal
from simulator.report.model import ActionItem, AnalysisSection, RootCause
from simulator.report.timeline import describe_params, role_name
from simulator.scenario.fault_models import ActionMatch, Fault
from simulator.scenario.schema import Scenario
from simulator.scoring import Score, ScoreItem, accepted_actions, unanswered

PAGE_DELAY_WORTH_AN_ITEM = 5 * 60.0

ADVICE = {
    "acknowledge": "acknowledge pages quickly: it tells everyone someone is on it and stops the "
    "escalation to the next on-call level",
    "declare": "declare as soon as customers are affected; a declaration can be downgraded, a late "
    "one cannot be undone",
    "severity": "check the severity matrix against the customer impact before declaring, and "
    "re-declare when the picture changes",
    "roles": "name a comms lead and a scribe right after declaring, so the IC can coordinate "
    "instead of typing",
    "escalation": "when a SEV1 is not mitigated within the escalation window, bring in more help "
    "(another team, the secondary on-call, a manager)",
    "mitigate": "mitigate before diagnosing: a rollback or stop-gap first, root cause later",
    "resolve": "resolve once impact is over and the fix has been watched for a while, not before",
    "hands_on_keyboard": "as IC, coordinate and leave system actions to the tech lead when one "
    "is there; take the keyboard only when nobody else can",
    "stakeholder_replies": "answer every stakeholder who asks (an ETA, the impact on their "
    "customers) within the time they need it, even if the answer is 'we do not know yet; next "
    "update at ...'",
    "harmful": "before changing capacity, limits or pools, ask what the change can push over "
    "(see the root cause for why this one hurt)",
    "first_update": "post the first status update soon after detection, even if it only says "
    "what is known and when the next update comes",
    "update_promises": "post the next update by the time the last one promised, even if it "
    "only says 'no change'",
    "impact_truth": "state the customer impact as the dashboards show it; never 'no impact' "
    "while requests are failing",
    "update_cadence": "keep updates coming at the promised cadence, including 'no change'",
    "update_completeness": "give every update a status, the customer impact, the actions under "
    "way and the time of the next update",
    "status_page": "post to the public status page soon after detection for SEV1/SEV2 "
    "incidents, and say resolved only once customers have recovered",
    "scribe_coverage": "log each page, acknowledgement, decision, action and recovery within a "
    "few minutes, naming what happened (the alert, the action, the severity) or its time",
    "scribe_decisions": "write the owner on every action item and the reason on every decision",
}


def _sentence(text: str) -> str:
    text = text.strip()
    return (text[:1].upper() + text[1:]).rstrip(".") + "."


def _titled(item: ScoreItem) -> str:
    """`Time to resolve: resolved 24m after detection ...; target 40m: full credit.`"""
    return f"{item.title}: {item.explanation}."


def _without_credit(item: ScoreItem) -> str:
    """The explanation without its trailing `: full credit` verdict."""
    head, sep, _ = item.explanation.rpartition(": ")
    return head if sep else item.explanation


def _clock(t: float | None) -> str:
    return "never" if t is None else format_clock(t)


def _dur(seconds: float) -> str:
    return format_duration(max(0.0, seconds))


# ---------------------------------------------------------------- classification of actions


def matches(match: ActionMatch, action: str, params: dict[str, Any]) -> bool:
    """As the engine matches (numbers are lower bounds): a claim the engine honours is
    classified the same way in the report."""
    return match.matches(action, params)


def classify(scenario: Scenario, action: str, params: dict[str, Any]) -> str:
    """`fix`, `stop-gap`, `harmful` or `no effect`, by the scenario's fault lists."""
    for fault in scenario.faults:
        if any(matches(m, action, params) for m in fault.fixed_by):
            return "fix"
    for fault in scenario.faults:
        if any(matches(m, action, params) for m in fault.harmful):
            return "harmful"
        if any(matches(m, action, params) for m in fault.mitigated_by):
            return "stop-gap"
    return "no effect"


def describe_match(match: ActionMatch) -> str:
    params = describe_params(dict(match.params))
    return f"{match.action}({params})" if params else match.action


def root_causes(scenario: Scenario, journal: Journal) -> tuple[RootCause, ...]:
    started = {e["fault"]: float(e["t"]) for e in journal.of_kind("fault.start")}
    return tuple(
        RootCause(
            fault=f.id,
            type=f.type,
            started=started.get(f.id),
            text=" ".join(f.root_cause.split()),
            fixed_by=tuple(describe_match(m) for m in f.fixed_by),
            mitigated_by=tuple(describe_match(m) for m in f.mitigated_by),
            harmful=tuple(describe_match(m) for m in f.harmful),
        )
        for f in scenario.faults
    )


# ---------------------------------------------------------------- detection


def _alert_firings(journal: Journal) -> list[dict[str, Any]]:
    seen: set[str] = set()
    first: list[dict[str, Any]] = []
    for e in journal.of_kind("alert.firing"):
        if e["alert"] not in seen:
            seen.add(e["alert"])
            first.append(e)
    return first


def early_warnings(journal: Journal, score: Score) -> list[dict[str, Any]]:
    """Alerts that fired before the first page (or at all, when nothing paged) without paging."""
    paged = {e.get("alert") for e in journal.of_kind("page.triggered")}
    before = score.milestones.first_page
    return [
        e
        for e in _alert_firings(journal)
        if e["alert"] not in paged and (before is None or float(e["t"]) < before)
    ]


def detection_lines(journal: Journal, score: Score) -> Iterator[str]:
    m = score.milestones
    if m.impact_start is None:
        yield "Customers were never affected: no SLO threshold was breached."
    else:
        first = next(journal.of_kind("impact.start"))
        breached = " and ".join(first.get("breached", [])) or "an SLO threshold"
        yield f"Customer impact began at {_clock(m.impact_start)} ({breached} past the SLO)."
    firings = _alert_firings(journal)
    if firings:
        first = firings[0]
        yield (
            f"The first alert to fire was {first['alert']} ({first.get('severity', '?')}) at "
            f"{_clock(float(first['t']))}{_after_impact(m.impact_start, float(first['t']))}."
        )
    if m.first_page is not None and m.impact_start is not None:
        lag = _dur(m.first_page - m.impact_start)
        yield (
            f"The first page went out at {_clock(m.first_page)}, {lag} after impact began. That "
            "delay comes from the alert rules (their thresholds and `for` durations) and is not "
            "charged to the team; clocks start at detection."
        )
    elif m.first_page is None:
        yield f"No alert paged anyone. Detection is taken as: {m.detection_source}."
    if m.declared is not None and m.detection is not None and m.declared < m.detection:
        yield (
            f"The team declared at {_clock(m.declared)}, {_dur(m.detection - m.declared)} "
            "before detection: it noticed before the alerts did."
        )
    for e in early_warnings(journal, score) if m.first_page is not None else []:
        yield (
            f"{e['alert']} fired at {_clock(float(e['t']))} as a {e.get('severity', '?')} "
            "alert, before any page, and did not page."
        )
    for e in journal.of_kind("page.escalated"):
        yield (
            f"Page {e['page']} escalated to {e.get('target', '?')} at {_clock(float(e['t']))}: "
            "nobody acknowledged it within the acknowledge timeout."
        )
    yield _titled(score.item("acknowledge"))


def _after_impact(impact_start: float | None, t: float) -> str:
    if impact_start is None:
        return ""
    if t < impact_start:
        return f", {_dur(impact_start - t)} before impact began"
    return f", {_dur(t - impact_start)} after impact began"


# ---------------------------------------------------------------- response


def response_lines(journal: Journal, scenario: Scenario, score: Score) -> Iterator[str]:
    keys = ("declare", "severity", "roles", "escalation", "first_update", "update_cadence")
    for key in (*keys, "update_completeness", "status_page", "scribe_coverage"):
        yield _titled(score.item(key))
    yield from stakeholder_lines(journal, score)
    commands = accepted_actions(journal, "investigate")
    if commands:
        herrings = {c.name for c in scenario.commands if c.red_herring}
        shown = ", ".join(
            f"`{a.params.get('command')}` at {_clock(a.t)}"
            + (" (a red herring)" if a.params.get("command") in herrings else "")
            for a in commands
        )
        yield f"The team investigated with {len(commands)} command(s): {shown}."
    else:
        yield "The team ran no investigation commands."
    refused = [e for e in journal.of_kind("action") if e.get("outcome") == "refused"]
    if refused:
        shown = "; ".join(
            f"{e.get('action')} at {_clock(float(e['t']))} ({e.get('reason', '')})"
            for e in refused[:5]
        )
        yield f"{len(refused)} action(s) were refused and changed nothing: {shown}."


def stakeholder_lines(journal: Journal, score: Score) -> Iterator[str]:
    """The stakeholder-replies item and, by name, every message that expected a reply and got
    none (nothing when no message expected one)."""
    item = score.item("stakeholder_replies")
    if not item.applicable:
        return
    yield _titled(item)
    missed = unanswered(journal)
    if missed:
        shown = "; ".join(f"{q.id} from {q.sender} at {_clock(q.t)}" for q in missed)
        yield f"Unanswered stakeholder messages: {shown}."


# ---------------------------------------------------------------- resolution


def resolution_lines(journal: Journal, scenario: Scenario, score: Score) -> Iterator[str]:
    landed = {e.get("action_id"): float(e["t"]) for e in journal.of_kind("action.effect")}
    actions = accepted_actions(journal, *SYSTEM_ACTIONS)
    if not actions:
        yield "The team changed nothing in the system."
    for a in actions:
        kind = classify(scenario, a.action, a.params)
        params = f" ({describe_params(a.params)})" if a.params else ""
        when = f", landed {_clock(landed[a.id])}" if a.id in landed else ", never landed"
        yield (f"{_clock(a.t)}: {role_name(a.role)} ran {a.action}{params}{when} — {kind}.")
    m = score.milestones
    if m.impact_end is not None and m.impact_start is not None:
        lasted = _dur(m.impact_end - m.impact_start)
        early = m.detection is not None and m.impact_end < m.detection
        note = " (before detection: the fault itself was still there)" if early else ""
        yield f"Customer impact ended for good at {_clock(m.impact_end)} after {lasted}{note}."
    elif m.impact_ongoing and m.ended_early is not None:
        when = _clock(m.ended_early)
        yield f"Customer impact was still ongoing when the exercise was ended early at {when}."
    elif m.impact_ongoing:
        yield "Customer impact was still ongoing when the exercise ended."
    for key in ("mitigate", "resolve", "harmful"):
        yield _titled(score.item(key))


# ---------------------------------------------------------------- went well / improve / items


def went_well(score: Score) -> tuple[str, ...]:
    good = [
        i
        for i in score.items
        if i.full and i.max_points > 0 and not i.explanation.startswith("not required")
    ]
    lines = [f"{_sentence(_without_credit(i))}" for i in good]
    harmful = score.item("harmful")
    if harmful.points == 0:
        lines.append("No action made the incident worse.")
    return tuple(lines)


def shortfalls(score: Score) -> list[ScoreItem]:
    """Items that lost points, the costliest first."""
    lost = [i for i in score.items if i.points < i.max_points]
    return sorted(lost, key=lambda i: i.points - i.max_points)


def to_improve(score: Score) -> tuple[str, ...]:
    return tuple(
        f"{i.title} ({i.points:g}/{i.max_points:g}): {_sentence(_without_credit(i))} "
        f"Next time: {ADVICE[i.key]}."
        for i in shortfalls(score)
    )


def action_items(journal: Journal, scenario: Scenario, score: Score) -> tuple[ActionItem, ...]:
    items = [*_detection_items(journal, scenario, score), *_harm_items(journal, scenario)]
    for note in accepted_actions(journal, "timeline_note"):
        if note.params.get("tag") == "action_item":
            text = " ".join(str(note.params.get("text", "")).split())
            source = f"noted at {_clock(note.t)}"
            issue = f"Action item the scribe noted at {_clock(note.t)}"
            items.append(ActionItem(text, "incident team", source, issue=issue))
    items += [_root_cause_item(fault, scenario.service.name) for fault in scenario.faults]
    for item, improve in zip(shortfalls(score), to_improve(score), strict=True):
        owner = {"ic": "incident commanders", "comms_lead": "comms leads"}.get(item.role, "scribes")
        practise = f"Practise: {ADVICE[item.key]}"
        issue = improve.split(" Next time:")[0]  # the debrief's "what to improve" line
        items.append(ActionItem(practise, owner, f"score: {item.title}", issue=issue))
    return tuple(items)


def _root_cause_item(fault: Fault, service: str) -> ActionItem:
    dependency = getattr(fault, "dependency", None)
    kind = fault.type.replace("_", " ")
    if dependency:
        text = f"Review the cause of {fault.id} ({kind}) with the {dependency} owners"
        issue = f"Root cause: {fault.id} ({kind})"
        return ActionItem(text, f"{service} and {dependency} owners", "root cause", issue=issue)
    text = f"Fix and test the cause of {fault.id} ({kind}); see the root cause section"
    return ActionItem(
        text, f"{service} owners", "root cause", issue=f"Root cause: {fault.id} ({kind})"
    )


def _detection_items(journal: Journal, scenario: Scenario, score: Score) -> Iterator[ActionItem]:
    m = score.milestones
    owner = f"{scenario.service.name} owners"
    if m.first_page is None and m.impact_start is not None:
        breached = ", ".join(
            sorted({b for e in journal.of_kind("impact.start") for b in e.get("breached", [])})
        )
        quiet = [e["alert"] for e in early_warnings(journal, score)]
        also = f" ({', '.join(quiet)} fired but paged nobody)" if quiet else ""
        yield ActionItem(
            f"Add a paging alert on {breached or 'the breached SLI'}: nothing paged during "
            f"this incident{also}",
            owner,
            "detection",
            issue="Nothing paged while customers were affected",
        )
        return
    elif m.first_page is not None and m.impact_start is not None:
        lag = m.first_page - m.impact_start
        if lag > PAGE_DELAY_WORTH_AN_ITEM:
            yield ActionItem(
                f"Shorten detection: the first page came {_dur(lag)} after impact began; review "
                "the paging alerts' thresholds and `for` durations",
                owner,
                "detection",
                issue=f"The first page came {_dur(lag)} after impact began",
            )
    for e in early_warnings(journal, score):
        if m.first_page is not None:
            lead = _dur(m.first_page - float(e["t"]))
            why = f"it fired {lead} before the first page"
        else:
            why = "it fired but paged nobody"
        yield ActionItem(
            f"Consider paging on {e['alert']} (or a stricter version of it): {why}",
            owner,
            "detection",
            issue=why.replace("it fired", f"{e['alert']} fired", 1),
        )


def _harm_items(journal: Journal, scenario: Scenario) -> Iterator[ActionItem]:
    seen: set[str] = set()
    for e in journal.of_kind("action.harmful"):
        if e["by"] in seen:
            continue
        seen.add(e["by"])
        yield ActionItem(
            f"Write down in the runbook why {e['by']} makes {e['fault']} worse, and what to check "
            "before trying it",
            f"{scenario.service.name} owners",
            f"harmful action at {_clock(float(e['t']))}",
            issue=f"{e['by']} made {e['fault']} worse at {_clock(float(e['t']))}",
        )


def analysis_sections(
    journal: Journal, scenario: Scenario, score: Score
) -> tuple[AnalysisSection, ...]:
    return (
        AnalysisSection("Detection", tuple(detection_lines(journal, score))),
        AnalysisSection("Response", tuple(response_lines(journal, scenario, score))),
        AnalysisSection("Resolution", tuple(resolution_lines(journal, scenario, score))),
    )
