"""A facilitated game day, end to end, in headless Chromium (issue 5).

The facilitator creates a session on the Start page and reads the join code, the session id and
the secret from the console; an incident commander, a scribe and a communications lead join at
once from their own browser contexts (two with the join link, one typing the id and the code).
The facilitator starts the exercise and skips ahead until the page fires; the IC acknowledges and
declares SEV1, the comms lead posts a status update, the scribe adds a timeline note, and each of
those shows on the other people's pages without a reload (live fragments refresh every second).
The facilitator skips on and ends the exercise; the debrief shows the scores per role and the
total. Every step is checked in the session store through the session API as well.

Screenshots of every page go to test-artifacts/screenshots/ (git-ignored); with
GAMEDAY_UPDATE_SCREENSHOTS=1 five of them are also written to docs/images/ for the README: start,
facilitator, ic, scribe, debrief.

The helpers at the top are shared with `test_solo.py` and `test_no_leaks_browser.py`.
"""

from __future__ import annotations

import contextlib
import re
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Locator, Page, expect
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from simulator.session import SessionService, open_service
from tests.e2e.browser import (
    assert_no_exception,
    docs_images,
    open_app,
    open_tab,
    save_screenshot,
    wait_for_app,
    watch_runs,
)

SCENARIO_TITLE = "Checkout errors climbing at lunchtime"
LIVE_MS = 10_000  # another person's action shows on a live page (fragments refresh every 1-2 s)
ACTION_MS = 30_000  # a click is answered (a rerun of the page on a loaded machine)
PAGE_MS = 60_000  # a page switch or the debrief's first build (scoring, the report)
OPTION_MS = 3_000  # a selectbox's list shows its options
CLICK_S = 20.0  # a clock control's click reaches the store
SKIP_S = 5 * 60.0
CLOCK = re.compile(r"T\+(\d+):(\d\d)")


# ------------------------------------------------------------------ widgets by key


def widget(page: Page, key: str) -> Locator:
    """The element container Streamlit gives a widget with `key` (class `st-key-<key>`), as
    drawn by the current run. While a run redraws the page, the previous run's copy stays
    on the page, faded and marked `data-stale="true"`, until the run ends: when the new run
    draws the widget at another place (the layout above it changed), both copies are there
    for a moment, and a person clicks the live one. CI once failed on the two copies."""
    return page.locator(f'.st-key-{key}:not([data-stale="true"])')


def click(page: Page, key: str) -> None:
    widget(page, key).locator("button").click()


def fill(page: Page, key: str, text: str) -> None:
    widget(page, key).locator("input, textarea").fill(text)


def pick(page: Page, key: str, option: str | re.Pattern[str]) -> None:
    """Choose `option` (its text, or a pattern) in the selectbox `key` the way a person does:
    open the list, click the option."""
    box = widget(page, key)
    for attempt in range(3):
        # A redraw of the page can close the list just opened, or put back the value a run begun
        # before the click had drawn (CI saw both on a loaded machine): a person picks again.
        box.locator('button[aria-label="Open"]').click()
        try:
            page.get_by_role("option", name=option, exact=True).first.click(timeout=OPTION_MS)
            expect(box.locator("input")).to_have_value(option, timeout=OPTION_MS)
            return
        except (PlaywrightTimeoutError, AssertionError):
            if attempt == 2:
                raise
            page.keyboard.press("Escape")


def pick_action(page: Page, action: str) -> None:
    """Pick the system action `action` and wait until the page has drawn its form.

    Under load CI once saw the browser show the new pick while the panel stayed on the previous
    action's form for 30 s (the panel's rerun for the pick never came back). A person then picks
    again; so does this, once, by way of another action (picking the shown value again sends
    nothing). The page is safe meanwhile: the stale form's box and button are the old action's."""
    option = re.compile(rf"^{re.escape(action)}: ")
    pick(page, "sysaction_pick", option)
    form = widget(page, f"sysaction_for_{action}")
    try:
        expect(form).to_be_visible(timeout=LIVE_MS)
    except AssertionError:
        pick(page, "sysaction_pick", re.compile(rf"^(?!{re.escape(action)}: )\w+: "))
        pick(page, "sysaction_pick", option)
        expect(form).to_be_visible(timeout=ACTION_MS)


