"""Golden journals: each shipped scenario, with no response and with its ideal response, seed 1.

A golden file keeps every non-metrics entry in full (alerts, pages, injects, actions, ground truth)
and the metrics once a minute rounded to six significant digits, so a change in the model shows
up as a readable diff while last-digit floating-point differences between machines do not.
Regenerate after an intended model change with:

    GAMEDAY_UPDATE_GOLDEN=1 .venv/bin/pytest tests/test_golden_journals.py

and read the diff before committing it.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

from simulator.engine import run_script
from simulator.journal import Journal
from tests.conftest import SHIPPED

pytestmark = pytest.mark.slow

GOLDEN_DIR = Path(__file__).parent / "golden"
SEED = 1
METRICS_EVERY = 60.0
UPDATE = os.environ.get("GAMEDAY_UPDATE_GOLDEN") == "1"


def _significant(value: Any) -> Any:
    if isinstance(value, float):
        return float(f"{value:.6g}")
    if isinstance(value, dict):
        return {k: _significant(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_significant(v) for v in value]
    return value


def golden_lines(journal: Journal) -> list[str]:
    """The journal as golden text: header identity, events in full, metrics once a minute."""
    lines = []
    for entry in journal.entries:
        kind = entry["kind"]
        if kind == "header":
            entry = {"kind": kind, "scenario": entry["scenario"]["id"], "seed": entry["seed"]}
        elif kind == "metrics" and float(entry["t"]) % METRICS_EVERY != 0.0:
            continue
        lines.append(json.dumps(_significant(entry), sort_keys=True))
    return lines


def _run(loaded, response: str) -> Journal:
    if response == "no-response":
        return run_script(loaded, SEED)
    assert loaded.scenario.expect is not None
    return run_script(loaded, SEED, loaded.scenario.expect.ideal_response.actions)


@pytest.mark.parametrize("response", ["no-response", "ideal"])
@pytest.mark.parametrize("name", SHIPPED)
def test_journal_matches_its_golden_file(shipped, name, response):
    path = GOLDEN_DIR / f"{Path(name).stem}.{response}.jsonl"
    lines = golden_lines(_run(shipped[name], response))
    if UPDATE:
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    if not path.exists():
        pytest.fail(f"{path} is missing: run with GAMEDAY_UPDATE_GOLDEN=1 to create it")
    expected = path.read_text(encoding="utf-8").splitlines()
    for number, (want, got) in enumerate(zip(expected, lines, strict=False), start=1):
        assert got == want, f"{path.name}:{number} differs"
    assert len(lines) == len(expected), f"{path.name}: {len(lines)} lines, want {len(expected)}"
