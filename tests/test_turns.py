"""Page runs take turns (`app_pages/common/turns.py`, issue 13): at most `AT_ONCE` at a time,
re-entrant for a fragment drawn inside a page's run, and a run that waited `PATIENCE_S` goes
ahead."""

from __future__ import annotations

import threading

import pytest

from app_pages.common import turns


def test_no_more_than_at_once_runs_draw_together() -> None:
    inside = 0
    most = 0
    lock = threading.Lock()
    release = threading.Event()
    entered = threading.Semaphore(0)

    @turns.taking_turns
    def run() -> None:
        nonlocal inside, most
        with lock:
            inside += 1
            most = max(most, inside)
        entered.release()
        release.wait(timeout=30)
        with lock:
            inside -= 1

    threads = [threading.Thread(target=run) for _ in range(turns.AT_ONCE + 3)]
    for t in threads:
        t.start()
    for _ in range(turns.AT_ONCE):
        assert entered.acquire(timeout=30)
    assert not entered.acquire(timeout=0.3)  # the others wait for a turn
    release.set()
    for t in threads:
        t.join(timeout=30)
    assert most == turns.AT_ONCE
    assert inside == 0


def test_a_run_inside_a_run_is_already_in_turn() -> None:
    @turns.taking_turns
    def fragment() -> str:
        return "drawn"

    @turns.taking_turns
    def page() -> list[str]:
        return [fragment() for _ in range(turns.AT_ONCE + 1)]

    assert page() == ["drawn"] * (turns.AT_ONCE + 1)


def test_a_run_that_waited_long_enough_goes_ahead(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(turns, "PATIENCE_S", 0.05)
    for _ in range(turns.AT_ONCE):  # every turn taken by runs that do not finish
        assert turns._gate.acquire(timeout=5)
    try:
        assert turns.taking_turns(lambda: "went ahead")() == "went ahead"
    finally:
        for _ in range(turns.AT_ONCE):
            turns._gate.release()
    with turns.turn():  # and the turns it did not take are all there again
        pass
