"""Invariants over every shipped scenario, several seeds, with and without a response."""

from __future__ import annotations

import pytest

from simulator.engine import run_script
from simulator.metrics import METRIC_NAMES
from tests.conftest import SHIPPED

RATIOS = (
    "error_ratio",
    "rejected_ratio",
    "pool_utilization",
    "worker_utilization",
    "cpu_utilization",
    "memory_utilization",
)


@pytest.mark.parametrize("name", SHIPPED)
@pytest.mark.parametrize("seed", [1, 2, 3])
@pytest.mark.parametrize("response", ["none", "ideal"])
def test_metric_invariants(shipped, name, seed, response):
    loaded = shipped[name]
    assert loaded.scenario.expect is not None
    actions = loaded.scenario.expect.ideal_response.actions if response == "ideal" else []
    journal = run_script(loaded, seed, actions)
    ticks = [e for e in journal.entries if e["kind"] == "metrics"]
    assert len(ticks) == round(loaded.scenario.duration / loaded.scenario.tick)
    restarts = 0.0
    max_replicas = max(loaded.scenario.service.replicas, 200)
    for entry in ticks:
        v = entry["values"]
        assert set(v) == set(METRIC_NAMES)
        for name_ in RATIOS:
            assert 0.0 <= v[name_] <= 1.0, (entry["t"], name_, v[name_])
        assert v["latency_p50_ms"] <= v["latency_p95_ms"] <= v["latency_p99_ms"], entry
        assert all(x >= 0.0 for x in v.values()), entry
        assert v["pod_restarts"] >= restarts
        restarts = v["pod_restarts"]
        assert 0 <= v["replicas_ready"] <= max_replicas
        assert v["db_connections"] <= loaded.scenario.service.database.max_connections


@pytest.mark.parametrize("name", SHIPPED)
def test_journal_times_never_go_backwards(shipped, name):
    journal = run_script(shipped[name], 1)
    times = [e["t"] for e in journal.entries]
    assert times == sorted(times)
    assert journal.entries[0]["kind"] == "header"
    assert journal.entries[-1]["kind"] == "end"
