"""AppTest: the evaluator console (issue 15) and the facilitator's tabletop panel: the
evaluator sees the ground truth and the master events list without any control and rates an
objective; in step mode the facilitator's Advance moves to the next moment, Resume stays off."""

from __future__ import annotations

import pytest

from tests.app_helpers import (
    click,
    enabled_keys,
    keys,
    make_game,
    new_app,
    page_text,
    run,
    submit,
    use_app_store,
)


@pytest.fixture
def app_store(tmp_path, monkeypatch):
    yield from use_app_store(tmp_path, monkeypatch)


@pytest.fixture
def game(app_store):
    game = make_game(app_store, roles=("ic",), start=False)
    svc = game.service
    game.people["evaluator"] = svc.join(game.session_id, game.code, "Eve", "evaluator").id
    svc.set_mode(game.session_id, game.secret, step=True)
    svc.start(game.session_id, game.secret)
    return game


def test_the_evaluator_sees_ground_truth_and_rates_without_controls(game):
    at = run(new_app(session=game.session_id, participant=game.people["evaluator"]))
    text = page_text(at)
    assert "Evaluator console" in text and "Ground truth" in text
    assert "Master scenario events list" in text and "Rate an objective" in text
    assert not {k for k in keys(at) if k.startswith("fac_")}  # no facilitator control
    at.selectbox(key="rate_objective").select("keep-informed")
    at.radio(key="rate_rating").set_value("M")
    at.text_area(key="rate_comment").set_value("No update for 20 minutes")
    at = submit(at, "rate_submit")
    rated = game.service.exercise(game.session_id).ratings
    assert [(r.objective, r.rating, r.evaluator) for r in rated] == [("keep-informed", "M", "Eve")]
    assert "Rating by Eve: **Performed with major challenges**: No update" in page_text(at)


def test_the_facilitator_advances_in_step_mode(game):
    at = run(new_app(session=game.session_id, secret=game.secret))
    assert "fac_advance" in enabled_keys(at) and "fac_resume" not in enabled_keys(at)
    at = click(at, "fac_advance")
    status = game.service.status(game.session_id)
    assert status.steps == 1 and status.sim_time > 0 and status.state == "paused"
    at = run(new_app(session=game.session_id, secret=game.secret))
    assert "Step **1** at **T+" in page_text(at)
    click(at, "fac_mode")
    assert not game.service.status(game.session_id).step
