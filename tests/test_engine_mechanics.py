"""The causal mechanics, through each scenario's own self-test and targeted checks."""

from __future__ import annotations

import pytest

from simulator.engine import Engine, run_script
from simulator.journal import first_time, mean_between
from simulator.selftest import impact_end_time, self_test
from tests.conftest import SHIPPED

pytestmark = pytest.mark.slow


@pytest.mark.parametrize("name", SHIPPED)
def test_scenario_self_test_passes(shipped, name):
    failures = [c for c in self_test(shipped[name], seed=1, claims=False) if not c.passed]
    assert not failures, "\n".join(
        f"{c.name}: expected {c.expected}, got {c.measured}" for c in failures
    )


@pytest.mark.parametrize("name", SHIPPED)
@pytest.mark.parametrize("seed", [11, 12])
def test_fix_recovers_but_not_instantly(shipped, name, seed):
    loaded = shipped[name]
    expect = loaded.scenario.expect
    assert expect is not None
    ideal = expect.ideal_response
    journal = run_script(loaded, seed, ideal.actions)
    if any(journal.of_kind("impact.start")):  # a quick enough response may prevent impact
        ended = impact_end_time(journal)
        assert ended is not None, "impact never ended under the ideal response"
        assert ended <= ideal.impact_ends_by
    fixes = [e for e in journal.of_kind("fault.end") if e.get("by")]
    assert fixes, "no fault recorded as fixed"
    fix = fixes[0]
    requested = min(e["t"] for e in journal.of_kind("action") if e["action"] == fix["by"])
    assert fix["t"] > requested, "an action takes its time to land"
    relapses = [e["t"] for e in journal.of_kind("impact.start") if e["t"] > fix["t"]]
    assert relapses == [], "impact came back after the fix landed"


def test_rate_limit_scenario_stays_quiet_on_5xx(shipped):
    loaded = shipped["rate-limit-misconfig.yaml"]
    journal = run_script(loaded, 1)
    fault_at = loaded.scenario.faults[0].at
    before = mean_between(journal, "rejected_ratio", 0, fault_at)
    after = mean_between(journal, "rejected_ratio", fault_at + 300, loaded.scenario.duration)
    orders_before = mean_between(journal, "orders_per_minute", 0, fault_at)
    orders_after = mean_between(
        journal, "orders_per_minute", fault_at + 300, loaded.scenario.duration
    )
    assert after > before + 0.05
    assert orders_after < orders_before * 0.9
    assert mean_between(journal, "error_ratio", 0, loaded.scenario.duration) < 0.01


def test_refused_actions_are_recorded_with_a_reason(shipped):
    engine = Engine(shipped["pool-exhaustion.yaml"], 1)
    engine.advance(120)
    unknown = engine.act("ic", "rollbak", {"target": "deploy"})
    wrong_role = engine.act("scribe", "rollback", {"target": "deploy"})
    bad_param = engine.act("ic", "rollback", {"target": "database"})
    not_here = engine.act("ic", "set_memory_limit", {"mb": 2048})
    missing = engine.act("ic", "declare", {})
    assert unknown["outcome"] == "refused"
    assert unknown["reason"] == "unknown action 'rollbak'; did you mean 'rollback'?"
    assert wrong_role["reason"] == "role 'scribe' may not take 'rollback' (allowed: ic, tech_lead)"
    assert bad_param["reason"] == (
        "parameter 'target': expected one of 'deploy', 'config' (got 'database')"
    )
    assert not_here["reason"].startswith("'set_memory_limit' is not available in this scenario")
    assert missing["reason"] == "parameter 'severity': missing required parameter"
    assert [e["outcome"] for e in engine.journal.of_kind("action")] == ["refused"] * 5


def test_investigation_reflects_model_state(shipped):
    loaded = shipped["pool-exhaustion.yaml"]
    command = next(c for c in loaded.scenario.commands if c.kind == "pg_stat_activity")
    engine = Engine(loaded, 1)
    engine.advance(loaded.scenario.faults[0].at - 1)
    engine.act("tech_lead", "investigate", {"command": command.name})
    early = list(engine.journal.of_kind("investigation"))[-1]["output"]
    engine.advance(loaded.scenario.faults[0].at + 600)
    engine.act("tech_lead", "investigate", {"command": command.name})
    late = list(engine.journal.of_kind("investigation"))[-1]["output"]
    assert not any("idle in transaction" in line for line in early)
    assert any("idle in transaction" in line for line in late)


def test_memory_leak_kills_pods_and_counts_restarts(shipped):
    journal = run_script(shipped["memory-leak.yaml"], 1)
    assert first_time(journal, "pod.oom_killed") is not None
    restarts = [e["values"]["pod_restarts"] for e in journal.entries if e["kind"] == "metrics"]
    assert restarts[-1] >= 3
