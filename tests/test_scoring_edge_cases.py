"""Scoring edge cases on hand-made journals: refused actions, detection without a page, stop-gaps,
premature resolves, escalation, what was not yet due, cadence, scribe coverage, solo practice."""

from __future__ import annotations

import pytest

from simulator.errors import JournalError
from simulator.scoring import (
    DETECTION_GRACE,
    POINTS,
    Score,
    scenario_of,
    score,
)
from tests.scoring_helpers import (
    POOL,
    action,
    cached_ideal,
    hand_journal,
    ideal_actions,
    ideal_journal,
    page,
    run,
)

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


def test_impact_ending_by_itself_is_not_a_mitigation():
    entries = [
        {"t": 100.0, "kind": "impact.start", "breached": ["latency_p99_ms"]},
        {"t": 200.0, "kind": "impact.end", "started": 100.0, "by": None},
        page(300),
        {"t": 900.0, "kind": "impact.start", "breached": ["latency_p99_ms"]},
        {"t": 1500.0, "kind": "impact.end", "started": 900.0, "by": "rollback", "action_id": "A3"},
    ]
    result = score(hand_journal(entries))
    assert result.milestones.mitigated == 1500
    assert "after rollback (A3)" in result.item("mitigate").explanation
    quiet = score(hand_journal(entries[:3]))  # nobody acted: the early end is nobody's credit
    assert quiet.milestones.mitigated is None
    assert "ended by itself" in quiet.milestones.mitigation_source


def test_a_stop_gap_counts_as_mitigation_and_says_so_when_impact_returns():
    entries = [
        page(100),
        {"t": 120.0, "kind": "impact.start", "breached": ["error_ratio"]},
        {"t": 700.0, "kind": "impact.end", "started": 120.0, "by": "restart_pods"},
        {"t": 1200.0, "kind": "impact.start", "breached": ["error_ratio"]},
    ]
    item = score(hand_journal(entries)).item("mitigate")
    assert item.measured == 600
    assert "after restart_pods" in item.explanation and "came back" in item.explanation


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
    assert never.points < POINTS["escalation"] and "never escalated" in never.explanation
    escalated = score(hand_journal([*base, action(1500, "escalate", team="dba")]))
    item = escalated.item("escalation")
    assert item.points == POINTS["escalation"] and "dba" in item.explanation


def test_escalation_decays_smoothly_past_the_deadline_no_cliff():
    """Mitigated 7 s after the 30-minute mark without escalating: almost full credit, not zero;
    the longer it stays unmitigated, the less."""
    base = [page(100), {"t": 120.0, "kind": "impact.start", "breached": ["error_ratio"]}]

    def owed(mitigated_at: float) -> float:
        landed = {"t": mitigated_at, "kind": "impact.end", "by": "rollback", "action_id": "A9"}
        return score(hand_journal([*base, landed], end=9000.0)).item("escalation").points

    assert owed(100 + 1800 - 1) == POINTS["escalation"]
    assert POINTS["escalation"] * 0.99 < owed(100 + 1807) < POINTS["escalation"]
    assert owed(100 + 1807) > owed(100 + 2700) > owed(100 + 4000) > 0
    assert owed(100 + 5400) == 0


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
    text = cached_ideal(POOL).header["scenario"]["text"]
    text = text.replace("\nseverity: SEV1\n", "\nseverity: SEV2\n")
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
    """The late note (700 s after the declaration, window 300 s, none at 900 s) earns a third."""
    entries = [
        page(100),
        action(150, "timeline_note", "scribe", text="paged"),
        action(200, "declare", severity="SEV1"),
        action(900, "timeline_note", "scribe", text="declared, late"),
    ]
    item = score(hand_journal(entries)).item("scribe_coverage")
    assert item.measured == round((1.0 + (900 - 700) / (900 - 300)) / 2, 4)
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
