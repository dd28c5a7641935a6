"""Team trends from stored sessions: `team_trends`, `gameday trends --team`, the Trends page
(AppTest), and the team name in the pages' header."""

from __future__ import annotations

import pytest

from simulator.cli import main
from simulator.cohorts import by_scenario, team_trends
from simulator.session import open_service
from tests.app_helpers import new_app, page_text, run, use_app_store
from tests.conftest import SCENARIO_DIR
from tests.session_helpers import FakeClock

POOL = SCENARIO_DIR / "pool-exhaustion.yaml"
RETRY = SCENARIO_DIR / "retry-storm.yaml"


@pytest.fixture
def app_store(tmp_path, monkeypatch):
    yield from use_app_store(tmp_path, monkeypatch)


def _played(service, path, team, ack_after: float | None):
    """A session of `team`: started, skipped 20 minutes, acknowledged `ack_after` seconds later
    (never when None), ended."""
    service.clock.advance(60)  # sessions are listed in the order they were created
    created = service.create(path, seed=4, team=team)
    sid, secret = created.session_id, created.facilitator_secret
    ic = service.join(sid, created.join_code, "Ada", "ic")
    service.start(sid, secret)
    service.skip(sid, secret, 1200.0)
    if ack_after is not None:
        if ack_after:
            service.skip(sid, secret, ack_after)
        service.act(sid, ic.id, "acknowledge")
    service.end(sid, secret)
    return sid


@pytest.fixture
def history(app_store):
    service = open_service(app_store, clock=FakeClock())
    ids = [
        _played(service, POOL, "Night shift", 30.0),
        _played(service, POOL, "night SHIFT", None),
        _played(service, RETRY, "Night shift", 60.0),
        _played(service, POOL, "Day shift", 0.0),
    ]
    return service, ids


def test_a_teams_sessions_with_scores_and_response_times(history):
    service, ids = history
    rows = team_trends(service, " night shift ")
    assert [r.session_id for r in rows] == ids[:3]  # the name matches case-insensitively
    assert {r.state for r in rows} == {"ended"}
    first, never, _retry = rows
    assert first.times["acknowledge"] is not None
    assert never.times["acknowledge"] is None and never.times["resolve"] is None
    assert first.total > never.total  # the acknowledged run scores higher
    groups = by_scenario(rows)
    assert [(g.scenario_id, len(g.rows)) for g in groups] == [
        ("pool-exhaustion", 2),
        ("retry-storm", 1),
    ]
    low, high = sorted([first.total, never.total])
    assert groups[0].describe() == (
        f"pool-exhaustion: 2 session(s), total score min {low:.1f} · "
        f"median {(low + high) / 2:.1f} · max {high:.1f}"
    )
    assert team_trends(service, "Nobody") == [] and team_trends(service, "  ") == []


def test_trends_command_prints_a_table_per_scenario(history, capsys):
    _service, ids = history
    assert main(["trends", "--team", "Night shift"]) == 0
    out = capsys.readouterr().out
    assert out.index("pool-exhaustion: 2 session(s)") < out.index("retry-storm: 1 session(s)")
    assert "ack" in out and "resolve" in out and ids[0] in out and ids[3] not in out
    assert "never" in out  # the session that never acknowledged
    assert main(["trends", "--team", "Nobody"]) == 0
    assert "no sessions for team 'Nobody'" in capsys.readouterr().out


def _trends_page(team: str):
    at = run(new_app())
    at.switch_page("app_pages/trends.py")
    run(at).text_input(key="trends_team").set_value(team)
    return run(at)


def test_the_trends_page_shows_each_scenarios_distribution(history):
    _service, ids = history
    at = _trends_page("Night shift")
    text = page_text(at)
    assert "pool-exhaustion: 2 session(s)" in text and "retry-storm: 1 session(s)" in text
    assert ids[0] in text and ids[3] not in text
    charts = at.get("vega_lite_chart")
    assert len(charts) == 4  # scores and response times, per scenario


def test_the_trends_page_without_sessions_says_so(app_store):
    assert "No sessions for team" in page_text(_trends_page("Ghosts"))


def test_the_header_names_the_team(app_store):
    service = open_service(app_store)
    created = service.create(POOL, seed=1, team="Blue team")
    at = run(new_app(session=created.session_id, secret=created.facilitator_secret))
    assert "Team Blue team" in page_text(at)
