"""Sessions: rebuilding, catching up with other processes, journal_at, status and the list."""

from __future__ import annotations

from simulator.roles import ROLES
from tests.session_helpers import FakeClock

# ------------------------------------------------------------------ replay and reads


def play(service, session, players, clock):
    sid = session.session_id
    script = [
        (30, "ic", "acknowledge", {}),
        (60, "ic", "declare", {"severity": "SEV1"}),
        (90, "tech_lead", "investigate", {"command": "db-activity"}),
        (10, "scribe", "timeline_note", {"text": "idle in transaction everywhere"}),
        (60, "ic", "rollback", {"target": "deploy"}),
        (30, "comms_lead", "status_page", {"state": "identified", "message": "fix rolling"}),
        (400, "ic", "mark_mitigated", {}),
    ]
    for wait, role, action, params in script:
        clock.advance(wait)
        service.act(sid, players[role].id, action, params)
        service.status(sid)  # reads in between advance the engine


def test_rebuilt_engine_gives_the_live_journal(service, running, clock, another):
    session, players = running
    sid = session.session_id
    play(service, session, players, clock)
    clock.advance(100)
    live = service.journal(sid).to_jsonl()
    assert service.rebuild(sid).to_jsonl() == live
    other = another(clock)  # another process, cold cache
    assert other.journal(sid).to_jsonl() == live


def test_another_process_appending_makes_the_cache_catch_up(service, running, clock, another):
    session, players = running
    sid = session.session_id
    other = another(clock)
    service.status(sid)
    other.act(sid, players["ic"].id, "declare", {"severity": "SEV1"})
    clock.advance(10)
    assert service.status(sid).last_seq == other.status(sid).last_seq
    assert service.journal(sid).to_jsonl() == other.journal(sid).to_jsonl()


def test_stale_cache_is_rebuilt(service, running, clock, another):
    """An engine advanced past an event it had not seen yet is rebuilt from the log."""
    session, players = running
    sid = session.session_id
    slow_clock = FakeClock(clock.t - 50)  # this process's wall clock is behind
    other = another(slow_clock)
    service.status(sid)  # the first process advances to 120 s
    other.act(sid, players["ic"].id, "acknowledge")
    late = other.store.events(sid)[-1]
    assert late.sim_time == 70.0
    journal = service.journal(sid)  # sees an event stamped before its engine's time: rebuilds
    assert [e["t"] for e in journal.entries if e["kind"] == "action"] == [70.0]
    assert journal.to_jsonl() == another(clock).journal(sid).to_jsonl()


def test_journal_at_any_point_is_a_prefix_of_the_whole(service, running, clock):
    session, players = running
    sid = session.session_id
    play(service, session, players, clock)
    service.end(sid, session.facilitator_secret)
    whole = service.journal(sid).entries
    for t in (0.0, 200.0, 450.0, 900.0, 2000.0):
        at = service.journal_at(sid, t).entries
        assert at == [e for e in whole if e["t"] < t or e["kind"] == "header"][: len(at)]
        assert all(e["t"] < t for e in at[1:])
        assert len(at) == len([e for e in whole[1:] if e["t"] < t]) + 1
    assert service.journal_at(sid, 2700.0).to_jsonl() == service.journal(sid).to_jsonl()


def test_journal_at_is_capped_at_now_while_running(service, running, clock):
    session, _ = running
    later = service.journal_at(session.session_id, 2000.0)
    assert max(e["t"] for e in later.entries) < 120.0


def test_status_shows_alerts_and_pages(service, running, clock):
    session, _ = running
    sid = session.session_id
    clock.advance(1500)  # the leak has filled the pools by now
    status = service.status(sid)
    assert status.state == "running" and status.sim_time == 1620.0
    assert status.firing
    assert status.open_pages and status.open_pages[0].status in ("triggered", "acknowledged")
    data = status.to_dict()
    assert data["firing"] == list(status.firing)


def test_sessions_list(service, session, clock):
    service.start(session.session_id, session.facilitator_secret)
    clock.advance(42)
    summary = next(s for s in service.sessions() if s.session_id == session.session_id)
    assert (summary.state, summary.sim_time, summary.participants) == ("running", 42.0, 0)


def test_roles_table_is_documented():
    from simulator.session import permission_table
    from tests.conftest import ROOT

    text = (ROOT / "docs" / "reference" / "sessions.md").read_text(encoding="utf-8")
    assert permission_table() in text
    assert all(role in text for role in ROLES)
