"""AppTest: the facilitator's "Participants' entries" tab hides a note; the scribe's and the IC's
consoles then show it as hidden, the facilitator still sees the words, marked Hidden."""

from __future__ import annotations

import pytest

from simulator.session.moderation import HIDDEN_TEXT
from tests.app_helpers import (
    click,
    keys,
    make_game,
    page_for,
    page_text,
    shown_texts,
    use_app_store,
)

ABUSE = "everyone here is useless"


@pytest.fixture
def app_store(tmp_path, monkeypatch):
    yield from use_app_store(tmp_path, monkeypatch)


def test_the_facilitator_hides_a_note_and_players_see_it_hidden(app_store):
    game = make_game(app_store, roles=("scribe", "ic"))
    params = {"text": ABUSE, "tag": "note"}
    bad = game.service.act(game.session_id, game.people["scribe"], "timeline_note", params)
    entry = bad.payload["action_id"]
    assert any(ABUSE in t for t in shown_texts(page_for(game, "ic")))

    fac = page_for(game, "facilitator")
    assert f"fac_hide_{entry}" in keys(fac)
    click(fac, f"fac_hide_{entry}")
    assert f"fac_hide_{entry}" not in keys(fac)
    assert "Hidden" in page_text(fac) and ABUSE in page_text(fac)
    assert game.service.hidden(game.session_id) == {entry}

    for role in ("ic", "scribe"):
        shown = shown_texts(page_for(game, role))
        assert any(HIDDEN_TEXT in t for t in shown), role
        assert not any(ABUSE in t for t in shown), role
