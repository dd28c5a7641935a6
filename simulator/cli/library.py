"""`gameday library import|export|versions|start`: the stored scenario library from the shell.

The library lives in the session store (`GAMEDAY_DATABASE_URL`, else `.gameday/gameday.db`), per
workspace (`--workspace`, default `default`); `gameday scenarios --store` lists it. `export`
writes exactly the text that was saved, byte for byte.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from simulator.cli import EXIT_OK, UsageError
from simulator.errors import GamedayError

DEFAULT_WORKSPACE = "default"


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "library",
        help="import, export and start the scenarios stored in the session store",
        description="The stored scenario library (what the studio saves), per workspace.",
    )
    parser.set_defaults(func=lambda _args: _help(parser))
    sub = parser.add_subparsers(title="library commands", metavar="COMMAND")

    imp = sub.add_parser("import", help="validate a scenario file and save it as a new version")
    imp.add_argument("file", help="scenario YAML file")
    _workspace_arg(imp)
    imp.set_defaults(func=run_import)

    exp = sub.add_parser("export", help="a stored version, exactly as it was saved")
    _entry_args(exp)
    exp.add_argument("--out", help="write to this file (default: stdout)")
    exp.set_defaults(func=run_export)

    versions = sub.add_parser("versions", help="the versions of a stored scenario")
    versions.add_argument("id", help="the scenario's id")
    _workspace_arg(versions)
    versions.set_defaults(func=run_versions)

    start = sub.add_parser("start", help="create a session from a stored version (JSON out)")
    _entry_args(start)
    start.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    start.set_defaults(func=run_start)


def _help(parser: argparse.ArgumentParser) -> int:
    parser.print_help(sys.stderr)
    return 2


def _workspace_arg(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--workspace", default=DEFAULT_WORKSPACE, help="team or workspace (default: default)"
    )


def _entry_args(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("id", help="the scenario's id")
    parser.add_argument("--version", type=int, help="a version number (default: the latest)")
    _workspace_arg(parser)


def open_library() -> Any:
    """The library over the configured store (SQLAlchemy loads only for these commands)."""
    from simulator.library import ScenarioLibrary
    from simulator.session import open_service

    svc = open_service()
    return ScenarioLibrary(svc.store, svc.clock), svc


def run_import(args: argparse.Namespace) -> int:
    from simulator.scenario import load_scenario

    if not Path(args.file).is_file():
        raise UsageError(f"no such file: {args.file}")
    loaded = load_scenario(args.file)
    lib, _svc = open_library()
    saved = lib.save(args.workspace, loaded.text, None, args.file)
    print(f"saved {saved.id} version {saved.version} in workspace {saved.workspace}")
    return EXIT_OK


def run_export(args: argparse.Namespace) -> int:
    lib, _svc = open_library()
    stored = lib.get(args.workspace, args.id, args.version)
    data = stored.text.encode("utf-8")
    if args.out is None:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
        return EXIT_OK
    try:
        Path(args.out).write_bytes(data)
    except OSError as exc:
        raise GamedayError(f"{args.out}: cannot write the scenario: {exc.strerror}") from None
    return EXIT_OK


def run_versions(args: argparse.Namespace) -> int:
    lib, _svc = open_library()
    versions = lib.versions(args.workspace, args.id)
    if not versions:
        lib.get(args.workspace, args.id)  # raises the "no such entry" message
    for v in versions:
        print(f"{v.version}  {v.sha256[:12]}  {v.title}")
    return EXIT_OK


def run_start(args: argparse.Namespace) -> int:
    lib, svc = open_library()
    created, stored = lib.start_session(svc, args.workspace, args.id, args.version, seed=args.seed)
    pinned = {"workspace": stored.workspace, "id": stored.id, "version": stored.version}
    print(json.dumps({**created.to_dict(), "library": pinned}, indent=2, ensure_ascii=False))
    return EXIT_OK
