"""The scenario's wall clock: its T+00:00 falls at `service.traffic.start_hour` (the hour the
traffic pattern starts from), so reports can print times of day next to T+ offsets."""

from __future__ import annotations

from simulator.scenario.schema import Scenario


def start_seconds(scenario: Scenario) -> float:
    """T+00:00 as seconds after midnight on the scenario's clock."""
    return scenario.service.traffic.start_hour * 3600.0


def time_of_day(scenario: Scenario, t: float) -> str:
    """`14:17:30` on the scenario's clock for offset `t` (seconds since the start)."""
    seconds = round(start_seconds(scenario) + max(0.0, t)) % 86400
    return f"{seconds // 3600:02d}:{seconds % 3600 // 60:02d}:{seconds % 60:02d}"
