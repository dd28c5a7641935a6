"""`gameday sessions [--json]`: list the sessions in the store with their status.

`gameday sessions prune --older-than 30d [--archive FILE.jsonl] [--yes]`: sessions idle for longer
than the cut-off (no event since) are listed; with `--yes` they are archived (when `--archive`
names a file: JSON Lines, appended, flushed to disk first) and then deleted. Without `--yes`
nothing changes (a dry run): deleting is not undone, so it takes a second, deliberate command.
"""

from __future__ import annotations

import argparse
import json
import time
from datetime import UTC, datetime
from pathlib import Path

from simulator.cli import EXIT_OK, UsageError
from simulator.durations import format_clock, format_duration, parse_duration

COLUMNS = ("ID", "SCENARIO", "STATE", "SIM TIME", "DURATION", "SPEED", "SOLO", "PARTICIPANTS")


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "sessions",
        help="list live sessions with their status",
        description="List the sessions in the store ($GAMEDAY_DATABASE_URL) with their status.",
    )
    parser.add_argument("--json", action="store_true", help="one JSON object per line")
    parser.set_defaults(func=run)
    sub = parser.add_subparsers(dest="sessions_command", metavar="COMMAND")
    prune = sub.add_parser(
        "prune",
        help="delete sessions idle for longer than --older-than (a dry run without --yes)",
        description="List the sessions with no event for longer than --older-than; with --yes, "
        "archive them to --archive (JSON Lines, appended) and then delete them.",
    )
    prune.add_argument(
        "--older-than", required=True, type=age_arg, metavar="DURATION", help="e.g. 30d, 12h"
    )
    prune.add_argument("--archive", type=Path, metavar="FILE.jsonl", help="archive them first")
    prune.add_argument("--yes", action="store_true", help="really delete (default: a dry run)")
    prune.set_defaults(func=run_prune)


def age_arg(text: str) -> float:
    try:
        seconds = parse_duration(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"{exc} (got {text!r})") from None
    if seconds <= 0:
        raise argparse.ArgumentTypeError(f"expected a duration above zero (got {text!r})")
    return seconds


def run_prune(args: argparse.Namespace) -> int:
    from simulator.session import Store
    from simulator.session.prune import archive, delete_sessions, idle_sessions

    if args.archive is not None and args.archive.is_dir():
        raise UsageError(f"--archive {args.archive}: is a directory, not a file")
    store = Store()
    try:
        idle = idle_sessions(store, time.time() - args.older_than)
        age = format_duration(args.older_than)
        if not idle:
            print(f"no session idle for more than {age}")
            return EXIT_OK
        for found in idle:
            when = datetime.fromtimestamp(found.last_activity, UTC).strftime("%Y-%m-%d %H:%M")
            print(
                f"{found.session_id}  {found.scenario_id}  last activity {when} UTC  "
                f"{found.events} events"
            )
        ids = [found.session_id for found in idle]
        if not args.yes:
            print(
                f"dry run: {len(ids)} sessions idle for more than {age} would be "
                "deleted; add --yes to delete them"
            )
            return EXIT_OK
        if args.archive is not None:
            archive(store, ids, args.archive)
            print(f"archived {len(ids)} sessions to {args.archive}")
        delete_sessions(store, ids)
        print(f"deleted {len(ids)} sessions")
        return EXIT_OK
    finally:
        store.close()


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
