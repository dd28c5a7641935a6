"""Scoring a hand-over of command, on hand-made journals: the IC items are the role's, and each
names whoever held command at the moment it measures; hands on keyboard charges the IC of the
moment; a run with no hand-over reads as before."""

from __future__ import annotations

from simulator.scoring import command_holders, handovers, holder_at, score
from simulator.scoring.rubric import HANDS_ON_KEYBOARD_PENALTY
from tests.scoring_helpers import action, hand_journal, page

IMPACT = {"t": 90, "kind": "impact.start"}
IMPACT_END = {"t": 900, "kind": "impact.end"}


def _roster(t: float, change: str, name: str, role: str, previous: str) -> dict:
    return {
        "t": t,
        "kind": "roster",
        "change": change,
        "name": name,
        "role": role,
        "previous": previous,
    }


def _journal(entries: list[dict], attendees: list[dict]):
    journal = hand_journal([page(100), IMPACT, IMPACT_END, *entries])
    journal.header["session"] = {"id": "s1", "solo": False, "attendees": attendees}
    return journal


TEAM = [
    {"name": "Ada", "role": "tech_lead", "joined_as": "ic"},
    {"name": "Grace", "role": "ic", "joined_as": "tech_lead"},
    {"name": "Lin", "role": "scribe"},
]
HANDOVER = [
    _roster(400, "transfer", "Grace", "ic", "tech_lead"),
    _roster(400, "transfer", "Ada", "tech_lead", "ic"),
]


def test_command_holders_follow_the_transfer():
    journal = _journal([action(160, "acknowledge"), *HANDOVER], TEAM)
    holders = command_holders(journal)
    assert holders == [(0.0, "Ada"), (400.0, "Grace")]
    assert holder_at(holders, 399) == "Ada" and holder_at(holders, 400) == "Grace"
    assert handovers(journal) == ["T+06:40: Grace took command from Ada"]


def test_ic_items_are_attributed_to_the_ic_at_their_moment():
    entries = [
        action(160, "acknowledge"),
        action(200, "declare", severity="SEV1"),
        *HANDOVER,
        action(1600, "resolve"),
    ]
    result = score(_journal(entries, TEAM))
    assert result.item("acknowledge").explanation.endswith("(by Ada, IC at T+02:40)")
    assert result.item("declare").explanation.endswith("(by Ada, IC at T+03:20)")
    assert result.item("resolve").explanation.endswith("(by Grace, IC at T+26:40)")
    # the points are the role's: the same as without a hand-over
    plain = score(_journal([e for e in entries if e["kind"] != "roster"], TEAM))
    assert result.role("ic").points == plain.role("ic").points


def test_hands_on_keyboard_names_the_ic_of_the_moment():
    entries = [
        action(160, "acknowledge"),
        *HANDOVER,
        action(600, "rollback", target="deploy"),  # role ic: Grace holds it by then
    ]
    item = score(_journal(entries, TEAM)).item("hands_on_keyboard")
    assert item.points == -HANDS_ON_KEYBOARD_PENALTY  # Ada, now tech lead, was there
    assert "rollback (A600) by Grace" in item.explanation


def test_the_old_ic_acting_as_tech_lead_after_the_hand_over_is_not_charged():
    entries = [
        action(160, "acknowledge"),
        *HANDOVER,
        action(600, "rollback", "tech_lead", target="deploy"),
    ]
    item = score(_journal(entries, TEAM)).item("hands_on_keyboard")
    assert item.points == 0


def test_no_hand_over_leaves_explanations_as_they_were():
    team = [{"name": "Ada", "role": "ic"}, {"name": "Lin", "role": "scribe"}]
    result = score(_journal([action(160, "acknowledge")], team))
    assert command_holders(_journal([], team)) == [(0.0, "Ada")]
    assert "IC at" not in result.item("acknowledge").explanation


def test_a_shadow_who_joined_as_ic_is_not_the_first_ic_and_removal_leaves_nobody():
    team = [
        {"name": "Bob", "role": "ic", "joined_shadow": True},
        {"name": "Ada", "role": "ic", "removed": True},
    ]
    entries = [action(160, "acknowledge"), _roster(300, "remove", "Ada", "ic", "ic")]
    holders = command_holders(_journal(entries, team))
    assert holders[0] == (0.0, "Ada")
    entries = [
        action(160, "acknowledge"),
        _roster(300, "reassign", "Ada", "observer", "ic"),
        action(700, "resolve"),
    ]
    result = score(_journal(entries, team))
    assert result.item("resolve").explanation.endswith("(by nobody, IC at T+11:40)")


def test_the_report_timeline_says_who_took_command_and_who_was_moved():
    from simulator.report.timeline import KIND_TEXT

    render = KIND_TEXT["roster"][1]
    assert render(HANDOVER[0]) == "Grace took command (was Tech lead)"
    assert render(HANDOVER[1]) == "Ada handed over command and is now Tech lead"
    assert render(_roster(5, "remove", "Cy", "scribe", "scribe")) == (
        "The facilitator removed Cy (Scribe)"
    )
    assert render(_roster(5, "reassign", "Cy", "comms_lead", "scribe")) == (
        "The facilitator reassigned Cy from Scribe to Comms lead"
    )
