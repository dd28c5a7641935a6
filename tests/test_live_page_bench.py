"""Benchmark (`make bench`): the live incident console's cost on a real `gameday serve`, measured
with the protocol-level load client (`tests/load`, what `make loadtest` runs).

The issue-13 rows: server CPU per participant-second at T+20m and at T+3h (it should not grow
with the session's length), and how many participants one server holds at a 1 s refresh (the
refresh interval each of 60 participants sees, and how often the clock of a 61st participant's
console in Chromium moved on), on one process and on two behind nginx (`gameday serve --workers
2`, the recipe for 60 participants on a 2-core server). Figures are
printed (run with `-s`), never asserted: they are wall-clock measurements. What is asserted is
that the page worked: every console refreshed and none drew an exception.
"""

from __future__ import annotations

import pytest

from tests.load.run import Figures, run
from tests.system_tools import require_tool

pytestmark = [pytest.mark.bench, pytest.mark.e2e]

SMALL = 12  # participants for the per-participant cost (two teams of six)
ROOM = 60  # participants for the capacity row


def _check(figures: Figures) -> None:
    print("\n" + "\n".join(figures.lines()))
    assert not figures.exceptions, figures.exceptions[:3]
    assert not figures.failures, figures.failures[:3]
    assert figures.refreshes >= figures.participants, "some consoles never refreshed"


@pytest.mark.parametrize("at", [20 * 60.0, 3 * 3600.0], ids=["T+20m", "T+3h"])
def test_cpu_per_participant_second(at: float) -> None:
    _check(run(SMALL, 6, at, warmup=10.0, seconds=20.0))


def test_sixty_participants_on_one_server() -> None:
    figures = run(ROOM, 6, 20 * 60.0, warmup=15.0, seconds=30.0, chromium=True)
    _check(figures)
    print(f"  p90 refresh interval at {ROOM} participants: {figures.interval(0.9):.2f} s")


def test_sixty_participants_on_two_workers_behind_nginx() -> None:
    require_tool("nginx")
    figures = run(ROOM, 6, 20 * 60.0, warmup=15.0, seconds=30.0, workers=2, chromium=True)
    _check(figures)
    print(
        f"  p90 refresh interval at {ROOM} participants, 2 workers: {figures.interval(0.9):.2f} s"
    )
