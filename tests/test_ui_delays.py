"""Delay help texts come from the numbers the engine uses (issue 10): the scenario's delay for the
action and, for an action that replaces pods, the rolling update the engine then runs."""

from __future__ import annotations

import pytest

from simulator.engine import Engine
from simulator.scenario import load_scenario
from simulator.scenario.service_models import Rollout
from simulator.ui.delays import delay_help
from tests.conftest import SCENARIO_DIR


@pytest.mark.parametrize(
    ("surge", "unavailable", "total", "step"),
    [(0.25, 0.0, 8, (2, 0)), (0.25, 0.5, 6, (2, 3)), (0.0, 0.0, 6, (0, 1)), (0.0, 0.1, 5, (0, 1))],
)
def test_rollout_step(surge: float, unavailable: float, total: int, step: tuple[int, int]) -> None:
    rollout = Rollout(max_surge=surge, max_unavailable=unavailable)
    assert rollout.step(total) == step
    assert rollout.batch(total) == sum(step)


def test_rollback_help_names_the_delay_and_the_rolling_update() -> None:
    scenario = load_scenario(SCENARIO_DIR / "pool-exhaustion.yaml").scenario
    text = delay_help(scenario, "rollback")
    assert scenario.delay_of("rollback") == 180.0
    assert text.startswith("Starts after about 3m;")
    assert "replaces the 8 pods, 2 at a time, about 3m more (about 6m in all)" in text


def test_an_action_without_pods_names_only_its_delay() -> None:
    scenario = load_scenario(SCENARIO_DIR / "pool-exhaustion.yaml").scenario
    delay = scenario.delay_of("terminate_idle_connections")
    assert delay == 15.0  # the scenario's own setting, not the vocabulary's 10 s
    assert delay_help(scenario, "terminate_idle_connections") == "Takes effect after about 15s."


def test_the_engine_rolls_back_within_the_help_texts_time() -> None:
    """The deploy rollback's pods all run the old version by delay + rollout_time (and not
    a pod-start earlier): the help text's total is the engine's."""
    loaded = load_scenario(SCENARIO_DIR / "pool-exhaustion.yaml")
    scenario = loaded.scenario
    engine = Engine(loaded, seed=1)
    at = 300.0
    engine.advance(at)
    engine.act("tech_lead", "rollback", {"target": "deploy"})
    total = scenario.delay_of("rollback") + scenario.service.rollout_time()
    engine.advance(at + total - scenario.service.pod_start_time - 1)
    assert _new_version_pods(engine) > 0
    engine.advance(at + total + 1)
    assert _new_version_pods(engine) == 0


def _new_version_pods(engine: Engine) -> int:
    latest = [r for r in engine.state.releases if r.kind == "deploy"][-1].version
    return sum(1 for p in engine.state.running_pods() if p.version == latest)
