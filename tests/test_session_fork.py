"""Forking a session from a moment (issue 14 item 4): the fork's state at the moment is the
parent's, the earlier actions are in place, it runs on from there, its journal says where it
came from, and bad requests get a clear message."""

from __future__ import annotations

import hashlib
import json

import pytest

from simulator.cli import main
from simulator.journal import Journal
from simulator.session import AccessDenied, SessionError, SessionNotFound
from tests.session_fixtures import join_all
from tests.session_helpers import POOL

FORK_AT = 600.0


def _metrics(journal: Journal, until: float) -> list[dict]:
    return [e for e in journal.entries if e["kind"] == "metrics" and e["t"] < until]


def _actions(journal: Journal, until: float | None = None) -> list[tuple]:
    return [
        (e["t"], e["id"], e["role"], e["action"], e["outcome"])
        for e in journal.of_kind("action")
        if until is None or e["t"] < until
    ]


@pytest.fixture
def played(service, running, clock):
    """A session played to 20 minutes: acknowledge at 2m, a note at 7m, a restart at 8m and a
    rollback at 15m, a hint at 9m, then ended."""
    created, players = running
    sid, secret = created.session_id, created.facilitator_secret
    service.act(sid, players["ic"].id, "acknowledge")
    clock.advance(300)
    service.act(sid, players["scribe"].id, "timeline_note", {"text": "paged", "tag": "note"})
    clock.advance(60)
    service.act(sid, players["tech_lead"].id, "restart_pods")
    clock.advance(60)
    service.hint(sid, secret, "look at the deploys")
    clock.advance(360)
    service.act(sid, players["tech_lead"].id, "rollback", {"target": "deploy"})
    clock.advance(300)
    service.end(sid, secret)
    return created, players


def test_the_fork_starts_in_the_lobby_at_the_moment_with_the_earlier_actions(service, played):
    parent, _ = played
    fork = service.fork(parent.session_id, parent.facilitator_secret, FORK_AT)
    assert fork.session_id != parent.session_id
    assert fork.join_code != service.session(parent.session_id).join_code
    status = service.status(fork.session_id)
    assert (status.state, status.sim_time) == ("lobby", FORK_AT)

    mine, theirs = service.journal(fork.session_id), service.journal(parent.session_id)
    assert _metrics(mine, FORK_AT) == _metrics(theirs, FORK_AT)
    assert len(_metrics(mine, FORK_AT)) == FORK_AT // 1 - 1  # every tick before the moment
    assert _actions(mine) == _actions(theirs, FORK_AT)  # acknowledge, note, restart; no rollback
    assert [a[3] for a in _actions(mine)] == ["acknowledge", "timeline_note", "restart_pods"]
    assert [(e["t"], e["text"]) for e in mine.of_kind("hint")] == [(540.0, "look at the deploys")]
    (entry,) = mine.of_kind("forked_from")
    expected = hashlib.sha256(
        service.journal_at(parent.session_id, FORK_AT).to_jsonl().encode()
    ).hexdigest()
    assert entry["t"] == FORK_AT
    assert entry["parent"] == parent.session_id
    assert entry["at"] == FORK_AT
    assert entry["parent_journal_sha256"] == expected
    assert entry["names_kept"] is False and "participants" not in entry


def test_the_fork_runs_on_from_the_moment(service, played, clock):
    parent, _ = played
    fork = service.fork(parent.session_id, parent.facilitator_secret, FORK_AT)
    clock.advance(30)
    assert service.status(fork.session_id).sim_time == FORK_AT  # the lobby holds the moment
    service.start(fork.session_id, fork.facilitator_secret)
    clock.advance(90)
    assert service.status(fork.session_id).sim_time == FORK_AT + 90
    parent_until = service.journal_at(parent.session_id, FORK_AT + 90)
    # Nobody acted after the fork yet, so the fork is the parent as it stood then.
    assert _metrics(service.journal(fork.session_id), FORK_AT + 90) == _metrics(
        parent_until, FORK_AT + 90
    )


