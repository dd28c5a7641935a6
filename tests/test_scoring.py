"""Scoring: the rubric against engine runs of the shipped scenarios and hand-made journals."""

from __future__ import annotations

import copy
import functools
import re
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from simulator.durations import format_duration
from simulator.engine import run_script
from simulator.errors import JournalError
from simulator.journal import Journal
from simulator.scenario import LoadedScenario, load_scenario
from simulator.scenario.schema import ScriptedAction
from simulator.scoring import (
    DETECTION_GRACE,
    NO_COMMS_REASON,
    POINTS,
    ROLE_WEIGHTS,
    Score,
    credit,
    rubric_for,
    scenario_of,
    score,
    severity_fraction,
)
from tests.conftest import SCENARIO_DIR, SHIPPED

POOL = "pool-exhaustion.yaml"
COMMS = ("status_update", "status_page")


# ---------------------------------------------------------------- journals


@functools.cache
def loaded(name: str) -> LoadedScenario:
    return load_scenario(SCENARIO_DIR / name)


def ideal_actions(name: str) -> list[ScriptedAction]:
    expect = loaded(name).scenario.expect
    assert expect is not None
    return list(expect.ideal_response.actions)


def run(name: str, actions: list[ScriptedAction]) -> Journal:
    return run_script(loaded(name), 1, sorted(actions, key=lambda a: a.at))


@functools.cache
def _ideal(name: str) -> Journal:
    return run(name, ideal_actions(name))


def ideal_journal(name: str) -> Journal:
    """The ideal scripted response at seed 1 (a copy: tests may change it)."""
    return copy.deepcopy(_ideal(name))


def act(at: float, role: str, action: str, params: dict[str, Any] | None = None) -> ScriptedAction:
    return ScriptedAction(at=f"{at:g}s", role=role, action=action, params=params or {})


def slow_actions(name: str) -> list[ScriptedAction]:
    """The ideal response, but coordination comes 12 minutes later (or just before the end), the
    status page and scribe notes are forgotten."""
    end = loaded(name).scenario.duration - 60.0
    slowed = []
    for a in ideal_actions(name):
        if a.action in ("status_page", "timeline_note"):
            continue
        at = a.at if a.action not in _COORDINATION else min(a.at + 720.0, end)
        slowed.append(act(at, a.role, a.action, dict(a.params)))
    return slowed


_COORDINATION = ("acknowledge", "declare", "assign_role", "status_update", "resolve", "escalate")


def hand_journal(
    entries: list[dict[str, Any]], text: str | None = None, end: float = 2700.0
) -> Journal:
    """A journal with the pool scenario's header (or `text`) and the given entries."""
    header = copy.deepcopy(_ideal(POOL).header)
    if text is not None:
        header["scenario"]["text"] = text
    body = sorted(entries, key=lambda e: e["t"])
    return Journal([header, *body, {"t": end, "kind": "end", "impact_ongoing": False}])


def action(t: float, name: str, role: str = "ic", outcome: str = "accepted", **params: Any) -> dict:
    n = int(t)
    return {
        "t": t,
        "kind": "action",
        "id": f"A{n}",
        "role": role,
        "action": name,
        "params": params,
        "outcome": outcome,
    }


def page(t: float, page_id: str = "P1") -> dict[str, Any]:
    return {"t": t, "kind": "page.triggered", "page": page_id, "alert": "CheckoutHighErrorRatio"}


# ---------------------------------------------------------------- the rubric's arithmetic


def test_credit_is_full_at_target_and_linear_to_zero_at_the_multiple():
    assert credit(300, 300, 3) == 1.0
    assert credit(10, 300, 3) == 1.0
    assert credit(600, 300, 3) == pytest.approx(0.5)
    assert credit(900, 300, 3) == 0.0
    assert credit(5000, 300, 3) == 0.0


def test_severity_exact_full_one_level_half_else_zero():
    assert severity_fraction("SEV1", "SEV1") == 1.0
    assert severity_fraction("SEV2", "SEV1") == 0.5
    assert severity_fraction("SEV3", "SEV1") == 0.0
    assert severity_fraction("SEV5", "SEV1") == 0.0


def test_each_role_is_worth_100_points_and_weights_sum_to_one():
    roles = {
        "ic": ("acknowledge", "declare", "severity", "roles", "escalation", "mitigate", "resolve"),
        "comms_lead": ("first_update", "update_cadence", "update_completeness", "status_page"),
        "scribe": ("scribe_coverage",),
    }
    for keys in roles.values():
        assert sum(POINTS[k] for k in keys) == 100
    assert sum(ROLE_WEIGHTS.values()) == pytest.approx(1.0)


