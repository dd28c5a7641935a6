"""A forked session's score counts only what happened after the fork (hand-made journals):
items settled before it are "before the fork" (out of the totals), a clock running across it is
measured from it, and aggregates judge only the evidence after it."""

from __future__ import annotations

from simulator.scoring import BEFORE, FORK_RULES, POINTS, score
from tests.scoring_helpers import action, hand_journal, page

FORK = 600.0
COMPLETE = {
    "status": "investigating",
    "impact": "checkout fails",
    "actions": "rolling back",
    "next_update": "15m",
}


def forked_from(at: float = FORK) -> dict:
    return {
        "t": at,
        "kind": "forked_from",
        "parent": "S-parent",
        "at": at,
        "parent_journal_sha256": "0" * 64,
        "names_kept": False,
    }


def harmful(t: float) -> dict:
    return {
        "t": t,
        "kind": "action.harmful",
        "fault": "leak",
        "by": "scale",
        "action_id": f"A{t:g}",
    }


def played() -> list[dict]:
    """Page at 5m, acknowledged at 6m40s; an incomplete update at 8m20s and a harmful action at
    7m30s (all before a fork at 10m); then a declare at 25m, a complete update at 15m and
    another harmful action at 16m40s."""
    return [
        page(300.0),
        action(400.0, "acknowledge"),
        action(500.0, "status_update", role="comms_lead", status="investigating"),
        harmful(450.0),
        action(1500.0, "declare", severity="SEV1"),
        action(900.0, "status_update", role="comms_lead", **COMPLETE),
        harmful(1000.0),
    ]


def test_every_item_has_a_fork_rule() -> None:
    assert set(FORK_RULES) == set(POINTS)


def test_an_item_settled_before_the_fork_is_out_of_the_totals() -> None:
    whole = score(hand_journal(played()))
    forked = score(hand_journal([*played(), forked_from()]))
    ack = forked.item("acknowledge")
    assert whole.item("acknowledge").applicable
    assert not ack.applicable and (ack.points, ack.max_points) == (0.0, 0.0)
    assert ack.explanation.startswith(f"{BEFORE} at T+10:00: settled at T+06:40")
    ic_max = forked.role("ic").max_points
    assert ic_max == whole.role("ic").max_points - POINTS["acknowledge"]


def test_a_clock_running_across_the_fork_is_measured_from_it() -> None:
    whole = score(hand_journal(played())).item("declare")
    forked = score(hand_journal([*played(), forked_from()])).item("declare")
    assert whole.measured == 1200.0  # from the page at 5m
    assert forked.measured == 900.0  # from the fork at 10m
    assert forked.points > whole.points
    assert "measured from the fork at T+10:00" in forked.explanation


def test_aggregates_judge_only_what_came_after_the_fork() -> None:
    whole = score(hand_journal(played()))
    forked = score(hand_journal([*played(), forked_from()]))
    assert whole.item("update_completeness").measured == 0.5
    assert forked.item("update_completeness").measured == 1.0
    assert forked.item("update_completeness").explanation.endswith("(after the fork)")
    assert whole.item("harmful").measured == 2.0
    assert forked.item("harmful").measured == 1.0


def test_an_aggregate_with_nothing_after_the_fork_is_before_it() -> None:
    early = [page(300.0), action(400.0, "status_update", role="comms_lead", **COMPLETE)]
    forked = score(hand_journal([*early, forked_from()])).item("update_completeness")
    assert not forked.applicable
    assert forked.explanation.startswith(f"{BEFORE} at T+10:00: everything it judges came before")


def test_a_fork_at_the_start_scores_like_the_whole_run() -> None:
    whole = score(hand_journal(played()))
    forked = score(hand_journal([*played(), forked_from(0.0)]))
    assert [(i.key, i.points, i.max_points) for i in forked.items] == [
        (i.key, i.points, i.max_points) for i in whole.items
    ]