def run_action(page: Page, action: str, *, confirm: bool) -> None:
    """Press **Run action** in the form of `action` (`pick_action` first), ticking the
    risky-action box first if `confirm`. The form, its box and its button are keyed by the
    action, so a tick in the previous pick's form would not count."""
    expect(widget(page, f"sysaction_for_{action}")).to_be_visible(timeout=ACTION_MS)
    if confirm:
        box = widget(page, f"sysaction_confirm_{action}")
        box.get_by_text("I understand this action is risky").click()
        expect(box.locator("input")).to_be_checked(timeout=ACTION_MS)
    click(page, f"sysaction_submit_{action}")


def main_text(page: Page) -> str:
    return page.locator('[data-testid="stMain"]').inner_text()


def metrics(page: Page) -> dict[str, str]:
    """Every `st.metric` on the page: label -> value."""
    found = {}
    for metric in page.locator('[data-testid="stMetric"]').all():
        label = metric.locator('[data-testid="stMetricLabel"]').inner_text().strip()
        found[label] = metric.locator('[data-testid="stMetricValue"]').inner_text().strip()
    return found


def sim_seconds(page: Page) -> float:
    """The sim clock the page shows (`T+MM:SS` in the clock strip)."""
    found = CLOCK.search(page.locator('[data-testid="stMain"] .gameday-clock').first.inner_text())
    assert found, "no sim clock on the page"
    return int(found.group(1)) * 60.0 + int(found.group(2))


def shot(page: Page, name: str, docs: bool = False, top: Locator | None = None) -> Path:
    """A screenshot of the window (1280x800; Streamlit scrolls inside the page, so that is what
    a person sees) in test-artifacts/screenshots/, and with `docs` in docs/images/ for the README
    when GAMEDAY_UPDATE_SCREENSHOTS=1. `top`: scroll that element to the top of the window
    first."""
    wait_for_app(page, timeout_ms=PAGE_MS)
    if top is not None:
        top.evaluate("element => element.scrollIntoView({block: 'start'})")
    path = save_screenshot(page, name)
    readme = docs_images() if docs else None
    if readme is not None:
        save_screenshot(page, name, directory=readme)
    return path


class Steps:
    """Prints each step with the seconds since the test began (pytest shows it on a failure, and
    with `-rP`): where the time goes on a slow machine."""

    def __init__(self) -> None:
        self.start = time.monotonic()

    def __call__(self, what: str) -> None:
        print(f"{time.monotonic() - self.start:6.1f} s  {what}", flush=True)


# ------------------------------------------------------------------ waiting on the store


def wait_until(what: str, check: Callable[[], Any], timeout_s: float = 30.0) -> Any:
    """Poll `check()` until it returns something truthy; fail with `what` after the timeout."""
    deadline = time.monotonic() + timeout_s
    while True:
        found = check()
        if found:
            return found
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout_s:.0f} s waiting for {what}")
        time.sleep(0.5)


def actions(svc: SessionService, session_id: str, name: str) -> list[dict[str, Any]]:
    """The journal's accepted actions called `name`."""
    return [
        e
        for e in svc.journal(session_id).entries
        if e.get("kind") == "action" and e.get("action") == name and e.get("outcome") == "accepted"
    ]


def clock_control(page: Page, key: str, prefix: str = "fac") -> Locator:
    """The clock control button `key` (`start`, `skip_5m`, `end`...), once the page is idle."""
    button = widget(page, f"{prefix}_{key}").locator("button")
    expect(button).to_be_visible(timeout=ACTION_MS)
    wait_for_app(page, timeout_ms=PAGE_MS)
    return button


def press(
    page: Page,
    key: str,
    what: str,
    done: Callable[[], Any],
    then: str | None,
    prefix: str = "fac",
) -> None:
    """Click the clock control `key` once; the store has it within `CLICK_S`, and the row of
    controls is still on the page afterwards (`then`: a control it must show, None once the
    exercise has ended). The controls once vanished now and then after Start or a skip, and a
    click could be lost: neither is tolerated any more."""
    clock_control(page, key, prefix).click()
    wait_until(what, done, timeout_s=CLICK_S)
    wait_for_app(page, timeout_ms=PAGE_MS)
    if then is not None:
        expect(widget(page, f"{prefix}_{then}").locator("button")).to_be_enabled(timeout=ACTION_MS)
        expect(widget(page, f"{prefix}_speed")).to_be_visible()


