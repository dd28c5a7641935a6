"""What the renderers share: the simulated wall clock and short number and age formats."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from simulator.durations import format_duration

if TYPE_CHECKING:
    from simulator.engine.core import Engine

# The exercise's calendar day: scenarios give a start hour, not a date. Dates that tools print
# (a certificate's not-after) count from this day at `traffic.start_hour`; never the wall clock.
EXERCISE_DAY = datetime(2026, 3, 2)


def clock_time(engine: Engine, t: float) -> str:
    """The simulated wall-clock time of day (`14:03:11`), from the scenario's start hour."""
    seconds = int(engine.scenario.service.traffic.start_hour * 3600 + t) % 86400
    return f"{seconds // 3600:02d}:{seconds % 3600 // 60:02d}:{seconds % 60:02d}"


def wall_date(engine: Engine, t: float) -> datetime:
    """The simulated calendar moment of time `t` (seconds since the scenario's start)."""
    start = EXERCISE_DAY + timedelta(hours=engine.scenario.service.traffic.start_hour)
    return start + timedelta(seconds=round(t))


def age(seconds: float) -> str:
    """kubectl-style age: `4m10s` under a day, `3d` beyond."""
    return format_duration(max(0.0, seconds)) if seconds < 86400 else f"{int(seconds // 86400)}d"


def number(value: float) -> str:
    """A metric value for a text: whole numbers from 100 up, three significant digits below."""
    return f"{value:.0f}" if abs(value) >= 100 else f"{value:.3g}"


def served_per_pod(engine: Engine) -> float:
    """Requests per second each ready pod accepted in the last tick (what its CPU works on)."""
    ready = engine.metric("replicas_ready")
    if ready <= 0:
        return 0.0
    accepted = (
        engine.metric("request_rate")
        - engine.metric("rejected_rate")
        - engine.metric("tls_handshake_errors")
    )
    return max(0.0, accepted) / ready
