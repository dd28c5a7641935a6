"""Sessions: joining, secrets, roles, stamping, refusals, double submits. Replay and reads are
in test_session_reads.py; the fixtures in tests/session_fixtures.py."""

from __future__ import annotations

import re

import pytest

from simulator.actions import ACTIONS
from simulator.session import (
    AccessDenied,
    ClockRefused,
    SessionError,
    SessionNotFound,
)
from simulator.session.checks import PAUSED_REASON
from simulator.session.codes import JOIN_ALPHABET, JOIN_CODE_LENGTH
from simulator.session.roles import PLAYER_ROLES
from tests.session_fixtures import join_all, outcome
from tests.session_helpers import POOL

# ------------------------------------------------------------------ creating and joining


def test_create_returns_id_code_and_secret(service, session):
    assert len(session.join_code) == JOIN_CODE_LENGTH
    assert set(session.join_code) <= set(JOIN_ALPHABET)
    assert len(session.facilitator_secret) >= 32
    record = service.session(session.session_id)
    assert record.facilitator_secret != session.facilitator_secret  # only a hash is stored
    assert record.scenario_id == "pool-exhaustion" and record.seed == 11
    assert service.status(session.session_id).state == "lobby"


def test_codes_are_not_repeated(service):
    codes = {service.create(POOL).join_code for _ in range(5)}
    assert len(codes) == 5


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"speed": 20}, "speed: expected 1 to 10 (got 20)"),
        ({"seed": -1}, "seed: expected a whole number from 0 to"),
    ],
)
def test_create_refuses_bad_settings(service, kwargs, message):
    with pytest.raises(SessionError, match=re.escape(message)):
        service.create(POOL, **kwargs)


def test_join_with_code_is_case_and_dash_insensitive(service, session):
    code = session.join_code.lower()
    participant = service.join(session.session_id, f"{code[:4]}-{code[4:]}", " Ada ", "ic")
    assert participant.name == "Ada" and participant.role == "ic"
    assert [p.id for p in service.participants(session.session_id)] == [participant.id]


def test_wrong_code_is_refused(service, session):
    with pytest.raises(AccessDenied, match=f"wrong join code for session {session.session_id}"):
        service.join(session.session_id, "AAAAAAAA", "Eve", "ic")
    assert service.participants(session.session_id) == []


def test_unknown_session_and_role(service, session):
    with pytest.raises(SessionNotFound, match="no session 'nope' \\(see: gameday sessions\\)"):
        service.join("nope", session.join_code, "Ada", "ic")
    with pytest.raises(SessionError, match="unknown role 'commander'"):
        service.join(session.session_id, session.join_code, "Ada", "commander")
    with pytest.raises(SessionError, match="did you mean 'scribe'"):
        service.join(session.session_id, session.join_code, "Ada", "scrib")


def test_joining_as_facilitator_needs_the_secret(service, session):
    sid, code = session.session_id, session.join_code
    with pytest.raises(AccessDenied, match="wrong facilitator secret"):
        service.join(sid, code, "Fay", "facilitator")
    with pytest.raises(AccessDenied, match="wrong facilitator secret"):
        service.join(sid, code, "Fay", "facilitator", secret="guess")
    fac = service.join(sid, code, "Fay", "facilitator", secret=session.facilitator_secret)
    assert fac.role == "facilitator"


def test_name_must_be_sensible(service, session):
    with pytest.raises(SessionError, match="name: expected non-empty text"):
        service.join(session.session_id, session.join_code, "  ", "ic")
    with pytest.raises(SessionError, match="name: at most 60 characters"):
        service.join(session.session_id, session.join_code, "x" * 61, "ic")


# ------------------------------------------------------------------ facilitator controls


def test_controls_need_the_secret(service, session):
    sid = session.session_id
    for control in (service.start, service.pause, service.resume, service.end):
        with pytest.raises(AccessDenied, match=f"wrong facilitator secret for session {sid}"):
            control(sid, "wrong")
    with pytest.raises(AccessDenied):
        service.set_speed(sid, "", 2)
    with pytest.raises(AccessDenied):
        service.inject(sid, "x", "chat", "VP", "hello")
    with pytest.raises(AccessDenied):
        service.events(sid, "x")
    assert service.store.events(sid) == []


