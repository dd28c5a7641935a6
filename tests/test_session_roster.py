"""Roles like real incident roles: one person per role unless the facilitator allows a shadow;
the facilitator reassigns and removes people; the IC hands over command (`transfer_command`).
Every change is a `roster` event (reassign, remove and hand-over are journaled), replayed by
another process the same way."""

from __future__ import annotations

import pytest

from simulator.scoring import score
from simulator.session import AccessDenied, SessionError
from tests.session_fixtures import join_all, outcome
from tests.session_helpers import POOL


def _join(service, created, name, role):
    return service.join(created.session_id, created.join_code, name, role)


def _roster_entries(service, sid):
    return [e for e in service.journal(sid).entries if e["kind"] == "roster"]


def test_a_held_role_is_refused_naming_its_holder_and_how_to_join(service, session):
    _join(service, session, "Ada", "ic")
    with pytest.raises(SessionError) as refused:
        _join(service, session, "Bob", "ic")
    message = str(refused.value)
    assert "held by Ada" in message
    assert "another role" in message and "allow shadowing" in message
    assert [p.name for p in service.participants(session.session_id)] == ["Ada"]
    # other roles, observers and more observers are fine
    _join(service, session, "Bob", "scribe")
    _join(service, session, "Cy", "observer")
    _join(service, session, "Di", "observer")


def test_shadowing_lets_a_second_person_in_who_watches_and_does_not_act(service, session, clock):
    sid, secret = session.session_id, session.facilitator_secret
    ada = _join(service, session, "Ada", "ic")
    service.allow_shadowing(sid, secret, "ic")
    assert service.shadowing(sid) == {"ic"}
    bob = _join(service, session, "Bob", "ic")
    assert service.standing(sid, bob.id).shadow
    assert not service.standing(sid, ada.id).shadow
    _join(service, session, "Cy", "scribe")
    with pytest.raises(SessionError, match="held by Cy"):  # shadowing is per role
        _join(service, session, "Di", "scribe")
    service.start(sid, secret)
    clock.advance(60)
    refused = service.act(sid, bob.id, "acknowledge")
    assert outcome(refused)[0] == "refused"
    assert "shadow the ic role" in outcome(refused)[1]
    assert outcome(service.act(sid, ada.id, "acknowledge"))[0] == "accepted"
    service.allow_shadowing(sid, secret, "ic", allow=False)
    with pytest.raises(SessionError, match="held by Ada"):
        _join(service, session, "Ed", "ic")


def test_shadowing_for_every_role_and_bad_roles(service, session):
    sid, secret = session.session_id, session.facilitator_secret
    join_all(service, session)
    service.allow_shadowing(sid, secret)  # "*": every role
    for role in ("ic", "comms_lead", "scribe", "tech_lead"):
        assert service.standing(sid, _join(service, session, f"S {role}", role).id).shadow
    with pytest.raises(SessionError, match="expected a player role"):
        service.allow_shadowing(sid, secret, "facilitator")
    with pytest.raises(AccessDenied):
        service.allow_shadowing(sid, "wrong secret")


def test_the_facilitator_reassigns_a_participant_journaled(service, running, another, clock):
    created, players = running
    sid, secret = created.session_id, created.facilitator_secret
    scribe = players["scribe"]
    with pytest.raises(SessionError, match="held by Ic: reassign or remove them first"):
        service.reassign(sid, secret, scribe.id, "ic")
    with pytest.raises(SessionError, match="unknown role"):
        service.reassign(sid, secret, scribe.id, "captain")
    with pytest.raises(SessionError, match="no participant 'nobody'"):
        service.reassign(sid, secret, "nobody", "observer")
    with pytest.raises(AccessDenied):
        service.reassign(sid, "wrong", scribe.id, "observer")
    service.reassign(sid, secret, players["ic"].id, "observer")
    stored = service.reassign(sid, secret, scribe.id, "ic")
    assert stored.kind == "roster" and stored.payload["change"] == "reassign"
    assert service.held_roles(sid, scribe) == ("ic",)
    assert outcome(service.act(sid, scribe.id, "declare", {"severity": "SEV2"}))[0] == "accepted"
    refused = service.act(sid, players["ic"].id, "declare", {"severity": "SEV1"})
    assert outcome(refused) == ("refused", "observers watch and do not act")
    entries = _roster_entries(service, sid)
    assert [(e["change"], e["name"], e["role"], e["previous"]) for e in entries] == [
        ("reassign", "Ic", "observer", "ic"),
        ("reassign", "Scribe", "ic", "scribe"),
    ]
    other = another(clock)  # another process replays the same roster and journal
    assert other.standing(sid, scribe.id).role == "ic"
    assert _roster_entries(other, sid) == entries


