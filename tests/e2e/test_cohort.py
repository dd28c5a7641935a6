"""A cohort of three teams driven from one console (issue 14, item 5), in headless Chromium.

The facilitator creates the cohort on the Cohorts page (reached from Start), then starts every
team, sets the speed, sends an inject to one team and one to all, pauses and ends, from the one
console; each team's incident commander has the team's own console open in a browser context
of their own, and every step shows on every team's page (or, for the one-team inject, only on
that team's). When the sessions end, the console's cohort debrief compares the teams.

The players join through the session API (the join form has its own browser test) and open their
consoles from their links; everything the facilitator does is clicks.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from simulator.cohorts import CohortService
from simulator.session import open_service
from tests.e2e.browser import assert_no_exception, open_app, wait_for_app
from tests.e2e.steps import ACTION_MS, PAGE_MS, SCENARIO_TITLE, click, fill, pick, shot, wait_until

TEAMS = ("Red", "Blue", "Green")
FOLLOW_MS = 30_000  # a team's page shows a change: a one-second fragment, four tabs, two cores
DEBRIEF_MS = 120_000  # the debrief replays each team under other seeds (every core, loaded CI)


@pytest.fixture
def person(new_context: Callable[..., Any]) -> Iterator[Callable[[str], Page]]:
    """`person("Red")`: a page in a browser context of its own (one per person)."""
    yield lambda _name: new_context().new_page()


def follow(pages: dict[str, Page], text: str | re.Pattern[str]) -> None:
    """Every team's page shows `text` within the live refresh."""
    for team, page in pages.items():
        page.bring_to_front()  # a tab in the back has its timers throttled
        expect(page.get_by_text(text).first, f"team {team}").to_be_visible(timeout=FOLLOW_MS)


def test_a_cohort_of_three_teams_driven_from_one_console(
    app_server, person: Callable[[str], Page]
) -> None:
    svc = open_service(app_server.database_url)
    cohorts = CohortService(svc)
    url = app_server.url

    # The facilitator goes from Start to the Cohorts page and creates a cohort of three teams.
    fac = person("facilitator")
    open_app(fac, url, text="Run a game day")
    fac.get_by_role("link", name="Run several teams at once (a cohort)").click()
    wait_for_app(fac, text="Create a cohort", timeout_ms=PAGE_MS)
    pick(fac, "cohort_scenario", SCENARIO_TITLE)
    fill(fac, "cohort_name", "Tuesday drill")
    fill(fac, "cohort_teams", "\n".join(TEAMS))
    click(fac, "cohort_create")
    expect(fac.get_by_text(re.compile("Facilitator secret \\(shown once"))).to_be_visible(
        timeout=PAGE_MS
    )
    [record] = cohorts.cohorts()
    assert record.name == "Tuesday drill" and [m.team for m in record.members] == list(TEAMS)
    assert len({svc.session(m.session_id).seed for m in record.members}) == 1
    table = fac.locator('[data-testid="stTable"]').first
    for member in record.members:  # each team's session and join code on the console
        expect(table.get_by_text(member.join_code)).to_be_visible(timeout=ACTION_MS)
        expect(table.get_by_text(member.session_id)).to_be_visible()

    # Each team's incident commander opens the team's own console.
    pages: dict[str, Page] = {}
    for member in record.members:
        ic = svc.join(member.session_id, member.join_code, f"IC {member.team}", "ic")
        pages[member.team] = person(member.team)
        open_app(
            pages[member.team],
            url,
            f"/?session={member.session_id}&participant={ic.id}",
            text="Waiting for the facilitator to start",
            timeout_ms=PAGE_MS,
        )
        expect(pages[member.team].get_by_text(f"Team {member.team}")).to_be_visible()
    ids = {m.team: m.session_id for m in record.members}

    def states() -> set[str]:
        return {svc.status(sid).state for sid in ids.values()}

    # Start all, then 10x for all.
    fac.bring_to_front()
    click(fac, "cohort_start")
    wait_until("every team running", lambda: states() == {"running"})
    follow(pages, re.compile(r"Running at 1x"))
    fac.bring_to_front()
    pick(fac, "cohort_speed_pick", "10x")
    click(fac, "cohort_set_speed")
    wait_until("10x everywhere", lambda: {svc.status(s).speed for s in ids.values()} == {10.0})
    follow(pages, re.compile(r"Running at 10x"))

    # An inject to Red only, then one to all teams.
    fac.bring_to_front()
    _inject(fac, "Red", "VP Sales", "Red team: what is the ETA?", "Red")
    expect(pages["Red"].get_by_text("Red team: what is the ETA?")).to_be_visible(timeout=FOLLOW_MS)
    _inject(fac, "All teams", "Support", "Customers report failed checkouts", ", ".join(TEAMS))
    follow(pages, "Customers report failed checkouts")
    for team in ("Blue", "Green"):  # the one-team inject reached nobody else
        expect(pages[team].get_by_text("Red team: what is the ETA?")).to_have_count(0)
    shot(fac, "cohort-console")
    shot(pages["Red"], "cohort-team-red")

    # Pause all, then end all.
    fac.bring_to_front()
    click(fac, "cohort_pause")
    wait_until("every team paused", lambda: states() == {"paused"})
    follow(pages, "Paused")
    fac.bring_to_front()
    click(fac, "cohort_end")
    wait_until("every team ended", lambda: states() == {"ended"})
    follow(pages, "The exercise has ended")

    # The cohort debrief on the console: the teams item by item, against the seed noise.
    fac.bring_to_front()
    debrief = fac.get_by_text(re.compile(r"Seed noise: each team's own actions replayed"))
    expect(debrief).to_be_visible(timeout=DEBRIEF_MS)
    items = fac.locator('[data-testid="stTable"]').nth(1)
    for team in TEAMS:
        expect(items.get_by_text(team, exact=True)).to_be_visible()
    expect(items.get_by_text("Total score")).to_be_visible()
    # the teams did the same (nothing): every item is within the noise, said in one sentence
    level = fac.get_by_text(re.compile(r"^Within the seed noise \(no team measurably better\)"))
    expect(level).to_be_visible()
    expect(fac.locator('[data-testid="stVegaLiteChart"]')).to_have_count(2)
    shot(fac, "cohort-debrief", top=fac.get_by_text("Cohort debrief", exact=True))
    for page in (fac, *pages.values()):
        assert_no_exception(page)


def _inject(fac: Page, to: str, sender: str, text: str, reached: str) -> None:
    pick(fac, "cohort_inject_to", to)
    fill(fac, "cohort_inject_sender", sender)
    fill(fac, "cohort_inject_text", text)
    click(fac, "cohort_inject_send")
    done = fac.get_by_text(f"inject: done for {reached}", exact=True)
    expect(done).to_be_visible(timeout=ACTION_MS)