def test_a_different_action_after_the_fork_changes_the_outcome(service, played, clock):
    parent, _ = played
    fork = service.fork(parent.session_id, parent.facilitator_secret, FORK_AT)
    players = join_all(service, fork)
    service.start(fork.session_id, fork.facilitator_secret)
    clock.advance(10)
    service.act(fork.session_id, players["tech_lead"].id, "rollback", {"target": "deploy"})
    clock.advance(600)
    service.end(fork.session_id, fork.facilitator_secret)

    def failed(journal: Journal) -> float:
        return sum(e["values"]["error_rate"] for e in _metrics(journal, 1200.0))

    mine, theirs = service.journal(fork.session_id), service.journal(parent.session_id)
    rollbacks = [a for a in _actions(mine) if a[3] == "rollback"]
    assert [a[0] for a in rollbacks] == [FORK_AT + 10]
    assert failed(mine) < failed(theirs)  # rolled back 5 minutes earlier than the parent did


def test_names_are_kept_only_when_asked(service, played):
    parent, _ = played
    kept = service.fork(parent.session_id, parent.facilitator_secret, FORK_AT, keep_names=True)
    (entry,) = service.journal(kept.session_id).of_kind("forked_from")
    assert entry["names_kept"] is True
    assert {(p["name"], p["role"]) for p in entry["participants"]} >= {("Ic", "ic")}
    assert service.participants(kept.session_id) == []  # everyone joins the fork afresh


def test_a_fork_of_a_running_session_is_up_to_where_it_is(service, running, clock):
    created, players = running
    service.act(created.session_id, players["ic"].id, "acknowledge")
    clock.advance(60)
    fork = service.fork(created.session_id, created.facilitator_secret, 150)
    assert service.status(fork.session_id).sim_time == 150
    assert [a[3] for a in _actions(service.journal(fork.session_id))] == ["acknowledge"]


@pytest.mark.parametrize(
    ("at", "message"),
    [
        (
            1300,
            "fork at T+21:40: session {sid} only reached T+20:00 (ended); pick a moment up to then",
        ),
        (-60, "fork at: the time cannot be negative (got -60s)"),
        (float("nan"), "fork at: expected a time in seconds like 720 or 12m (got nan)"),
        ("12m", "fork at: expected a time in seconds like 720 or 12m (got '12m')"),
    ],
)
def test_a_bad_moment_is_a_clear_message(service, played, at, message):
    parent, _ = played
    sid = parent.session_id
    with pytest.raises(SessionError) as caught:
        service.fork(sid, parent.facilitator_secret, at)
    assert str(caught.value) == message.format(sid=sid)


def test_unknown_session_wrong_secret_and_lobby_are_refused(service, session):
    with pytest.raises(SessionNotFound, match="no session 'nope'"):
        service.fork("nope", "secret", 60)
    with pytest.raises(AccessDenied, match="wrong facilitator secret"):
        service.fork(session.session_id, "wrong", 60)
    with pytest.raises(SessionError, match="has not started: there is no moment to fork"):
        service.fork(session.session_id, session.facilitator_secret, 0)


@pytest.fixture
def gameday(store_url, monkeypatch, capsys):
    monkeypatch.setenv("GAMEDAY_DATABASE_URL", store_url)
    monkeypatch.delenv("GAMEDAY_FACILITATOR_SECRET", raising=False)

    def run(*argv: str) -> tuple[int, str, str]:
        code = main([str(a) for a in argv])
        out, err = capsys.readouterr()
        return code, out, err

    return run


def test_gameday_session_fork(gameday, service, played):
    parent, _ = played
    sid, secret = parent.session_id, parent.facilitator_secret
    code, out, err = gameday("session", "fork", sid, "--at", "10m", "--secret", secret)
    assert (code, err) == (0, "")
    made = json.loads(out)
    assert set(made) == {"session_id", "join_code", "facilitator_secret", "forked_from", "at"}
    assert (made["forked_from"], made["at"]) == (sid, 600.0)
    (entry,) = service.journal(made["session_id"]).of_kind("forked_from")
    assert (entry["parent"], entry["at"], entry["names_kept"]) == (sid, 600.0, False)

    code, out, _ = gameday("session", "fork", sid, "--at", "1m", "--keep-names", "--secret", secret)
    (entry,) = service.journal(json.loads(out)["session_id"]).of_kind("forked_from")
    assert entry["names_kept"] is True


@pytest.mark.parametrize(
    ("argv", "exit_code", "message"),
    [
        (["--at", "30m"], 1, "only reached T+20:00 (ended); pick a moment up to then"),
        (["--at=-5m"], 2, "expected a duration like"),
        (["--at", "-5m"], 2, "argument --at: expected one argument"),
        (["--at", "soon"], 2, "expected a duration like"),
        ([], 2, "the following arguments are required: --at"),
    ],
)
def test_gameday_session_fork_mistakes(gameday, played, argv, exit_code, message):
    parent, _ = played
    code, _, err = gameday(
        "session", "fork", parent.session_id, *argv, "--secret", parent.facilitator_secret
    )
    assert code == exit_code and message in err and "Traceback" not in err