def test_clock_controls_drive_sim_time(service, session, clock):
    sid, secret = session.session_id, session.facilitator_secret
    service.start(sid, secret)
    clock.advance(60)
    assert service.status(sid).sim_time == 60.0
    service.pause(sid, secret)
    clock.advance(600)
    status = service.status(sid)
    assert (status.state, status.sim_time) == ("paused", 60.0)
    service.skip(sid, secret, 240)
    service.set_speed(sid, secret, 5)
    service.resume(sid, secret)
    clock.advance(10)
    status = service.status(sid)
    assert (status.state, status.sim_time, status.speed) == ("running", 350.0, 5.0)
    with pytest.raises(ClockRefused, match="cannot start: the session has already started"):
        service.start(sid, secret)
    with pytest.raises(ClockRefused, match="cannot speed: speed must be between 1x and 10x"):
        service.set_speed(sid, secret, 11)
    service.end(sid, secret)
    clock.advance(1000)
    assert (service.status(sid).state, service.status(sid).sim_time) == ("ended", 350.0)
    journal = service.journal(sid)
    assert journal.entries[-1]["kind"] == "end"  # the rest plays out without more actions
    assert journal.entries[-1]["t"] == 2700.0


def test_time_up_ends_the_session(service, session, clock):
    sid = session.session_id
    service.start(sid, session.facilitator_secret)
    clock.advance(3000)
    status = service.status(sid)
    assert (status.state, status.sim_time, status.time_up) == ("ended", 2700.0, True)
    assert service.journal(sid).entries[-1]["kind"] == "end"


# ------------------------------------------------------------------ actions and roles


def test_action_is_stamped_applied_and_stored(service, running, clock):
    session, players = running
    event = service.act(session.session_id, players["ic"].id, "declare", {"severity": "SEV1"})
    assert outcome(event) == ("accepted", None)
    assert (event.kind, event.sim_time, event.role, event.actor) == (
        "action",
        120.0,
        "ic",
        players["ic"].id,
    )
    assert event.payload["applied"] is True and event.payload["action_id"] == "A1"
    entries = [e for e in service.journal(session.session_id).entries if e["kind"] == "action"]
    assert entries == [
        {
            "t": 120.0,
            "kind": "action",
            "id": "A1",
            "role": "ic",
            "action": "declare",
            "params": {"severity": "SEV1"},
            "outcome": "accepted",
        }
    ]


def test_role_permissions_follow_the_vocabulary(service, running):
    session, players = running
    sid = session.session_id
    for name, spec in ACTIONS.items():
        if spec.params or spec.kind == "system":
            continue
        for role in PLAYER_ROLES:
            event = service.act(sid, players[role].id, name)
            refused = event.payload.get("reason", "")
            if role in spec.roles:
                assert "may not take" not in refused, (name, role)
            else:
                assert refused == (
                    f"role '{role}' may not take '{name}' (allowed: {', '.join(spec.roles)})"
                )
                assert event.payload["applied"] is False


def test_observers_and_the_facilitator_do_not_act(service, running):
    session, _ = running
    sid, code = session.session_id, session.join_code
    watcher = service.join(sid, code, "Obi", "observer")
    fac = service.join(sid, code, "Fay", "facilitator", secret=session.facilitator_secret)
    event = service.act(sid, watcher.id, "acknowledge")
    assert outcome(event) == ("refused", "observers watch and do not act")
    event = service.act(sid, fac.id, "acknowledge")
    assert event.payload["outcome"] == "refused"
    assert event.payload["reason"].startswith("the facilitator does not take player actions")
    assert not [e for e in service.journal(sid).entries if e["kind"] == "action"]


def test_unknown_participant_is_denied_and_nothing_stored(service, running):
    session, _ = running
    before = service.store.max_seq(session.session_id)
    with pytest.raises(AccessDenied, match="no participant 'p-forged' in session"):
        service.act(session.session_id, "p-forged", "acknowledge")
    assert service.store.max_seq(session.session_id) == before


