"""`gameday check` proves the faults' claims: a non-fix under `fixed_by` fails, a harmless action
under `harmful` fails, a real harmful action passes even while the service already fails every
request, metric expectations pass and fail, and parallel runs give the serial table.

Scenarios are the shipped ones edited as text, so each case states the claim it adds.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from simulator.scenario import LoadedScenario, load_scenario_text
from simulator.selftest import Check, self_test
from simulator.selftest.runs import RunSpec, run_one

pytestmark = pytest.mark.slow

SCENARIOS = Path(__file__).resolve().parents[1] / "scenarios"
POOL_FIX = "    fixed_by:\n      - {action: rollback, params: {target: deploy}}\n"
RATE_FIX = "      - {action: set_rate_limit, params: {client: bigbox-retail, rps: 400}}\n"


def edited(name: str, *replacements: tuple[str, str]) -> LoadedScenario:
    text = (SCENARIOS / name).read_text(encoding="utf-8")
    for old, new in replacements:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    return load_scenario_text(text, name)


def row(checks: list[Check], name: str) -> Check:
    found = [c for c in checks if c.name == name]
    assert len(found) == 1, [c.name for c in checks]
    return found[0]


def test_a_non_fix_under_fixed_by_fails_with_the_claim_and_numbers() -> None:
    loaded = edited("pool-exhaustion.yaml", (POOL_FIX, POOL_FIX + "      - restart_pods\n"))
    checks = self_test(loaded, seeds=[4], jobs=2, only="fix:")
    claim = row(checks, "fix: audit-transaction-leak fixed_by restart_pods")
    assert not claim.passed
    assert claim.failures, "every failing trial is listed"
    line = claim.failures[0]
    # which claim, which seed, which time, what was expected, what was measured
    assert line.startswith(
        "pool-exhaustion: fix: audit-transaction-leak fixed_by restart_pods (seed 4, at 4m): "
    ), line
    assert re.search(r"expected impact over for good by \d+m\d*s? \(11m after 4m\)", line), line
    assert re.search(r"measured impact (lasts to the end \(since|over for good at) \d+m", line)
    # the real fix of the same fault still passes at the same seed and times
    assert row(checks, "fix: audit-transaction-leak fixed_by rollback(target=deploy)").passed


def test_fix_claims_are_tried_at_several_times_after_onset_and_each_seed() -> None:
    loaded = edited("rate-limit-misconfig.yaml")
    checks = self_test(loaded, seeds=[2, 3], jobs=1, only="fix:")
    fix = row(checks, "fix: bigbox-limit-cut fixed_by rollback(target=config)")
    assert fix.passed
    assert fix.tried == 6  # onset+1m, +5m, +10m at two seeds


def test_per_ref_timing_replaces_the_default_times() -> None:
    claims = "  claims:\n    - {ref: set_rate_limit, at: [30m, 33m], within: 1m}\n"
    loaded = edited(
        "rate-limit-misconfig.yaml",
        ("    impact_ends_after: 11m\n", "    impact_ends_after: 11m\n" + claims),
    )
    checks = self_test(loaded, seeds=[1], jobs=1, only="set_rate_limit")
    fix = row(
        checks, "fix: bigbox-limit-cut fixed_by set_rate_limit(client=bigbox-retail, rps=400)"
    )
    assert fix.tried == 2
    # 30 s delay, then the backlog drains: one minute is too tight a bound
    assert not fix.passed
    assert (
        "(seed 1, at 30m): expected impact over for good by 31m (1m after 30m)" in (fix.failures[0])
    )


def test_a_harmless_action_listed_as_harmful_fails() -> None:
    harmless = "    harmful:\n      - {action: scale, params: {replicas: 8}}\n"
    loaded = edited("rate-limit-misconfig.yaml", (RATE_FIX, RATE_FIX + harmless))
    checks = self_test(loaded, seeds=[1, 2, 3], jobs=2, only="harmful:")
    claim = row(checks, "harmful: bigbox-limit-cut harmful scale(replicas=8)")
    assert not claim.passed
    line = claim.failures[0]
    assert "(seed 1, at 5m): expected worse than rollback(target=config) alone at 10m" in line
    assert re.search(r"failed requests \d+ vs \d+ \(margin \d+\)", line), line
    assert re.search(r"SLO-breach seconds \d+s vs \d+s \(margin \d+s\)", line), line


def test_a_harmful_action_shows_even_when_every_request_already_fails() -> None:
    timing = "  claims:\n    - {ref: {action: set_pool_size}, at: [16m], fix_after: 4m}\n"
    loaded = edited(
        "pool-exhaustion.yaml",
        ("    impact_ends_after: 19m\n", "    impact_ends_after: 19m\n" + timing),
    )
    for seed in (5, 6, 7):
        baseline = run_one(loaded, RunSpec(seed), ["error_ratio"])
        failing = [
            value
            for t, value in zip(baseline.times, baseline.series["error_ratio"], strict=True)
            if 15 * 60 < t <= 16 * 60
        ]
        assert min(failing) > 0.95, "the service already fails (nearly) every request at 16m"
    checks = self_test(loaded, seeds=[5, 6, 7], jobs=2, only="set_pool_size")
    claim = row(checks, "harmful: audit-transaction-leak harmful set_pool_size(size=40)")
    assert claim.passed, claim.failures
    assert claim.tried == 3
    assert "impact over for good at" in claim.measured


METRICS = """\
    metrics:
      - {metric: rejected_ratio, between: [8m, 20m], mean_above: 0.1}
      - {metric: orders_per_minute, between: [8m, 20m], min_above: 100000}
