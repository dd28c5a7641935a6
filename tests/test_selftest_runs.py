"""A batch run's summary read from the engine's metrics matrix (`summarize_engine`, what
`gameday check --seeds`, `gameday calibrate` and the what-if runs use) is the summary read from
the journal's entries (`summarize`), float for float, on every shipped scenario."""

from __future__ import annotations

import pytest

from simulator.engine import scripted_engine
from simulator.selftest.runs import BASE_SERIES, RunSummary, summarize, summarize_engine
from tests.conftest import SHIPPED

SEED = 3
EXTRA = ("memory_utilization", "pool_utilization", "not_a_metric")


def _same(left: RunSummary, right: RunSummary) -> None:
    assert left.times.tobytes() == right.times.tobytes()
    assert list(left.series) == list(right.series)
    for name, series in left.series.items():
        assert series.tobytes() == right.series[name].tobytes(), name
    assert (left.impact, left.refused, left.alerts) == (right.impact, right.refused, right.alerts)


@pytest.mark.parametrize("name", SHIPPED)
def test_the_matrix_summary_is_the_journal_summary(shipped, name):
    loaded = shipped[name]
    ideal = loaded.scenario.expect.ideal_response.actions
    metrics = BASE_SERIES + EXTRA
    for actions in ((), ideal):
        engine = scripted_engine(loaded, SEED, actions)
        fast, slow = summarize_engine(engine, metrics), summarize(engine.journal, metrics)
        _same(fast, slow)
        assert len(fast.times) == loaded.scenario.duration / loaded.scenario.tick
        assert "not_a_metric" not in fast.series and "request_rate" in fast.series


def test_a_run_stopped_early_summarises_the_ticks_it_ran(shipped):
    loaded = shipped[SHIPPED[0]]
    engine = scripted_engine(loaded, SEED, (), until=600.0)
    fast, slow = summarize_engine(engine, BASE_SERIES), summarize(engine.journal, BASE_SERIES)
    _same(fast, slow)
    assert fast.times[-1] == 600.0
