"""Help texts for a system action's delay, from the numbers the engine uses: the scenario's delay
for the action (`Scenario.delay_of`) and, for an action that replaces pods, the rolling update
that follows it (`Service.rollout_time`, steps of `Rollout.batch`)."""

from __future__ import annotations

from simulator.actions import ACTIONS
from simulator.durations import format_duration
from simulator.scenario.schema import Scenario


def delay_help(scenario: Scenario, action: str) -> str:
    """E.g. "Starts after about 3m; then a rolling update replaces the 8 pods, 2 at a time,
    about 3m more (about 6m in all)." (a rollback of a config change has no rolling update)."""
    delay = scenario.delay_of(action)
    text = f"Takes effect after about {format_duration(delay)}."
    if not ACTIONS[action].rolls_pods:
        return text
    service = scenario.service
    rolling = service.rollout_time()
    step = service.rollout.batch(service.replicas)
    where = " (for a deploy)" if action == "rollback" else ""
    return (
        f"Starts after about {format_duration(delay)}; then a rolling update{where} replaces the "
        f"{service.replicas} pods, {step} at a time, about {format_duration(rolling)} more "
        f"(about {format_duration(delay + rolling)} in all)."
    )