def test_scenario_overrides_replace_defaults():
    scenario = loaded(POOL).scenario
    rubric = rubric_for(scenario)
    for name in ("mitigate", "resolve", "harmful_action_penalty"):
        override = getattr(scenario.scoring, name)
        if override is not None:
            assert getattr(rubric, name) == override
            assert name in rubric.overridden
    plain = scenario.model_copy(update={"scoring": type(scenario.scoring)()})
    defaults = rubric_for(plain)
    assert defaults.acknowledge == 300 and defaults.declare == 600
    assert defaults.first_update == 900 and defaults.update_interval == 1800  # SEV1
    assert defaults.decay_multiple == 3 and defaults.overridden == ()


# ---------------------------------------------------------------- whole runs


@pytest.mark.parametrize("name", SHIPPED)
def test_prompt_complete_response_outscores_a_slow_one(name):
    prompt = score(ideal_journal(name))
    slow = score(run(name, slow_actions(name)))
    assert prompt.total > slow.total
    assert prompt.role("comms_lead").score >= slow.role("comms_lead").score
    assert prompt.role("scribe").score > slow.role("scribe").score


@pytest.mark.parametrize("name", SHIPPED)
def test_ideal_response_gets_full_incident_commander_credit(name):
    result = score(ideal_journal(name))
    ic = result.role("ic")
    assert ic.score >= 90, [i.explanation for i in result.items if i.role == "ic"]
    assert 0 <= result.total <= 100


@pytest.mark.parametrize("name", SHIPPED)
def test_no_comms_means_comms_score_zero_with_the_reason(name):
    actions = [a for a in ideal_actions(name) if a.action not in COMMS]
    result = score(run(name, actions))
    comms = result.role("comms_lead")
    assert comms.score == 0
    assert comms.reason == NO_COMMS_REASON
    for item in result.items:
        if item.role == "comms_lead":
            assert item.points == 0 and "no communication" in item.explanation


def test_a_harmful_action_costs_the_penalty():
    harmful = [*ideal_actions(POOL), act(17 * 60, "ic", "set_pool_size", {"size": 40})]
    base, hurt = score(ideal_journal(POOL)), score(run(POOL, harmful))
    item = hurt.item("harmful")
    penalty = rubric_for(loaded(POOL).scenario).harmful_action_penalty
    assert item.points == -penalty
    assert "set_pool_size" in item.explanation and f"-{penalty:g} points" in item.explanation
    assert hurt.total < base.total
    assert base.item("harmful").points == 0


def _measured_text(item: Any) -> str:
    """The measured value as an explanation writes it."""
    if isinstance(item.measured, str):
        return item.measured
    if item.unit == "s":
        return format_duration(abs(item.measured))
    if item.unit == "ratio":
        return f"{item.measured:.0%}"
    return f"{item.measured:g}"


@pytest.mark.parametrize("name", SHIPPED)
@pytest.mark.parametrize("response", ["ideal", "slow", "none"])
def test_every_item_is_explained(name, response):
    journal = {
        "ideal": lambda: ideal_journal(name),
        "slow": lambda: run(name, slow_actions(name)),
        "none": lambda: run(name, []),
    }[response]()
    result = score(journal)
    assert {i.key for i in result.items} == set(POINTS)
    for item in result.items:
        assert item.explanation.strip(), item.key
        if item.measured is None:
            assert re.search(r"never|not required|no |nothing", item.explanation), item
        else:
            assert _measured_text(item) in item.explanation, item
        if item.unit == "s" and item.target is not None and "target" in item.explanation:
            assert f"target {format_duration(float(item.target))}" in item.explanation


def test_no_response_scores_low_and_says_why():
    result = score(run(POOL, []))
    assert result.total < 25
    assert "never acknowledged" in result.item("acknowledge").explanation
    assert "never declared" in result.item("declare").explanation
    assert "never resolved" in result.item("resolve").explanation


def test_score_is_pure():
    journal = ideal_journal(POOL)
    before = journal.to_jsonl()
    first, second = score(journal), score(journal)
    assert first == second
    assert journal.to_jsonl() == before
    assert score(copy.deepcopy(journal)) == first


# ---------------------------------------------------------------- acknowledgement property


def _with_ack_at(journal: Journal, t: float) -> Journal:
    """Move the first acknowledgement (the action and the page.acknowledged it caused) to `t`."""
    mutated = copy.deepcopy(journal)
    ack = next(e for e in mutated.entries if e["kind"] == "action" and e["action"] == "acknowledge")
    for entry in mutated.entries:
        if entry is ack or (entry["kind"] == "page.acknowledged" and entry["t"] == ack["t"]):
            entry["t"] = t
    header, *rest = mutated.entries
    mutated.entries = [header, *sorted(rest, key=lambda e: e["t"])]
    return mutated


