"""Engine benchmarks (pytest-benchmark). `make bench` times them; `make test` runs each once.

Timings are reported, never asserted: machines here are noisy.
"""

from __future__ import annotations

import pytest

from simulator.bench import HOUR, with_duration_and_rate, without_faults
from simulator.engine import Engine
from tests.conftest import SHIPPED

pytestmark = pytest.mark.bench


def simulate_hour(loaded) -> int:
    engine = Engine(loaded, seed=1)
    return len(engine.finish().entries)


@pytest.mark.parametrize("name", SHIPPED)
def test_bench_one_simulated_hour(benchmark, shipped, name):
    loaded = with_duration_and_rate(shipped[name], HOUR)
    entries = benchmark(simulate_hour, loaded)
    assert entries > HOUR


@pytest.mark.parametrize("rps", [100.0, 10_000.0])
def test_bench_hour_at_request_rate(benchmark, shipped, rps):
    """A healthy service (no faults) rescaled to `rps`: the same mechanics at both rates."""
    loaded = with_duration_and_rate(without_faults(shipped[SHIPPED[0]]), HOUR, rps)
    entries = benchmark(simulate_hour, loaded)
    assert entries > HOUR


CALIBRATE_RUNS = 8


@pytest.mark.parametrize("jobs", [1, 2])
def test_bench_calibrate(benchmark, shipped, jobs):
    """`gameday calibrate` of two shipped scenarios on 1 and 2 workers; compare the two rows for
    the speed-up (`make bench`). The figures are the same whatever the number of workers."""
    from simulator.calibration import calibrate

    pair = [shipped[name] for name in SHIPPED[:2]]
    results = benchmark.pedantic(
        calibrate, args=(pair,), kwargs={"runs": CALIBRATE_RUNS, "seed": 1, "jobs": jobs}, rounds=1
    )
    assert [c.runs for c in results] == [CALIBRATE_RUNS, CALIBRATE_RUNS]