def skip_ahead(page: Page, svc: SessionService, session_id: str, prefix: str = "fac") -> None:
    """Skip 5 minutes and wait until the store and the page show the new time."""
    before = svc.status(session_id).sim_time
    target = before + SKIP_S
    press(
        page,
        "skip_5m",
        "the skip",
        lambda: svc.status(session_id).sim_time >= target,
        then="skip_5m",
        prefix=prefix,
    )
    wait_until("the page's clock", lambda: sim_seconds(page) >= target)


def clock_events(svc: SessionService, session_id: str) -> list[tuple[str, float, object, object]]:
    """The session's clock controls as stored (kind, sim time, value, client id): what a failed
    assertion about the clock should show."""
    return [
        (e.kind, e.sim_time, e.payload.get("value"), e.client_id)
        for e in svc.store.events(session_id)
        if e.kind.startswith("clock.")
    ]


def open_debrief(page: Page, link: str) -> None:
    """Click `link` (the console's "Open the debrief" or the navigation's "Debrief") and wait for
    the debrief, still in the session: the link carries who you are in its URL (it once did not,
    and about once in a dozen runs a click on it landed on Start, out of the session)."""
    page.get_by_role("link", name=link, exact=True).first.click(timeout=ACTION_MS)
    page.wait_for_url(re.compile(r"/debrief\?session=|/start$"), timeout=PAGE_MS)
    assert "/debrief?" in page.url, (
        f"clicking {link!r} left the session: the page is {page.url} (Start), not the debrief"
    )


# ------------------------------------------------------------------ fixtures


@pytest.fixture
def person(
    new_context: Callable[..., Any], request: pytest.FixtureRequest
) -> Iterator[Callable[[str], Page]]:
    """`person("ic")`: a page in a browser context of its own; when the test fails, every
    person's page is saved as test-artifacts/screenshots/FAILED-<test>-<person>.png."""
    opened: dict[str, Page] = {}

    def make(name: str) -> Page:
        opened[name] = new_context().new_page()
        return opened[name]

    yield make
    report = getattr(request.node, "rep_call", None)
    if report is None or not report.failed:
        return
    test = re.sub(r"[^A-Za-z0-9_.-]+", "_", request.node.name)
    for name, page in opened.items():
        with contextlib.suppress(Exception):  # the failure matters more than its pictures
            save_screenshot(page, f"FAILED-{test}-{name}")


# ------------------------------------------------------------------ the test


PEOPLE = (  # role, name, the role's title on the join form
    ("ic", "Ada", "Incident commander"),
    ("scribe", "Tom", "Scribe"),
    ("comms_lead", "Priya", "Communications lead"),
)


