"""Scoring judges content, not only timing: hand-made journals for the scribe's notes, the comms
lead's promises and status page, and the IC's hands on the keyboard."""

from __future__ import annotations

from simulator.scoring import POINTS, note_matches, score
from simulator.scoring.reading import Context, milestones, scenario_of
from simulator.scoring.rubric import HANDS_ON_KEYBOARD_PENALTY, rubric_for
from tests.scoring_helpers import action, hand_journal, page

IMPACT = {"t": 120.0, "kind": "impact.start", "breached": ["error_ratio"]}
IMPACT_END = {"t": 1500.0, "kind": "impact.end", "by": "rollback", "action_id": "A1400"}


def _ic_events() -> list[dict]:
    return [
        page(100),
        IMPACT,
        action(160, "acknowledge"),
        action(200, "declare", severity="SEV1"),
        action(600, "rollback", target="deploy"),
        IMPACT_END,
        action(1600, "resolve"),
    ]


def _notes(times_and_texts: list[tuple[float, str]]) -> list[dict]:
    return [action(t, "timeline_note", "scribe", text=text) for t, text in times_and_texts]


def _scribe(entries: list[dict]) -> float:
    return score(hand_journal(entries)).item("scribe_coverage").points


def test_notes_that_say_nothing_earn_nothing():
    """Six "." notes right after each event: no credit (it used to be 7 of 7, full credit)."""
    dots = _notes([(105, "."), (165, "."), (205, "."), (605, "."), (1505, "."), (1605, ".")])
    item = score(hand_journal(_ic_events() + dots)).item("scribe_coverage")
    assert item.points == 0
    assert "6 note(s) said nothing" in item.explanation
    assert "no note refers to it" in item.explanation


def test_accurate_notes_earn_full_credit_and_late_ones_partial_credit_that_decays():
    texts = [
        "paged P1",
        "acked",
        "declared SEV1",
        "rolling back the deploy",
        "impact over",
        "resolved",
    ]
    event_times = [100, 160, 200, 600, 1500, 1600]
    prompt = _scribe(
        _ic_events() + _notes([(t + 20, x) for t, x in zip(event_times, texts, strict=True)])
    )
    late = _scribe(
        _ic_events() + _notes([(t + 420, x) for t, x in zip(event_times, texts, strict=True)])
    )
    later = _scribe(
        _ic_events() + _notes([(t + 720, x) for t, x in zip(event_times, texts, strict=True)])
    )
    never = _scribe(
        _ic_events() + _notes([(t + 960, x) for t, x in zip(event_times, texts, strict=True)])
    )
    assert prompt == POINTS["scribe_coverage"]
    assert prompt > late > later > 0  # partial credit, decaying with lateness
    assert never < later


def test_a_note_counts_by_the_time_it_names():
    """ "T+10:00: started" names no subject but the rollback's time (600 s) within the tolerance."""
    entries = _ic_events() + _notes([(640, "T+10:00 started")])
    journal = hand_journal(entries)
    scenario = scenario_of(journal)
    ctx = Context(journal, scenario, rubric_for(scenario), milestones(journal, scenario))
    matched = {m.event.label: m for m in note_matches(ctx) if m.note is not None}
    assert list(matched) == ["rollback (A600)"]
    assert matched["rollback (A600)"].by == "time"
    assert "note A640" in score(journal).item("scribe_coverage").explanation


def test_decisions_and_action_items_need_an_owner_or_a_reason():
    owned = action(
        700, "timeline_note", "scribe", text="add a pool alert, owner: Ana", tag="action_item"
    )
    bare = action(710, "timeline_note", "scribe", text="add a pool alert", tag="action_item")
    why = action(
        720, "timeline_note", "scribe", text="roll back because the deploy leaks", tag="decision"
    )
    item = score(hand_journal([*_ic_events(), owned, bare, why])).item("scribe_decisions")
    assert item.points == round(POINTS["scribe_decisions"] * 2 / 3, 2)
    assert "A710" in item.explanation


