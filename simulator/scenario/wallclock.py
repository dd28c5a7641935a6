"""The scenario's wall clock: the date and time of day at which its T+00:00 falls (`starts_at`),
so reports can print times of day next to T+ offsets. The model never reads it."""

from __future__ import annotations

from datetime import datetime, timedelta

from simulator.scenario.schema import Scenario


def start_datetime(scenario: Scenario) -> datetime | None:
    """When T+00:00 happens on the scenario's clock, or None when it does not say."""
    if scenario.starts_at is None:
        return None
    return datetime.fromisoformat(scenario.starts_at.replace(" ", "T"))


def start_seconds(scenario: Scenario) -> float | None:
    """T+00:00 as seconds after midnight, or None."""
    start = start_datetime(scenario)
    if start is None:
        return None
    return float(start.hour * 3600 + start.minute * 60 + start.second)


def time_of_day(scenario: Scenario, t: float) -> str | None:
    """`14:17:30` for offset `t`, or None when the scenario has no clock."""
    start = start_datetime(scenario)
    if start is None:
        return None
    return (start + timedelta(seconds=round(t))).strftime("%H:%M:%S")


def date_of(scenario: Scenario) -> str | None:
    """`Tuesday 10 March 2026`, or None."""
    start = start_datetime(scenario)
    return None if start is None else start.strftime("%A %d %B %Y")
