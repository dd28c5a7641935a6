"""WCAG 2.1 A/AA in the browser: axe-core (vendored, `tests/e2e/axe.py`) finds no serious or
critical violation on any page of the app (issue 17).

The sessions are set up through the session API (the browser tests of the flows themselves are
elsewhere): a session running with a page firing, its IC and comms lead joined, and a solo
session whose one player holds every tab; a third session ended, for the debrief. Each page is
opened from its link in a fresh browser context, every tab of the incident console is opened in
turn and axe runs on the page as it is then. The pages' lobby states are checked too.

The scenario studio is checked with a problem listed beside the editor, on every tab. The
tabletop pages do not exist yet: when they do, they get a case here.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from simulator.session import SessionService, open_service
from tests.e2e.axe import describe, serious, violations
from tests.e2e.browser import ROOT, assert_no_exception, open_app, open_tab, wait_for_app
from tests.e2e.steps import LIVE_MS, PAGE_MS

SCENARIO = ROOT / "scenarios" / "pool-exhaustion.yaml"
PAGE_FIRES_BY_S = 20 * 60.0  # pool-exhaustion pages well before T+20m at seed 3


@dataclass(frozen=True)
class Sessions:
    running: str  # a page firing and acknowledged-not-yet
    secret: str
    ic: str
    comms: str
    solo: str
    solo_player: str
    solo_secret: str
    ended: str
    ended_secret: str
    ended_ic: str
    lobby: str
    lobby_secret: str
    lobby_ic: str


def paged(svc: SessionService, sid: str, secret: str) -> None:
    """Skip ahead until the session's first page is open (and fail if it never is)."""
    svc.start(sid, secret)
    skipped = 0.0
    while not svc.status(sid).open_pages:
        assert skipped < PAGE_FIRES_BY_S, "no page fired"
        svc.skip(sid, secret, 60)
        skipped += 60


@pytest.fixture(scope="module")
def sessions(app_server) -> Iterator[Sessions]:
    svc = open_service(app_server.database_url)
    run = svc.create(SCENARIO, seed=3)
    ic = svc.join(run.session_id, run.join_code, "Ada", "ic")
    comms = svc.join(run.session_id, run.join_code, "Priya", "comms_lead")
    paged(svc, run.session_id, run.facilitator_secret)
    svc.act(run.session_id, ic.id, "investigate", {"command": "db-activity"})
    svc.act(
        run.session_id,
        comms.id,
        "status_update",
        {
            "status": "investigating",
            "impact": "Checkout fails",
            "actions": "Looking",
            "next_update": "15m",
        },
    )
    solo = svc.create(SCENARIO, seed=3, solo=True)
    player = svc.join(solo.session_id, solo.join_code, "Sol", "ic")
    paged(svc, solo.session_id, solo.facilitator_secret)
    done = svc.create(SCENARIO, seed=3)
    done_ic = svc.join(done.session_id, done.join_code, "Ada", "ic")
    paged(svc, done.session_id, done.facilitator_secret)
    svc.act(done.session_id, done_ic.id, "acknowledge", {})
    svc.act(done.session_id, done_ic.id, "declare", {"severity": "SEV1"})
    svc.skip(done.session_id, done.facilitator_secret, 10 * 60)
    svc.end(done.session_id, done.facilitator_secret)
    lobby = svc.create(SCENARIO, seed=3)
    lobby_ic = svc.join(lobby.session_id, lobby.join_code, "Ada", "ic")
    yield Sessions(
        run.session_id,
        run.facilitator_secret,
        ic.id,
        comms.id,
        solo.session_id,
        player.id,
        solo.facilitator_secret,
        done.session_id,
        done.facilitator_secret,
        done_ic.id,
        lobby.session_id,
        lobby.facilitator_secret,
        lobby_ic.id,
    )
    for sid, secret in (
        (run.session_id, run.facilitator_secret),
        (solo.session_id, solo.facilitator_secret),
    ):  # nothing left running on the server the other browser tests share
        svc.end(sid, secret)


RUNS = 3  # axe runs on a page before a violation counts (see `assert_accessible`)


def assert_accessible(page: Page, where: str) -> None:
    """No serious or critical violation on the page. Live panels rerun every second, and while
    one reruns Streamlit fades its elements (lower contrast for a moment): the page fails when
    each of `RUNS` runs of axe, each on an idle page, finds a violation (a real one is always
    there; a fade is not)."""
    assert_no_exception(page)
    found: list = []
    for _ in range(RUNS):
        wait_for_app(page, timeout_ms=PAGE_MS)
        found = serious(violations(page))
        if not found:
            return
    assert not found, f"axe: serious or critical WCAG 2.1 AA violations on {where}:\n" + describe(
        found
    )


def each_tab(page: Page, where: str, console: bool = False) -> list[str]:
    """Open every tab of the page in turn and check it; the tabs' names. `console`: the incident
    console's work tabs, which rerun the page when chosen (their lists are drawn by that run)."""
    names = [t.inner_text().strip() for t in page.get_by_role("tab").all()]
    assert names, f"{where} has no tabs"
    for name in names:
        if console:
            open_tab(page, name)
        else:
            tab = page.get_by_role("tab", name=name, exact=True)
            tab.click()
            expect(tab).to_have_attribute("aria-selected", "true")
        assert_accessible(page, f"{where}, tab {name!r}")
    return names


Open = Callable[[str, str | None], Page]


