"""`gameday trends --team NAME [--json]`: a team's sessions, scores and response times, grouped
per scenario (the text version of the Trends page)."""

from __future__ import annotations

import argparse
import dataclasses
from typing import TYPE_CHECKING

from simulator.cli import EXIT_OK
from simulator.cli.session import emit, service

if TYPE_CHECKING:
    from simulator.cohorts import TrendRow

TIME_HEADS = ("ack", "declare", "mitigate", "resolve")


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "trends",
        help="a team's sessions: scores and response times per scenario",
        description="List the sessions played under a team name (set with --team when they "
        "were created) with their total score and response times (acknowledge, declare, "
        "mitigate, resolve), grouped per scenario with each scenario's spread of scores.",
    )
    parser.add_argument("--team", required=True, help="the team's name (case-insensitive)")
    parser.add_argument("--json", action="store_true", help="print JSON instead of a table")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from simulator.cohorts import by_scenario, team_trends

    rows = team_trends(service(), args.team)
    if args.json:
        emit([dataclasses.asdict(r) for r in rows])
        return EXIT_OK
    if not rows:
        print(f"no sessions for team {args.team.strip()!r} (create them with --team)")
        return EXIT_OK
    for group in by_scenario(rows):
        print(group.describe())
        print(format_rows(group.rows))
        print()
    return EXIT_OK


def _time(value: float | None) -> str:
    if value is None:
        return "never"
    sign = "-" if value < 0 else ""
    whole = int(abs(round(value)))
    return f"{sign}{whole // 60}:{whole % 60:02d}"


def format_rows(rows: tuple[TrendRow, ...]) -> str:
    head = f"  {'session':<12} {'state':<8} {'total':>6}  " + " ".join(
        f"{h:>9}" for h in TIME_HEADS
    )
    lines = [head]
    for r in rows:
        times = " ".join(f"{_time(r.times[k]):>9}" for k in r.times)
        lines.append(f"  {r.session_id:<12} {r.state:<8} {r.total:6.1f}  {times}")
    return "\n".join(lines)
