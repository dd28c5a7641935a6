"""Each fault type of the catalogue on a small scenario of its own (tests/faults/): its metrics
show the intended signature, its fix ends the impact through the mechanism (a `fault.end` caused
by that action, then an `impact.end` credited to it), and a wrong action does neither."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from simulator.engine import run_script
from simulator.journal import Journal, mean_between
from simulator.scenario import LoadedScenario, load_scenario
from simulator.scenario.schema import ScriptedAction
from simulator.scoring.reading import impact_ongoing_at_end as impact_ongoing
from simulator.scoring.reading import lasting_impact_end as impact_end_time

pytestmark = pytest.mark.slow

FAULTS = Path(__file__).parent / "faults"
SEEDS = (1, 7, 23)


@dataclass(frozen=True)
class Case:
    file: str
    rising: tuple[str, ...]  # metrics well above their pre-fault level after the onset
    fix: tuple[str, dict[str, Any]]
    wrong: tuple[str, dict[str, Any]]
    flat: tuple[str, ...] = ("request_rate",)  # demand does not change
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def id(self) -> str:
        return self.file


CASES = (
    Case(
        "slow_query",
        ("db_query_time_ms", "pool_waiting", "db_cpu_utilization", "latency_p99_ms"),
        ("add_index", {"table": "orders"}),
        ("restart_pods", {}),
    ),
    Case(
        "cache_flush",
        ("db_cpu_utilization", "db_query_time_ms"),
        ("warm_cache", {}),
        ("restart_pods", {}),
    ),
    Case(
        "cache_node_loss",
        ("db_cpu_utilization", "db_query_time_ms"),
        ("warm_cache", {}),
        ("restart_pods", {}),
    ),
    Case(
        "cpu_noisy_neighbour",
        ("cpu_throttled_ratio", "latency_p99_ms"),
        ("drain_node", {"node": "node-a"}),
        ("restart_pods", {}),
    ),
    Case(
        "cpu_release",
        ("cpu_throttled_ratio", "latency_p99_ms"),
        ("rollback", {"target": "deploy"}),
        ("restart_pods", {}),
    ),
    Case(
        "disk_fill",
        ("disk_utilization", "pod_evictions"),
        ("set_log_level", {"level": "info"}),
        ("restart_pods", {}),
    ),
    Case(
        "certificate_expiry",
        ("tls_handshake_errors", "error_ratio"),
        ("renew_certificate", {"certificate": "api-ingress"}),
        ("restart_pods", {}),
    ),
    Case(
        "dns_misconfiguration",
        ("error_ratio",),
        ("rollback", {"target": "config"}),
        ("restart_pods", {}),
    ),
    Case(
        "poison_message",
        ("queue_lag_seconds", "queue_backlog"),
        ("skip_message", {}),
        ("restart_consumers", {}),
        flat=("request_rate", "orders_per_minute"),
    ),
    Case(
        "consumer_stall",
        ("queue_lag_seconds", "queue_backlog"),
        ("restart_consumers", {}),
        ("scale_consumers", {"consumers": 12}),
        flat=("request_rate", "orders_per_minute"),
    ),
    Case(
        "crash_loop",
        ("pod_restarts", "latency_p99_ms"),
        ("rollback", {"target": "deploy"}),
        ("restart_pods", {}),
        flat=(),
    ),
)


def _loaded(name: str) -> LoadedScenario:
    return load_scenario(FAULTS / f"{name}.yaml")


def _act(at: float, action: tuple[str, dict[str, Any]]) -> ScriptedAction:
    return ScriptedAction.model_construct(
        at=at, role="tech_lead", action=action[0], params=dict(action[1])
    )


def _first_impact(journal: Journal) -> float:
    starts = [float(e["t"]) for e in journal.of_kind("impact.start")]
    assert starts, "the fault never breached the SLO"
    return starts[0]


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
@pytest.mark.parametrize("seed", SEEDS)
def test_signature(case: Case, seed: int) -> None:
    loaded = _loaded(case.file)
    onset = loaded.scenario.faults[0].at
    journal = run_script(loaded, seed)
    _first_impact(journal)
    for metric in case.rising:
        before = mean_between(journal, metric, onset - 120, onset)
        after = mean_between(journal, metric, onset + 300, onset + 600)
        assert after > 1.5 * before + 1e-3, f"{metric}: {before:.4g} -> {after:.4g}"
    for metric in case.flat:
        before = mean_between(journal, metric, onset - 120, onset)
        after = mean_between(journal, metric, onset + 300, onset + 600)
        assert abs(after - before) <= 0.05 * before, f"{metric}: {before:.4g} -> {after:.4g}"


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
@pytest.mark.parametrize("seed", SEEDS)
def test_the_fix_ends_the_impact_through_the_mechanism(case: Case, seed: int) -> None:
    loaded = _loaded(case.file)
    at = _first_impact(run_script(loaded, seed)) + 120
    journal = run_script(loaded, seed, [_act(at, case.fix)])
    ends = list(journal.of_kind("fault.end"))
    assert [e["by"] for e in ends] == [case.fix[0]], ends
    assert ends[0]["t"] > at, "an action takes its time to land"
    ended = impact_end_time(journal)
    assert ended is not None and ended - at <= 900, f"impact ended at {ended}"
    landed = ends[0]["t"]
    assert [e["t"] for e in journal.of_kind("impact.start") if e["t"] > landed + 120] == []
    if ended > at:  # impact lasted up to the fix (not a wave that had already subsided)
        credited = [e for e in journal.of_kind("impact.end") if e["t"] == ended]
        assert credited[0]["by"] == case.fix[0]


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
@pytest.mark.parametrize("seed", SEEDS)
def test_a_wrong_action_ends_nothing(case: Case, seed: int) -> None:
    loaded = _loaded(case.file)
    at = _first_impact(run_script(loaded, seed)) + 120
    journal = run_script(loaded, seed, [_act(at, case.wrong)])
    assert list(journal.of_kind("fault.end")) == []
    came_back = [e["t"] for e in journal.of_kind("impact.start") if e["t"] > at]
    assert impact_ongoing(journal) or came_back, "impact ended for good without a fix"


@pytest.mark.parametrize("seed", SEEDS)
def test_a_crash_loop_stalls_the_rollout_and_a_restart_makes_it_worse(seed: int) -> None:
    loaded = _loaded("crash_loop")
    onset = loaded.scenario.faults[0].at
    journal = run_script(loaded, seed)
    assert mean_between(journal, "replicas_ready", onset + 120, onset + 600) == 2  # stalled
    assert list(journal.of_kind("pod.crashed")), "the new pods never crash"
    restarted = run_script(loaded, seed, [_act(onset + 60, ("restart_pods", {}))])
    assert mean_between(restarted, "replicas_ready", onset + 300, onset + 600) < 2
    worse = mean_between(restarted, "error_ratio", onset + 300, onset + 900)
    assert worse > mean_between(journal, "error_ratio", onset + 300, onset + 900)


@pytest.mark.parametrize("seed", SEEDS)
def test_a_database_failover_ends_by_itself(seed: int) -> None:
    loaded = _loaded("database_failover")
    fault = loaded.scenario.faults[0]
    journal = run_script(loaded, seed)
    down = mean_between(journal, "db_other_clients_error_ratio", fault.at + 1, fault.at + 40)
    assert down == pytest.approx(1.0)  # every client of the database fails while it fails over
    slow = mean_between(journal, "db_query_time_ms", fault.at + 50, fault.at + 110)
    assert slow > 1.5 * mean_between(journal, "db_query_time_ms", 0, fault.at)  # a cold primary
    (end,) = journal.of_kind("fault.end")
    assert end["by"] is None and end["reason"] == "the new primary is warm"
    assert not impact_ongoing(journal)
    assert all(e["by"] is None for e in journal.of_kind("impact.end"))
