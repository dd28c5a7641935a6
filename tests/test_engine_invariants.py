"""Invariants over every shipped scenario, several seeds, with and without a response."""

from __future__ import annotations

import pytest

from simulator.engine import run_script
from tests.conftest import SHIPPED
from tests.invariants import metric_problems

pytestmark = pytest.mark.slow


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
    assert metric_problems(loaded, journal) == []


@pytest.mark.parametrize("name", SHIPPED)
def test_journal_times_never_go_backwards(shipped, name):
    journal = run_script(shipped[name], 1)
    times = [e["t"] for e in journal.entries]
    assert times == sorted(times)
    assert journal.entries[0]["kind"] == "header"
    assert journal.entries[-1]["kind"] == "end"
