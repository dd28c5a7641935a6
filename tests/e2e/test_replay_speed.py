"""The replay's play speed changed while it plays (issue 14 item 3): at 1x a redraw moves the
slider one step (5 s of the exercise), and switching to 20x without pausing makes every redraw
move it four steps (20 s). The test compares how far the slider moves per redraw, not how long
anything takes, so a slow machine only makes it wait longer (one that delivers two redraws at
once shows a move of two redraws' worth: still a multiple of the redraw's steps)."""

from __future__ import annotations

import time
from itertools import pairwise

from playwright.sync_api import Page, expect

from simulator.session import open_service
from tests.e2e.browser import assert_no_exception, open_app, wait_for_app
from tests.e2e.steps import LIVE_MS, PAGE_MS, widget
from tests.e2e.test_fork import played_session
from tests.e2e.test_replay import move, slider_time

STEP = 5.0  # app_pages/panels/replay.py STEP
MOVES_S = 60.0  # a few redraws at 1x (one per 5 s) on a loaded machine


def moves(page: Page, count: int) -> list[float]:
    """The slider's next `count` moves while playing (each a difference of two values)."""
    seen = [slider_time(page)]
    deadline = time.monotonic() + MOVES_S
    while len(seen) <= count and time.monotonic() < deadline:
        now = slider_time(page)
        if now != seen[-1]:
            seen.append(now)
        time.sleep(0.1)
    assert len(seen) > count, f"the slider moved {len(seen) - 1} times, not {count}: {seen}"
    return [b - a for a, b in pairwise(seen)]


def speed(page: Page, label: str) -> None:
    widget(page, "replay_speed").get_by_role("radio", name=label, exact=True).click()


def test_changing_speed_while_playing_moves_the_slider_faster(app_server, page):
    sid, secret = played_session(open_service(app_server.database_url))
    open_app(page, app_server.url, f"/debrief?session={sid}&secret={secret}", timeout_ms=PAGE_MS)
    expect(widget(page, "replay_play")).to_be_visible(timeout=PAGE_MS)
    move(page, "Home")
    speed(page, "1×")
    wait_for_app(page, timeout_ms=LIVE_MS)
    widget(page, "replay_play").locator("button").click()
    expect(widget(page, "replay_play").locator("p")).to_have_text("Pause", timeout=LIVE_MS)
    slow = moves(page, 3)[1:]  # the first position is a tick (T+00:01), then every 5 s
    assert min(slow) == STEP, f"at 1x a redraw moves one step: {slow}"

    speed(page, "20×")  # while playing
    moves(page, 1)  # the redraw that was due at 1x may still come: let it pass
    fast = moves(page, 3)
    # Each redraw moves four steps; a browser that gets two redraws at once shows eight.
    assert all(m % (4 * STEP) == 0 for m in fast), f"at 20x a redraw moves four steps: {fast}"
    expect(widget(page, "replay_play").locator("p")).to_have_text("Pause")  # still playing
    widget(page, "replay_play").locator("button").click()
    expect(widget(page, "replay_play").locator("p")).to_have_text("Play", timeout=LIVE_MS)
    assert_no_exception(page)
