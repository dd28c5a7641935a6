"""AppTest: long lists are drawn one page at a time, newest first. A session with many timeline
notes (stored through the service, which the web app's rate limit does not bound) gives every
console a page of 50 notes and a page picker; the oldest page is reachable."""

from __future__ import annotations

import re

import pytest
from streamlit.testing.v1 import AppTest

from app_pages.common.paging import PAGE_SIZE
from tests.app_helpers import make_game, page_for, run, use_app_store

NOTES = 2 * PAGE_SIZE + 7


@pytest.fixture
def app_store(tmp_path, monkeypatch):
    yield from use_app_store(tmp_path, monkeypatch)


def test_many_notes_are_paged_newest_first(app_store):
    game = make_game(app_store, roles=("scribe", "ic"))
    for n in range(NOTES):
        params = {"text": f"entry-{n:04d}", "tag": "note"}
        game.service.act(game.session_id, game.people["scribe"], "timeline_note", params)
    at = page_for(game, "ic")
    assert notes_shown(at) == [
        f"entry-{n:04d}" for n in range(NOTES - 1, NOTES - 1 - PAGE_SIZE, -1)
    ]
    at.number_input(key="timeline_page").set_value(3)
    assert notes_shown(run(at)) == [f"entry-{n:04d}" for n in range(6, -1, -1)]  # oldest seven


def notes_shown(at: AppTest) -> list[str]:
    """The notes on the timeline's page, in the order shown (one Markdown element)."""
    pages = [m.value for m in at.markdown if "badge[Note]" in m.value]
    assert len(pages) == 1, pages
    return re.findall(r"entry\\?-\d{4}", pages[0].replace("\\", ""))
