"""The tick kernel: compiled (Numba) and plain Python give the same journals, bit for bit, on
every shipped scenario; the journal's metrics are the rows of the run's metrics matrix.

The compiled kernel runs in this process; the plain-Python fallback runs in a child process with
GAMEDAY_NO_JIT=1 (the compiler is chosen once, at import). Byte-identical journals against the
engine before the kernel are `test_golden_journals.py` (unchanged by the kernel).
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys

import pytest

from simulator.engine import Engine, run_script
from simulator.engine.kernel import JIT, KERNEL_NAME
from simulator.engine.kernel.layout import ROW_NAMES
from simulator.metrics import METRIC_NAMES
from tests.conftest import ROOT, SHIPPED

SEED = 1
FALLBACK_SEED = 2  # the goldens cover seed 1

DIGESTS = """
import hashlib, json, sys
from simulator.engine import run_script
from simulator.engine.kernel import KERNEL_NAME
from simulator.scenario import load_scenario
from tests.conftest import SCENARIO_DIR, SHIPPED

out = {"kernel": KERNEL_NAME}
for name in SHIPPED:
    loaded = load_scenario(SCENARIO_DIR / name)
    ideal = loaded.scenario.expect.ideal_response.actions
    for response, actions in (("no-response", ()), ("ideal", ideal)):
        text = run_script(loaded, int(sys.argv[1]), actions).to_jsonl()
        out[f"{name}/{response}"] = hashlib.sha256(text.encode()).hexdigest()
print(json.dumps(out))
"""


def _digests_here(shipped) -> dict[str, str]:
    out = {}
    for name in SHIPPED:
        loaded = shipped[name]
        ideal = loaded.scenario.expect.ideal_response.actions
        for response, actions in (("no-response", ()), ("ideal", ideal)):
            text = run_script(loaded, FALLBACK_SEED, actions).to_jsonl()
            out[f"{name}/{response}"] = hashlib.sha256(text.encode()).hexdigest()
    return out


@pytest.mark.slow
def test_the_python_fallback_agrees_with_the_compiled_kernel(shipped):
    if not JIT:
        pytest.skip(
            f"this process runs the plain-Python kernel ({KERNEL_NAME}): nothing to compare"
        )
    env = {**os.environ, "GAMEDAY_NO_JIT": "1"}
    child = subprocess.run(
        [sys.executable, "-c", DIGESTS, str(FALLBACK_SEED)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
        check=True,
    )
    fallback = json.loads(child.stdout)
    assert fallback.pop("kernel") == "python"
    compiled = _digests_here(shipped)
    assert len(compiled) == 2 * len(SHIPPED)
    differing = [key for key in compiled if compiled[key] != fallback[key]]
    assert differing == []


def test_the_journal_metrics_are_the_matrix_rows(shipped):
    loaded = shipped["memory-leak.yaml"]  # served and outage (every pod OOM-killed) ticks
    engine = Engine(loaded, seed=SEED)
    journal = engine.finish()
    ticks = [e for e in journal.entries if e["kind"] == "metrics"]
    rows = engine.model.rows
    assert rows.count == len(ticks)
    orders = set()
    for entry, row in zip(ticks, rows.matrix[: rows.count].tolist(), strict=True):
        values = entry["values"]
        orders.add(tuple(values))
        assert [values[name] for name in ROW_NAMES] == row
    # a served tick lists the row's order; a tick without a ready pod, METRIC_NAMES' order
    assert orders == {ROW_NAMES, METRIC_NAMES}


def test_the_matrix_grows_past_its_estimate(shipped):
    loaded = shipped["pool-exhaustion.yaml"]
    engine = Engine(loaded, seed=1)
    engine.model.rows.matrix = engine.model.rows.matrix[:5]
    engine.advance(60.0)
    assert engine.model.rows.count == 59
    assert len(engine.model.rows.matrix) >= 59
    values = [e["values"] for e in engine.journal.entries if e["kind"] == "metrics"]
    assert [v["request_rate"] for v in values] == engine.model.rows.matrix[:59, 0].tolist()


def test_warmup_compiles_or_loads_the_kernel(capsys):
    from simulator.cli import main

    assert main(["warmup"]) == 0
    printed = capsys.readouterr().out
    assert ("compiled or loaded from the cache" if JIT else "plain Python") in printed
