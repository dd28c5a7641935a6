"""`gameday bench`: time one simulated hour of each scenario, and one at 100 and 10,000 rps."""

from __future__ import annotations

import argparse
import time

from simulator.bench import BenchResult, run_benchmarks
from simulator.scenario import discover_scenarios


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "bench",
        help="time one simulated hour of each scenario (engine only, no actions)",
    )
    parser.add_argument("paths", nargs="*", default=["scenarios"], help="files or directories")
    parser.add_argument("--repeat", type=int, default=5, help="runs per case; the best counts")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    started = time.perf_counter()
    results: list[BenchResult] = run_benchmarks(discover_scenarios(args.paths), args.repeat)
    print(f"{'CASE':<44}{'BEST ms':>9}{'MEDIAN ms':>11}  per simulated hour")
    for r in results:
        print(f"{r.case:<44}{r.best_ms:>9.1f}{r.median_ms:>11.1f}")
    print(f"\n({time.perf_counter() - started:.1f}s in all)")
    return 0
