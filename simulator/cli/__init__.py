"""The `gameday` command line.

Each command lives in its own module `simulator/cli/<name>.py` exposing `register(subparsers)`,
which adds a subparser and sets `func` (taking the parsed arguments, returning the exit code). To
add a command, write the module and add its name to COMMAND_MODULES.

Exit codes: 0 success, 1 the input is wrong (a GamedayError: printed, never a traceback), 2 usage
(argparse's own errors, and `UsageError` such as a missing path).
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Sequence

from simulator.errors import GamedayError

PROG = "gameday"
COMMAND_MODULES: tuple[str, ...] = (
    "validate",
    "scenarios",
    "library",
    "simulate",
    "check",
    "calibrate",
    "bench",
    "warmup",
    "score",
    "whatif",
    "report",
    "session",
    "sessions",
    "cohort",
    "trends",
    "export",
    "export-rules",
    "promtool-test",
    "grafana-dashboard",
    "serve",
)

EXIT_OK = 0
EXIT_INVALID = 1
EXIT_USAGE = 2


# Options whose values are credentials or free text, which may begin with a dash ("-9eG..." as a
# secret, "- rolled back" as a note). argparse would read such a value as an option, so it is glued
# to its option ("--secret=-9eG...") before parsing.
FREE_VALUE_OPTIONS = frozenset(
    {
        "--secret",
        "--code",
        "--name",
        "--text",
        "--sender",
        "--subject",
        "--params",
        "--id",
        "--participant",
    }
)


class UsageError(Exception):
    """The command line itself is wrong (a path that does not exist, say): exit 2."""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog=PROG, description="Game-day incident-response simulator.")
    subparsers = parser.add_subparsers(title="commands", metavar="COMMAND")
    for name in COMMAND_MODULES:
        module = importlib.import_module(f"{__name__}.{name.replace('-', '_')}")
        module.register(subparsers)
    return parser


def glue_free_values(argv: Sequence[str]) -> list[str]:
    """`--secret -abc` becomes `--secret=-abc`, so a value starting with a dash stays a value."""
    glued: list[str] = []
    index = 0
    while index < len(argv):
        token = argv[index]
        if token == "--":
            return glued + list(argv[index:])
        if token in FREE_VALUE_OPTIONS and index + 1 < len(argv):
            glued.append(f"{token}={argv[index + 1]}")
            index += 2
            continue
        glued.append(token)
        index += 1
    return glued


def main(argv: Sequence[str] | None = None) -> int:
    """Run `gameday` with `argv` (default: the process arguments); return the exit code."""
    parser = build_parser()
    raw = list(sys.argv[1:] if argv is None else argv)
    try:
        args = parser.parse_args(glue_free_values(raw))
    except SystemExit as exc:  # argparse has printed usage or help already
        return exc.code if isinstance(exc.code, int) else EXIT_USAGE
    func = getattr(args, "func", None)
    if func is None:
        parser.print_help(sys.stderr)
        return EXIT_USAGE
    try:
        return int(func(args))
    except UsageError as exc:
        print(f"{PROG}: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except GamedayError as exc:
        print(exc, file=sys.stderr)
        return EXIT_INVALID
    except KeyboardInterrupt:
        print(f"{PROG}: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:  # `gameday simulate ... | head`: the reader has gone, not an error
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_OK
