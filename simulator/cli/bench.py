"""`gameday bench`: time one simulated hour of each scenario, and one healthy service at 100 and
10,000 rps; next to each case, its error ratio and restarts (a different code path shows)."""

from __future__ import annotations

import argparse
import time

from simulator.bench import BenchResult, run_benchmarks
from simulator.cli.check import _positive
from simulator.scenario import discover_scenarios


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "bench",
        help="time one simulated hour of each scenario (engine only, no actions)",
        description="Time one simulated hour of each scenario, and of the first one's service "
        "without faults at 100 and 10,000 rps (same mechanics at both rates). ERRORS is the "
        "run's mean error ratio and RESTARTS its pod restarts: a crash-looping or failing run "
        "takes other code paths, so compare its time with care.",
    )
    parser.add_argument("paths", nargs="*", default=["scenarios"], help="files or directories")
    parser.add_argument(
        "--repeat", type=_positive, default=5, help="runs per case; the best counts"
    )
    parser.set_defaults(func=run)


def format_results(results: list[BenchResult]) -> str:
    lines = [f"{'CASE':<52}{'BEST ms':>9}{'MEDIAN ms':>11}{'ERRORS':>8}{'RESTARTS':>10}"]
    for r in results:
        lines.append(
            f"{r.case:<52}{r.best_ms:>9.1f}{r.median_ms:>11.1f}"
            f"{r.error_ratio:>8.1%}{r.restarts:>10d}"
        )
    return "\n".join(lines)


def run(args: argparse.Namespace) -> int:
    started = time.perf_counter()
    results: list[BenchResult] = run_benchmarks(discover_scenarios(args.paths), args.repeat)
    print(format_results(results))
    print(f"\n(ms per simulated hour; {time.perf_counter() - started:.1f}s in all)")
    return 0
