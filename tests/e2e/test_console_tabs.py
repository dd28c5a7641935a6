"""Only the open work tab's lists refresh (issue 13): a closed tab costs the server no runs.

The scribe's console opens on the "Scribe timeline" tab, whose two lists (the timeline so far and
the key events) refresh every few seconds. Chromium's websocket is watched: while the timeline is
open, the browser asks for those lists' reruns and never for the incident log's; once the log's
tab is chosen, it asks for the log's and no longer for the timeline's. A note typed (not sent) in
the timeline's form is still there after going to the log and back: forms are drawn in closed
tabs too, only the refreshing lists are not.
"""

from __future__ import annotations

import time
from collections import Counter
from dataclasses import dataclass, field

from playwright.sync_api import Page, expect
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

from simulator.session import open_service
from tests.e2e.browser import ROOT, on_frames, open_app, open_tab

SCENARIO = ROOT / "scenarios" / "pool-exhaustion.yaml"
PAGE_MS = 90_000
ACTION_MS = 30_000
LISTS_EVERY = 3.0  # app_pages.common.live.LISTS_EVERY
WINDOW_MS = 7_500  # more than two of the lists' intervals


@dataclass
class Reruns:
    """Each fragment's interval (from `auto_rerun`) and the reruns the browser asked for."""

    every: dict[str, float] = field(default_factory=dict)
    asked: list[tuple[float, str]] = field(default_factory=list)

    def received(self, message: ForwardMsg) -> None:
        if message.WhichOneof("type") == "auto_rerun":
            self.every[message.auto_rerun.fragment_id] = message.auto_rerun.interval

    def sent(self, message: BackMsg) -> None:
        if message.WhichOneof("type") == "rerun_script" and message.rerun_script.fragment_id:
            self.asked.append((time.monotonic(), message.rerun_script.fragment_id))

    def lists(self) -> set[str]:
        return {f for f, every in self.every.items() if every == LISTS_EVERY}

    def asked_since(self, since: float) -> Counter[str]:
        return Counter(f for t, f in self.asked if t >= since)


def test_only_the_open_tabs_lists_refresh_and_a_draft_survives(app_server, page: Page) -> None:
    svc = open_service(app_server.database_url)
    created = svc.create(SCENARIO, seed=3)
    sid = created.session_id
    scribe = svc.join(sid, created.join_code, "Sam", "scribe")
    svc.start(sid, created.facilitator_secret)

    reruns = Reruns()
    on_frames(page, reruns.received, reruns.sent)
    open_app(
        page,
        app_server.url,
        f"/console?session={sid}&participant={scribe.id}",
        text="Timeline so far",
        timeout_ms=PAGE_MS,
    )
    draft = "Checkout errors started after the deploy"
    page.get_by_label("Timeline entry").fill(draft)

    timeline_lists = reruns.lists()
    assert len(timeline_lists) == 2, reruns.every  # the notes and the key events
    since = time.monotonic()
    page.wait_for_timeout(WINDOW_MS)
    asked = reruns.asked_since(since)
    assert all(asked[f] >= 1 for f in timeline_lists), (asked, timeline_lists)
    assert set(asked) & reruns.lists() == timeline_lists  # no other list (the log) refreshed

    open_tab(page, "Incident log")
    expect(page.get_by_text("No actions yet.")).to_be_visible(timeout=ACTION_MS)
    log_lists = reruns.lists() - timeline_lists
    assert len(log_lists) == 1, reruns.every
    page.wait_for_timeout(LISTS_EVERY * 1000)  # a request already on its way may still arrive
    since = time.monotonic()
    page.wait_for_timeout(WINDOW_MS)
    asked = reruns.asked_since(since)
    assert all(asked[f] >= 1 for f in log_lists), (asked, log_lists)
    assert not set(asked) & timeline_lists, asked  # the closed timeline's lists: no runs

    open_tab(page, "Scribe timeline")
    expect(page.get_by_text("Timeline so far")).to_be_visible(timeout=ACTION_MS)
    expect(page.get_by_label("Timeline entry")).to_have_value(draft)
