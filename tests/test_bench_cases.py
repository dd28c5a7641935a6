"""`gameday bench`'s cases: each shows what the run did (error ratio, restarts), and the rate cases
run the same mechanics at every rate (a healthy service, rescaled)."""

from __future__ import annotations

from simulator.bench import BenchResult, bench_case, with_duration_and_rate, without_faults
from simulator.cli.bench import format_results

SHORT = 300.0


def test_rate_cases_keep_the_mechanics(shipped):
    healthy = without_faults(shipped["pool-exhaustion.yaml"])
    assert healthy.scenario.faults == []
    results = [
        bench_case(f"{rps}", with_duration_and_rate(healthy, SHORT, rps), repeat=1)
        for rps in (100.0, 10_000.0)
    ]
    assert [r.restarts for r in results] == [0, 0]
    assert all(r.error_ratio < 0.01 for r in results)


def test_a_crash_looping_case_shows_its_restarts_and_errors(shipped):
    leak = with_duration_and_rate(shipped["memory-leak.yaml"], 3600.0, 10_000.0)
    result = bench_case("leak at 10,000 rps", leak, repeat=1)
    assert result.restarts > 0
    assert result.error_ratio > 0.05


def test_the_table_prints_errors_and_restarts():
    text = format_results([BenchResult("memory-leak (1h)", 9.5, 10.25, 0.248, 38)])
    header, row = text.splitlines()
    assert header.split()[-2:] == ["ERRORS", "RESTARTS"]
    assert row.split()[-4:] == ["9.5", "10.2", "24.8%", "38"]
