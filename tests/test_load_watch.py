"""The load test's Chromium watch (`make loadtest LOAD_ARGS="--chromium"`) turns the browser's
clock readings into the refreshes a person saw: a new clock value is a refresh, counted only
inside the measured window, and a failed browser is reported, not raised."""

from __future__ import annotations

from tests.load.watch import ClockWatch


def test_a_refresh_is_a_new_clock_value_inside_the_window():
    watch = ClockWatch(
        [(0.0, "T+1:00"), (0.5, "T+1:01"), (1.0, "T+1:01"), (2.0, "T+1:02"), (6.0, "T+1:06")]
    )
    assert watch.changes(0.4, 5.0) == [0.5, 2.0]
    assert watch.changes(0.0, 10.0) == [0.5, 2.0, 6.0]  # the first reading is no change
    line = watch.line(0.0, 10.0)
    assert "moved 3 times in 10 s" in line and "gaps median 2.75 s, max 4.00 s" in line


def test_a_failed_browser_is_reported():
    watch = ClockWatch(failure="Error: no Chromium")
    assert watch.line(0.0, 5.0) == "  Chromium beside them: failed (Error: no Chromium)"
    assert ClockWatch().line(0.0, 5.0).endswith("moved 0 times in 5 s")
