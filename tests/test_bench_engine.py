"""Benchmarks for the engine rows of issue 13's table (`make bench`; `make test` leaves them out).

Each prints a ratio or a figure; none asserts a time (machines here are noisy and shared):

- one simulated hour of our engine against the reference hybrid engine (`ref_engine.py`, kept
  outside the repository: `GAMEDAY_BENCH_REFERENCE` names its folder, default
  `../shared/bench` beside the checkout), interleaved in one process, CPU time;
- 1,000 seeds of a 45-minute scenario on 2 worker processes (what `gameday check --seeds` and
  `gameday calibrate` do on every core): wall time, and the workers' CPU time (what 2 idle
  cores would take is half of it).

The cold rebuild of a stored 4-hour, 500-action session is `tests/test_session_benchmark.py`.
"""

from __future__ import annotations

import importlib.util
import os
import resource
import statistics
import sys
import time
from pathlib import Path
from types import ModuleType

import pytest

from simulator.bench import HOUR, with_duration_and_rate
from simulator.engine import Engine
from simulator.engine.kernel import KERNEL_NAME
from simulator.selftest.runs import BASE_SERIES, RunSpec, run_all

pytestmark = pytest.mark.bench

ROUNDS = 5
SEEDS = int(os.environ.get("GAMEDAY_BENCH_SEEDS", "1000"))
REFERENCE_DIR = Path(
    os.environ.get(
        "GAMEDAY_BENCH_REFERENCE", Path(__file__).resolve().parents[2] / "shared" / "bench"
    )
)


def _reference() -> ModuleType:
    path = REFERENCE_DIR / "ref_engine.py"
    if not path.exists():
        pytest.skip(f"no reference engine at {path} (set GAMEDAY_BENCH_REFERENCE)")
    spec = importlib.util.spec_from_file_location("ref_engine", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["ref_engine"] = module  # its dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def _children_cpu() -> float:
    """CPU seconds of this process's finished children (the batch's worker processes): on a
    shared machine the wall time says more about the other load than about the batch."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _cpu_ms(run: object) -> float:
    started = time.process_time()
    run()  # type: ignore[operator]
    return (time.process_time() - started) * 1000.0


@pytest.mark.parametrize("name", ["pool-exhaustion.yaml", "memory-leak.yaml"])
def test_engine_hour_against_the_reference(shipped, name, capsys):
    ref = _reference()
    loaded = with_duration_and_rate(shipped[name], HOUR)
    Engine(loaded, seed=1).finish()  # warm: imports, caches and the compiled kernel
    ours, built, theirs = [], [], []
    for _ in range(ROUNDS):
        theirs.append(_cpu_ms(lambda: ref.Ref(seed=1, journal=True).run()))
        ours.append(_cpu_ms(lambda: Engine(loaded, seed=1).finish()))
        # the same with every journal entry built as a dict, as the reference builds its own
        # (a finished run's metrics entries are otherwise built when the journal is first read)
        built.append(_cpu_ms(lambda: Engine(loaded, seed=1).finish().entries))
    reference = statistics.median(theirs)
    ratio, built_ratio = statistics.median(ours) / reference, statistics.median(built) / reference
    with capsys.disabled():
        print(
            f"\nengine hour, {name} [{KERNEL_NAME}]: {statistics.median(ours):.0f} ms, reference "
            f"{reference:.0f} ms (medians of {ROUNDS}, CPU): {ratio:.2f}x; with the journal's "
            f"entries built: {statistics.median(built):.0f} ms, {built_ratio:.2f}x"
        )
    assert ratio > 0.0 and built_ratio > 0.0


def test_many_seeds_of_a_45_minute_scenario_on_two_cores(shipped, capsys):
    loaded = shipped["pool-exhaustion.yaml"]
    assert loaded.scenario.duration == 45 * 60
    specs = [RunSpec(seed) for seed in range(1, SEEDS + 1)]
    cpu_before = _children_cpu()
    started = time.perf_counter()
    runs = run_all(loaded, specs, BASE_SERIES, jobs=2)
    elapsed = time.perf_counter() - started
    cpu = _children_cpu() - cpu_before
    with capsys.disabled():
        print(
            f"\n{SEEDS} seeds of {loaded.scenario.id} (45 min) on 2 processes [{KERNEL_NAME}]: "
            f"{elapsed:.1f} s wall ({elapsed / SEEDS * 1000:.0f} ms a seed); the workers' CPU "
            f"{cpu:.1f} s ({cpu / SEEDS * 1000:.0f} ms a seed: {cpu / 2:.1f} s on 2 idle cores), "
            f"load average {os.getloadavg()[0]:.1f}"
        )
    assert len(runs) == SEEDS
