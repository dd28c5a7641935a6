"""The clock: sim time is a pure function of the clock events and the wall time."""

from __future__ import annotations

import pytest

from simulator.session.clock import (
    END,
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


def at(events, now, speed=1.0):
    return read_clock(events, now, D, speed)


def test_lobby_reads_zero():
    assert at([], 500.0) == ClockReading("lobby", 0.0, 1.0)


def test_running_at_initial_speed():
    events = [ClockEvent(START, 100.0)]
    assert at(events, 100.0).sim_time == 0.0
    assert at(events, 160.0) == ClockReading("running", 60.0, 1.0)
    assert at(events, 160.0, speed=5.0).sim_time == 300.0


def test_pause_freezes_and_resume_continues():
    events = [ClockEvent(START, 0.0), ClockEvent(PAUSE, 30.0)]
    assert at(events, 1000.0) == ClockReading("paused", 30.0, 1.0)
    events.append(ClockEvent(RESUME, 500.0))
    assert at(events, 510.0) == ClockReading("running", 40.0, 1.0)


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
    assert at(paused, 99.0) == ClockReading("paused", 70.0, 1.0)


def test_capped_at_duration_reads_ended_time_up():
    events = [ClockEvent(START, 0.0)]
    assert at(events, D + 500.0) == ClockReading("ended", D, 1.0, time_up=True)
    skipped = [ClockEvent(START, 0.0), ClockEvent(SKIP, 1.0, 10 * D)]
    assert at(skipped, 2.0).sim_time == D


def test_end_freezes():
    events = [ClockEvent(START, 0.0), ClockEvent(END, 90.0)]
    assert at(events, 5000.0) == ClockReading("ended", 90.0, 1.0)
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
    assert at(events, 1510.0) == ClockReading("running", 440.0, 2.0)


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
    ],
)
def test_control_problems(kind, state, value, problem):
    assert control_problem(kind, ClockReading(state, 0.0, 1.0), value) == problem
