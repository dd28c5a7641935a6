"""AppTest: a submit's client id comes from the console URL's draft token, so a note the server
stored just before it crashed is stored once when the browser sends it again to the restarted
server (a new AppTest is a new server session: no session state, only the URL).

The browser test of the crash itself is tests/e2e/test_server_restart.py."""

from __future__ import annotations

import pytest

from simulator.ui.client_ids import ClientIds, draft_client_id
from tests.app_helpers import make_game, new_app, page_for, run, shown, submit, use_app_store

NOTE = "Rollback decided"


@pytest.fixture
def app_store(tmp_path, monkeypatch):
    yield from use_app_store(tmp_path, monkeypatch)


@pytest.fixture
def game(app_store):
    return make_game(app_store, roles=("scribe",))


def draft_of(at) -> str:
    value = at.query_params.get("draft")
    return value[0] if isinstance(value, list) else value


def scribe_notes(game) -> list[str]:
    return [a["params"]["text"] for a in game.actions("timeline_note")]


def test_the_console_gets_a_draft_token_and_a_new_one_after_each_answer(game):
    at = page_for(game, "scribe")
    first = draft_of(at)
    assert first
    at.text_area(key="scribe_text").input(NOTE)
    submit(at, "scribe_submit")
    assert scribe_notes(game) == [NOTE]
    assert draft_of(at) not in ("", first)  # answered: the next submit is a new draft


def test_the_same_note_from_the_same_draft_after_a_restart_is_stored_once(game):
    """The crashed server stored the note but its answer (and the new draft token) never reached
    the browser: the page, reconnected to a new server, sends it again under the old token."""
    before = page_for(game, "scribe")
    draft = draft_of(before)
    before.text_area(key="scribe_text").input(NOTE)
    submit(before, "scribe_submit")
    assert scribe_notes(game) == [NOTE]

    after = run(new_app(session=game.session_id, participant=game.people["scribe"], draft=draft))
    after.text_area(key="scribe_text").input(NOTE)
    submit(after, "scribe_submit")
    assert scribe_notes(game) == [NOTE]  # the stored event answered the repeat
    assert shown(after.success, "timeline note: accepted at")

    after.text_area(key="scribe_text").input("Another note")
    submit(after, "scribe_submit")
    assert scribe_notes(game) == [NOTE, "Another note"]


def test_draft_client_ids_follow_the_draft_and_what_is_sent():
    base = draft_client_id("d1", "p1", "timeline_note", {"text": NOTE})
    assert base == draft_client_id("d1", "p1", "timeline_note", {"text": NOTE})
    assert base != draft_client_id("d2", "p1", "timeline_note", {"text": NOTE})
    assert base != draft_client_id("d1", "p2", "timeline_note", {"text": NOTE})
    assert base != draft_client_id("d1", "p1", "timeline_note", {"text": "other"})
    ids = ClientIds(clock=lambda: 0.0)
    assert ids.for_submit("p1", "timeline_note", {"text": NOTE}, fresh=lambda: base) == base
    assert ids.for_submit("p1", "timeline_note", {"text": NOTE}, fresh=lambda: "x") == base