def test_a_removed_participant_can_no_longer_act(service, running):
    created, players = running
    sid, secret = created.session_id, created.facilitator_secret
    comms = players["comms_lead"]
    stored = service.remove(sid, secret, comms.id)
    assert stored.payload["change"] == "remove"
    assert service.standing(sid, comms.id).removed
    assert service.held_roles(sid, comms) == ()
    with pytest.raises(AccessDenied, match="removed you"):
        service.act(sid, comms.id, "acknowledge")
    with pytest.raises(SessionError, match="already removed"):
        service.remove(sid, secret, comms.id)
    with pytest.raises(SessionError, match="was removed"):
        service.reassign(sid, secret, comms.id, "scribe")
    # the role is free again
    new = _join(service, created, "Nia", "comms_lead")
    assert outcome(service.act(sid, new.id, "acknowledge"))[0] == "accepted"
    (entry,) = _roster_entries(service, sid)
    assert (entry["change"], entry["name"], entry["previous"]) == (
        "remove",
        "Comms_Lead",
        "comms_lead",
    )
    header = service.debrief_journal(sid).header["session"]["attendees"]
    assert {"name": "Comms_Lead", "role": "comms_lead", "removed": True} in header


def test_the_roster_is_final_after_the_end(service, running):
    created, players = running
    sid, secret = created.session_id, created.facilitator_secret
    service.end(sid, secret)
    with pytest.raises(SessionError, match="ended; the roster is final"):
        service.remove(sid, secret, players["scribe"].id)


def test_the_ic_hands_over_command(service, running, another, clock):
    created, players = running
    sid = created.session_id
    ic, tech = players["ic"], players["tech_lead"]
    assert outcome(service.act(sid, ic.id, "acknowledge"))[0] == "accepted"
    clock.advance(30)
    event = service.act(sid, ic.id, "transfer_command", {"to": "Tech_Lead"})
    assert outcome(event)[0] == "accepted"
    assert [c["role"] for c in event.payload["roster"]] == ["ic", "tech_lead"]
    assert service.standing(sid, tech.id).role == "ic"
    assert service.standing(sid, ic.id).role == "tech_lead"  # the old IC takes the new one's role
    refused = service.act(sid, ic.id, "declare", {"severity": "SEV2"})
    assert outcome(refused)[0] == "refused" and "may not take 'declare'" in outcome(refused)[1]
    assert outcome(service.act(sid, tech.id, "declare", {"severity": "SEV2"}))[0] == "accepted"
    entries = _roster_entries(service, sid)
    assert [(e["change"], e["name"], e["role"]) for e in entries] == [
        ("transfer", "Tech_Lead", "ic"),
        ("transfer", "Ic", "tech_lead"),
    ]
    assert another(clock).standing(sid, tech.id).role == "ic"  # replayed from the log


def test_a_hand_over_to_nobody_or_oneself_is_refused(service, running):
    created, players = running
    sid = created.session_id
    ic = players["ic"]
    for to, reason in (
        ("Zed", "no participant 'Zed'"),
        ("Ic", "you already hold command"),
    ):
        event = service.act(sid, ic.id, "transfer_command", {"to": to})
        assert outcome(event)[0] == "refused" and reason in outcome(event)[1]
        assert "roster" not in event.payload
    event = service.act(sid, players["scribe"].id, "transfer_command", {"to": "Tech_Lead"})
    assert outcome(event)[0] == "refused" and "may not take 'transfer_command'" in outcome(event)[1]
    assert _roster_entries(service, sid) == []


