"""Scoring: the rubric, whole runs of the shipped scenarios, and the acknowledgement property.
Hand-made edge cases are in test_scoring_edge_cases.py; the journals in tests/scoring_helpers.py."""

from __future__ import annotations

import copy
import functools
import re
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from simulator.durations import format_duration
from simulator.journal import Journal
from simulator.scoring import (
    NO_COMMS_REASON,
    POINTS,
    ROLE_WEIGHTS,
    credit,
    rubric_for,
    score,
    severity_fraction,
)
from tests.conftest import SHIPPED
from tests.scoring_helpers import (
    COMMS,
    POOL,
    act,
    ideal_actions,
    ideal_journal,
    loaded,
    run,
    slow_actions,
)

# ---------------------------------------------------------------- the rubric's arithmetic


def test_credit_is_full_at_target_and_linear_to_zero_at_the_multiple():
    assert credit(300, 300, 3) == 1.0
    assert credit(10, 300, 3) == 1.0
    assert credit(600, 300, 3) == pytest.approx(0.5)
    assert credit(900, 300, 3) == 0.0
    assert credit(5000, 300, 3) == 0.0


def test_severity_errs_on_the_high_side():
    assert severity_fraction("SEV1", "SEV1") == 1.0
    assert severity_fraction("SEV2", "SEV1") == 0.25  # one level too low
    assert severity_fraction("SEV3", "SEV1") == 0.0
    assert severity_fraction("SEV5", "SEV1") == 0.0
    assert severity_fraction("SEV1", "SEV2") == 0.75  # one level too high costs less
    assert severity_fraction("SEV1", "SEV3") == 0.4
    assert severity_fraction("SEV3", "SEV2") < severity_fraction("SEV1", "SEV2")


def test_each_role_is_worth_100_points_and_weights_sum_to_one():
    roles = {
        "ic": ("acknowledge", "declare", "severity", "roles", "escalation", "mitigate", "resolve"),
        "comms_lead": (
            "first_update",
            "update_cadence",
            "update_completeness",
            "update_promises",
            "status_page",
            "impact_truth",
        ),
        "scribe": ("scribe_coverage", "scribe_decisions"),
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
def test_every_shipped_ideal_response_earns_full_marks(name):
    """A scenario's ideal response is what the debrief holds up as good practice: it must earn
    the points the scoring gives for it (roles doing their own jobs, notes that refer to the key
    events in time, decisions with a reason, action items with an owner). Only an event before
    the scribe could be named (the first page) may cost a fraction of a point."""
    result = score(ideal_journal(name))
    short = [f"{i.key}: {i.explanation}" for i in result.items if i.points < i.max_points]
    assert result.total >= 99.5, short


@pytest.mark.parametrize("name", SHIPPED)
def test_no_comms_means_comms_score_zero_with_the_reason(name):
    actions = [a for a in ideal_actions(name) if a.action not in COMMS]
    result = score(run(name, actions))
    comms = result.role("comms_lead")
    assert comms.score == 0
    assert comms.reason == NO_COMMS_REASON
    for item in result.items:
        # an update not yet due when the exercise ended (a late detection) is not applicable
        if item.role == "comms_lead" and item.applicable:
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
