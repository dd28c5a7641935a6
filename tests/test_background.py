"""Work on a thread for the pages (simulator.background): progress, the result, and failures as
messages; started once."""

from __future__ import annotations

import threading

from simulator.background import Background
from simulator.errors import GamedayError


def test_progress_then_the_result():
    release = threading.Event()
    reported = threading.Event()

    def work(progress):
        progress(1, 3)
        reported.set()
        release.wait(30)
        progress(3, 3)
        return "done"

    job = Background(work, "test", "it failed").start()
    assert reported.wait(30)
    state = job.state()
    assert (state.done, state.total, state.result, state.finished) == (1, 3, None, False)
    release.set()
    final = job.wait(30)
    assert (final.done, final.total, final.result, final.error) == (3, 3, "done", None)
    assert final.finished


def test_started_once():
    calls = []
    job = Background(lambda _p: calls.append(1) or len(calls), "test", "it failed")
    job.start()
    job.start()
    assert job.wait(30).result == 1 and calls == [1]


def test_a_gameday_error_keeps_its_message_and_anything_else_is_worded():
    def refused(_progress):
        raise GamedayError("cohort c1: no such cohort")

    def broken(_progress):
        raise ZeroDivisionError("division by zero")

    first = Background(refused, "test", "the cohort debrief failed").start().wait(30)
    assert (first.result, first.error, first.finished) == (None, "cohort c1: no such cohort", True)
    second = Background(broken, "test", "the cohort debrief failed").start().wait(30)
    assert second.error == "the cohort debrief failed: division by zero"
