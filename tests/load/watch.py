"""A real browser beside the load (`make loadtest LOAD_ARGS="--chromium"`): Debian's Chromium opens
one more participant's incident console and reads its sim clock four times a second, so the load
client's refresh figures can be checked against what a person would see on the same server at
the same moment. The clock moves on once per refresh of the live panels (the session runs at 1x),
so the gaps between its changes are the refresh intervals that person sees."""

from __future__ import annotations

import itertools
import os
import statistics
import threading
import time
from dataclasses import dataclass, field

from tests.e2e.conftest import CHROMIUM_ARGS, CHROMIUM_ENV, DEFAULT_CHROMIUM

SAMPLE_S = 0.25
PAGE_MS = 600_000  # the console's first draw (hours of catch-up at T+3h, under load)
CLOCK = ".gameday-clock"


@dataclass
class ClockWatch:
    """The browser's clock readings (monotonic time, text) and why it failed, if it did."""

    readings: list[tuple[float, str]] = field(default_factory=list)
    failure: str | None = None

    def changes(self, start: float, end: float) -> list[float]:
        """When the clock showed a new value within [start, end] (monotonic seconds)."""
        found, last = [], None
        for t, text in self.readings:
            if text != last and start <= t <= end and last is not None:
                found.append(t)
            last = text
        return found

    def line(self, start: float, end: float) -> str:
        if self.failure is not None:
            return f"  Chromium beside them: failed ({self.failure})"
        moved = self.changes(start, end)
        gaps = [b - a for a, b in itertools.pairwise(moved)]
        spread = (
            f"; gaps median {statistics.median(gaps):.2f} s, max {max(gaps):.2f} s" if gaps else ""
        )
        window = f"{end - start:.0f} s"
        return f"  Chromium beside them: its clock moved {len(moved)} times in {window}{spread}"


class Chromium:
    """`start()` opens the console in a thread of its own; `stop()` closes it."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.watch = ClockWatch()
        self._done = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def start(self) -> None:
        self._thread.start()

    def drawn(self) -> bool:
        """The console has drawn its clock (or the browser failed: nothing more to wait for)."""
        return bool(self.watch.readings) or self.watch.failure is not None

    def stop(self) -> ClockWatch:
        self._done.set()
        self._thread.join(timeout=60)
        return self.watch

    def _run(self) -> None:
        try:
            self._read_clock()
        except Exception as exc:  # reported with the figures, never a traceback
            self.watch.failure = f"{type(exc).__name__}: {str(exc).splitlines()[0]}"

    def _read_clock(self) -> None:
        from playwright.sync_api import sync_playwright

        executable = os.environ.get(CHROMIUM_ENV, "").strip() or DEFAULT_CHROMIUM
        with sync_playwright() as api:
            browser = api.chromium.launch(
                executable_path=executable, args=CHROMIUM_ARGS, headless=True
            )
            try:
                page = browser.new_page(viewport={"width": 1280, "height": 900})
                page.goto(self.url)
                clock = page.locator(CLOCK).first
                clock.wait_for(timeout=PAGE_MS)
                while not self._done.is_set():
                    self.watch.readings.append((time.monotonic(), clock.inner_text()))
                    self._done.wait(SAMPLE_S)
            finally:
                browser.close()
