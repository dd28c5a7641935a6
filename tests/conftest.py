"""Shared fixtures: the shipped scenarios, loaded once per session."""

from __future__ import annotations

from pathlib import Path

import pytest

from simulator.scenario import LoadedScenario, discover_scenarios, load_scenario

ROOT = Path(__file__).resolve().parent.parent
SCENARIO_DIR = ROOT / "scenarios"
SHIPPED = [p.name for p in discover_scenarios([SCENARIO_DIR])]


@pytest.fixture(scope="session")
def shipped() -> dict[str, LoadedScenario]:
    return {name: load_scenario(SCENARIO_DIR / name) for name in SHIPPED}
