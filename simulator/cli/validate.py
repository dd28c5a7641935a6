"""`gameday validate PATH...`: check scenario files and print every problem."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from simulator.cli import EXIT_INVALID, EXIT_OK, UsageError
from simulator.errors import ScenarioError
from simulator.scenario import discover_scenarios, load_scenario


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "validate",
        help="check scenario files",
        description="Check scenario files (or every *.yaml/*.yml in the directories given) and "
        "print every problem as file:line:col: error: path: problem.",
    )
    parser.add_argument("paths", nargs="+", metavar="PATH", help="scenario files or directories")
    parser.set_defaults(func=run)


def scenario_files(paths: list[str]) -> list[Path]:
    """The scenario files named by `paths`; a missing path or an empty directory is a usage
    error."""
    for raw in paths:
        path = Path(raw)
        if not path.exists():
            raise UsageError(f"no such file or directory: {raw}")
        if path.is_dir() and not discover_scenarios([path]):
            raise UsageError(f"no scenario files (*.yaml, *.yml) in directory: {raw}")
    return discover_scenarios(paths)


def run(args: argparse.Namespace) -> int:
    files = scenario_files(args.paths)
    invalid = 0
    for path in files:
        try:
            load_scenario(path)
        except ScenarioError as exc:
            invalid += 1
            for problem in exc.problems:
                print(problem.format())
    noun = "file" if len(files) == 1 else "files"
    print(f"{len(files)} {noun} checked, {invalid} invalid")
    return EXIT_INVALID if invalid else EXIT_OK
