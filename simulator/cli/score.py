"""`gameday score JOURNAL`: score a run from its journal and print the score as JSON."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from simulator.cli import UsageError
from simulator.journal import Journal, read_journal
from simulator.scoring import score, score_to_dict


def add_journal_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("journal", help="journal file (JSON Lines, as `gameday simulate` writes)")


def journal_from_args(args: argparse.Namespace) -> Journal:
    """The journal a command works on. Today a file; other sources (a stored session) plug in
    here, so commands never open files themselves."""
    path = Path(args.journal)
    if not path.exists():
        raise UsageError(f"{path}: no such journal file")
    if path.is_dir():
        raise UsageError(f"{path}: is a directory, not a journal file")
    return read_journal(path)


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
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
