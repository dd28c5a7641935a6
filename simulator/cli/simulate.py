"""`gameday simulate SCENARIO [--seed N] [--actions FILE] [--until DURATION] [--out FILE]`."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from simulator.durations import DURATION_HINT, parse_duration
from simulator.engine import run_script
from simulator.errors import GamedayError
from simulator.scenario import load_actions_file, load_scenario


def duration_arg(text: str) -> float:
    try:
        return parse_duration(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected {DURATION_HINT} (got {text!r})") from None


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "simulate",
        help="run a scenario headless and write its journal (JSON Lines)",
        description="Run a scenario headless and write its journal (JSON Lines).",
    )
    parser.add_argument("scenario", help="scenario YAML file")
    parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    parser.add_argument("--actions", help="YAML list of stamped actions to apply")
    parser.add_argument("--until", type=duration_arg, help="stop early, e.g. 20m")
    parser.add_argument("--out", help="write the journal here instead of stdout")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from simulator.cli import UsageError

    for path in (args.scenario, args.actions):
        if path is not None and not Path(path).exists():
            raise UsageError(f"no such file or directory: {path}")
    loaded = load_scenario(args.scenario)
    actions = load_actions_file(args.actions, loaded.scenario) if args.actions else []
    journal = run_script(loaded, args.seed, actions, args.until)
    if args.out:
        try:
            Path(args.out).write_text(journal.to_jsonl(), encoding="utf-8")
        except OSError as exc:
            raise GamedayError(f"{args.out}: cannot write journal: {exc.strerror}") from None
    else:
        sys.stdout.writelines(line + "\n" for line in journal.lines())
    return 0
