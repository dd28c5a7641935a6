"""`gameday whatif (JOURNAL | --session ID) [--jobs N] [--json] [--no-cache]`: the cost of
delay of a run (kept in the what-if cache, `simulator.whatif.cache`)."""

from __future__ import annotations

import argparse
import json
import sys

from simulator.cli.check import _positive
from simulator.cli.score import add_journal_argument, journal_from_args
from simulator.durations import format_duration
from simulator.selftest.runs import default_jobs
from simulator.whatif import Cost, WhatIf, cached_what_if, what_if


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "whatif",
        help="what moving or dropping each key action would have changed (cost of delay)",
        description=(
            "Re-run a played exercise from its seed with each key action moved to when its "
            "evidence first existed, moved 5 minutes later, or removed, and say what customers "
            "would have seen; with the best possible response and no response for scale."
        ),
    )
    add_journal_argument(parser)
    parser.add_argument(
        "--jobs",
        type=_positive,
        default=default_jobs(),
        help="worker processes for the runs (default: every core)",
    )
    parser.add_argument("--json", action="store_true", help="print JSON instead of sentences")
    parser.add_argument(
        "--no-cache",
        action="store_true",
        help="run every counterfactual again, ignoring (and not filling) the what-if cache",
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    journal = journal_from_args(args)
    if args.no_cache:
        result = what_if(journal, jobs=args.jobs)
    else:
        result = cached_what_if(journal, jobs=args.jobs)
    if args.json:
        json.dump(result.to_dict(), sys.stdout, indent=2)
        sys.stdout.write("\n")
    else:
        sys.stdout.write(format_text(result))
    return 0


def format_text(result: WhatIf) -> str:
    lines = [
        _row("Your response", result.played),
        _row("No response", result.no_response),
    ]
    if result.best is not None:
        lines.append(_row("Best possible", result.best))
    if result.standing is not None:
        lines.append(f"You closed {result.standing:.0%} of the gap from no response to the best.")
    lines.append("")
    lines.extend(f"- {f.sentence}" for f in result.findings)
    if not result.findings:
        lines.append("- No key action to move: nothing was acknowledged, declared or fixed.")
    lines.append(f"({result.runs} runs, each from the exercise's seed)")
    return "\n".join(lines) + "\n"


def _row(label: str, cost: Cost) -> str:
    return (
        f"{label:<14} {cost.failed_requests:>12,.0f} failed requests  "
        f"{cost.orders:>9,.0f} orders  {format_duration(cost.impact_seconds):>8} of impact  "
        f"{cost.budget_share:>5.0%} of the 30-day error budget"
    )
