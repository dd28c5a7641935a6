"""What a person does on a page in the browser tests: find a widget by its key (the copy the
current run drew), click it, type into it, pick an option, run a system action, press a clock
control, skip ahead, open the debrief; read the page's clock and metrics; the time limits those
steps wait for; `Steps`, the test's narrated timeline; and screenshots. Shared by every browser
test; the fixtures are in `conftest.py`."""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from playwright.sync_api import Locator, Page, expect
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from simulator.session import SessionService
from tests.e2e.browser import (
    docs_images,
    save_screenshot,
    wait_for_app,
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
