"""Hiding an abusive entry: a `hide` event in the log (the entry is never changed or deleted);
players' journal and reports withhold its words; scoring is unchanged; facilitator only."""

from __future__ import annotations

import pytest

from simulator.report import build_report, render
from simulator.scoring import score
from simulator.session import AccessDenied, SessionError
from simulator.session.moderation import HIDDEN_TEXT
from tests.session_helpers import bulk_notes

ABUSE = "you are all idiots, visit evil.example"


def _note(service, sid, who, text):
    event = service.act(sid, who, "timeline_note", {"text": text, "tag": "note"})
    return event.payload["action_id"]


def test_a_hidden_note_is_withheld_from_players_and_reports_but_kept_in_the_log(
    service, running, another, clock
):
    created, players = running
    sid, secret = created.session_id, created.facilitator_secret
    people = {role: p.id for role, p in players.items()}
    bad = _note(service, sid, people["scribe"], ABUSE)
    good = _note(service, sid, people["scribe"], "rolled back the deploy")
    before = score(service.journal(sid))
    stored = service.hide(sid, secret, bad)
    assert stored.kind == "hide" and stored.payload == {"entry": bad}
    assert service.hidden(sid) == {bad}

    shared = service.shared_journal(sid).entries
    (hidden,) = [e for e in shared if e.get("id") == bad]
    assert hidden["params"]["text"] == HIDDEN_TEXT and hidden["hidden"] is True
    (kept,) = [e for e in shared if e.get("id") == good]
    assert kept["params"]["text"] == "rolled back the deploy"
    assert ABUSE not in str(shared)
    assert ABUSE in str(service.journal(sid).entries)  # the facilitator's journal keeps it
    kinds = [e.kind for e in service.events(sid, secret)]
    assert kinds.count("action") >= 2 and kinds[-1] == "hide"  # appended, nothing deleted
    assert ABUSE in str([e.payload for e in service.events(sid, secret)])
    assert score(service.journal(sid)) == before

    service.end(sid, secret)
    journal = service.shared_journal(sid)
    report = build_report(journal, score(journal))
    for fmt in ("md", "html", "json"):
        text = render(report, fmt)
        assert ABUSE not in text
    assert another(clock).hidden(sid) == {bad}  # another process replays the hide


def test_only_the_facilitator_hides_and_only_entries_with_words(service, running):
    created, players = running
    sid, secret = created.session_id, created.facilitator_secret
    people = {role: p.id for role, p in players.items()}
    bad = _note(service, sid, people["scribe"], ABUSE)
    with pytest.raises(AccessDenied, match="wrong facilitator secret"):
        service.hide(sid, "not-the-secret", bad)
    ack = service.act(sid, people["ic"], "declare", {"severity": "SEV2", "title": "Slow checkout"})
    service.hide(sid, secret, ack.payload["action_id"])  # a title is words too
    with pytest.raises(SessionError, match="no entry 'nope' with text to hide"):
        service.hide(sid, secret, "nope")
    service.hide(sid, secret, bad)
    with pytest.raises(SessionError, match="already hidden"):
        service.hide(sid, secret, bad)
    assert service.hidden(sid) == {bad, ack.payload["action_id"]}


def test_hiding_among_ten_thousand_notes(service, running):
    created, players = running
    sid, secret = created.session_id, created.facilitator_secret
    people = {role: p.id for role, p in players.items()}
    bulk_notes(service, sid, people["scribe"], 10_000)
    notes = [e for e in service.journal(sid).entries if e.get("action") == "timeline_note"]
    assert len(notes) == 10_000
    service.hide(sid, secret, notes[-1]["id"])
    shared = service.shared_journal(sid).entries
    assert sum(e.get("hidden", False) for e in shared) == 1
    assert "note-09999" not in str(shared) and "note-09998" in str(shared)
