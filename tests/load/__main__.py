"""`python -m tests.load [--participants 60] [--team-size 6] [--at 20m] [--seconds 30]
[--workers 2] [--chromium]` (`make loadtest`): the refresh interval each participant sees, and the
server's CPU per participant-second, for N consoles on one `gameday serve` (with `--workers N`, N
server processes behind nginx, sticky by cookie; with `--chromium`, one more participant's console
in Debian's Chromium, whose clock shows what a person would see under that load)."""

from __future__ import annotations

import argparse
import sys

from simulator.durations import parse_duration
from tests.load.run import run


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.load", description=__doc__)
    parser.add_argument("--participants", type=int, default=60)
    parser.add_argument("--team-size", type=int, default=6, help="participants per session")
    parser.add_argument("--at", action="append", help="sim time to measure at (repeatable)")
    parser.add_argument("--warmup", type=float, default=15.0, help="seconds before measuring")
    parser.add_argument("--seconds", type=float, default=30.0, help="seconds measured")
    parser.add_argument(
        "--workers", type=int, default=1, help="server processes (more than one: behind nginx)"
    )
    parser.add_argument(
        "--chromium",
        action="store_true",
        help="open one more console in Chromium and report how often its clock moved on",
    )
    args = parser.parse_args(argv)
    if args.participants < 1 or args.team_size < 1 or args.workers < 1:
        parser.error("--participants, --team-size and --workers must be at least 1")
    try:
        times = [parse_duration(t) for t in (args.at or ["20m"])]
    except ValueError as exc:
        parser.error(f"--at: {exc}")
    for at in times:
        figures = run(
            args.participants,
            args.team_size,
            at,
            args.warmup,
            args.seconds,
            workers=args.workers,
            chromium=args.chromium,
        )
        print("\n".join(figures.lines()), flush=True)
        if figures.exceptions:
            print(f"  first exception: {figures.exceptions[0]}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
