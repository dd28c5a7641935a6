"""Assemble a `Report` from a journal (and its score): pure, no files, no engine."""

from __future__ import annotations

from simulator.actions import SYSTEM_ACTIONS
from simulator.durations import format_clock, format_duration
from simulator.journal import Journal, played, scenario_end
from simulator.report.analysis import (
    action_items,
    analysis_sections,
    classify,
    root_causes,
    to_improve,
    went_well,
)
from simulator.report.charts import chart_data
from simulator.report.exercise import exercise_report
from simulator.report.impact import estimate_impact
from simulator.report.model import (
    Durations,
    Impact,
    Marker,
    Report,
    SeverityFinding,
    WhatIfData,
)
from simulator.report.postmortem import (
    attendees,
    five_whys,
    lessons,
    note_links,
    played_on,
    prioritised,
    with_times_of_day,
)
from simulator.report.timeline import build_timeline
from simulator.scenario.schema import Scenario
from simulator.scenario.wallclock import time_of_day
from simulator.scoring import Milestones, Score, accepted_actions, scenario_of, score


def build_report(
    journal: Journal,
    result: Score | None = None,
    for_facilitator: bool = False,
    what_if: WhatIfData | None = None,
) -> Report:
    """The after-action report of one run. `result` defaults to `score(journal)`.

    The report is the participants' debrief: it includes the root cause but never the
    facilitator's notes or hints. `for_facilitator` adds the scenario's discussion questions.
    `what_if` is the cost of delay, computed by `simulator.whatif` (the report never runs the
    engine; `simulator.whatif.report_data` turns a what-if into this).
    A run the facilitator ended early is reported up to that moment (`played`), like its score.
    """
    result = result if result is not None else score(journal)
    journal = played(journal)
    scenario = scenario_of(journal)
    impact = estimate_impact(journal, scenario)
    seed = journal.header.get("seed")
    causes = root_causes(scenario, journal)
    improve = to_improve(result)
    day = played_on(journal)
    return Report(
        scenario_id=scenario.id,
        scenario_title=scenario.title,
        service=scenario.service.name,
        seed=seed if isinstance(seed, int) else None,
        summary=summary(scenario, result, impact, journal),
        durations=durations(result, scenario, journal),
        severity=severity_finding(result),
        impact=impact,
        timeline=with_times_of_day(build_timeline(journal), scenario),
        root_causes=causes,
        analysis=analysis_sections(journal, scenario, result),
        went_well=went_well(result),
        to_improve=improve,
        action_items=prioritised(action_items(journal, scenario, result), day),
        discussion_questions=(
            tuple(scenario.facilitation.discussion_questions) if for_facilitator else ()
        ),
        charts=chart_data(journal, scenario),
        markers=markers(journal, scenario),
        score=result,
        date=day,
        starts_at=time_of_day(scenario, 0.0),
        attendees=attendees(journal),
        note_links=note_links(journal, scenario, result),
        contributing_factors=tuple(scenario.postmortem.contributing_factors),
        five_whys=five_whys(scenario, causes),
        lessons=lessons(scenario, improve),
        what_if=what_if,
        exercise=exercise_report(journal, result),
    )


def durations(result: Score, scenario: Scenario, journal: Journal) -> Durations:
    m = result.milestones
    end = scenario_end(journal, scenario.duration)
    return Durations(
        exercise_seconds=m.end,
        impact_start=m.impact_start,
        impact_end=m.impact_end,
        impact_ongoing=m.impact_ongoing,
        detected=m.detection,
        resolved=m.resolved,
        ended_early=m.ended_early,
        scenario_seconds=end,
        extended_from=scenario.duration if end > scenario.duration else None,
    )


def severity_finding(result: Score) -> SeverityFinding:
    m = result.milestones
    return SeverityFinding(
        expected=m.expected_severity,
        declared=m.declared_severity,
        declared_at=m.declared,
        explanation=result.item("severity").explanation,
    )


def markers(journal: Journal, scenario: Scenario) -> tuple[Marker, ...]:
    """First firing of each alert, and every accepted system action (harmful ones in black)."""
    found: list[Marker] = []
    seen: set[str] = set()
    for e in journal.of_kind("alert.firing"):
        if e["alert"] not in seen:
            seen.add(e["alert"])
            found.append(Marker(float(e["t"]), "alert", e["alert"]))
    for a in accepted_actions(journal, *SYSTEM_ACTIONS):
        kind = "harmful" if classify(scenario, a.action, a.params) == "harmful" else "action"
        found.append(Marker(a.t, kind, f"{a.id} {a.action}"))
    return tuple(sorted(found, key=lambda m: m.t))


def _count(value: float) -> str:
    return f"{round(value):,}"


def summary(scenario: Scenario, result: Score, impact: Impact, journal: Journal) -> str:
    """One blameless paragraph: what happened, what it cost, how the response went."""
    m = result.milestones
    parts = [f"{scenario.title}."]
    if m.ended_early is not None:
        parts.append(early_end_sentence(m, scenario_end(journal, scenario.duration)))
    if m.impact_start is None:
        parts.append(f"{scenario.service.name} never breached its SLO during this exercise.")
    else:
        until = "the end of the exercise" if m.impact_ongoing else format_clock(m.impact_end or 0)
        parts.append(
            f"Customers of {scenario.service.name} were affected for "
            f"{format_duration(impact.impact_seconds)}, from {format_clock(m.impact_start)} "
            f"to {until}: about {_count(impact.failed)} requests failed "
            f"({impact.failed_share:.1%} of {_count(impact.requests)})"
            + (
                f" and about {_count(impact.orders_lost)} orders were lost"
                if impact.orders_lost >= 1
                else ""
            )
            + "."
        )
    parts.append(_response_sentence(m))
    first_cause = scenario.faults[0].root_cause.strip().split(". ")[0].rstrip(".")
    parts.append(f"Root cause: {' '.join(first_cause.split())}.")
    roles = ", ".join(f"{r.title.lower()} {r.score:.0f}" for r in result.roles)
    parts.append(f"Score: {result.total:.0f}/100 ({roles}).")
    return " ".join(parts)


def early_end_sentence(m: Milestones, scenario_seconds: float) -> str:
    """`The exercise ended early at T+20:02 ..., while customer impact was still ongoing; ...`."""
    assert m.ended_early is not None
    runs = format_duration(scenario_seconds)
    head = f"The exercise ended early at {format_clock(m.ended_early)} (the scenario runs {runs})"
    if m.impact_ongoing:
        head += ", while customer impact was still ongoing"
    return head + "; this report counts everything up to that moment."


def _response_sentence(m: Milestones) -> str:
    bits = []
    if m.detection is not None:
        bits.append(f"detection came at {format_clock(m.detection)} ({m.detection_source})")
    if m.declared is not None:
        bits.append(
            f"a {m.declared_severity} was declared at {format_clock(m.declared)} "
            f"(expected {m.expected_severity})"
        )
    else:
        bits.append(f"no incident was declared (expected {m.expected_severity})")
    if m.mitigated is not None:
        bits.append(f"mitigation came at {format_clock(m.mitigated)}")
    bits.append(
        f"the incident was resolved at {format_clock(m.resolved)}"
        if m.resolved is not None
        else "the incident was never resolved"
    )
    text = "; ".join(bits)
    return text[:1].upper() + text[1:] + "."
