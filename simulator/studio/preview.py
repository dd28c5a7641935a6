"""The studio's preview: the no-response and the ideal-response runs of a scenario, reduced to
what the charts show (the metrics the alerts use, alert firing times, injects, fault onsets), and
its self-test as `gameday check` runs it.

`preview` runs the expect block at one seed (two engine runs, about a second each for a shipped
scenario), so it answers while the author waits; `claim_rows` with `claims=True` adds every
`fixed_by` / `mitigated_by` / `harmful` claim, which takes a few times longer.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from simulator.calibration import Calibration, calibrate
from simulator.engine import run_script
from simulator.report.charts import referenced_metrics
from simulator.scenario import LoadedScenario
from simulator.selftest import Check, self_test
from simulator.ui.series import ChartMarker, Series, series

BASE = ("error_ratio",)
RUNS = ("no response", "ideal response")


@dataclass(frozen=True)
class RunView:
    """One preview run: its metric series and markers."""

    name: str
    series: tuple[Series, ...]
    markers: tuple[ChartMarker, ...]
    until: float


@dataclass(frozen=True)
class Preview:
    seed: int
    runs: tuple[RunView, ...]
    checks: tuple[Check, ...]

    @property
    def failed(self) -> int:
        return sum(1 for c in self.checks if not c.passed)


def alert_metrics(loaded: LoadedScenario) -> list[str]:
    """The error ratio, then every metric an alert rule reads, in rule order."""
    chosen = list(BASE)
    for rule in loaded.scenario.alerts:
        chosen += [m for m in referenced_metrics(rule.expr) if m not in chosen]
    return chosen


def preview(loaded: LoadedScenario, seed: int) -> Preview:
    """Both runs at `seed` and the expect block's checks at that seed."""
    expect = loaded.scenario.expect
    ideal = list(expect.ideal_response.actions) if expect is not None else []
    metrics = alert_metrics(loaded)
    runs = (
        _run_view(RUNS[0], run_script(loaded, seed).entries, metrics),
        _run_view(RUNS[1], run_script(loaded, seed, ideal).entries, metrics),
    )
    return Preview(seed, runs, tuple(claim_rows(loaded, seed, claims=False)))


def claim_rows(loaded: LoadedScenario, seed: int, claims: bool) -> list[Check]:
    """The self-test at `seed` alone: the expect block, and with `claims` every fault's claim."""
    return self_test(loaded, seeds=[seed], claims=claims)


def _run_view(name: str, entries: list[dict[str, Any]], metrics: list[str]) -> RunView:
    data = tuple(series(entries, metrics))
    until = data[0].times[-1] if data and data[0].times else 0.0
    return RunView(name, data, tuple(_markers(entries)), until)


def _markers(entries: list[dict[str, Any]]) -> list[ChartMarker]:
    """Alert firing times, injects and fault onsets (ground truth: the studio is the author's)."""
    found: list[ChartMarker] = []
    for e in entries:
        kind = e.get("kind")
        if kind == "alert.firing":
            found.append(ChartMarker(float(e["t"]), "alert", f"{e['alert']} firing"))
        elif kind == "inject":
            found.append(ChartMarker(float(e["t"]), "inject", f"inject {e['id']}"))
        elif kind == "fault.start":
            found.append(ChartMarker(float(e["t"]), "fault", f"fault {e['fault']} starts"))
    return found


STUDIO_RUNS = 40  # enough for a grade in about half a minute on one core; the CLI runs 200


def measure(loaded: LoadedScenario, seed: int, runs: int = STUDIO_RUNS) -> Calibration:
    """The scenario's difficulty as `gameday calibrate` measures it, on one core (the page's
    own process), with fewer runs than the command's default."""
    return calibrate([loaded], runs=runs, seed=seed, jobs=1)[0]
