"""`gameday sessions [--json]`: list the sessions in the store with their status."""

from __future__ import annotations

import argparse
import json

from simulator.cli import EXIT_OK
from simulator.durations import format_clock, format_duration

COLUMNS = ("ID", "SCENARIO", "STATE", "SIM TIME", "DURATION", "SPEED", "SOLO", "PARTICIPANTS")


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "sessions",
        help="list live sessions with their status",
        description="List the sessions in the store ($GAMEDAY_DATABASE_URL) with their status.",
    )
    parser.add_argument("--json", action="store_true", help="one JSON object per line")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from simulator.session import open_service

    summaries = open_service().sessions()
    if args.json:
        for summary in summaries:
            print(json.dumps(summary.to_dict()))
        return EXIT_OK
    if not summaries:
        print("no sessions (create one: gameday session create SCENARIO)")
        return EXIT_OK
    rows = [
        (
            s.session_id,
            s.scenario_id,
            s.state,
            format_clock(s.sim_time),
            format_duration(s.duration),
            f"{s.speed:g}x",
            "yes" if s.solo else "no",
            str(s.participants),
        )
        for s in summaries
    ]
    widths = [max(len(r[i]) for r in [COLUMNS, *rows]) for i in range(len(COLUMNS))]
    for row in [COLUMNS, *rows]:
        print("  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip())
    return EXIT_OK