def test_a_shadow_or_observer_taking_command_leaves_the_old_ic_observing(service, session, clock):
    sid, secret = session.session_id, session.facilitator_secret
    ada = _join(service, session, "Ada", "ic")
    service.allow_shadowing(sid, secret, "ic")
    bob = _join(service, session, "Bob", "ic")
    service.start(sid, secret)
    clock.advance(60)
    assert outcome(service.act(sid, ada.id, "transfer_command", {"to": bob.id}))[0] == "accepted"
    bob_now, ada_now = service.standing(sid, bob.id), service.standing(sid, ada.id)
    assert (bob_now.role, bob_now.shadow) == ("ic", False)
    assert ada_now.role == "observer"
    assert outcome(service.act(sid, bob.id, "acknowledge"))[0] == "accepted"


def test_solo_has_no_one_to_hand_over_to(service, clock):
    created = service.create(POOL, seed=3, solo=True)
    sid = created.session_id
    me = _join(service, created, "Solo", "ic")
    _join(service, created, "Watcher", "observer")
    service.start(sid, created.facilitator_secret)
    clock.advance(30)
    event = service.act(sid, me.id, "transfer_command", {"to": "Watcher"})
    assert outcome(event)[0] == "refused" and "solo practice" in outcome(event)[1]


def test_ic_items_name_who_held_command_after_a_hand_over(service, running, clock):
    created, players = running
    sid = created.session_id
    ic, tech = players["ic"], players["tech_lead"]
    service.act(sid, ic.id, "declare", {"severity": "SEV2"})
    clock.advance(30)
    service.act(sid, ic.id, "transfer_command", {"to": "Tech_Lead"})
    clock.advance(30)
    service.act(sid, tech.id, "resolve")
    service.end(sid, created.facilitator_secret)
    items = {i.key: i for i in score(service.debrief_journal(sid)).items}
    assert "(by Ic, IC at T+" in items["declare"].explanation
    assert "(by Ic, IC at T+" in items["severity"].explanation
    assert "(by Tech_Lead, IC at T+" in items["resolve"].explanation


def test_the_roster_from_the_command_line(store_url, monkeypatch, capsys):
    import json

    from simulator.cli import main

    monkeypatch.setenv("GAMEDAY_DATABASE_URL", store_url)

    def run(*argv: str) -> tuple[int, str, str]:
        code = main([str(a) for a in argv])
        out, err = capsys.readouterr()
        return code, out, err

    created = json.loads(run("session", "create", POOL)[1])
    sid, code, secret = created["session_id"], created["join_code"], created["facilitator_secret"]
    assert run("session", "join", sid, "--code", code, "--name", "Ada", "--role", "ic")[0] == 0
    refused = run("session", "join", sid, "--code", code, "--name", "Bob", "--role", "ic")
    assert refused[0] != 0 and "held by Ada" in refused[2] and "Traceback" not in refused[2]
    assert run("session", "shadowing", sid, "--role", "ic", "--secret", secret)[0] == 0
    assert run("session", "join", sid, "--code", code, "--name", "Bob", "--role", "ic")[0] == 0
    assert run("session", "join", sid, "--code", code, "--name", "Cy", "--role", "scribe")[0] == 0
    rows = {r["name"]: r for r in json.loads(run("session", "roster", sid)[1])}
    assert rows["Bob"]["shadow"] and not rows["Ada"]["shadow"]
    assert run("session", "start", sid, "--secret", secret)[0] == 0
    # `act --role ic` picks the holder, not the shadow
    act = ("session", "act", sid, "--role", "ic", "--action")
    assert run(*act, "transfer_command", "--params", '{"to": "Bob"}')[0] == 0
    assert run("session", "reassign", sid, "Ada", "scribe", "--secret", secret)[0] != 0
    assert run("session", "remove", sid, "Cy", "--secret", secret)[0] == 0
    assert run("session", "reassign", sid, "Ada", "scribe", "--secret", secret)[0] == 0
    rows = {r["name"]: r for r in json.loads(run("session", "roster", sid)[1])}
    assert (rows["Bob"]["role"], rows["Ada"]["role"], rows["Cy"]["removed"]) == (
        "ic",
        "scribe",
        True,
    )
    missing = run("session", "remove", sid, "Zed", "--secret", secret)
    assert missing[0] != 0 and "no participant 'Zed'" in missing[2]
