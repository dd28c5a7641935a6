"""`gameday session ...`: create and drive a live session from the command line.

    gameday session create SCENARIO [--seed N] [--speed X] [--solo] [--team NAME]
                           [--mode live|step]
    gameday session start|pause|resume|end ID --secret S
    gameday session speed ID X --secret S
    gameday session skip ID DURATION --secret S
    gameday session extend ID --by DURATION --secret S
    gameday session join ID --code C --name N --role R [--secret S]
    gameday session act ID --role ROLE --action NAME [--params JSON] [--id CLIENT_ID]
    gameday session status ID
    gameday session fork ID --at T [--keep-names] --secret S
    gameday session inject ID --channel C --sender S --text T --secret S
    gameday session hint|note ID TEXT --secret S
    gameday session roster|shadowing|reassign|remove ...   (session_roster.py)
    gameday session action-items ID [--csv] [--set FILE --secret S]   (session_plan.py)
    gameday session mode|advance|msel|objective|rate|feedback ...   (session_tabletop.py)

Every command prints JSON on stdout. The store is `GAMEDAY_DATABASE_URL` (default: a SQLite file
under `.gameday/`). The facilitator secret may also come from `GAMEDAY_FACILITATOR_SECRET`, which
keeps it out of the process list. `act` exits 1 when the action is refused (the refusal is stored
and printed all the same).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from typing import TYPE_CHECKING, Any

from simulator.cli import EXIT_INVALID, EXIT_OK, EXIT_USAGE, UsageError
from simulator.cli.session_plan import add_plan_commands
from simulator.cli.session_roster import add_roster_commands
from simulator.cli.session_tabletop import add_tabletop_commands
from simulator.durations import DURATION_HINT, parse_duration
from simulator.roles import ROLES

if TYPE_CHECKING:
    from simulator.session import SessionService

SECRET_ENV = "GAMEDAY_FACILITATOR_SECRET"
CONTROLS = ("start", "pause", "resume", "end")


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "session",
        help="create and drive a live session (facilitator controls, joins, actions, status)",
        description="Create and drive a live session. Every command prints JSON.",
    )
    parser.set_defaults(func=lambda _args: _help(parser))
    sub = parser.add_subparsers(title="session commands", metavar="COMMAND")
    _add_create(sub)
    _add_clock_controls(sub)
    _add_player_commands(sub)
    _add_facilitator_content(sub)
    _add_fork(sub)
    add_roster_commands(sub)
    add_plan_commands(sub)
    add_tabletop_commands(sub)


def _add_create(sub: argparse._SubParsersAction) -> None:
    create = sub.add_parser("create", help="create a session in the lobby")
    create.add_argument("scenario", help="scenario YAML file")
    create.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    create.add_argument("--speed", type=speed_arg, default=1.0, help="clock speed, 1x to 10x")
    create.add_argument("--solo", action="store_true", help="one player holds every player role")
    create.add_argument(
        "--team", default=None, help="the team's name (its Trends page groups by it)"
    )
    create.add_argument(
        "--mode",
        choices=("live", "step"),
        default="live",
        help="live (the clock runs) or step (a tabletop: the clock waits at each moment)",
    )
    create.set_defaults(func=run_create)


def _add_clock_controls(sub: argparse._SubParsersAction) -> None:
    for verb in CONTROLS:
        control = sub.add_parser(verb, help=f"{verb} the session's clock (facilitator)")
        _session_arg(control)
        _secret_arg(control)
        _client_id_arg(control)
        control.set_defaults(func=run_control, verb=verb)

    speed = sub.add_parser("speed", help="set the clock speed, 1x to 10x (facilitator)")
    _session_arg(speed)
    speed.add_argument("speed", type=speed_arg, metavar="X", help="e.g. 2 or 2x")
    _secret_arg(speed)
    _client_id_arg(speed)
    speed.set_defaults(func=run_speed)

    skip = sub.add_parser("skip", help="skip the clock ahead (facilitator)")
    _session_arg(skip)
    skip.add_argument("duration", type=duration_arg, metavar="DURATION", help="e.g. 5m")
    _secret_arg(skip)
    _client_id_arg(skip)
    skip.set_defaults(func=run_skip)

    extend = sub.add_parser(
        "extend",
        help="move the scenario's end later while the session runs or is paused (facilitator)",
    )
    _session_arg(extend)
    extend.add_argument(
        "--by", type=duration_arg, required=True, metavar="DURATION", help="e.g. 10m (at most 60m)"
    )
    _secret_arg(extend)
    _client_id_arg(extend)
    extend.set_defaults(func=run_extend)


def _add_player_commands(sub: argparse._SubParsersAction) -> None:
    join = sub.add_parser("join", help="join a session with its code")
    _session_arg(join)
    join.add_argument("--code", required=True, help="the session's join code")
    join.add_argument("--name", required=True, help="your name")
    join.add_argument("--role", required=True, choices=ROLES, help="your role")
    join.add_argument("--secret", help="facilitator secret (only to join as facilitator)")
    join.set_defaults(func=run_join)

    act = sub.add_parser("act", help="take an action as a participant")
    _session_arg(act)
    act.add_argument("--role", required=True, choices=ROLES, help="the role acting")
    act.add_argument("--action", required=True, help="action name (see docs/reference/actions.md)")
    act.add_argument("--params", default=None, metavar="JSON", help='e.g. \'{"severity":"SEV1"}\'')
    _client_id_arg(act)
    act.add_argument(
        "--participant", metavar="PID", help="participant id (default: whoever holds the role)"
    )
    act.set_defaults(func=run_act)

    status = sub.add_parser("status", help="the session now: clock, firing alerts, open pages")
    _session_arg(status)
    status.set_defaults(func=run_status)


def _add_facilitator_content(sub: argparse._SubParsersAction) -> None:
    inject = sub.add_parser("inject", help="send an ad-hoc inject (facilitator)")
    _session_arg(inject)
    inject.add_argument("--channel", required=True, help="chat, email, phone, ticket, ...")
    inject.add_argument("--sender", required=True)
    inject.add_argument("--text", required=True)
    inject.add_argument("--subject")
    _secret_arg(inject)
    inject.set_defaults(func=run_inject)

    for kind, text in (("hint", "release a hint to the players"), ("note", "a private note")):
        content = sub.add_parser(kind, help=f"{text} (facilitator)")
        _session_arg(content)
        content.add_argument("text", metavar="TEXT")
        _secret_arg(content)
        content.set_defaults(func=run_content, kind=kind)


def _add_fork(sub: argparse._SubParsersAction) -> None:
    fork = sub.add_parser(
        "fork",
        help="start a new session from a moment of this one (facilitator)",
        description="A new session in the lobby at the moment T of session ID: the same "
        "scenario and seed, with the actions, injects and hints before T in place. It has its "
        "own join code and secret; its score counts only what happens after the fork.",
    )
    _session_arg(fork)
    fork.add_argument(
        "--at", required=True, type=duration_arg, metavar="T", help="the moment, e.g. 12m"
    )
    fork.add_argument(
        "--keep-names",
        action="store_true",
        help="keep who did what before the fork (default: roles only)",
    )
    _secret_arg(fork)
    fork.set_defaults(func=run_fork)


def _help(parser: argparse.ArgumentParser) -> int:
    parser.print_help(sys.stderr)
    return EXIT_USAGE


def _client_id_arg(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--id",
        dest="client_id",
        metavar="CLIENT_ID",
        help="idempotency key: a retry with the same key is stored once",
    )


def _session_arg(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("session_id", metavar="ID", help="session id")


def _secret_arg(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--secret", help=f"facilitator secret (default: ${SECRET_ENV})", default=None
    )


def speed_arg(text: str) -> float:
    try:
        value = float(text.strip().lower().removesuffix("x"))
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a speed like 2 or 2x (got {text!r})") from None
    if not 1.0 <= value <= 10.0:
        raise argparse.ArgumentTypeError(f"speed must be 1x to 10x (got {text!r})")
    return value


def duration_arg(text: str) -> float:
    try:
        return parse_duration(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected {DURATION_HINT} (got {text!r})") from None


def secret_of(args: argparse.Namespace) -> str:
    secret = args.secret or os.environ.get(SECRET_ENV, "")
    if not secret:
        raise UsageError(f"the facilitator secret is needed: --secret S (or ${SECRET_ENV})")
    return str(secret)


def params_of(text: str | None) -> dict[str, Any]:
    if text is None:
        return {}
    try:
        value = json.loads(text)
    except json.JSONDecodeError as exc:
        raise UsageError(
            f"--params: not JSON: {exc.msg} at column {exc.colno} (got {text!r})"
        ) from None
    if not isinstance(value, dict):
        raise UsageError(f"--params: expected a JSON object like '{{\"key\": 1}}' (got {text!r})")
    return value


def service() -> SessionService:
    from simulator.session import open_service  # SQLAlchemy loads only for session commands

    return open_service()


def emit(data: object) -> None:
    print(json.dumps(data, indent=2, ensure_ascii=False))


def run_create(args: argparse.Namespace) -> int:
    svc = service()
    created = svc.create(
        args.scenario,
        seed=args.seed,
        speed=args.speed,
        solo=args.solo,
        team=args.team,
        step=args.mode == "step",
    )
    emit({**created.to_dict(), "team": svc.team(created.session_id)})
    return EXIT_OK


def run_control(args: argparse.Namespace) -> int:
    svc = service()
    control = {"start": svc.start, "pause": svc.pause, "resume": svc.resume, "end": svc.end}
    emit(control[args.verb](args.session_id, secret_of(args), args.client_id).to_dict())
    return EXIT_OK


def run_speed(args: argparse.Namespace) -> int:
    emit(
        service().set_speed(args.session_id, secret_of(args), args.speed, args.client_id).to_dict()
    )
    return EXIT_OK


def run_skip(args: argparse.Namespace) -> int:
    emit(service().skip(args.session_id, secret_of(args), args.duration, args.client_id).to_dict())
    return EXIT_OK


def run_extend(args: argparse.Namespace) -> int:
    emit(service().extend(args.session_id, secret_of(args), args.by, args.client_id).to_dict())
    return EXIT_OK


def run_join(args: argparse.Namespace) -> int:
    svc = service()
    participant = svc.join(args.session_id, args.code, args.name, args.role, args.secret)
    emit(
        {
            "session_id": args.session_id,
            **participant.to_dict(),
            "roles": list(svc.held_roles(args.session_id, participant)),
        }
    )
    return EXIT_OK


def run_act(args: argparse.Namespace) -> int:
    from simulator.session import SessionError

    params = params_of(args.params)
    svc = service()
    participant_id = args.participant
    if participant_id is None:
        holders = [
            p
            for p, now in svc.roster(args.session_id)
            if args.role in svc.held_roles(args.session_id, p) and not now.shadow
        ]
        if not holders:
            raise SessionError(
                f"nobody holds role '{args.role}' in session {args.session_id}; join first: "
                f"gameday session join {args.session_id} --code C --name N --role {args.role}"
            )
        participant_id = holders[0].id
    event = svc.act(args.session_id, participant_id, args.action, params, args.client_id, args.role)
    emit(event.to_dict())
    return EXIT_OK if event.payload.get("outcome") == "accepted" else EXIT_INVALID


def run_status(args: argparse.Namespace) -> int:
    emit(service().status(args.session_id).to_dict())
    return EXIT_OK


def run_inject(args: argparse.Namespace) -> int:
    event = service().inject(
        args.session_id, secret_of(args), args.channel, args.sender, args.text, args.subject
    )
    emit(event.to_dict())
    return EXIT_OK


def run_content(args: argparse.Namespace) -> int:
    svc = service()
    send = svc.hint if args.kind == "hint" else svc.note
    emit(send(args.session_id, secret_of(args), args.text).to_dict())
    return EXIT_OK


def run_fork(args: argparse.Namespace) -> int:
    created = service().fork(args.session_id, secret_of(args), args.at, keep_names=args.keep_names)
    emit({**created.to_dict(), "forked_from": args.session_id, "at": args.at})
    return EXIT_OK