@pytest.mark.parametrize(
    ("action", "params", "reason"),
    [
        ("declare", {}, "parameter 'severity': missing required parameter"),
        (
            "declare",
            {"severity": "SEV9"},
            "parameter 'severity': expected one of 'SEV1', 'SEV2', 'SEV3', 'SEV4' (got 'SEV9')",
        ),
        ("declare", {"severity": "SEV1", "colour": "red"}, "parameter 'colour': unknown parameter"),
        ("scale", {"replicas": 0}, "parameter 'replicas': expected at least 1 (got 0)"),
        ("declare", ["SEV1"], "parameters must be a JSON object (got a list)"),
        ("declare", {"severity": float("nan")}, "parameters must be plain JSON values"),
        ("declare", {"severity": object()}, "parameters must be plain JSON values"),
        ("delcare", {}, "unknown action 'delcare'; did you mean 'declare'?"),
    ],
)
def test_bad_params_are_refused_and_stored_as_refused(service, running, action, params, reason):
    session, players = running
    event = service.act(session.session_id, players["ic"].id, action, params)
    assert event.payload["outcome"] == "refused"
    assert event.payload["reason"].startswith(reason)
    assert event.payload["applied"] is False
    stored = service.store.events(session.session_id)[-1]
    assert stored == event
    assert not [e for e in service.journal(session.session_id).entries if e["kind"] == "action"]


def test_engine_refusals_are_stored_and_journaled(service, running):
    session, players = running
    event = service.act(session.session_id, players["ic"].id, "investigate", {"command": "podz"})
    assert outcome(event) == ("refused", "unknown command 'podz'; did you mean 'pods'?")
    assert event.payload["applied"] is True  # the engine saw it: replays reproduce it
    journal = service.journal(session.session_id)
    assert [e["outcome"] for e in journal.entries if e["kind"] == "action"] == ["refused"]


def test_acting_before_start_and_after_end_is_refused(service, session, clock):
    players = join_all(service, session)
    sid = session.session_id
    event = service.act(sid, players["ic"].id, "acknowledge")
    assert outcome(event) == ("refused", "the session has not started")
    service.start(sid, session.facilitator_secret)
    service.end(sid, session.facilitator_secret)
    event = service.act(sid, players["ic"].id, "acknowledge")
    assert outcome(event) == ("refused", "the session has ended")


def test_acting_while_paused_is_refused_with_the_reason_and_nothing_applied(
    service, session, clock
):
    players = join_all(service, session)
    sid, secret = session.session_id, session.facilitator_secret
    service.start(sid, secret)
    service.pause(sid, secret)
    event = service.act(sid, players["ic"].id, "declare", {"severity": "SEV2"})
    assert outcome(event) == ("refused", PAUSED_REASON)
    assert "the exercise is paused" in PAUSED_REASON
    assert not [e for e in service.journal(sid).entries if e.get("action") == "declare"]
    # the scribe may catch the timeline up during a pause: a note is record keeping
    event = service.act(sid, players["scribe"].id, "timeline_note", {"text": "paused note"})
    assert outcome(event)[0] == "accepted"
    service.resume(sid, secret)
    event = service.act(sid, players["ic"].id, "declare", {"severity": "SEV2"})
    assert outcome(event)[0] == "accepted"


def test_double_submit_is_stored_once(service, running, clock):
    session, players = running
    sid = session.session_id
    first = service.act(sid, players["ic"].id, "declare", {"severity": "SEV2"}, client_id="c-1")
    clock.advance(30)
    again = service.act(sid, players["ic"].id, "declare", {"severity": "SEV2"}, client_id="c-1")
    assert again == first
    refused = service.act(sid, players["scribe"].id, "resolve", client_id="c-2")
    assert service.act(sid, players["scribe"].id, "resolve", client_id="c-2") == refused
    assert [e.client_id for e in service.store.events(sid) if e.kind == "action"] == ["c-1", "c-2"]
    assert len([e for e in service.journal(sid).entries if e["kind"] == "action"]) == 1


def test_a_retried_clock_control_is_applied_once(service, running, clock):
    """A page that lost the answer to its Skip click retries with the same key: one skip."""
    session, _players = running
    sid, secret = session.session_id, session.facilitator_secret
    before = service.status(sid).sim_time
    first = service.skip(sid, secret, 300, client_id="skip-1")
    again = service.skip(sid, secret, 300, client_id="skip-1")
    assert again == first
    assert service.status(sid).sim_time == pytest.approx(before + 300)
    service.skip(sid, secret, 300, client_id="skip-2")  # a new click is a new skip
    assert service.status(sid).sim_time == pytest.approx(before + 600)
    paused = service.pause(sid, secret, client_id="pause-1")
    assert service.pause(sid, secret, client_id="pause-1") == paused  # not "already paused"
    with pytest.raises(ClockRefused, match="cannot pause"):
        service.pause(sid, secret, client_id="pause-2")
    keys = [e.client_id for e in service.store.events(sid) if e.kind.startswith("clock.")]
    assert keys == [None, "skip-1", "skip-2", "pause-1"]  # the start had no key