@pytest.fixture
def open_page(new_context: Callable[..., Any], app_server) -> Open:
    def go(path: str, text: str | None = None) -> Page:
        page = new_context().new_page()
        open_app(page, app_server.url, path, text=text, timeout_ms=PAGE_MS)
        return page

    return go


def test_start_page(open_page: Open) -> None:
    page = open_page("/", "Run a game day")
    assert_accessible(page, "Start")
    assert page.title() == "Start — Game day"
    assert page.locator("h1").all_inner_texts() == ["Game day"]


def test_library_page(open_page: Open) -> None:
    page = open_page("/library", "Check a scenario")
    assert_accessible(page, "the scenario library")
    assert page.title() == "Scenario library — Game day"
    assert page.locator("h1").all_inner_texts() == ["Scenario library"]


def test_facilitator_console_with_a_page_firing(open_page: Open, sessions: Sessions) -> None:
    s = sessions
    page = open_page(f"/facilitator?session={s.running}&secret={s.secret}", "Ground truth")
    each_tab(page, "the facilitator console")
    assert page.title() == "Facilitator console — Game day"
    assert page.locator("h1").all_inner_texts() == ["Facilitator console"]


def test_facilitator_console_in_the_lobby(open_page: Open, sessions: Sessions) -> None:
    s = sessions
    page = open_page(f"/facilitator?session={s.lobby}&secret={s.lobby_secret}", "Join code")
    assert_accessible(page, "the facilitator console in the lobby")


def test_scenario_studio_with_a_problem_every_tab(open_page: Open, sessions: Sessions) -> None:
    s = sessions
    page = open_page(f"/studio?session={s.lobby}&secret={s.lobby_secret}", "Scenario studio")
    box = page.locator(".st-key-studio_text textarea")
    box.fill(box.input_value().replace("severity: SEV2", "severity: sev2"))
    box.press("Control+Enter")
    expect(page.get_by_text("did you mean 'SEV2'?")).to_be_visible(timeout=PAGE_MS)
    assert each_tab(page, "the scenario studio") == ["Preview", "Library", "Diff"]
    assert page.title() == "Scenario studio — Game day"
    assert page.locator("h1").all_inner_texts() == ["Scenario studio"]


def test_incident_console_of_the_ic_every_tab(open_page: Open, sessions: Sessions) -> None:
    s = sessions
    page = open_page(f"/console?session={s.running}&participant={s.ic}", "TRIGGERED")
    names = each_tab(page, "the IC's incident console", console=True)
    assert "Incident command" in names
    waiting = re.compile(r"\(\d\) Page P1(, P\d)* — Incident console")  # waits for its ack
    assert waiting.fullmatch(page.title()), page.title()
    assert page.locator("h1").all_inner_texts() == ["Incident console"]


def test_incident_console_of_the_comms_lead(open_page: Open, sessions: Sessions) -> None:
    s = sessions
    page = open_page(f"/console?session={s.running}&participant={s.comms}", "TRIGGERED")
    expect(page.get_by_text("Next status update due")).to_be_visible(timeout=LIVE_MS)
    each_tab(page, "the comms lead's incident console", console=True)


def test_solo_console_every_tab(open_page: Open, sessions: Sessions) -> None:
    s = sessions
    path = f"/console?session={s.solo}&participant={s.solo_player}&secret={s.solo_secret}"
    page = open_page(path, "TRIGGERED")
    page.get_by_text("Practice clock controls").click()
    names = each_tab(page, "the solo console", console=True)
    assert "System actions" in names and "Comms" in names


def test_incident_console_in_the_lobby(open_page: Open, sessions: Sessions) -> None:
    s = sessions
    page = open_page(f"/console?session={s.lobby}&participant={s.lobby_ic}", "Waiting for")
    assert_accessible(page, "the incident console in the lobby")


def test_debrief(open_page: Open, sessions: Sessions) -> None:
    s = sessions
    for who, path in (
        ("facilitator", f"/debrief?session={s.ended}&secret={s.ended_secret}"),
        ("IC", f"/debrief?session={s.ended}&participant={s.ended_ic}"),
    ):
        page = open_page(path, "Scores")
        assert_accessible(page, f"the debrief ({who})")
        assert page.title() == "Debrief — Game day"
        assert page.locator("h1").all_inner_texts() == ["Debrief"]


_BACKGROUND = """() => getComputedStyle(document.querySelector('[data-testid="stApp"]'))
    .backgroundColor"""


def test_dark_theme_follows_the_system_and_keeps_contrast(
    new_context: Callable[..., Any], app_server, sessions: Sessions
) -> None:
    """A browser that prefers dark gets the dark theme; its pages, charts included, pass too."""
    s = sessions
    for path, text in (
        ("/", "Run a game day"),
        (f"/console?session={s.running}&participant={s.ic}", "TRIGGERED"),
        (f"/debrief?session={s.ended}&secret={s.ended_secret}", "Scores"),
    ):
        page = new_context(color_scheme="dark").new_page()
        open_app(page, app_server.url, path, text=text, timeout_ms=PAGE_MS)
        red, green, blue = map(int, page.evaluate(_BACKGROUND)[4:-1].split(",")[:3])
        assert max(red, green, blue) < 60, f"{path} is not dark: {page.evaluate(_BACKGROUND)}"
        assert_accessible(page, f"{path} in the dark theme")
    light = new_context(color_scheme="light").new_page()
    open_app(light, app_server.url, "/", text="Run a game day", timeout_ms=PAGE_MS)
    assert light.evaluate(_BACKGROUND) == "rgb(255, 255, 255)"
