"""A scenario's own self-test: run its `expect` block against the engine.

Four kinds of run, each a plain engine run with a seed: no response; the ideal scripted response;
each harmful action alone; each stop-gap alone. Every expectation becomes one `Check` with what
was expected and what was measured, so `gameday check` can print a table and CI can fail on it.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from simulator.actions import ACTIONS
from simulator.durations import format_duration
from simulator.engine import run_script
from simulator.journal import Journal, first_time, mean_between
from simulator.scenario import LoadedScenario
from simulator.scenario.fault_models import ActionMatch
from simulator.scenario.schema import Scenario, ScriptedAction

HEALTHY_ERROR_RATIO = 0.01


@dataclass(frozen=True)
class Check:
    scenario: str
    name: str
    expected: str
    measured: str
    passed: bool


def _fmt(t: float | None) -> str:
    return "never" if t is None else format_duration(t)


def impact_end_time(journal: Journal) -> float | None:
    """When impact ended for good: the last `impact.end` with no later `impact.start`."""
    last_end: float | None = None
    for entry in journal.entries:
        if entry["kind"] == "impact.end":
            last_end = float(entry["t"])
        elif entry["kind"] == "impact.start":
            last_end = None
    return last_end


def impact_ongoing(journal: Journal) -> bool:
    ongoing = False
    for entry in journal.entries:
        if entry["kind"] == "impact.start":
            ongoing = True
        elif entry["kind"] == "impact.end":
            ongoing = False
    return ongoing


def first_time_after(journal: Journal, kind: str, after: float) -> float | None:
    return next(
        (float(e["t"]) for e in journal.entries if e["kind"] == kind and e["t"] > after), None
    )


def scripted(match: ActionMatch, at: float) -> ScriptedAction:
    """The action of a fault's list, taken at `at` by the first role allowed to take it."""
    role = ACTIONS[match.action].roles[0]
    return ScriptedAction.model_construct(
        at=at, role=role, action=match.action, params=dict(match.params)
    )


class SelfTest:
    def __init__(self, loaded: LoadedScenario, seed: int = 1) -> None:
        self.loaded = loaded
        self.scenario: Scenario = loaded.scenario
        self.seed = seed
        self._baseline: Journal | None = None

    @property
    def baseline(self) -> Journal:
        if self._baseline is None:
            self._baseline = run_script(self.loaded, self.seed)
        return self._baseline

    def check(self, name: str, expected: str, measured: str, passed: bool) -> Check:
        return Check(self.scenario.id, name, expected, measured, passed)

    def run(self) -> list[Check]:
        if self.scenario.expect is None:
            return [self.check("expect", "an expect block", "none", False)]
        return [
            *self._no_response(),
            *self._ideal(),
            *self._harmful(),
            *self._stop_gaps(),
        ]

    # ------------------------------------------------------------------ no response

    def _no_response(self) -> Iterator[Check]:
        journal, expect = self.baseline, self.scenario.expect
        assert expect is not None
        onset = min(f.at for f in self.scenario.faults)
        healthy = mean_between(journal, "error_ratio", 0.0, onset)
        yield self.check(
            "baseline healthy before the fault",
            f"error_ratio < {HEALTHY_ERROR_RATIO:.0%}",
            f"{healthy:.3%}",
            healthy < HEALTHY_ERROR_RATIO,
        )
        no = expect.no_response
        for window in no.alerts_fire:
            fired = first_time(journal, "alert.firing", alert=window.alert)
            low, high = window.between
            yield self.check(
                f"no response: {window.alert} fires",
                f"between {_fmt(low)} and {_fmt(high)}",
                _fmt(fired),
                fired is not None and low <= fired <= high,
            )
        for alert in no.alerts_quiet:
            fired = first_time(journal, "alert.firing", alert=alert)
            yield self.check(
                f"no response: {alert} stays quiet", "never fires", _fmt(fired), fired is None
            )
        if no.impact_starts_by is not None:
            started = first_time(journal, "impact.start")
            yield self.check(
                "no response: impact starts",
                f"by {_fmt(no.impact_starts_by)}",
                _fmt(started),
                started is not None and started <= no.impact_starts_by,
            )
        if no.impact_lasts_to_end:
            ongoing = impact_ongoing(journal)
            yield self.check(
                "no response: impact lasts to the end",
                "ongoing at the end",
                "ongoing" if ongoing else f"ended {_fmt(impact_end_time(journal))}",
                ongoing,
            )

    # ------------------------------------------------------------------ ideal response

    def _ideal(self) -> Iterator[Check]:
        expect = self.scenario.expect
        assert expect is not None
        ideal = expect.ideal_response
        journal = run_script(self.loaded, self.seed, ideal.actions)
        refused = [e for e in journal.of_kind("action") if e["outcome"] == "refused"]
        yield self.check(
            "ideal response: every action accepted",
            "0 refused",
            f"{len(refused)} refused" + (f" ({refused[0]['reason']})" if refused else ""),
            not refused,
        )
        ended = impact_end_time(journal)
        earliest = ideal.impact_ends_after or 0.0
        yield self.check(
            "ideal response: impact ends",
            f"after {_fmt(earliest)}, by {_fmt(ideal.impact_ends_by)}",
            _fmt(ended),
            ended is not None and earliest <= ended <= ideal.impact_ends_by,
        )

    # ------------------------------------------------------------------ harmful and stop-gaps

    def _harmful(self) -> Iterator[Check]:
        expect = self.scenario.expect
        assert expect is not None
        if expect.harmful is None:
            return
        at, within = expect.harmful.at, expect.harmful.worse_within
        base = mean_between(self.baseline, "error_ratio", at, at + within)
        for fault in self.scenario.faults:
            for match in fault.harmful:
                journal = run_script(self.loaded, self.seed, [scripted(match, at)])
                worse = mean_between(journal, "error_ratio", at, at + within)
                yield self.check(
                    f"harmful: {_describe(match)} at {_fmt(at)}",
                    f"error_ratio over {_fmt(within)} above {base:.3f}",
                    f"{worse:.3f}",
                    worse > base + 0.005,
                )

    def _stop_gaps(self) -> Iterator[Check]:
        expect = self.scenario.expect
        assert expect is not None
        if expect.stop_gaps is None:
            return
        gap = expect.stop_gaps
        window_end = gap.at + gap.improves_within
        window_start = max(gap.at, window_end - 60.0)
        base = mean_between(self.baseline, "error_ratio", window_start, window_end)
        for fault in self.scenario.faults:
            for match in fault.mitigated_by:
                journal = run_script(self.loaded, self.seed, [scripted(match, gap.at)])
                after = mean_between(journal, "error_ratio", window_start, window_end)
                yield self.check(
                    f"stop-gap: {_describe(match)} at {_fmt(gap.at)} improves",
                    f"error_ratio by {_fmt(window_end)} below {base:.3f}",
                    f"{after:.3f}",
                    after < base - 0.005,
                )
                if gap.relapses_after(match.action):
                    again = first_time_after(journal, "impact.start", window_end)
                    yield self.check(
                        f"stop-gap: {_describe(match)} only buys time",
                        f"impact starts again after {_fmt(window_end)}",
                        _fmt(again),
                        again is not None,
                    )


def _describe(match: ActionMatch) -> str:
    if not match.params:
        return match.action
    params = ", ".join(f"{k}={v}" for k, v in match.params.items())
    return f"{match.action}({params})"


def self_test(loaded: LoadedScenario, seed: int = 1) -> list[Check]:
    return SelfTest(loaded, seed).run()