@functools.cache
def _ack_fixture() -> tuple[Journal, float, float]:
    """The pool ideal journal without scribe notes (so coverage cannot depend on the ack time),
    and the window in which moving the ack keeps the journal consistent."""
    actions = [a for a in ideal_actions(POOL) if a.action != "timeline_note"]
    journal = run(POOL, actions)
    pages = [e["t"] for e in journal.entries if e["kind"] == "page.triggered"]
    ends = [e["t"] for e in journal.entries if e["kind"] == "page.resolved"]
    latest = min([*pages[1:], *ends, journal.entries[-1]["t"]]) - 1.0
    return journal, pages[0], latest


@settings(max_examples=30, deadline=None)
@given(st.floats(0.0, 1.0), st.floats(0.0, 1.0))
def test_earlier_acknowledgement_never_lowers_the_score(a, b):
    journal, first, latest = _ack_fixture()
    early, late = sorted((first + a * (latest - first), first + b * (latest - first)))
    sooner, later = score(_with_ack_at(journal, early)), score(_with_ack_at(journal, late))
    assert sooner.item("acknowledge").points >= later.item("acknowledge").points
    assert sooner.role("ic").score >= later.role("ic").score
    assert sooner.total >= later.total


# ---------------------------------------------------------------- hand-made edge cases


def test_refused_actions_never_count():
    journal = hand_journal(
        [
            page(100),
            action(110, "acknowledge", outcome="refused"),
            action(120, "declare", outcome="refused", severity="SEV1"),
        ]
    )
    result = score(journal)
    assert result.item("acknowledge").points == 0
    assert "never acknowledged" in result.item("acknowledge").explanation
    assert result.milestones.declared is None


def test_ack_before_any_page_does_not_count():
    result = score(hand_journal([action(50, "acknowledge"), page(100)]))
    assert result.item("acknowledge").measured is None


def test_without_a_page_the_first_alert_is_detection_and_ack_is_not_required():
    alert = {"t": 400.0, "kind": "alert.firing", "alert": "CheckoutDbPoolSaturated"}
    result = score(hand_journal([alert, action(300, "declare", severity="SEV1")]))
    assert result.milestones.detection == 400
    assert result.item("acknowledge").points == POINTS["acknowledge"]
    assert "not required" in result.item("acknowledge").explanation
    declare = result.item("declare")
    assert declare.points == POINTS["declare"] and "before detection" in declare.explanation


def test_when_nothing_fires_detection_is_impact_start_plus_grace():
    impact = {"t": 300.0, "kind": "impact.start", "breached": ["error_ratio"]}
    result = score(
        hand_journal([impact, action(300 + DETECTION_GRACE + 120, "declare", severity="SEV1")])
    )
    assert result.milestones.detection == 300 + DETECTION_GRACE
    assert "grace" in result.milestones.detection_source
    assert result.item("declare").measured == 120


def test_impact_ending_before_detection_is_not_a_mitigation():
    entries = [
        {"t": 100.0, "kind": "impact.start", "breached": ["latency_p99_ms"]},
        {"t": 200.0, "kind": "impact.end", "started": 100.0},
        page(300),
        {"t": 1500.0, "kind": "fault.end", "fault": "leak", "by": "rollback", "reason": "fixed"},
    ]
    result = score(hand_journal(entries))
    assert result.milestones.mitigated == 1500
    assert "before detection" in result.item("mitigate").explanation
    quiet = score(hand_journal(entries[:3]))  # nothing landed: the early end is all there is
    assert quiet.milestones.mitigated == 200


def test_a_stop_gap_counts_as_mitigation_and_says_so_when_impact_returns():
    entries = [
        page(100),
        {"t": 120.0, "kind": "impact.start", "breached": ["error_ratio"]},
        {"t": 600.0, "kind": "fault.mitigated", "fault": "leak", "by": "restart_pods"},
        {"t": 700.0, "kind": "impact.end", "started": 120.0},
        {"t": 1200.0, "kind": "impact.start", "breached": ["error_ratio"]},
    ]
    item = score(hand_journal(entries)).item("mitigate")
    assert item.measured == 500
    assert "stop-gap restart_pods" in item.explanation and "came back" in item.explanation


def test_resolving_while_customers_are_affected_earns_nothing():
    entries = [
        page(100),
        {"t": 120.0, "kind": "impact.start", "breached": ["error_ratio"]},
        action(600, "resolve"),
        {"t": 900.0, "kind": "impact.end", "started": 120.0},
    ]
    item = score(hand_journal(entries)).item("resolve")
    assert item.points == 0 and "still affected" in item.explanation


