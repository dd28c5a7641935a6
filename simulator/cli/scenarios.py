"""`gameday scenarios [DIR]`: list the scenario library."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from simulator.cli import EXIT_INVALID, EXIT_OK, UsageError
from simulator.durations import format_duration
from simulator.errors import ScenarioError
from simulator.scenario import discover_scenarios, load_scenario
from simulator.scenario.schema import Scenario

DEFAULT_DIR = "scenarios"
COLUMNS = ("ID", "TITLE", "SEVERITY", "DURATION", "DIFFICULTY")


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "scenarios",
        help="list the scenarios in a directory",
        description="List the scenarios in DIR (default: scenarios/).",
    )
    parser.add_argument("directory", nargs="?", default=DEFAULT_DIR, metavar="DIR")
    parser.set_defaults(func=run)


def row(scenario: Scenario) -> tuple[str, ...]:
    return (
        scenario.id,
        scenario.title,
        scenario.severity,
        format_duration(scenario.duration),
        scenario.difficulty,
    )


def table(rows: list[tuple[str, ...]]) -> list[str]:
    """Left-aligned columns, two spaces apart, with a header."""
    widths = [max(len(r[i]) for r in [COLUMNS, *rows]) for i in range(len(COLUMNS))]
    return [
        "  ".join(cell.ljust(width) for cell, width in zip(r, widths, strict=True)).rstrip()
        for r in [COLUMNS, *rows]
    ]


def run(args: argparse.Namespace) -> int:
    directory = Path(args.directory)
    if not directory.is_dir():
        raise UsageError(f"no such directory: {args.directory}")
    rows: list[tuple[str, ...]] = []
    invalid: list[Path] = []
    for path in discover_scenarios([directory]):
        try:
            rows.append(row(load_scenario(path).scenario))
        except ScenarioError:
            invalid.append(path)
    if not rows and not invalid:
        print(f"no scenario files (*.yaml, *.yml) in {args.directory}")
        return EXIT_OK
    if rows:
        print("\n".join(table(rows)))
    for path in invalid:
        print(f"invalid: {path} (see: gameday validate {path})")
    return EXIT_INVALID if invalid else EXIT_OK
