"""The stories of the library's scenarios come from the model, not from their YAML labels.

`gameday check` proves each scenario's fixed_by, mitigated_by and harmful claims. These tests pin
what the claims cannot express: an action that does *nothing* to the mechanism ("scaling
consumers does nothing"), or one that helps nothing in the end because the cause comes straight
back ("a restart only moves the problem around").
"""

from __future__ import annotations

from typing import Any

from simulator.engine import run_script
from simulator.journal import Journal
from simulator.scenario import LoadedScenario
from simulator.scenario.schema import ScriptedAction


def _act(at: float, action: str, **params: Any) -> ScriptedAction:
    return ScriptedAction(at=f"{at:g}s", role="tech_lead", action=action, params=params)


def _series(journal: Journal, metric: str, start: float, end: float) -> list[float]:
    return [
        float(e["values"][metric])
        for e in journal.entries
        if e["kind"] == "metrics" and start < float(e["t"]) <= end
    ]


def _mean(values: list[float]) -> float:
    assert values, "empty window"
    return sum(values) / len(values)


def _ended(journal: Journal) -> set[str]:
    return {str(e["fault"]) for e in journal.entries if e["kind"] == "fault.end"}


def test_scaling_consumers_does_nothing_for_a_poison_message(
    shipped: dict[str, LoadedScenario],
) -> None:
    """Twelve partitions already have twelve consumers: doubling them changes no figure."""
    loaded = shipped["queue-poison-message.yaml"]
    alone = run_script(loaded, 4)
    scaled = run_script(loaded, 4, [_act(15 * 60, "scale_consumers", consumers=24)])
    for metric in ("queue_lag_seconds", "queue_backlog"):
        assert _series(scaled, metric, 17 * 60, 50 * 60) == _series(alone, metric, 17 * 60, 50 * 60)
    assert not _ended(scaled)
    skipped = run_script(loaded, 4, [_act(15 * 60, "skip_message")])
    assert max(_series(skipped, "queue_lag_seconds", 19 * 60, 50 * 60)) < 60
    assert _ended(skipped) == {"null-currency-event"}


def test_a_restart_only_moves_the_noisy_neighbour_problem_around(
    shipped: dict[str, LoadedScenario],
) -> None:
    """After a rolling restart the scheduler puts pods back on the noisy nodes: the fault stays,
    throttling and latency come back to where they were, and the restart cost errors meanwhile."""
    loaded = shipped["noisy-neighbour-cpu.yaml"]
    alone = run_script(loaded, 2)
    restarted = run_script(loaded, 2, [_act(10 * 60, "restart_pods")])
    assert not _ended(restarted)
    after, before = (30 * 60, 50 * 60), (8 * 60, 10 * 60)
    throttled = _mean(_series(restarted, "cpu_throttled_ratio", *after))
    assert throttled > 0.05
    assert abs(throttled - _mean(_series(alone, "cpu_throttled_ratio", *after))) < 0.01
    assert _mean(_series(restarted, "latency_p99_ms", *after)) > 0.9 * _mean(
        _series(alone, "latency_p99_ms", *before)
    )
    assert max(_series(restarted, "error_ratio", 10 * 60, 16 * 60)) > 0.1
    assert max(_series(alone, "error_ratio", 10 * 60, 16 * 60)) < 0.01
    drained = run_script(
        loaded,
        2,
        [
            _act(10 * 60, "cordon_node", node="node-e"),
            _act(10 * 60, "cordon_node", node="node-f"),
            _act(10 * 60 + 5, "drain_node", node="node-e"),
            _act(10 * 60 + 5, "drain_node", node="node-f"),
        ],
    )
    assert _ended(drained) == {"reindex-node-e", "reindex-node-f"}
    assert _mean(_series(drained, "cpu_throttled_ratio", *after)) < 0.01


def test_debug_logging_comes_back_after_a_restart(shipped: dict[str, LoadedScenario]) -> None:
    """A restart empties the volumes but debug logging fills them again: the evictions return."""
    loaded = shipped["disk-full-debug-logging.yaml"]
    restarted = run_script(loaded, 3, [_act(22 * 60, "restart_pods")])
    evictions = _series(restarted, "pod_evictions", 0, 50 * 60)
    assert evictions[-1] > evictions[22 * 60]
    fixed = run_script(loaded, 3, [_act(22 * 60, "set_log_level", level="info")])
    late = _series(fixed, "pod_evictions", 23 * 60, 50 * 60)
    assert late[0] == late[-1]


def test_restarting_does_not_renew_an_expired_certificate(
    shipped: dict[str, LoadedScenario],
) -> None:
    loaded = shipped["certificate-expiry.yaml"]
    restarted = run_script(loaded, 5, [_act(18 * 60, "restart_pods")])
    assert _mean(_series(restarted, "error_ratio", 30 * 60, 50 * 60)) > 0.3
    assert not _ended(restarted)


def test_rolling_back_the_innocent_release_leaves_the_dns_fault(
    shipped: dict[str, LoadedScenario],
) -> None:
    loaded = shipped["dns-misconfiguration.yaml"]
    rolled = run_script(loaded, 6, [_act(10 * 60, "rollback", target="deploy")])
    assert _mean(_series(rolled, "error_ratio", 25 * 60, 45 * 60)) > 0.3
    fixed = run_script(loaded, 6, [_act(10 * 60, "rollback", target="config")])
    assert max(_series(fixed, "error_ratio", 13 * 60, 45 * 60)) < 0.01
