"""`gameday check [SCENARIO...]`: run each scenario's `expect` self-test, print a table."""

from __future__ import annotations

import argparse

from simulator.errors import GamedayError
from simulator.scenario import discover_scenarios, load_scenario
from simulator.selftest import Check, self_test


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = subparsers.add_parser(
        "check",
        help="run scenarios' expect self-tests and print a pass/fail table",
        description="Run each scenario's expect self-test: no response, the ideal response, "
        "each harmful action and each stop-gap.",
    )
    parser.add_argument("paths", nargs="*", default=["scenarios"], help="files or directories")
    parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    parser.set_defaults(func=run)


def format_table(checks: list[Check]) -> str:
    headers = ("RESULT", "SCENARIO", "CHECK", "EXPECTED", "MEASURED")
    rows = [
        ("PASS" if c.passed else "FAIL", c.scenario, c.name, c.expected, c.measured) for c in checks
    ]
    widths = [max(len(r[i]) for r in [headers, *rows]) for i in range(len(headers))]
    lines = [
        "  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip()
        for row in [headers, *rows]
    ]
    return "\n".join(lines)


def run(args: argparse.Namespace) -> int:
    files = discover_scenarios(args.paths)
    missing = [str(p) for p in files if not p.exists()]
    if missing:
        from simulator.cli import UsageError

        raise UsageError(f"no such file or directory: {missing[0]}")
    if not files:
        raise GamedayError(f"no scenario files in {', '.join(args.paths)}")
    checks: list[Check] = []
    for path in files:
        checks += self_test(load_scenario(path), args.seed)
    print(format_table(checks))
    failed = sum(not c.passed for c in checks)
    print(f"\n{len(checks)} checks, {len(checks) - failed} passed, {failed} failed")
    return 1 if failed else 0
