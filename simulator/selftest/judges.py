"""Judging claim trials: a fix ends impact for good within its bound; a stop-gap beats no
response; a harmful action costs something measurable compared with the fixes alone.

Stop-gaps and harmful actions compare two runs of the same seed. A difference counts only when it
exceeds a margin: the larger of a floor (1% of the reference total, or of the window for
seconds-based measures; the SLO window for a recovery time) and the noise of the paired difference
(same seed, with and without the action) across the seeds tried at the same kind of time
(`measures.noise`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from simulator.durations import format_duration
from simulator.scenario.schema import Scenario
from simulator.selftest import measures, timing
from simulator.selftest.claims import Trial, describe
from simulator.selftest.results import Outcome
from simulator.selftest.runs import COLLATERAL, LOST, RunSpec, RunSummary

RELATIVE_FLOOR = 0.01
Runs = dict[RunSpec, RunSummary]


def _fmt(t: float | None) -> str:
    return "never" if t is None else format_duration(t)


@dataclass(frozen=True)
class Measure:
    """One impact measure over a window; `worse` is the sign of harm (+1: more is worse)."""

    name: str
    unit: str
    worse: int
    read: Callable[[Scenario, RunSummary, float, float], float]
    floor: Callable[[Scenario, RunSummary, float, float, float], float]
    needs: str | None = None  # a metric only some engines emit; skipped without it


def _dt(s: Scenario) -> float:
    return s.tick


def _recovery(s: Scenario, r: RunSummary, a: float, b: float) -> float:
    cleared = measures.clear_from(r)
    return b + s.tick if cleared is None else max(cleared, a)


MEASURES = (
    Measure(
        "failed requests",
        "",
        +1,
        lambda s, r, a, b: measures.failed_requests(r, a, b, _dt(s)),
        lambda s, r, a, b, v: RELATIVE_FLOOR * measures.arrived_requests(r, a, b, _dt(s)),
    ),
    Measure(
        "SLO-breach seconds",
        "s",
        +1,
        lambda s, r, a, b: measures.breach_seconds(r, s.service.slo, a, b, _dt(s)),
        lambda s, r, a, b, v: max(RELATIVE_FLOOR * (b - a), 2 * s.tick),
    ),
    Measure(
        "impact over for good at",
        "t",
        +1,
        _recovery,
        lambda s, r, a, b, v: s.service.slo.window,
    ),
    Measure(
        "orders",
        "",
        -1,
        lambda s, r, a, b: measures.orders(r, a, b, _dt(s)),
        lambda s, r, a, b, v: max(RELATIVE_FLOOR * v, 1.0),
    ),
    Measure(
        "collateral (other db clients' error-ratio seconds)",
        "s",
        +1,
        lambda s, r, a, b: measures.collateral(r, a, b, _dt(s)),
        lambda s, r, a, b, v: RELATIVE_FLOOR * (b - a),
        COLLATERAL,
    ),
    Measure(
        "messages lost",
        "",
        +1,
        lambda s, r, a, b: measures.messages_lost(r, a, b),
        lambda s, r, a, b, v: max(RELATIVE_FLOOR * v, 1.0),
        LOST,
    ),
)
STOP_GAP_MEASURES: tuple[Measure, ...] = MEASURES[:2]


# ---------------------------------------------------------------- fixes


def judge_fix(
    scenario: Scenario, trial: Trial, runs: Runs, spread: dict[str, float] | None = None
) -> Outcome:
    """A fix has a bound, not a margin: `spread` is not used."""
    claim, run = trial.claim, runs[trial.runs[0]]
    bound = timing.fix_bound(scenario, claim.fault, claim.ref)
    ends = [f.at + f.duration for f in scenario.faults if f.duration is not None]
    start = max([trial.slot.at, *ends])
    deadline = start + bound
    expected = f"impact over for good by {_fmt(deadline)} ({_fmt(bound)} after {_fmt(start)})"
    if trial.fixes:
        others = ", ".join(f"{fault}'s {describe(ref)}" for fault, ref in trial.fixes)
        expected += f"; with {others} at the same time"
    if run.refused:
        return _outcome(trial, expected, f"refused: {run.refused[0]}", False, -1.0)
    cleared = measures.clear_from(run)
    measured = _fix_measured(run, cleared)
    slack = -1e9 if cleared is None else deadline - cleared
    if slack < 0:
        late = measures.failed_requests(run, deadline, scenario.duration, scenario.tick)
        breach = measures.breach_seconds(
            run, scenario.service.slo, deadline, scenario.duration, scenario.tick
        )
        measured += f"; after {_fmt(deadline)}: {late:.0f} failed requests, {breach:.0f}s in breach"
    return _outcome(trial, expected, measured, slack >= 0, slack)


def _fix_measured(run: RunSummary, cleared: float | None) -> str:
    if cleared is None:
        return f"impact lasts to the end (since {_fmt(run.impact[-1][0])})"
    if cleared == 0.0:
        return "no impact at all"
    starts = [start for start, _ in run.impact]
    if len(starts) > 1:
        return f"impact over for good at {_fmt(cleared)} (last began {_fmt(starts[-1])})"
    return f"impact over for good at {_fmt(cleared)}"


# ---------------------------------------------------------------- comparisons


@dataclass(frozen=True)
class Comparison:
    """Reference vs candidate on each measure, with the margin each difference must beat."""

    rows: list[tuple[Measure, float, float, float]]  # measure, reference, candidate, margin
    end: float  # the window's end: a recovery time past it shows as "never"

    def gains(self, sign: int) -> list[float]:
        """Per measure, (difference in the `sign` direction - margin) / margin."""
        return [
            (sign * m.worse * (cand - ref) - margin) / max(margin, 1e-9)
            for m, ref, cand, margin in self.rows
        ]

    def _show(self, measure: Measure, value: float) -> str:
        if measure.unit == "t":
            return "never" if value > self.end else _fmt(value)
        return f"{value:.0f}{measure.unit}"

    def text(self) -> str:
        return "; ".join(
            f"{m.name} {self._show(m, cand)} vs {self._show(m, ref)} "
            f"(margin {_show_margin(m, margin)})"
            for m, ref, cand, margin in self.rows
        )


def _show_margin(measure: Measure, margin: float) -> str:
    unit = "s" if measure.unit == "t" else measure.unit
    return f"{margin:.0f}{unit}"


def compare(
    scenario: Scenario,
    chosen: Sequence[Measure],
    reference: RunSummary,
    candidate: RunSummary,
    window: tuple[float, float],
    spread: dict[str, float],
) -> Comparison:
    a, b = window
    rows = []
    for m in chosen:
        if m.needs is not None and not reference.has(m.needs):
            continue
        ref, cand = m.read(scenario, reference, a, b), m.read(scenario, candidate, a, b)
        margin = max(m.floor(scenario, reference, a, b, ref), spread.get(m.name, 0.0))
        rows.append((m, ref, cand, margin))
    return Comparison(rows, b)


def reference_values(
    scenario: Scenario, chosen: Sequence[Measure], run: RunSummary, window: tuple[float, float]
) -> dict[str, float]:
    a, b = window
    return {
        m.name: m.read(scenario, run, a, b) for m in chosen if m.needs is None or run.has(m.needs)
    }


# ---------------------------------------------------------------- stop-gaps


def stop_gap_window(scenario: Scenario, trial: Trial, runs: Runs) -> tuple[float, float]:
    """From when the stop-gap lands for at least its window, and on to when impact starts
    again in the stop-gap's run (the end, if it does not): the time it bought."""
    claim = trial.claim
    land = trial.slot.at + timing.delay_of(scenario, claim.ref.action)
    least = land + timing.stop_gap_window(scenario, claim.fault, claim.ref)
    again = measures.relapse_after(runs[trial.runs[1]], least)
    return (land, scenario.duration if again is None else again)


