"""Engine runs for the self-test: what to run (`RunSpec`), what is kept of it (`RunSummary`), and
running many of them on every core.

A self-test needs hundreds of runs (every claim at several times and seeds), so each run is reduced
in the worker process to the few series and events the judges read. Results come back in the order
of the specs, so a parallel check prints the same table as a serial one.
"""

from __future__ import annotations

import os
from array import array
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from simulator.actions import ACTIONS
from simulator.batches import Sources, Workers, run_batch, scenario_of
from simulator.engine import Engine, scripted_engine
from simulator.journal import Journal
from simulator.scenario import LoadedScenario
from simulator.scenario.fault_models import ActionMatch
from simulator.scenario.schema import ScriptedAction
from simulator.scenario.schema_base import ParamValue

COLLATERAL = "db_other_clients_error_ratio"
"""Error ratio of the database's other clients; emitted by engines that model shared databases."""
QUEUE_LAG = "queue_lag_seconds"
"""Consumer lag; impact past `slo.queue_lag` when the scenario sets one."""
LOST = "queue_messages_lost"
"""Messages purged unprocessed (a counter); emitted by engines that model a queue."""

BASE_SERIES = (
    "request_rate",
    "error_rate",
    "rejected_rate",
    "error_ratio",
    "rejected_ratio",
    "latency_p99_ms",
    "orders_per_minute",
    COLLATERAL,
    LOST,
    QUEUE_LAG,
)

ParamItems = tuple[tuple[str, ParamValue], ...]


@dataclass(frozen=True)
class Step:
    """One action of a run: taken at `at` by `role`."""

    at: float
    role: str
    action: str
    params: ParamItems = ()

    @classmethod
    def of_ref(cls, ref: ActionMatch, at: float) -> Step:
        """A fault's ref taken at `at` by the first role allowed to take it."""
        return cls(at, ACTIONS[ref.action].roles[0], ref.action, tuple(sorted(ref.params.items())))

    @classmethod
    def of_scripted(cls, scripted: ScriptedAction) -> Step:
        params = tuple(sorted(scripted.params.items()))
        return cls(scripted.at, scripted.role, scripted.action, params)

    def scripted(self) -> ScriptedAction:
        return ScriptedAction.model_construct(
            at=self.at, role=self.role, action=self.action, params=dict(self.params)
        )


@dataclass(frozen=True)
class RunSpec:
    """One engine run: a seed and the actions taken (none: the no-response run), to the
    scenario's end or to `end` (a session the facilitator extended: its what-if runs as long)."""

    seed: int
    steps: tuple[Step, ...] = ()
    end: float | None = None


@dataclass
class RunSummary:
    """What the judges read from one run."""

    times: array
    series: dict[str, array] = field(default_factory=dict)
    impact: list[tuple[float, float | None]] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)
    alerts: dict[str, float] = field(default_factory=dict)

    def has(self, metric: str) -> bool:
        return metric in self.series


def summarize(journal: Journal, metrics: Iterable[str]) -> RunSummary:
    """Reduce a journal to the named metric series, impact intervals, refusals and alerts."""
    wanted = tuple(dict.fromkeys(metrics))
    summary = RunSummary(array("d"))
    for entry in journal.entries:
        if entry["kind"] == "metrics":
            _add_tick(summary, entry, wanted)
        else:
            _add_event(summary, entry)
    return summary


def summarize_engine(engine: Engine, metrics: Iterable[str]) -> RunSummary:
    """`summarize(engine.journal, metrics)`, with the series read as columns of the run's
    metrics matrix (`Engine.metric_column`) instead of from every metrics entry: a batch of
    runs keeps a few series of each, and picking them out entry by entry cost a fifth of a
    run. The same figures, float for float (tests/test_selftest_runs.py)."""
    times = array("d", engine.journal.metric_times())
    summary = RunSummary(times)
    for entry in engine.journal.events():
        _add_event(summary, entry)
    if times:
        for name in dict.fromkeys(metrics):
            column = engine.metric_column(name)
            if column is not None:
                summary.series[name] = array("d", column.tobytes())  # no Python floats
    return summary


def _add_event(summary: RunSummary, entry: dict[str, Any]) -> None:
    """What the judges read of a journal entry other than metrics."""
    kind = entry["kind"]
    if kind == "impact.start":
        summary.impact.append((float(entry["t"]), None))
    elif kind == "impact.end" and summary.impact:
        summary.impact[-1] = (summary.impact[-1][0], float(entry["t"]))
    elif kind == "action" and entry.get("outcome") == "refused":
        summary.refused.append(f"{entry['action']}: {entry.get('reason', 'refused')}")
    elif kind == "alert.firing":
        summary.alerts.setdefault(entry["alert"], float(entry["t"]))


def _add_tick(summary: RunSummary, entry: dict[str, object], wanted: tuple[str, ...]) -> None:
    values = entry["values"]
    assert isinstance(values, dict)
    summary.times.append(float(entry["t"]))  # type: ignore[arg-type]
    for name in wanted:
        if name in values:
            summary.series.setdefault(name, array("d")).append(values[name])


# ---------------------------------------------------------------- running, serial or parallel


def _run_task(sources: Sources, task: tuple[RunSpec, tuple[str, ...]]) -> RunSummary:
    spec, metrics = task
    return run_one(scenario_of(sources, 0), spec, metrics)


def run_one(loaded: LoadedScenario, spec: RunSpec, metrics: Sequence[str]) -> RunSummary:
    steps = [step.scripted() for step in spec.steps]
    engine = scripted_engine(loaded, spec.seed, steps, end=spec.end)
    return summarize_engine(engine, metrics)


def default_jobs() -> int:
    return os.cpu_count() or 1


def run_all(
    loaded: LoadedScenario,
    specs: Sequence[RunSpec],
    metrics: Sequence[str],
    jobs: int,
    dask: str | None = None,
) -> dict[RunSpec, RunSummary]:
    """Run each distinct spec once; `jobs` > 1 spreads them over worker processes, `dask` (a
    scheduler address) over a Dask cluster."""
    unique = list(dict.fromkeys(specs))
    if dask is None and (jobs <= 1 or len(unique) <= 1):
        return {spec: run_one(loaded, spec, metrics) for spec in unique}
    tasks = [(spec, tuple(metrics)) for spec in unique]
    sources = ((loaded.text, loaded.filename),)
    results = run_batch(_run_task, sources, tasks, Workers(jobs, dask))
    return dict(zip(unique, results, strict=True))