def _update(t: float, next_update: float | str | None, impact: str = "checkout failing") -> dict:
    params = {"status": "investigating", "impact": impact, "actions": "rolling back"}
    if next_update is not None:
        params["next_update"] = next_update
    return action(t, "status_update", "comms_lead", **params)


def test_a_broken_next_update_promise_costs():
    kept = [_update(300, "15m"), _update(1150, 900), _update(2000, None)]  # as the form sends
    broken = [_update(300, 900), _update(2100, None)]  # promised T+20:00, came at T+35:00
    kept_item = score(hand_journal(_ic_events() + kept)).item("update_promises")
    broken_item = score(hand_journal(_ic_events() + broken)).item("update_promises")
    assert kept_item.points == POINTS["update_promises"]
    assert 0 < broken_item.points < POINTS["update_promises"]
    assert "A300 promised T+20:00, next came 15m late" in broken_item.explanation


def test_a_status_page_that_says_resolved_during_impact_costs():
    def post(t: float, state: str) -> dict:
        return action(t, "status_page", "comms_lead", state=state, message="checkout")

    honest = [post(400, "investigating"), post(1550, "resolved")]
    early = [post(400, "investigating"), post(1000, "resolved")]  # impact lasts to 1500
    honest_item = score(hand_journal(_ic_events() + honest)).item("status_page")
    early_item = score(hand_journal(_ic_events() + early)).item("status_page")
    assert honest_item.points == POINTS["status_page"]
    assert early_item.points == POINTS["status_page"] / 2
    assert "said resolved while customers were still affected (A1000" in early_item.explanation


def test_the_status_page_and_first_update_are_timed_from_detection():
    """Detection at the page (100 s); declared at 1300 s; posted at 1720 s: 27 minutes late."""
    entries = [
        page(100),
        IMPACT,
        action(1300, "declare", severity="SEV1"),
        action(1720, "status_page", "comms_lead", state="investigating", message="x"),
        _update(1720, None),
    ]
    result = score(hand_journal(entries))
    assert result.item("status_page").points < POINTS["status_page"]
    assert result.item("status_page").measured == 1620
    assert result.item("first_update").measured == 1620
    assert "after detection" in result.item("first_update").explanation


def test_an_impact_statement_that_denies_impact_costs():
    denied = score(hand_journal([*_ic_events(), _update(300, None, "no customer impact")]))
    honest = score(hand_journal([*_ic_events(), _update(300, None)]))
    assert denied.item("impact_truth").points == 0
    assert honest.item("impact_truth").points == POINTS["impact_truth"]


def _with_attendees(entries: list[dict], roles: list[str]):
    journal = hand_journal(entries)
    attendees = [{"name": f"P{i}", "role": r} for i, r in enumerate(roles)]
    journal.header["session"] = {"id": "s1", "solo": False, "attendees": attendees}
    return journal


def test_ic_hands_on_keyboard_costs_with_a_tech_lead_present_and_not_without():
    team = ["ic", "comms_lead", "scribe"]
    alone = score(_with_attendees(_ic_events(), team)).item("hands_on_keyboard")
    with_tl = score(_with_attendees(_ic_events(), [*team, "tech_lead"])).item("hands_on_keyboard")
    assert alone.points == 0 and "nothing deducted" in alone.explanation
    assert with_tl.points == -HANDS_ON_KEYBOARD_PENALTY
    assert "rollback (A600)" in with_tl.explanation
    assert (
        score(_with_attendees(_ic_events(), team)).role("ic").score
        > score(_with_attendees(_ic_events(), [*team, "tech_lead"])).role("ic").score
    )


def test_the_tech_lead_taking_the_action_costs_the_ic_nothing():
    events = [e for e in _ic_events() if e.get("action") != "rollback"]
    events.append(action(600, "rollback", "tech_lead", target="deploy"))
    result = score(_with_attendees(events, ["ic", "tech_lead"]))
    assert result.item("hands_on_keyboard").points == 0


def test_a_solo_player_is_not_charged_for_hands_on_keyboard():
    journal = _with_attendees(_ic_events(), ["tech_lead"])
    journal.header["session"]["solo"] = True
    item = score(journal).item("hands_on_keyboard")
    assert (item.points, item.applicable) == (0.0, False)
