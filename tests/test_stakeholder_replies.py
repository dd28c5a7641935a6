"""Talking back to stakeholders: `expects_reply` and the reply conditions in the loader, the
`reply` action in the engine and the session, conditional injects that react to a reply, and
the `stakeholder_replies` score item on hand-made journals."""

from __future__ import annotations

import pytest

from simulator.errors import ScenarioError
from simulator.journal import Journal
from simulator.report import build_report, render
from simulator.scenario import load_scenario_text
from simulator.scoring import POINTS, score
from tests.scoring_helpers import POOL, act, action, hand_journal, loaded, run
from tests.session_helpers import POOL as POOL_FILE

MINUTE = 60.0


def _pool_text() -> str:
    return loaded(POOL).text


def _load_error(old: str, new: str) -> str:
    text = _pool_text()
    assert old in text
    with pytest.raises(ScenarioError) as caught:
        load_scenario_text(text.replace(old, new, 1), "pool.yaml")
    return str(caught.value)


VP_WHEN = "    when: {replied: vp-sales-eta, reply_mentions: [eta, minutes, hour, hours]}"


# ---------------------------------------------------------------- the loader


def test_a_reply_condition_naming_an_unknown_message_is_located_with_a_suggestion():
    message = _load_error(VP_WHEN, VP_WHEN.replace("replied: vp-sales-eta", "replied: vp-sales-et"))
    line = next(i for i, t in enumerate(_pool_text().splitlines(), 1) if t == VP_WHEN)
    assert f"pool.yaml:{line}:" in message
    assert "unknown inject" in message
    assert "vp-sales-eta" in message  # did you mean


def test_no_reply_naming_an_unknown_message_is_an_error():
    old = "{no_reply: {to: vp-sales-eta,"
    message = _load_error(old, "{no_reply: {to: vp-sale-eta,")
    assert "no_reply.to" in message and "unknown inject" in message and "vp-sales-eta" in message


def test_reply_mentions_without_replied_is_an_error():
    message = _load_error(VP_WHEN, "    when: {after: 1m, reply_mentions: [eta]}")
    assert "reply_mentions" in message and "needs 'replied'" in message


def test_expects_reply_needs_a_duration():
    message = _load_error(
        "    expects_reply: {within: 10m}\n  - id: vp-sales-chases-eta",
        "    expects_reply: {within: soon}\n  - id: vp-sales-chases-eta",
    )
    assert "expects_reply.within" in message


def test_an_unknown_key_in_expects_reply_suggests_the_right_one():
    message = _load_error(
        "    expects_reply: {within: 10m}\n  - id: vp-sales-chases-eta",
        "    expects_reply: {withn: 10m}\n  - id: vp-sales-chases-eta",
    )
    assert "withn" in message and "within" in message


def test_a_scripted_reply_must_answer_an_inject_of_the_scenario():
    message = _load_error("params: {to: support-lead-tickets,", "params: {to: support-lead-ticket,")
    assert "ideal_response.actions" in message and "params.to" in message
    assert "unknown inject" in message and "support-lead-tickets" in message


# ---------------------------------------------------------------- the engine


def _injects(journal: Journal) -> dict[str, float]:
    return {e["id"]: float(e["t"]) for e in journal.of_kind("inject")}


def _replies(journal: Journal) -> list[dict]:
    return [e for e in journal.of_kind("action") if e["action"] == "reply"]


def test_a_reply_to_a_message_not_yet_arrived_is_refused_with_a_suggestion():
    journal = run(POOL, [act(60, "ic", "reply", {"to": "vp-sales-eta", "text": "ETA 10 minutes"})])
    (reply,) = _replies(journal)
    assert reply["outcome"] == "refused"
    assert "no message 'vp-sales-eta' has arrived" in reply["reason"]


def test_the_vp_stops_asking_once_she_got_an_eta():
    """No status update by 20m: the VP asks. An answer with a time: she thanks and does not
    chase; an answer without one: she chases 10 minutes after asking; no answer: likewise."""
    asked = _injects(run(POOL, []))["vp-sales-eta"]
    reply_at = asked + 2 * MINUTE
    with_eta = run(
        POOL,
        [
            act(
                reply_at,
                "comms_lead",
                "reply",
                {"to": "vp-sales-eta", "text": "ETA about 20 minutes"},
            )
        ],
    )
    without = run(
        POOL,
        [act(reply_at, "comms_lead", "reply", {"to": "vp-sales-eta", "text": "looking into it"})],
    )
    silent = run(POOL, [])
    assert _replies(with_eta)[0]["outcome"] == "accepted"
    got = _injects(with_eta)
    assert "vp-sales-thanks" in got and "vp-sales-chases-eta" not in got
    assert reply_at <= got["vp-sales-thanks"] <= reply_at + 15.0  # the next rule evaluation
    for journal in (without, silent):
        got = _injects(journal)
        assert "vp-sales-thanks" not in got
        assert asked + 10 * MINUTE <= got["vp-sales-chases-eta"] <= asked + 10 * MINUTE + 15.0


