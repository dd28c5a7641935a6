"""Engine v2 mechanics beyond single fault types: intensity over time, releases that only slow
down, rollouts with surge capacity, and claims that never end a fault."""

from __future__ import annotations

from pathlib import Path

import pytest

from simulator.engine import Engine, run_script
from simulator.journal import mean_between
from simulator.scenario import LoadedScenario, load_scenario_text

pytestmark = pytest.mark.slow

BASE = (Path(__file__).parent / "faults" / "dns_misconfiguration.yaml").read_text(encoding="utf-8")


def with_faults(faults: str, actions: str = "  - {action: rollback}\n") -> LoadedScenario:
    head, _, _ = BASE.partition("faults:\n")
    return load_scenario_text(f"{head}faults:\n{faults}actions:\n{actions}", "v2.yaml")


def test_a_release_that_only_adds_latency_slows_requests() -> None:
    """`added_latency` acts without `error_ratio` (it used to be ignored unless errors were set)."""
    loaded = with_faults(
        """  - id: slow-release
    type: bad_deploy
    at: 5m
    added_latency: 400ms
    deploy: {version: "2.0.0", by: ci, change: "synchronous audit call"}
    root_cause: 2.0.0 calls the audit service synchronously.
    fixed_by: [{action: rollback, params: {target: deploy}}]
"""
    )
    journal = run_script(loaded, 3)
    before = mean_between(journal, "latency_p50_ms", 60, 300)
    after = mean_between(journal, "latency_p50_ms", 900, 1200)
    assert after > before + 300
    assert mean_between(journal, "error_ratio", 900, 1200) < 0.01


def test_intensity_ramps_a_fault_up() -> None:
    loaded = with_faults(
        """  - id: campaign
    type: traffic_spike
    at: 5m
    duration: 20m
    multiplier: 3
    intensity: {ramp: 10m}
    root_cause: A newsletter went out to every customer at once.
"""
    )
    journal = run_script(loaded, 3)
    quarter = mean_between(journal, "request_rate", 420, 480)  # ~2.5m into the ramp
    full = mean_between(journal, "request_rate", 1000, 1100)
    assert 1.3 * 300 < quarter < 1.7 * 300
    assert full > 2.8 * 300


def test_a_rollback_with_surge_keeps_every_replica_serving() -> None:
    loaded = with_faults(
        """  - id: failing-release
    type: bad_deploy
    at: 5m
    error_ratio: 0.5
    deploy: {version: "2.0.0", by: ci, change: "new payments client"}
    root_cause: 2.0.0's payments client sends the wrong currency for half the orders.
    fixed_by: [{action: rollback, params: {target: deploy}}]
"""
    )
    engine = Engine(loaded, 3)
    engine.advance(600)
    engine.act("tech_lead", "rollback", {"target": "deploy"})
    journal = engine.finish()
    ready = [e["values"]["replicas_ready"] for e in journal.of_kind("metrics") if e["t"] > 300]
    assert min(ready) >= 6  # maxSurge 25%, maxUnavailable 0: never below the six replicas
    (end,) = journal.of_kind("fault.end")
    assert end["by"] == "rollback" and end["reason"] == "no pod runs 2.0.0 any more"


def test_a_claimed_fix_that_is_not_one_ends_nothing() -> None:
    """A claim is not a switch: listing restart_pods as a fix does not end a bad record."""
    loaded = with_faults(
        """  - id: bad-record
    type: dns_misconfiguration
    at: 5m
    dependency: payments
    error_ratio: 0.5
    ttl: 1m
    root_cause: A wrong A record.
    fixed_by: [{action: rollback, params: {target: config}}]
    mitigated_by: [restart_pods]
""",
        "  - {action: rollback}\n  - {action: restart_pods}\n",
    )
    engine = Engine(loaded, 3)
    engine.advance(600)
    engine.act("tech_lead", "restart_pods")
    journal = engine.finish()
    assert list(journal.of_kind("fault.end")) == []
    assert mean_between(journal, "error_ratio", 1500, 2000) > 0.3


def test_operator_changes_are_config_history_and_a_rollback_reverts_the_latest() -> None:
    loaded = with_faults(
        """  - id: bad-record
    type: dns_misconfiguration
    at: 5m
    dependency: payments
    root_cause: A wrong A record.
    fixed_by: [{action: rollback, params: {target: config}}]
""",
        "  - {action: rollback, delay: 10s}\n  - {action: set_pool_size, delay: 10s}\n",
    )
    engine = Engine(loaded, 3)
    engine.advance(400)
    engine.act("tech_lead", "set_pool_size", {"size": 30})
    engine.advance(500)
    engine.act("tech_lead", "rollback", {"target": "config"})  # reverts the pool size first
    engine.advance(600)
    assert engine.state.pool_size == 20
    assert list(engine.journal.of_kind("fault.end")) == []
    engine.act("tech_lead", "rollback", {"target": "config"})  # then the DNS record
    engine.advance(700)
    (end,) = engine.journal.of_kind("fault.end")
    assert end["by"] == "rollback"
