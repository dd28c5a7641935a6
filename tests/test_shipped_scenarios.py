"""Every scenario shipped in `scenarios/` loads and passes every check."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from simulator.cli import main
from simulator.errors import ScenarioError
from simulator.scenario import discover_scenarios, load_scenario
from simulator.scenario.schema import Scenario

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


def _squashed(text: str) -> str:
    """Lower case, letters and digits only: `restart_pods`, "restart pods" and "Restart-Pods"
    all become `restartpods`, and "roll back" becomes `rollback`."""
    return re.sub(r"[^a-z0-9]", "", text.lower())


def _giveaways(scenario: Scenario) -> set[str]:
    """What a briefing must not name: every fault's type and every action in its claims."""
    names: set[str] = set()
    for fault in scenario.faults:
        names.add(fault.type)
        for ref in (*fault.fixed_by, *fault.mitigated_by, *fault.harmful):
            names.add(ref.action)
    return {_squashed(name) for name in names}


def briefing_giveaways(scenario: Scenario) -> list[str]:
    """The giveaway names a scenario's briefing mentions (empty when it has none to give away)."""
    if scenario.briefing is None:
        return []
    told = _squashed(" ".join([scenario.briefing.text, *scenario.briefing.on_call]))
    return sorted(name for name in _giveaways(scenario) if name in told)


@pytest.mark.parametrize("path", shipped_files(), ids=lambda p: p.stem)
def test_every_shipped_scenario_has_a_briefing(path: Path) -> None:
    scenario = load_scenario(path).scenario
    assert scenario.briefing is not None, f"{path.name}: no briefing"
    assert scenario.briefing.text.strip(), f"{path.name}: empty briefing text"
    assert scenario.briefing.on_call, f"{path.name}: the briefing names nobody on call"


@pytest.mark.parametrize("path", shipped_files(), ids=lambda p: p.stem)
def test_no_briefing_names_a_fix_a_stop_gap_a_harmful_action_or_the_fault(path: Path) -> None:
    scenario = load_scenario(path).scenario
    assert briefing_giveaways(scenario) == [], f"{path.name}: the briefing gives away the answer"


def test_the_giveaway_check_catches_a_briefing_that_names_the_fix() -> None:
    """The check above must be able to fail: a briefing that says "roll back" is caught."""
    scenario = load_scenario(SCENARIOS_DIR / "pool-exhaustion.yaml").scenario
    assert scenario.briefing is not None
    leaky = scenario.briefing.model_copy(
        update={"text": scenario.briefing.text + " If in doubt, Roll Back the connection-leak."}
    )
    assert briefing_giveaways(scenario.model_copy(update={"briefing": leaky})) == [
        "connectionleak",
        "rollback",
    ]