def test_the_reaction_is_deterministic():
    script = [act(1300, "ic", "reply", {"to": "vp-sales-eta", "text": "ETA 1 hour"})]
    first, second = run(POOL, script), run(POOL, script)
    assert [e for e in first.entries if e["kind"] != "metrics"] == [
        e for e in second.entries if e["kind"] != "metrics"
    ]


def test_expecting_messages_carry_their_deadline_in_the_journal():
    injects = {e["id"]: e for e in run(POOL, []).of_kind("inject")}
    assert injects["vp-sales-eta"]["expects_reply"] == 600.0
    assert "expects_reply" not in injects["dba-reporting-broken"]


# ---------------------------------------------------------------- the session


def test_a_reply_through_the_session_is_a_journaled_action(service):
    created = service.create(POOL_FILE, seed=3)
    sid, secret = created.session_id, created.facilitator_secret
    comms = service.join(sid, created.join_code, "Priya", "comms_lead").id
    scribe = service.join(sid, created.join_code, "Sam", "scribe").id
    service.start(sid, secret)
    service.inject(sid, secret, "email", "Dana (Legal)", "Do we need to notify anyone?")
    adhoc = next(e for e in service.journal(sid).of_kind("inject"))["id"]
    ok = service.act(sid, comms, "reply", {"to": adhoc, "text": "Not yet; next update 15m"})
    assert ok.payload["outcome"] == "accepted"
    assert service.act(sid, scribe, "reply", {"to": adhoc, "text": "hi"}).payload["outcome"] == (
        "refused"
    )
    (reply,) = [e for e in _replies(service.journal(sid)) if e["outcome"] == "accepted"]
    assert reply["role"] == "comms_lead"
    assert reply["params"] == {"to": adhoc, "text": "Not yet; next update 15m"}


# ---------------------------------------------------------------- scoring


def _asked(t: float, within: float = 600.0, inject_id: str = "vp-sales-eta") -> dict:
    return {
        "t": t,
        "kind": "inject",
        "id": inject_id,
        "channel": "chat",
        "sender": "Marcus Bell (VP Sales)",
        "text": "ETA?",
        "expects_reply": within,
    }


def _reply(t: float, to: str = "vp-sales-eta", role: str = "comms_lead") -> dict:
    return action(t, "reply", role, to=to, text="ETA 20 minutes")


def _item(entries: list[dict], end: float = 2700.0):
    return score(hand_journal(entries, end=end)).item("stakeholder_replies")


def test_an_answer_within_the_time_earns_full_credit_and_a_late_one_decays():
    prompt = _item([_asked(1200), _reply(1500)])
    late = _item([_asked(1200), _reply(1200 + 1200)])  # twice the 10m target, decay 3x
    later = _item([_asked(600), _reply(600 + 1500)])
    assert prompt.points == POINTS["stakeholder_replies"] and prompt.role == "ic"
    assert late.points == pytest.approx(POINTS["stakeholder_replies"] * 0.5)
    assert 0 < later.points < late.points
    assert "answered after 20m" in late.explanation


def test_an_unanswered_message_costs_and_is_named():
    item = _item([_asked(1200)])
    assert item.points == 0 and item.max_points == POINTS["stakeholder_replies"]
    assert "vp-sales-eta from Marcus Bell (VP Sales)" in item.explanation
    assert "never answered" in item.explanation


def test_the_mean_over_messages_and_a_reply_to_another_message_does_not_count():
    item = _item([_asked(600), _asked(700, inject_id="support"), _reply(800), _reply(900, "x")])
    assert item.points == pytest.approx(POINTS["stakeholder_replies"] / 2)
    assert "1 of 2" in item.explanation


def test_a_reply_not_yet_due_at_the_end_is_not_judged():
    item = _item([_asked(2400)], end=2700.0)
    assert not item.applicable and item.max_points == 0


def test_without_expectations_the_item_is_left_out_of_the_totals():
    result = score(hand_journal([action(100, "acknowledge")]))
    item = result.item("stakeholder_replies")
    assert not item.applicable
    assert result.role("ic").max_points == 100.0


def test_the_report_lists_the_unanswered_messages():
    journal = hand_journal(
        [_asked(1200), _asked(1300, inject_id="support"), _reply(1400, "support")]
    )
    text = render(build_report(journal), "md")
    assert "Unanswered stakeholder messages: vp-sales-eta from Marcus Bell (VP Sales)" in text
    assert "support from" not in text.split("Unanswered stakeholder messages:")[1].split("\n")[0]