def least_window_end(scenario: Scenario, trial: Trial) -> float:
    claim = trial.claim
    land = trial.slot.at + timing.delay_of(scenario, claim.ref.action)
    return land + timing.stop_gap_window(scenario, claim.fault, claim.ref)


def judge_stop_gap(
    scenario: Scenario, trial: Trial, runs: Runs, spread: dict[str, float]
) -> Outcome:
    baseline, run = runs[trial.runs[0]], runs[trial.runs[1]]
    a, b = stop_gap_window(scenario, trial, runs)
    expected = (
        f"fewer failed requests or SLO-breach seconds than no response over {_fmt(a)}-{_fmt(b)}"
        " (until impact starts again)"
    )
    if run.refused:
        return _outcome(trial, expected, f"refused: {run.refused[0]}", False, -1.0)
    comparison = compare(scenario, STOP_GAP_MEASURES, baseline, run, (a, b), spread)
    slack = max(comparison.gains(-1))
    return _outcome(trial, expected, comparison.text(), slack > 0, slack)


def relapse_outcome(scenario: Scenario, trial: Trial, runs: Runs) -> Outcome:
    """The `expect.stop_gaps.relapses` check: impact starts again after the window."""
    end = least_window_end(scenario, trial)
    again = measures.relapse_after(runs[trial.runs[1]], end)
    name = f"stop-gap: {trial.claim.fault.id} {describe(trial.claim.ref)} only buys time"
    expected = f"impact starts again after {_fmt(end)}"
    return Outcome(name, expected, _fmt(again), again is not None, trial.seed, trial.slot.at)


# ---------------------------------------------------------------- harmful actions


def harmful_window(scenario: Scenario, trial: Trial) -> tuple[float, float]:
    return (trial.slot.at, scenario.duration)


def judge_harmful(
    scenario: Scenario, trial: Trial, runs: Runs, spread: dict[str, float]
) -> Outcome:
    alone, harmed = runs[trial.runs[0]], runs[trial.runs[1]]
    fixes = ", ".join(describe(ref) for _, ref in trial.fixes) or "no fix"
    expected = (
        f"worse than {fixes} alone at {_fmt(trial.fix_at)} on failed requests, SLO-breach "
        f"seconds, recovery, orders, collateral or messages lost, "
        f"from {_fmt(trial.slot.at)} to the end"
    )
    refused = harmed.refused or alone.refused
    if refused:
        return _outcome(trial, expected, f"refused: {refused[0]}", False, -1.0)
    window = harmful_window(scenario, trial)
    comparison = compare(scenario, MEASURES, alone, harmed, window, spread)
    slack = max(comparison.gains(+1))
    return _outcome(trial, expected, comparison.text(), slack > 0, slack)


def _outcome(trial: Trial, expected: str, measured: str, passed: bool, slack: float) -> Outcome:
    return Outcome(trial.claim.name, expected, measured, passed, trial.seed, trial.slot.at, slack)


JUDGES: dict[str, Callable[[Scenario, Trial, Runs, dict[str, float]], Outcome]] = {
    "fixed_by": judge_fix,
    "mitigated_by": judge_stop_gap,
    "harmful": judge_harmful,
}
