"""`gameday check [SCENARIO...]`: run each scenario's self-test (its `expect` block and every
claim its faults make), print one row per check and every failure with its seed and time."""

from __future__ import annotations

import argparse

from simulator.batches import dask_address
from simulator.errors import GamedayError
from simulator.scenario import discover_scenarios, load_scenario
from simulator.selftest import Check, derived_seeds, self_test
from simulator.selftest.runs import default_jobs

MAX_SEEDS = 1000


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "check",
        help="run scenarios' self-tests (expect block and fault claims), print a pass/fail table",
        description="Run each scenario's self-test: no response, the ideal response, and every "
        "fixed_by, mitigated_by and harmful claim of its faults at several times and seeds. "
        "Exit 1 when any check fails.",
    )
    parser.add_argument("paths", nargs="*", default=["scenarios"], help="files or directories")
    parser.add_argument(
        "--seed",
        type=int,
        default=1,
        help="first seed: seeds N, N+1 and N+2 are tried (default 1)",
    )
    parser.add_argument(
        "--seeds",
        type=parse_seeds,
        default=None,
        metavar="A-B",
        help="try exactly these seeds instead: a range (1-30) or a list (1,4,9)",
    )
    parser.add_argument(
        "--jobs",
        type=_positive,
        default=default_jobs(),
        help="worker processes for the runs (default: every core)",
    )
    add_dask_option(parser)
    parser.add_argument(
        "--only",
        metavar="TEXT",
        default=None,
        help="only the checks whose name contains TEXT (e.g. 'restart_pods' or 'fix:')",
    )
    parser.set_defaults(func=run)


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected 1 or more, got {value}")
    return value


def add_dask_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--dask",
        type=_dask,
        default=None,
        metavar="tcp://HOST:PORT",
        help="run the batch on the Dask distributed cluster with this scheduler instead of "
        "local processes (needs the dask extra); the figures are the same",
    )


def _dask(text: str) -> str:
    try:
        return dask_address(text)
    except GamedayError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def parse_seeds(text: str) -> list[int]:
    """`1-30` or `1,4,9` (or a mix: `1-3,7`) as a sorted list of distinct seeds."""
    seeds: set[int] = set()
    try:
        for part in text.split(","):
            low, _, high = part.strip().partition("-")
            first = int(low)
            last = int(high) if high else first
            if last < first:
                raise argparse.ArgumentTypeError(f"empty range {part.strip()!r}")
            seeds.update(range(first, last + 1))
            if len(seeds) > MAX_SEEDS:
                raise argparse.ArgumentTypeError(f"more than {MAX_SEEDS} seeds")
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"expected seeds like 1-30 or 1,4,9, got {text!r}"
        ) from None
    return sorted(seeds)


def format_table(checks: list[Check]) -> str:
    headers = ("RESULT", "SCENARIO", "CHECK", "EXPECTED", "MEASURED")
    rows = [(_result(c), c.scenario, c.name, c.expected, c.measured) for c in checks]
    widths = [max(len(r[i]) for r in [headers, *rows]) for i in range(len(headers))]
    lines = [
        "  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip()
        for row in [headers, *rows]
    ]
    return "\n".join(lines)


def _result(check: Check) -> str:
    """PASS, or FAIL with how many of the runs failed (`FAIL 2/9`)."""
    if check.passed:
        return "PASS"
    return f"FAIL {len(check.failures)}/{check.tried}" if check.tried > 1 else "FAIL"


def format_failures(checks: list[Check]) -> str:
    lines = [line for check in checks for line in check.failures]
    return "\n".join(["Failures:", *(f"- {line}" for line in lines)]) if lines else ""


def run(args: argparse.Namespace) -> int:
    files = discover_scenarios(args.paths)
    missing = [str(p) for p in files if not p.exists()]
    if missing:
        from simulator.cli import UsageError

        raise UsageError(f"no such file or directory: {missing[0]}")
    if not files:
        raise GamedayError(f"no scenario files in {', '.join(args.paths)}")
    seeds = args.seeds if args.seeds is not None else derived_seeds(args.seed)
    checks: list[Check] = []
    for path in files:
        loaded = load_scenario(path)
        checks += self_test(loaded, seeds=seeds, jobs=args.jobs, only=args.only, dask=args.dask)
    print(format_table(checks))
    failures = format_failures(checks)
    if failures:
        print("\n" + failures)
    failed = sum(not c.passed for c in checks)
    print(f"\n{len(checks)} checks, {len(checks) - failed} passed, {failed} failed ", end="")
    print(f"({'seed' if len(seeds) == 1 else 'seeds'} {_seed_text(seeds)})")
    return 1 if failed else 0


def _seed_text(seeds: list[int]) -> str:
    if seeds == list(range(seeds[0], seeds[-1] + 1)) and len(seeds) > 2:
        return f"{seeds[0]}-{seeds[-1]}"
    return ", ".join(map(str, seeds))
