"""The load client (`tests/load`, `make loadtest`) behaves like a browser's tab (issue 13).

Chromium and the protocol client each open an incident console of the same session, as two
participants with the same role, at the same time. Over the same window both are asked for the
same auto-refreshing fragments at the same intervals, send about as many rerun requests, see
about as many refreshes and get the same kinds of elements. Counts are compared as ratios in one
window: no wall-clock time is asserted.
"""

from __future__ import annotations

import asyncio
import threading
import time
from collections import Counter
from dataclasses import dataclass, field

from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

from simulator.session import open_service
from tests.e2e.browser import ROOT, on_frames, open_app
from tests.load.client import FRAGMENT_RUN_DONE, INTERRUPTED, Participant, Seen

SCENARIO = ROOT / "scenarios" / "pool-exhaustion.yaml"
WINDOW = 12.0  # seconds both tabs are watched, once both have drawn their page
PAGE_MS = 90_000


@dataclass
class Frames:
    """What the browser's websocket carried: the same figures `Seen` keeps for the client."""

    every: dict[str, float] = field(default_factory=dict)
    requests: Counter[str] = field(default_factory=Counter)
    refreshes: int = 0
    element_types: set[str] = field(default_factory=set)
    counting: bool = False
    _drawn: set[str] = field(default_factory=set)

    def received(self, message: ForwardMsg) -> None:
        kind = message.WhichOneof("type")
        if kind == "auto_rerun":
            self.every[message.auto_rerun.fragment_id] = message.auto_rerun.interval
        elif kind == "delta":
            if message.delta.fragment_id:
                self._drawn.add(message.delta.fragment_id)
            if message.delta.WhichOneof("type") == "new_element":
                element = message.delta.new_element.WhichOneof("type")
                if element:
                    self.element_types.add(element)
        elif kind == "script_finished":
            ended = message.script_finished in (FRAGMENT_RUN_DONE, INTERRUPTED)
            if self.counting and ended and self._drawn:
                self.refreshes += 1
            self._drawn = set()

    def sent(self, message: BackMsg) -> None:
        if self.counting and message.WhichOneof("type") == "rerun_script":
            self.requests[message.rerun_script.fragment_id] += 1


def within(a: float, b: float, factor: float = 2.0) -> bool:
    return b / factor <= a <= b * factor


def test_the_load_client_sees_what_chromium_sees(app_server, page):
    svc = open_service(app_server.database_url)
    created = svc.create(SCENARIO, seed=8)
    sid = created.session_id
    browser_ic = svc.join(sid, created.join_code, "Ada", "ic")
    client_ic = browser_ic  # one person per role: the client opens the IC's console as a 2nd tab
    svc.start(sid, created.facilitator_secret)

    frames = Frames()
    on_frames(page, frames.received, frames.sent)
    open_app(
        page,
        app_server.url,
        f"/console?session={sid}&participant={browser_ic.id}",
        text="Incident console",
        timeout_ms=PAGE_MS,
    )

    console = Participant(app_server.url, f"session={sid}&participant={client_ic.id}")
    done = asyncio.Event()
    seen: list[Seen] = []
    loop = asyncio.new_event_loop()

    def drive() -> None:
        seen.append(loop.run_until_complete(console.run(until=done)))

    thread = threading.Thread(target=drive, daemon=True)
    thread.start()
    deadline = time.monotonic() + PAGE_MS / 1000
    while console.seen.full_runs == 0:
        assert time.monotonic() < deadline, "the load client's console never drew its page"
        assert console.seen.failure is None, console.seen.failure
        page.wait_for_timeout(200)

    start = time.monotonic()
    client_requests_before = console.seen.requests
    frames.counting = True
    page.wait_for_timeout(WINDOW * 1000)
    frames.counting = False
    loop.call_soon_threadsafe(done.set)
    thread.join(timeout=30)
    client = seen[0]

    assert client.failure is None and not client.exceptions, (client.failure, client.exceptions)
    # The same fragments (a fragment's id is its place on the page) at the same intervals.
    assert client.every == frames.every and frames.every
    # About as many rerun requests and refreshes in the same window.
    browser_requests = sum(frames.requests.values())
    client_requests = client.requests - client_requests_before
    assert within(client_requests, browser_requests), (client_requests, browser_requests)
    client_refreshes = client.refresh_count(since=start)
    assert within(client_refreshes, frames.refreshes), (client_refreshes, frames.refreshes)
    # The same page: the same kinds of elements drawn.
    assert client.element_types == frames.element_types
