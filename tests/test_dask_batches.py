"""Seed batches on a real Dask distributed cluster (two worker processes on loopback) give the
same figures, byte for byte, as the same batch on local processes.

Needs the `dask` extra (installed with `.[test]`); without it the tests skip, except under
GAMEDAY_REQUIRE_ALL=1 (CI), where they fail.
"""

from __future__ import annotations

import pytest

from simulator.calibration import calibrate
from simulator.calibration.store import to_json
from simulator.cli import main
from simulator.cli.check import format_table
from simulator.errors import GamedayError
from simulator.selftest import self_test
from tests.app_server import skip_or_fail
from tests.conftest import SCENARIO_DIR

pytestmark = pytest.mark.slow

RUNS = 6
UNREACHABLE = "tcp://127.0.0.1:9"  # the discard port: nothing listens there


@pytest.fixture(scope="module")
def scheduler():
    try:
        from distributed import LocalCluster
    except ImportError:
        skip_or_fail("dask/distributed are not installed (pip install '.[dask]')")
    cluster = LocalCluster(
        n_workers=2,
        threads_per_worker=1,
        processes=True,
        host="127.0.0.1",
        dashboard_address=None,
    )
    try:
        yield cluster.scheduler_address
    finally:
        cluster.close()


def test_calibration_on_dask_matches_local_processes(shipped, scheduler):
    pair = [shipped["pool-exhaustion.yaml"], shipped["memory-leak.yaml"]]
    local = calibrate(pair, runs=RUNS, seed=3, jobs=2)
    remote = calibrate(pair, runs=RUNS, seed=3, jobs=2, dask=scheduler)
    assert to_json(remote, RUNS, 3) == to_json(local, RUNS, 3)
    assert [c.runs for c in remote] == [RUNS, RUNS]


def test_self_test_seeds_on_dask_match_local_processes(shipped, scheduler):
    loaded = shipped["retry-storm.yaml"]
    local = self_test(loaded, seeds=[1, 2], jobs=2, claims=False)
    remote = self_test(loaded, seeds=[1, 2], jobs=2, claims=False, dask=scheduler)
    assert format_table(remote) == format_table(local)
    assert [c.measured for c in remote] == [c.measured for c in local]


def test_cli_calibrate_with_dask(scheduler, capsys):
    path = str(SCENARIO_DIR / "pool-exhaustion.yaml")
    args = ["calibrate", path, "--runs", str(RUNS), "--format", "json"]
    assert main([*args, "--jobs", "2"]) == 0
    local = capsys.readouterr().out.splitlines()
    assert main([*args, "--dask", scheduler]) == 0
    remote = capsys.readouterr().out.splitlines()
    assert remote[:-1] == local[:-1]  # the last line is the timing
    assert f"on Dask at {scheduler}" in remote[-1]


def test_an_unreachable_scheduler_is_a_clear_error(shipped):
    with pytest.raises(GamedayError, match="cannot reach the Dask scheduler"):
        calibrate([shipped["pool-exhaustion.yaml"]], runs=1, seed=1, jobs=1, dask=UNREACHABLE)


def test_a_malformed_address_is_a_usage_error(capsys):
    assert main(["check", str(SCENARIO_DIR / "pool-exhaustion.yaml"), "--dask", "localhost"]) == 2
    assert "expected a Dask scheduler address like tcp://host:8786" in capsys.readouterr().err
