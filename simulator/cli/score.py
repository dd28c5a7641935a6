"""`gameday score (JOURNAL | --session ID)`: score a run; print the score as JSON."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from simulator.cli import UsageError
from simulator.journal import Journal, read_journal
from simulator.scoring import score, score_to_dict


def add_journal_argument(parser: argparse.ArgumentParser) -> None:
    """JOURNAL (a file) or --session ID (a stored session, honouring GAMEDAY_DATABASE_URL)."""
    source = parser.add_mutually_exclusive_group()
    source.add_argument(
        "journal",
        nargs="?",
        help="journal file (JSON Lines, as `gameday simulate` or `gameday export` writes)",
    )
    source.add_argument(
        "--session", metavar="ID", help="a stored session instead of a file (up to now)"
    )


def journal_from_args(args: argparse.Namespace) -> Journal:
    """The journal a command works on: a file, or a stored session's journal up to now (as
    players see it: entries the facilitator hid have their words withheld)."""
    if args.session is not None:
        from simulator.session import open_service

        return open_service().debrief_journal(args.session)  # hidden entries withheld
    if args.journal is None:
        raise UsageError("give a journal file or --session ID")
    path = Path(args.journal)
    if not path.exists():
        raise UsageError(f"{path}: no such journal file")
    if path.is_dir():
        raise UsageError(f"{path}: is a directory, not a journal file")
    return read_journal(path)


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "score",
        help="score a run from its journal (JSON to stdout)",
        description="Score a run from its journal against the rubric; print the score as JSON.",
    )
    add_journal_argument(parser)
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    result = score(journal_from_args(args))
    json.dump(score_to_dict(result), sys.stdout, indent=2, ensure_ascii=False)
    sys.stdout.write("\n")
    return 0
