"""AppTest: the Cohorts page (create, open, the console's controls) and the Start page's link
and team name. The whole console against real browsers is tests/e2e/test_cohort.py."""

from __future__ import annotations

import time

import pytest

from simulator.cohorts import CohortService
from simulator.session import open_service
from tests.app_helpers import click, keys, new_app, page_text, run, submit, use_app_store
from tests.conftest import SCENARIO_DIR

POOL = SCENARIO_DIR / "pool-exhaustion.yaml"


@pytest.fixture
def app_store(tmp_path, monkeypatch):
    yield from use_app_store(tmp_path, monkeypatch)


def cohort_page():
    at = run(new_app())
    at.switch_page("app_pages/cohort.py")
    return run(at)


def test_the_cohort_page_offers_create_and_open(app_store):
    at = cohort_page()
    assert {"cohort_scenario", "cohort_teams", "cohort_create", "cohort_id", "cohort_open"} <= keys(
        at
    )
    assert "Create a cohort" in page_text(at) and "Open a cohort" in page_text(at)


def test_bad_teams_get_a_message_not_a_traceback(app_store):
    at = cohort_page()
    at.text_area(key="cohort_teams").set_value("Only one")
    submit(at, "cohort_create")
    assert "teams: expected 2 to 12 team names (got 1)" in page_text(at)
    assert CohortService(open_service(app_store)).cohorts() == []


def test_creating_a_cohort_opens_its_console(app_store):
    at = cohort_page()
    at.text_input(key="cohort_name").set_value("Drill")
    at.text_area(key="cohort_teams").set_value("Red\nBlue\n\nGreen\n")
    submit(at, "cohort_create")
    [record] = CohortService(open_service(app_store)).cohorts()
    text = page_text(at)
    assert "Drill" in text and record.id in text and "Facilitator secret (shown once" in text
    for member in record.members:
        assert member.team in text and member.join_code in text and member.session_id in text
    click(at, "cohort_start")
    assert "start: done for Red, Blue, Green" in page_text(at)
    service = open_service(app_store)
    assert {service.status(s).state for s in record.session_ids} == {"running"}
    click(at, "cohort_start")  # again: every session refuses, each says why
    assert "start: Red:" in page_text(at)
    # the secret is shown once: a rerun no longer shows it
    assert "Facilitator secret (shown once" not in page_text(at)


def test_opening_a_cohort_needs_its_secret(app_store):
    created = CohortService(open_service(app_store)).create(POOL, ["Red", "Blue"])
    at = cohort_page()
    at.text_input(key="cohort_id").set_value(created.cohort_id)
    at.text_input(key="cohort_secret").set_value("guess")
    submit(at, "cohort_open")
    assert "wrong facilitator secret" in page_text(at)
    at.text_input(key="cohort_secret").set_value(created.facilitator_secret)
    submit(at, "cohort_open")
    assert created.members[0].join_code in page_text(at)
    click(at, "cohort_leave")
    assert "Create a cohort" in page_text(at)


def test_start_creates_a_named_session_and_links_to_cohorts(app_store):
    at = run(new_app())
    assert "Run several teams at once (a cohort)" in page_text(at)
    at.text_input(key="create_team").set_value("Night shift")
    click(at, "create_submit")
    service = open_service(app_store)
    [summary] = service.sessions()
    assert service.team(summary.session_id) == "Night shift"


@pytest.mark.slow  # the debrief replays every team under other seeds
def test_the_cohort_debrief_on_the_console(app_store):
    cohorts = CohortService(open_service(app_store))
    earlier = cohorts.create(POOL, ["Amber", "Teal"], seed=2)
    created = cohorts.create(POOL, ["Red", "Blue"], seed=2)
    for c in (earlier, created):
        cohorts.control(c.cohort_id, c.facilitator_secret, "start")
        cohorts.control(c.cohort_id, c.facilitator_secret, "end")
    at = cohort_page()
    at.text_input(key="cohort_id").set_value(created.cohort_id)
    at.text_input(key="cohort_secret").set_value(created.facilitator_secret)
    submit(at, "cohort_open")
    text = page_text(at)
    # The console opens at once; the debrief fills in when its noise runs are done.
    assert "Cohort debrief" in text and "Leave the cohort console" in text
    deadline = time.monotonic() + 300
    while "Seed noise" not in text:
        assert "Replaying each team's actions under 4 other seeds" in text, text
        assert time.monotonic() < deadline, "the cohort debrief never filled in"
        time.sleep(0.5)
        text = page_text(run(at))
    assert "Seed noise: each team's own actions replayed on seeds 2, 3, 4, 5, 6" in text
    assert "Within the seed noise (no team measurably better): Total score" in text
    assert len(at.get("vega_lite_chart")) == 2
    assert "Total score per team, this cohort and earlier ones" in text
    at.selectbox(key="cohort_history_item").set_value("declare")
    text = page_text(run(at))
    assert "Declare an incident per team, this cohort and earlier ones" in text
