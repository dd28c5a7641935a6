"""`gameday calibrate SCENARIO...`: play each scenario many times with scripted players drawn
at random and report how hard it is: the share of runs that recover, quantiles of impact and
failed requests, the cost of a minute of delay, and a grade."""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from simulator.calibration import Calibration, calibrate
from simulator.calibration.store import to_json
from simulator.cli.check import _positive, add_dask_option
from simulator.errors import GamedayError
from simulator.scenario import discover_scenarios, load_scenario
from simulator.selftest.runs import default_jobs

MAX_RUNS = 100_000


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "calibrate",
        help="measure scenarios' difficulty by playing them with scripted players",
        description="Play each scenario many times with scripted players drawn at random (fast "
        "or slow acknowledgement, the fix after N investigations, a stop-gap first, a harmful "
        "action now and then) and report the share that recovers, impact and failed requests, "
        "the cost of a minute of delay, and a difficulty grade. The result depends on --seed "
        "and --runs, never on --jobs.",
    )
    parser.add_argument("paths", nargs="+", help="scenario files or directories")
    parser.add_argument("--runs", type=_runs, default=200, help="runs per scenario (default 200)")
    parser.add_argument("--seed", type=int, default=1, help="seed of the players (default 1)")
    parser.add_argument(
        "--jobs",
        type=_positive,
        default=default_jobs(),
        help="worker processes (default: every core)",
    )
    add_dask_option(parser)
    parser.add_argument("--format", choices=("text", "json"), default="text")
    parser.add_argument(
        "--output",
        type=Path,
        default=None,
        help="write the result here (JSON: the file the catalogue reads, "
        "scenarios/calibration.json) instead of stdout",
    )
    parser.set_defaults(func=run)


def _runs(text: str) -> int:
    value = _positive(text)
    if value > MAX_RUNS:
        raise argparse.ArgumentTypeError(f"expected at most {MAX_RUNS}, got {value}")
    return value


def run(args: argparse.Namespace) -> int:
    files = discover_scenarios(args.paths)
    missing = [str(p) for p in files if not p.exists()]
    if missing:
        from simulator.cli import UsageError

        raise UsageError(f"no such file or directory: {missing[0]}")
    if not files:
        raise GamedayError(f"no scenario files in {', '.join(args.paths)}")
    scenarios = [load_scenario(path) for path in files]
    started = time.perf_counter()
    results = calibrate(scenarios, runs=args.runs, seed=args.seed, jobs=args.jobs, dask=args.dask)
    elapsed = time.perf_counter() - started
    text = to_json(results, args.runs, args.seed) if args.format == "json" else format_text(results)
    if args.output is not None:
        args.output.write_text(text, encoding="utf-8")
        print(f"wrote {args.output} ({len(results)} scenarios, {args.runs} runs each)")
    else:
        print(text, end="" if text.endswith("\n") else "\n")
    runs = len(results) * (args.runs + 1)
    where = f"Dask at {args.dask}" if args.dask else f"{args.jobs} job(s)"
    print(f"# {runs} runs on {where} in {elapsed:.1f} s", flush=True)
    return 0


def format_text(results: list[Calibration]) -> str:
    headers = (
        "SCENARIO",
        "AUTHOR",
        "MEASURED",
        "RECOVERED",
        "IMPACT MIN p10/p50/p90",
        "FAILED REQ p10/p50/p90",
        "MIN/MIN DELAY",
        "FAILED/MIN DELAY",
        "HARM +MIN",
    )
    rows = [_row(c) for c in results]
    widths = [max(len(r[i]) for r in [headers, *rows]) for i in range(len(headers))]
    return "\n".join(
        "  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip()
        for row in [headers, *rows]
    )


def _row(c: Calibration) -> tuple[str, ...]:
    harm = (
        "-" if c.harmful_extra_impact_minutes is None else f"{c.harmful_extra_impact_minutes:+.1f}"
    )
    return (
        c.scenario,
        c.authored,
        c.grade,
        f"{c.recovered_share:.0%}",
        "/".join(f"{v:.1f}" for v in c.impact_minutes),
        "/".join(_count(v) for v in c.failed_requests),
        f"{c.impact_minutes_per_minute_of_delay:.2f}",
        _count(c.failed_requests_per_minute_of_delay),
        harm,
    )


def _count(value: float) -> str:
    if abs(value) >= 1e6:
        return f"{value / 1e6:.1f}M"
    if abs(value) >= 1e3:
        return f"{value / 1e3:.0f}k"
    return f"{value:.0f}"