def test_game_day_in_the_browser(app_server, person):
    step = Steps()
    svc = open_service(app_server.database_url)
    url = app_server.url

    step("The facilitator creates a session on the Start page")
    fac = person("facilitator")
    open_app(fac, url, text="Run a game day")
    shot(fac, "start", docs=True)
    assert_no_exception(fac)
    pick(fac, "create_scenario", SCENARIO_TITLE)
    click(fac, "create_submit")
    fac.wait_for_url("**/facilitator?**", timeout=PAGE_MS)
    details = fac.locator('[data-testid="stExpander"]').filter(has_text="Join details")
    expect(details.get_by_text("Join code", exact=True)).to_be_visible(timeout=PAGE_MS)
    shown = metrics(fac)
    code, session_id = shown["Join code"], shown["Session id"]
    blocks = details.locator('[data-testid="stCode"]')
    expect(blocks).to_have_count(2)
    link, secret = (b.inner_text().strip() for b in blocks.all())
    record = svc.session(session_id)
    assert record.join_code == code
    assert record.scenario_id == "pool-exhaustion"
    svc.events(session_id, secret)  # the secret the page shows is the session's (else refused)
    assert f"join={session_id}" in link and f"code={code}" in link
    shot(fac, "facilitator-lobby")

    step("Three people join at once")
    # Three people join at once, each in their own browser context: the IC and the comms lead
    # open the join link (it fills in the session id and the code), the scribe types them.
    pages: dict[str, Page] = {}
    for role, _name, _title in PEOPLE:
        pages[role] = person(role)
        watch_runs(pages[role])
        pages[role].goto(link if role != "scribe" else url, timeout=PAGE_MS)
    for role, name, title in PEOPLE:
        page = pages[role]
        wait_for_app(page, text="Join a session", timeout_ms=PAGE_MS)
        if role == "scribe":
            fill(page, "join_session", session_id)
            fill(page, "join_code", code)
        else:
            expect(widget(page, "join_session").locator("input")).to_have_value(session_id)
            expect(widget(page, "join_code").locator("input")).to_have_value(code)
        fill(page, "join_name", name)
        pick(page, "join_role", title)
        click(page, "join_submit")
    for role, name, title in PEOPLE:
        page = pages[role]
        page.wait_for_url("**/console?**", timeout=PAGE_MS)
        expect(page.get_by_text(f"{name} · {title}")).to_be_visible(timeout=PAGE_MS)
        expect(page.get_by_text("Waiting for the facilitator to start")).to_be_visible()
    joined = {p.role: p.name for p in svc.participants(session_id)}
    assert joined == {role: name for role, name, _ in PEOPLE}
    table = fac.locator('[data-testid="stDataFrame"]').filter(has_text="joined")  # canvas grid
    for _role, name, title in PEOPLE:  # the grid's accessible cells carry the text
        expect(table.locator("td").filter(has_text=name)).to_be_attached(timeout=LIVE_MS)
        expect(table.locator("td").filter(has_text=title)).to_be_attached()
    shot(pages["ic"], "ic-lobby")

    step("The facilitator starts, then skips ahead until the page fires")
    press(fac, "start", "the start", lambda: svc.status(session_id).state == "running", "pause")
    expect(details.get_by_text("Join code", exact=True)).to_be_hidden()  # folded once started
    expect(fac.get_by_text(re.compile(r"Running at 1x"))).to_be_visible(timeout=ACTION_MS)
    for _ in range(5):
        skip_ahead(fac, svc, session_id)
        if svc.status(session_id).open_pages:
            break
    status = svc.status(session_id)
    # At 1x the clock also moves with the wall clock, so on a slow machine a second alert may
    # page before the loop sees the first: every open page must be waiting, the first is used.
    assert status.open_pages and {p.status for p in status.open_pages} == {"triggered"}, (
        status.open_pages,
        status.sim_time,
        clock_events(svc, session_id),
    )
    page_id, alert = status.open_pages[0].id, status.open_pages[0].alert
    ic = pages["ic"]
    pager = ic.get_by_text(re.compile(rf"TRIGGERED\s*{page_id}\s*{alert}"))
    expect(pager).to_be_visible(timeout=LIVE_MS)
    expect(ic.get_by_text(re.compile(rf"FIRING\s*{alert}"))).to_be_visible(timeout=LIVE_MS)
    shot(ic, "ic", docs=True)

    step("The IC acknowledges the page; the scribe's key events show it")
    ack = widget(ic, "pager_ack").locator("button")
    expect(ack).to_be_enabled(timeout=LIVE_MS)
    ack.click()
    expect(ic.get_by_text("acknowledge: accepted at")).to_be_visible(timeout=ACTION_MS)
    expect(ic.get_by_text(re.compile(rf"ACKNOWLEDGED\s*{page_id}"))).to_be_visible(timeout=LIVE_MS)
    scribe = pages["scribe"]
    expect(scribe.get_by_text(f"Page {page_id} acknowledged by")).to_be_visible(timeout=LIVE_MS)
    assert [a["role"] for a in actions(svc, session_id, "acknowledge")] == ["ic"]
    assert not svc.status(session_id).open_pages or all(
        p.status == "acknowledged" for p in svc.status(session_id).open_pages
    )

    step("The IC declares SEV1 (picked in the form) with a title")
    pick(ic, "ic_severity", "SEV1")
    fill(ic, "ic_title", "Checkout payments failing")
    click(ic, "ic_declare")
    expect(ic.get_by_text("declare: accepted at")).to_be_visible(timeout=ACTION_MS)
    expect(ic.get_by_text("Severity: SEV1")).to_be_visible(timeout=ACTION_MS)
    expect(scribe.get_by_text("declared SEV1")).to_be_visible(timeout=LIVE_MS)
    declared = actions(svc, session_id, "declare")
    assert [d["params"] for d in declared] == [
        {"severity": "SEV1", "title": "Checkout payments failing"}
    ]

    step("The comms lead posts a status update from the template; the IC sees when the next is due")
    comms = pages["comms_lead"]
    expect(ic.get_by_text("No status update posted yet.")).to_be_visible()
    pick(comms, "comms_status", "identified")
    fill(comms, "comms_impact", "Most checkout payments fail; customers cannot pay.")
    fill(comms, "comms_actions", "Investigating database connections on checkout-api.")
    pick(comms, "comms_next", "15m")
    click(comms, "comms_update_submit")
    expect(comms.get_by_text("status update: accepted at")).to_be_visible(timeout=ACTION_MS)
    expect(comms.get_by_text("Impact: Most checkout payments fail")).to_be_visible()
    expect(ic.get_by_text(re.compile(r"Next status update due T\+"))).to_be_visible(timeout=LIVE_MS)
    updates = actions(svc, session_id, "status_update")
    assert [(u["role"], u["params"]["status"], u["params"]["next_update"]) for u in updates] == [
        ("comms_lead", "identified", "15m")
    ]
    shot(comms, "comms")

    step("The scribe adds a decision to the timeline; the IC and the comms lead see it live")
    note = "Decided: roll back checkout-api 2.42.0 if the pool keeps climbing"
    fill(scribe, "scribe_text", note)
    scribe.get_by_role("radiogroup").get_by_text("Decision", exact=True).click()
    click(scribe, "scribe_submit")
    expect(scribe.get_by_text("timeline note: accepted at")).to_be_visible(timeout=ACTION_MS)
    expect(scribe.get_by_text(note)).to_be_visible(timeout=LIVE_MS)
    for other in (ic, comms):
        open_tab(other, "Scribe timeline")
        expect(other.get_by_text(note)).to_be_visible(timeout=LIVE_MS)
    notes = actions(svc, session_id, "timeline_note")
    assert [(n["role"], n["params"]) for n in notes] == [
        ("scribe", {"text": note, "tag": "decision"})
    ]
    shot(scribe, "scribe", docs=True, top=scribe.get_by_role("tab", name="Scribe timeline"))
    shot(ic, "ic-timeline")

    step("The facilitator's console mid-incident")
    # The facilitator's console mid-incident: the people, the alerts, the ground truth (the join
    # details folded away since the start).
    expect(details.get_by_text("Join code", exact=True)).to_be_hidden()
    expect(fac.get_by_text("CUSTOMER IMPACT", exact=True)).to_be_visible(timeout=LIVE_MS)
    expect(fac.get_by_text(re.compile(rf"FIRING\s*{alert}"))).to_be_visible(timeout=LIVE_MS)
    shot(fac, "facilitator", docs=True)
    for page in (fac, *pages.values()):
        assert_no_exception(page)

    step("The facilitator skips on and ends the exercise")
    skip_ahead(fac, svc, session_id)
    clock_control(fac, "end")
    widget(fac, "fac_end_confirm").get_by_text("I want to end the exercise now").click()
    expect(widget(fac, "fac_end").locator("button")).to_be_enabled(timeout=ACTION_MS)
    press(fac, "end", "the end", lambda: svc.status(session_id).state == "ended", then=None)
    expect(fac.get_by_text(re.compile(r"Ended$"))).to_be_visible(timeout=ACTION_MS)
    for role, _name, _title in PEOPLE:
        expect(pages[role].get_by_text("The exercise has ended")).to_be_visible(timeout=LIVE_MS)

    step("The debrief: scores per role and the total, for the facilitator and for the IC")
    open_debrief(fac, "Debrief")
    open_debrief(ic, "Open the debrief")
    for page in (fac, ic):
        expect(page.get_by_role("heading", name="Scores")).to_be_visible(timeout=PAGE_MS)
        total = page.locator('[data-testid="stMetric"]').filter(has_text="Total")
        expect(total).to_be_visible(timeout=PAGE_MS)
        wait_for_app(page, timeout_ms=PAGE_MS)
        scores = metrics(page)
        for label in ("Total", "Team", "Incident commander", "Communications lead", "Scribe"):
            assert re.fullmatch(r"\d+/100", scores.get(label, "")), (label, scores)
        assert_no_exception(page)
    shot(fac, "debrief", docs=True)
    shot(ic, "debrief-ic")

    step("What the browser did is what the store holds")
    stored = [
        e.payload["action"]
        for e in svc.events(session_id, secret)
        if e.kind == "action" and e.payload.get("outcome") == "accepted"
    ]
    assert stored == ["acknowledge", "declare", "status_update", "timeline_note"], stored
    assert "Traceback" not in app_server.log()
