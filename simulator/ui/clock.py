"""Times as the pages show them: sim time `T+12:30`, the scenario's time of day, wall time, and
countdowns."""

from __future__ import annotations

import time

from simulator.durations import format_clock

__all__ = ["countdown", "format_clock", "scenario_time_of_day", "wall_clock"]


def scenario_time_of_day(start_hour: float, sim_time: float) -> str:
    """The simulated wall clock (`13:42`), from the scenario's `traffic.start_hour`."""
    seconds = int(start_hour * 3600 + max(0.0, sim_time)) % 86400
    return f"{seconds // 3600:02d}:{seconds % 3600 // 60:02d}"


def wall_clock(now: float | None = None) -> str:
    """The real time of day on the server (`10:15:02 UTC`)."""
    stamp = time.localtime(time.time() if now is None else now)
    return time.strftime("%H:%M:%S %Z", stamp).strip()


def countdown(seconds: float) -> str:
    """`12:05` for a time still to come, `-3:10` once it has passed."""
    sign = "-" if seconds < 0 else ""
    whole = int(abs(seconds))
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"{sign}{hours}:{minutes:02d}:{secs:02d}"
    return f"{sign}{minutes}:{secs:02d}"
