"""Step mode (issue 15): the clock waits at each moment, players' moves wait as decisions and
are applied at the step's time when the facilitator advances, and the journal of a step-mode
session replays to the same result as any other session (byte for byte, same score)."""

from __future__ import annotations

import pytest

from simulator.journal import Journal
from simulator.scoring import score
from simulator.session import ClockRefused, SessionService
from simulator.session.checks import PAUSED_REASON
from tests.session_fixtures import join_all
from tests.session_helpers import POOL


def kinds_at(journal: Journal, t: float) -> list[str]:
    return [e["kind"] for e in journal.entries if e["t"] == t and e["kind"] != "metrics"]


def steps(journal: Journal) -> list[dict]:
    return [e for e in journal.entries if e["kind"] == "step"]


@pytest.fixture
def tabletop(service: SessionService):
    created = service.create(POOL, seed=11, step=True)
    players = join_all(service, created)
    service.start(created.session_id, created.facilitator_secret)
    return created, players


def test_a_step_mode_session_waits_at_each_moment(service, tabletop, clock):
    created, _players = tabletop
    sid, secret = created.session_id, created.facilitator_secret
    status = service.status(sid)
    assert (status.state, status.sim_time) == ("paused", 0.0)
    clock.advance(600)  # wall time passes: the clock does not move in step mode
    assert service.status(sid).sim_time == 0.0
    times = []
    for n in range(1, 6):
        event = service.advance(sid, secret)
        assert event.payload["n"] == n
        times.append(service.status(sid).sim_time)
        assert service.status(sid).state == "paused"
    assert times == sorted(set(times)) and times[0] > 0
    journal = service.journal(sid)
    revealed = steps(journal)
    assert [s["n"] for s in revealed] == [1, 2, 3, 4, 5]
    assert [s["t"] for s in revealed] == times
    # each step stops at a moment: something happened since the step before
    moment_kinds = {"inject", "alert.firing", "page.triggered", "page.escalated", "hint"}
    truth = {"fault.start", "fault.end", "impact.start", "impact.end"}
    for before, step in zip([0.0, *times], revealed, strict=False):
        between = {
            e["kind"]
            for e in journal.entries
            if before < e["t"] <= step["t"] and e["kind"] in moment_kinds | truth
        }
        hint_due = any(before < h <= step["t"] for h in (18 * 60.0, 24 * 60.0, 32 * 60.0))
        assert between or hint_due, f"step {step['n']} at {step['t']} stopped at nothing"


def test_resume_is_refused_in_step_mode_and_live_mode_keeps_refusing_paused_moves(
    service, tabletop
):
    created, players = tabletop
    sid, secret = created.session_id, created.facilitator_secret
    with pytest.raises(ClockRefused, match="step mode: the clock moves only with Advance"):
        service.resume(sid, secret)
    service.set_mode(sid, secret, step=False)
    refused = service.act(sid, players["ic"].id, "declare", {"severity": "SEV2", "title": "x"})
    assert refused.payload["reason"] == PAUSED_REASON
    with pytest.raises(ClockRefused, match="not in step mode"):
        service.advance(sid, secret)
    modes = [e["mode"] for e in service.journal(sid).of_kind("exercise.mode")]
    assert modes == ["step", "live"]


def test_a_decision_at_step_3_takes_effect_at_that_steps_time(service, tabletop):
    created, players = tabletop
    sid, secret = created.session_id, created.facilitator_secret
    for _ in range(3):
        service.advance(sid, secret)
    t3 = service.status(sid).sim_time
    params = {"severity": "SEV1", "title": "Checkout failing"}
    decided = service.act(sid, players["ic"].id, "declare", params)
    restart = service.act(sid, players["tech_lead"].id, "restart_pods", {})
    assert decided.kind == "decision" and decided.payload["outcome"] == "decision"
    journal = service.journal(sid)
    assert [e["action"] for e in journal.of_kind("decision")] == ["declare", "restart_pods"]
    assert not list(journal.of_kind("action")), "nothing is applied before the advance"
    restarts_before = journal.entries[-1]
    service.advance(sid, secret)
    journal = service.journal(sid)
    applied = [e for e in journal.of_kind("action")]
    assert [(e["action"], e["t"], e["outcome"]) for e in applied] == [
        ("declare", t3, "accepted"),
        ("restart_pods", t3, "accepted"),
    ]
    assert applied[0]["decision"] == f"decision-{decided.seq}"
    assert applied[1]["decision"] == f"decision-{restart.seq}"
    # the model moved at t3: the restart started after its 1m delay from t3
    started = [e for e in journal.of_kind("action.started") if e["action"] == "restart_pods"]
    assert started and started[0]["t"] == pytest.approx(t3 + 60.0, abs=1.0)
    assert restarts_before["t"] <= t3


def test_the_step_mode_journal_replays_to_the_same_result(service, tabletop):
    created, players = tabletop
    sid, secret = created.session_id, created.facilitator_secret
    for n in range(7):
        if n == 3:
            service.act(sid, players["ic"].id, "acknowledge", {})
            service.act(sid, players["scribe"].id, "timeline_note", {"text": "page acked"})
        if n == 4:
            service.act(sid, players["tech_lead"].id, "rollback", {})
        service.advance(sid, secret)
    service.end(sid, secret)
    live = service.journal(sid)
    rebuilt = service.rebuild(sid)
    assert rebuilt.to_jsonl() == live.to_jsonl()
    assert score(rebuilt) == score(live)
    assert len(steps(live)) == 7
    # and the same as the very same actions stamped in a live session of the same scenario
    fresh = SessionService(service.store, service.clock)
    assert fresh.journal(sid).to_jsonl() == live.to_jsonl()


def _without_tabletop(journal: Journal) -> list[dict]:
    """The entries after the header, minus what only step mode writes."""
    out = []
    for entry in journal.entries[1:]:
        if entry["kind"] in ("step", "decision", "exercise.mode"):
            continue
        out.append({k: v for k, v in entry.items() if k != "decision"})
    return out


def test_a_step_mode_session_plays_like_a_live_one_with_the_same_moves(service, tabletop, clock):
    """The same actions at the same sim times in a live session give the same model, score and
    journal: step mode only decides when the clock moves, never what happens."""
    created, players = tabletop
    sid, secret = created.session_id, created.facilitator_secret
    moves = {3: ("ic", "acknowledge", {}), 5: ("tech_lead", "rollback", {})}
    for n in range(8):
        if n in moves:
            role, action, params = moves[n]
            service.act(sid, players[role].id, action, params)
        service.advance(sid, secret)
    service.end(sid, secret)
    stepped = service.journal(sid)
    stamped = [(e["t"], e["role"], e["action"]) for e in stepped.of_kind("action")]
    end_at = stepped.entries[-1]["t"]
    session_end = next(e["t"] for e in stepped.of_kind("session.end"))

    live = service.create(POOL, seed=11)
    people = join_all(service, live)
    start = clock()
    service.start(live.session_id, live.facilitator_secret)
    for t, role, action in stamped:
        clock.t = start + t
        service.act(live.session_id, people[role].id, action, {})
    clock.t = start + session_end
    service.end(live.session_id, live.facilitator_secret)
    played = service.journal(live.session_id)
    assert played.entries[-1]["t"] == end_at
    assert _without_tabletop(played) == _without_tabletop(stepped)
    assert score(played).total == score(stepped).total
