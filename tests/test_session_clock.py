"""The clock: sim time is a pure function of the clock events and the wall time."""

from __future__ import annotations

from functools import partial

import pytest

from simulator.session.clock import (
    END,
    EXTEND,
    MAX_EXTEND,
    PAUSE,
    RESUME,
    SKIP,
    SPEED,
    START,
    ClockEvent,
    ClockReading,
    control_problem,
    read_clock,
)

D = 2700.0  # a 45-minute scenario
reading = partial(ClockReading, end=D)


def at(events, now, speed=1.0):
    return read_clock(events, now, D, speed)


def test_lobby_reads_zero():
    assert at([], 500.0) == reading("lobby", 0.0, 1.0)


def test_running_at_initial_speed():
    events = [ClockEvent(START, 100.0)]
    assert at(events, 100.0).sim_time == 0.0
    assert at(events, 160.0) == reading("running", 60.0, 1.0)
    assert at(events, 160.0, speed=5.0).sim_time == 300.0


def test_pause_freezes_and_resume_continues():
    events = [ClockEvent(START, 0.0), ClockEvent(PAUSE, 30.0)]
    assert at(events, 1000.0) == reading("paused", 30.0, 1.0)
    events.append(ClockEvent(RESUME, 500.0))
    assert at(events, 510.0) == reading("running", 40.0, 1.0)


def test_speed_change_applies_from_its_moment():
    events = [ClockEvent(START, 0.0), ClockEvent(SPEED, 10.0, 4.0)]
    reading = at(events, 20.0)
    assert reading.sim_time == 10.0 + 10.0 * 4.0
    assert reading.speed == 4.0


def test_speed_is_clamped_to_1x_10x():
    events = [ClockEvent(START, 0.0), ClockEvent(SPEED, 0.0, 50.0)]
    assert at(events, 1.0).speed == 10.0


def test_skip_jumps_ahead_running_or_paused():
    running = [ClockEvent(START, 0.0), ClockEvent(SKIP, 10.0, 300.0)]
    assert at(running, 20.0).sim_time == 320.0
    paused = [ClockEvent(START, 0.0), ClockEvent(PAUSE, 10.0), ClockEvent(SKIP, 15.0, 60.0)]
    assert at(paused, 99.0) == reading("paused", 70.0, 1.0)


def test_capped_at_duration_reads_ended_time_up():
    events = [ClockEvent(START, 0.0)]
    assert at(events, D + 500.0) == reading("ended", D, 1.0, time_up=True)
    skipped = [ClockEvent(START, 0.0), ClockEvent(SKIP, 1.0, 10 * D)]
    assert at(skipped, 2.0).sim_time == D


def test_end_freezes():
    events = [ClockEvent(START, 0.0), ClockEvent(END, 90.0)]
    assert at(events, 5000.0) == reading("ended", 90.0, 1.0)
    # Nothing after the end moves the clock.
    events += [ClockEvent(RESUME, 100.0), ClockEvent(SKIP, 100.0, 60.0)]
    assert at(events, 5000.0).sim_time == 90.0


def test_wall_clock_stepping_back_never_runs_sim_time_backwards():
    events = [ClockEvent(START, 100.0)]
    assert at(events, 40.0).sim_time == 0.0


def test_readings_are_rounded_to_the_microsecond():
    events = [ClockEvent(START, 0.0), ClockEvent(SPEED, 0.1, 3.0)]
    assert at(events, 0.1 + 1 / 3).sim_time == round(0.1 + 1.0, 6)


def test_full_sequence():
    events = [
        ClockEvent(START, 1000.0),
        ClockEvent(SPEED, 1060.0, 2.0),  # 60 s at 1x
        ClockEvent(PAUSE, 1090.0),  # +60 s at 2x -> 120
        ClockEvent(SKIP, 1200.0, 300.0),  # -> 420 while paused
        ClockEvent(RESUME, 1500.0),
    ]
    assert at(events, 1510.0) == reading("running", 440.0, 2.0)


@pytest.mark.parametrize(
    ("kind", "state", "value", "problem"),
    [
        (START, "lobby", None, None),
        (START, "running", None, "the session has already started"),
        (PAUSE, "running", None, None),
        (PAUSE, "paused", None, "the clock is not running (it is paused)"),
        (RESUME, "running", None, "the clock is not paused (it is running)"),
        (SPEED, "running", 11.0, "speed must be between 1x and 10x (got 11.0)"),
        (SPEED, "lobby", 2.0, None),
        (SKIP, "lobby", 60.0, "the session has not started"),
        (SKIP, "paused", -5.0, "skip ahead by a positive duration (got -5.0)"),
        (END, "lobby", None, "the session has not started"),
        (END, "ended", None, "the session has ended"),
        (EXTEND, "running", D + 600.0, None),
        (EXTEND, "paused", D + MAX_EXTEND, None),
        (EXTEND, "running", D, "extend by a positive duration"),
        (EXTEND, "running", None, "extend by a positive duration"),
        (EXTEND, "paused", D + MAX_EXTEND + 1.0, "extend by at most 60 minutes at a time"),
        (EXTEND, "lobby", D + 600.0, "the session has not started"),
        (EXTEND, "ended", D + 600.0, "the session has ended"),
    ],
)
def test_control_problems(kind, state, value, problem):
    assert control_problem(kind, reading(state, 0.0, 1.0), value) == problem


def test_an_extension_moves_the_end_later():
    events = [ClockEvent(START, 100.0), ClockEvent(EXTEND, 2000.0, D + 600.0)]
    assert at(events, 100.0 + D) == ClockReading("running", D, 1.0, end=D + 600.0)
    assert at(events, 100.0 + D + 600.0) == ClockReading(
        "ended", D + 600.0, 1.0, time_up=True, end=D + 600.0
    )


def test_an_extension_stored_after_time_was_up_changes_nothing():
    """The service refuses it; a log that has one anyway (two processes racing) reads ended."""
    events = [ClockEvent(START, 0.0), ClockEvent(EXTEND, D + 5.0, D + 600.0)]
    assert at(events, D + 10.0) == reading("ended", D, 1.0, time_up=True)


def test_a_skip_after_an_extension_stops_at_the_new_end():
    events = [
        ClockEvent(START, 0.0),
        ClockEvent(EXTEND, 10.0, D + 300.0),
        ClockEvent(SKIP, 20.0, 10 * D),
    ]
    assert at(events, 20.0) == ClockReading("ended", D + 300.0, 1.0, time_up=True, end=D + 300.0)
