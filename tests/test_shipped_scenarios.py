"""Every scenario shipped in `scenarios/` loads and passes every check."""

from __future__ import annotations

from pathlib import Path

import pytest

from simulator.cli import main
from simulator.errors import ScenarioError
from simulator.scenario import discover_scenarios, load_scenario

SCENARIOS_DIR = Path(__file__).resolve().parents[1] / "scenarios"


def shipped_files() -> list[Path]:
    return discover_scenarios([SCENARIOS_DIR]) if SCENARIOS_DIR.is_dir() else []


def test_the_library_is_not_empty() -> None:
    assert shipped_files(), f"no scenario files (*.yaml, *.yml) in {SCENARIOS_DIR}"


def test_every_shipped_scenario_is_valid() -> None:
    failures: list[str] = []
    for path in shipped_files():
        try:
            load_scenario(path)
        except ScenarioError as exc:
            failures.append(str(exc))
    assert not failures, "\n".join(failures)


def test_shipped_file_names_are_kebab_case_and_match_ids() -> None:
    for path in shipped_files():
        scenario = load_scenario(path).scenario
        assert path.stem == scenario.id, f"{path}: file name should be {scenario.id}.yaml"


def test_gameday_validate_scenarios_exits_zero(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", str(SCENARIOS_DIR)]) == 0
    assert capsys.readouterr().out.endswith(" checked, 0 invalid\n")