def test_gameday_session_fork_of_an_unknown_session(gameday):
    code, _, err = gameday("session", "fork", "missing", "--at", "1m", "--secret", "s")
    assert code == 1 and "no session 'missing' (see: gameday sessions)" in err


def test_without_names_the_copied_record_names_roles(service, running, clock):
    created, players = running
    sid, secret = created.session_id, created.facilitator_secret
    service.reassign(sid, secret, players["scribe"].id, "observer")
    clock.advance(60)

    def roster_names(fork_id: str) -> list[tuple[str, str]]:
        return [(e["name"], e["role"]) for e in service.journal(fork_id).of_kind("roster")]

    kept = service.fork(sid, secret, 150, keep_names=True)
    anonymous = service.fork(sid, secret, 150)
    assert roster_names(kept.session_id) == [("Scribe", "observer")]
    assert roster_names(anonymous.session_id) == [("the Scribe", "observer")]
    for fork in (kept, anonymous):  # the roster change is history: the fork's roster is empty
        assert service.roster(fork.session_id) == []


def test_a_tabletop_forks_with_its_decisions_and_stays_in_step_mode(service):
    """A decision recorded at step 2 is applied when the facilitator advances from it; a fork
    between steps 2 and 3 has that action at step 2's time, the parent's metrics up to the
    moment, and waits at each moment like its parent."""
    created = service.create(POOL, seed=11, step=True)
    players = join_all(service, created)
    sid, secret = created.session_id, created.facilitator_secret
    service.start(sid, secret)
    service.advance(sid, secret)
    service.advance(sid, secret)
    t2 = service.status(sid).sim_time
    service.act(sid, players["tech_lead"].id, "restart_pods", {})
    service.advance(sid, secret)
    t3 = service.status(sid).sim_time
    at = round((t2 + t3) / 2)
    fork = service.fork(sid, secret, at)

    mine, theirs = service.journal(fork.session_id), service.journal(sid)
    assert _metrics(mine, at) == _metrics(theirs, at)
    assert [(a[0], a[3]) for a in _actions(mine)] == [(t2, "restart_pods")]
    assert [e["t"] for e in mine.of_kind("decision")] == [t2]
    service.start(fork.session_id, fork.facilitator_secret)
    status = service.status(fork.session_id)
    assert (status.state, status.sim_time) == ("paused", at)
    service.advance(fork.session_id, fork.facilitator_secret)
    assert service.status(fork.session_id).sim_time > at


def test_a_fork_keeps_the_extensions_made_before_its_moment(service, running, clock):
    """Extended by 10 minutes at T+40 and played to T+50: a fork at T+50 (past the scenario's
    own end) is allowed and ends at T+55 like the parent; its journal up to the moment is the
    parent's, `extend` entry included. An extension after the moment is not the fork's."""
    created, _ = running
    sid, secret = created.session_id, created.facilitator_secret
    service.skip(sid, secret, 40 * 60 - 120)
    service.extend(sid, secret, 600)
    service.skip(sid, secret, 600)
    service.extend(sid, secret, 300)  # at T+50: after the moments forked below
    late = service.fork(sid, secret, 50 * 60)
    early = service.fork(sid, secret, 30 * 60)

    status = service.status(late.session_id)
    assert (status.state, status.sim_time, status.duration) == ("lobby", 50 * 60, 55 * 60)
    assert service.status(early.session_id).duration == 45 * 60
    (entry,) = service.journal(late.session_id).of_kind("forked_from")
    prefix = [e for e in service.journal(late.session_id).entries if e["kind"] != "forked_from"]
    assert [e["end"] for e in prefix if e["kind"] == "extend"] == [55 * 60]
    expected = hashlib.sha256(service.journal_at(sid, 50 * 60).to_jsonl().encode()).hexdigest()
    assert entry["parent_journal_sha256"] == expected

    service.start(late.session_id, late.facilitator_secret)
    clock.advance(6 * 60)
    ended = service.status(late.session_id)
    assert (ended.state, ended.sim_time) == ("ended", 55 * 60)
    service.start(early.session_id, early.facilitator_secret)
    clock.advance(16 * 60)
    assert service.status(early.session_id).sim_time == 45 * 60  # ended at the scenario's end
    assert list(service.journal(early.session_id).of_kind("extend")) == []