def test_client_id_must_be_sensible(service, running):
    session, players = running
    with pytest.raises(SessionError, match="client id: expected 1 to 200 characters"):
        service.act(session.session_id, players["ic"].id, "acknowledge", client_id="")
    with pytest.raises(SessionError, match="client id: expected 1 to 200 characters"):
        service.skip(session.session_id, session.facilitator_secret, 60, client_id="x" * 201)


def test_solo_player_holds_every_player_role(service, clock):
    created = service.create(POOL, solo=True)
    sid = created.session_id
    solo = service.join(sid, created.join_code, "Sam", "ic")
    assert service.held_roles(sid, solo) == PLAYER_ROLES
    with pytest.raises(SessionError, match="is solo and Sam is already its player"):
        service.join(sid, created.join_code, "Two", "scribe")
    service.join(sid, created.join_code, "Obi", "observer")
    service.start(sid, created.facilitator_secret)
    note = service.act(sid, solo.id, "timeline_note", {"text": "paged"})
    update = service.act(
        sid,
        solo.id,
        "status_update",
        {"status": "investigating", "impact": "checkout failing", "actions": "looking"},
    )
    declare = service.act(sid, solo.id, "declare", {"severity": "SEV1"})
    assert [note.role, update.role, declare.role] == ["scribe", "comms_lead", "ic"]
    as_ic = service.act(sid, solo.id, "timeline_note", {"text": "as ic"}, role="ic")
    assert (as_ic.role, as_ic.payload["outcome"]) == ("ic", "accepted")
    wrong = service.act(sid, solo.id, "declare", {"severity": "SEV1"}, role="observer")
    assert wrong.payload["reason"].startswith("you do not hold role 'observer'")


def test_a_role_not_held_is_refused(service, running):
    session, players = running
    event = service.act(session.session_id, players["scribe"].id, "acknowledge", role="ic")
    assert outcome(event) == ("refused", "you do not hold role 'ic' (you hold: scribe)")


# ------------------------------------------------------------------ facilitator content


def test_injects_hints_and_notes(service, running, clock):
    session, _ = running
    sid, secret = session.session_id, session.facilitator_secret
    service.inject(sid, secret, "chat", "Dana (VP Sales)", "Any ETA?", subject="checkout")
    clock.advance(5)
    service.hint(sid, secret, "Look at what holds the connections.")
    service.note(sid, secret, "Team fixated on CPU.")
    journal = service.journal(sid)
    adhoc = [e for e in journal.entries if e["kind"] == "inject" and e.get("adhoc")]
    assert adhoc == [
        {
            "t": 120.0,
            "kind": "inject",
            "id": "adhoc-2",
            "channel": "chat",
            "sender": "Dana (VP Sales)",
            "subject": "checkout",
            "text": "Any ETA?",
            "noise": False,
            "adhoc": True,
        }
    ]
    assert [e["text"] for e in journal.entries if e["kind"] == "hint"] == [
        "Look at what holds the connections."
    ]
    assert "Team fixated on CPU." not in journal.to_jsonl()  # notes stay with the facilitator
    kinds = [e.kind for e in service.events(sid, secret)]
    assert kinds[-3:] == ["inject", "hint", "note"]
    service.note(sid, secret, "Ask about the pool alert.")
    notes = service.private_notes(sid, secret)
    assert [n.payload["text"] for n in notes] == [
        "Team fixated on CPU.",
        "Ask about the pool alert.",
    ]
    with pytest.raises(SessionError):
        service.private_notes(sid, "not-the-secret")
    with pytest.raises(
        SessionError, match=r"channel: unknown channel 'chatt'.*did you mean 'chat'"
    ):
        service.inject(sid, secret, "chatt", "x", "y")
    with pytest.raises(SessionError, match="text: expected non-empty text"):
        service.hint(sid, secret, "")