"""
IDEAL_METRICS = """\
    metrics:
      - {metric: orders_per_minute, between: [30m, 40m], mean_above: 1}
      - {metric: latency_p99_ms, between: [30m, 40m], max_below: 0.001}
"""


def test_metric_expectations_pass_and_fail_with_the_measured_numbers() -> None:
    loaded = edited(
        "rate-limit-misconfig.yaml",
        ("    impact_lasts_to_end: true\n", "    impact_lasts_to_end: true\n" + METRICS),
        ("    impact_ends_after: 11m\n", "    impact_ends_after: 11m\n" + IDEAL_METRICS),
    )
    checks = self_test(loaded, seeds=[1, 2], jobs=1, only="metrics[")
    rejected = row(checks, "no response: metrics[0] rejected_ratio 8m-20m")
    assert rejected.passed and rejected.tried == 2
    assert re.fullmatch(r"mean 0\.\d+ \(seed \d\)", rejected.measured), rejected.measured
    orders = row(checks, "no response: metrics[1] orders_per_minute 8m-20m")
    assert not orders.passed
    assert orders.expected == "min above 100000"
    assert re.search(r"\(seed 1\): expected min above 100000; measured min \d", orders.failures[0])
    assert row(checks, "ideal response: metrics[0] orders_per_minute 30m-40m").passed
    p99 = row(checks, "ideal response: metrics[1] latency_p99_ms 30m-40m")
    assert not p99.passed and len(p99.failures) == 2


def test_parallel_runs_give_the_same_table_as_serial_runs() -> None:
    loaded = edited("retry-storm.yaml")
    serial = self_test(loaded, seeds=[3, 8], jobs=1, only="mitigated_by")
    parallel = self_test(loaded, seeds=[3, 8], jobs=2, only="mitigated_by")
    assert parallel == serial
    assert [c.tried for c in serial] == [8]  # impact, +2m, +5m and stop_gaps.at, at 2 seeds


@pytest.mark.parametrize("seeds", [[1], [1, 2, 3]])
def test_a_scenario_without_expect_is_one_failing_row(seeds: list[int]) -> None:
    text = (SCENARIOS / "rate-limit-misconfig.yaml").read_text(encoding="utf-8")
    text = text[: text.index("\nexpect:")] + "\n"
    checks = self_test(load_scenario_text(text, "x.yaml"), seeds=seeds)
    assert [(c.name, c.passed) for c in checks] == [("expect", False)]
