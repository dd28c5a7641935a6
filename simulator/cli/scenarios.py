"""`gameday scenarios [DIR]`: list the scenario library; `--store`: the stored library (what the
studio and `gameday library import` save), per workspace."""

from __future__ import annotations

import argparse
from collections.abc import Sequence
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
        description="List the scenarios in DIR (default: scenarios/), or with --store the "
        "scenarios stored in the session store (GAMEDAY_DATABASE_URL).",
    )
    parser.add_argument("directory", nargs="?", default=DEFAULT_DIR, metavar="DIR")
    parser.add_argument(
        "--store", action="store_true", help="list the stored library instead of DIR"
    )
    parser.add_argument("--workspace", help="with --store: only this workspace")
    parser.set_defaults(func=run)


def row(scenario: Scenario) -> tuple[str, ...]:
    return (
        scenario.id,
        scenario.title,
        scenario.severity,
        format_duration(scenario.duration),
        scenario.difficulty,
    )


def table(rows: Sequence[Sequence[str]], columns: tuple[str, ...] = COLUMNS) -> list[str]:
    """Left-aligned columns, two spaces apart, with a header."""
    widths = [max(len(r[i]) for r in [columns, *rows]) for i in range(len(columns))]
    return [
        "  ".join(cell.ljust(width) for cell, width in zip(r, widths, strict=True)).rstrip()
        for r in [columns, *rows]
    ]


STORE_COLUMNS = ("WORKSPACE", "ID", "VERSION", "TITLE")


def run_store(workspace: str | None) -> int:
    from simulator.cli.library import open_library

    lib, _svc = open_library()
    stored = lib.latest(workspace)
    if not stored:
        print("no stored scenarios (save one in the studio, or: gameday library import FILE)")
        return EXIT_OK
    rows = [(s.workspace, s.id, str(s.version), s.title) for s in stored]
    print("\n".join(table(rows, STORE_COLUMNS)))
    return EXIT_OK


def run(args: argparse.Namespace) -> int:
    if args.store:
        return run_store(args.workspace)
    if args.workspace is not None:
        raise UsageError("--workspace needs --store")
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
