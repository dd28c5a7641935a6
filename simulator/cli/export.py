"""`gameday export --session ID [--at DURATION]`: a session's journal as JSON Lines on stdout."""

from __future__ import annotations

import argparse
import sys

from simulator.cli import EXIT_OK
from simulator.cli.session import duration_arg


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "export",
        help="write a session's journal (JSON Lines) to stdout",
        description="Write a session's journal to stdout: up to now, or (with --at) as it stood "
        "at that sim time, replayed from the event log.",
    )
    parser.add_argument("--session", required=True, metavar="ID", help="session id")
    parser.add_argument("--at", type=duration_arg, metavar="DURATION", help="e.g. 20m")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from simulator.session import open_service

    svc = open_service()
    journal = (
        svc.with_exercise(args.session, svc.debrief_journal(args.session))
        if args.at is None
        else svc.journal_at(args.session, args.at)
    )
    sys.stdout.writelines(line + "\n" for line in journal.lines())
    return EXIT_OK