def test_escalation_required_when_a_sev1_is_not_mitigated_in_time():
    base = [page(100), {"t": 120.0, "kind": "impact.start", "breached": ["error_ratio"]}]
    never = score(hand_journal(base)).item("escalation")
    assert never.points == 0 and "never escalated" in never.explanation
    escalated = score(hand_journal([*base, action(1500, "escalate", team="dba")]))
    item = escalated.item("escalation")
    assert item.points == POINTS["escalation"] and "dba" in item.explanation


def test_what_was_not_yet_due_when_the_run_ended_is_not_judged():
    """A page at T+40:00 of a 45-minute run: acknowledging was due at T+45:00, declaring at
    T+50:00, escalating at T+70:00. A run that ends first cannot say the players missed them."""
    base = [page(2400), {"t": 2410.0, "kind": "impact.start", "breached": ["error_ratio"]}]
    early = score(hand_journal(base, end=2650.0))
    for key in ("acknowledge", "declare", "escalation", "mitigate", "resolve", "first_update"):
        item = early.item(key)
        assert (item.applicable, item.points, item.max_points) == (False, 0.0, 0.0), key
        assert "before it was due at" in item.explanation, key
    assert early.item("acknowledge").explanation == (
        "not applicable: never acknowledged (page P1 at T+40:00), but the exercise ended at "
        "T+44:10, before it was due at T+45:00"
    )
    late = score(hand_journal(base, end=2700.0))  # the acknowledgement was due at T+45:00
    ack = late.item("acknowledge")
    assert (ack.applicable, ack.points) == (True, 0.0)
    assert ack.explanation == "never acknowledged (page P1 at T+40:00): no credit"
    assert not late.item("declare").applicable  # still not due at the end (T+50:00)


def test_escalation_not_required_below_sev1():
    text = (
        _ideal(POOL).header["scenario"]["text"].replace("\nseverity: SEV1\n", "\nseverity: SEV2\n")
    )
    result = score(hand_journal([page(100)], text=text))
    assert "not required" in result.item("escalation").explanation
    assert result.rubric.first_update == 1800  # SEV2 default


def test_update_completeness_and_cadence():
    entries = [
        page(100),
        action(200, "declare", severity="SEV1"),
        action(300, "status_update", "comms_lead", status="investigating", impact="x", actions="y"),
        action(
            3000,
            "status_update",
            "comms_lead",
            status="resolved",
            impact="x",
            actions="y",
            next_update="30m",
        ),
        action(3100, "resolve"),
    ]
    result = score(hand_journal(entries, end=3600))
    completeness = result.item("update_completeness")
    assert completeness.measured == 0.5 and "lacked next_update" in completeness.explanation
    cadence = result.item("update_cadence")
    assert cadence.measured == 2700 and 0 < cadence.points < POINTS["update_cadence"]


def test_scribe_coverage_counts_notes_within_the_window():
    entries = [
        page(100),
        action(150, "timeline_note", "scribe", text="paged"),
        action(200, "declare", severity="SEV1"),
        action(900, "timeline_note", "scribe", text="declared, late"),
    ]
    item = score(hand_journal(entries)).item("scribe_coverage")
    assert item.measured == 0.5
    assert "declare" in item.explanation


def test_solo_practice_leaves_naming_roles_out_of_the_totals():
    actions = [a for a in ideal_actions(POOL) if a.action != "assign_role"]
    team = score(run(POOL, actions))
    solo_journal = run(POOL, actions)
    solo_journal.header["session"] = {"id": "s1", "solo": True}
    solo = score(solo_journal)
    assert team.item("roles").points == 0 and team.item("roles").applicable
    item = solo.item("roles")
    assert (item.points, item.max_points, item.measured, item.applicable) == (0, 0, None, False)
    assert item.explanation == "not applicable: solo practice: you hold every role"
    assert solo.role("ic").max_points == team.role("ic").max_points - POINTS["roles"]
    assert solo.role("ic").score == 100.0 > team.role("ic").score
    assert "not applicable" not in solo.role("ic").reason


def test_bad_journal_gets_a_clear_error():
    journal = hand_journal([{"t": 5.0, "kind": "action", "id": "A1"}])
    with pytest.raises(JournalError, match="action entry without 'role'"):
        score(journal)
    broken = hand_journal([], text="version: 1\n")
    with pytest.raises(JournalError, match="embedded scenario is invalid"):
        scenario_of(broken)


def test_score_type_is_frozen():
    result: Score = score(ideal_journal(POOL))
    with pytest.raises(AttributeError):
        result.total = 100  # type: ignore[misc]
