"""AppTest: the debrief's "Fork from this moment" is the facilitator's only, and a click forks
at the replay slider's moment (the browser side: tests/e2e/test_fork.py)."""

from __future__ import annotations

import pytest

from tests.app_helpers import keys, make_game, page_for, use_app_store


@pytest.fixture(scope="module")
def ended(tmp_path_factory):
    """The IC acknowledged at T+16:00, then the facilitator ended it at T+20:00."""
    with pytest.MonkeyPatch.context() as patch:
        stores = use_app_store(tmp_path_factory.mktemp("fork"), patch)
        url = next(stores)
        game = make_game(url, skip=16 * 60)
        game.service.act(game.session_id, game.people["ic"], "acknowledge", client_id="c1")
        game.service.skip(game.session_id, game.secret, 4 * 60)
        game.service.end(game.session_id, game.secret)
        yield game
        next(stores, None)


def test_only_the_facilitator_can_fork(ended):
    assert {"replay_fork", "fork_keep_names"} <= keys(page_for(ended, "facilitator"))
    assert "replay_fork" not in keys(page_for(ended, "ic"))


def test_fork_at_the_slider_moment(ended):
    at = page_for(ended, "facilitator")
    at.select_slider(key="replay_t").set_value(17 * 60.0).run()
    at.checkbox(key="fork_keep_names").check().run()
    at.button(key="replay_fork").click().run()
    forks = [s for s in ended.service.sessions() if s.session_id != ended.session_id]
    assert [(s.state, s.sim_time) for s in forks] == [("lobby", 17 * 60.0)]
    (entry,) = ended.service.journal(forks[0].session_id).of_kind("forked_from")
    assert (entry["parent"], entry["at"], entry["names_kept"]) == (ended.session_id, 1020.0, True)
    assert [e["action"] for e in ended.service.journal(forks[0].session_id).of_kind("action")] == [
        "acknowledge"
    ]
