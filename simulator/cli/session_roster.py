"""`gameday session roster|shadowing|reassign|remove ...`: who holds which role, and the
facilitator's changes to it (session/roster.py). The IC hands over command with
`gameday session act ID --role ic --action transfer_command --params '{"to": "NAME"}'`.

    gameday session roster ID
    gameday session shadowing ID [--role ROLE] [--off] --secret S
    gameday session reassign ID PARTICIPANT ROLE --secret S
    gameday session remove ID PARTICIPANT --secret S

PARTICIPANT is a participant id or a name only one participant has.
"""

from __future__ import annotations

import argparse

from simulator.cli import EXIT_OK
from simulator.roles import PLAYER_ROLES, ROLES


def add_roster_commands(sub: argparse._SubParsersAction) -> None:
    from simulator.cli.session import _secret_arg, _session_arg

    roster = sub.add_parser("roster", help="who holds which role now (shadows, removed)")
    _session_arg(roster)
    roster.set_defaults(func=run_roster)

    shadowing = sub.add_parser(
        "shadowing", help="allow a second person in a role as a shadow (facilitator)"
    )
    _session_arg(shadowing)
    shadowing.add_argument(
        "--role", default="*", choices=(*PLAYER_ROLES, "*"), help="one role, or * (default): all"
    )
    shadowing.add_argument("--off", action="store_true", help="stop allowing new shadows")
    _secret_arg(shadowing)
    shadowing.set_defaults(func=run_shadowing)

    reassign = sub.add_parser("reassign", help="move a participant to another role (facilitator)")
    _session_arg(reassign)
    reassign.add_argument("participant", metavar="PARTICIPANT", help="participant id or name")
    reassign.add_argument("role", choices=ROLES, metavar="ROLE", help=", ".join(ROLES))
    _secret_arg(reassign)
    reassign.set_defaults(func=run_reassign)

    remove = sub.add_parser("remove", help="remove a participant (facilitator)")
    _session_arg(remove)
    remove.add_argument("participant", metavar="PARTICIPANT", help="participant id or name")
    _secret_arg(remove)
    remove.set_defaults(func=run_remove)


def run_roster(args: argparse.Namespace) -> int:
    from simulator.cli.session import emit, service

    rows = [
        {
            **person.to_dict(),
            "role": now.role,
            "joined_as": person.role,
            "shadow": now.shadow,
            "removed": now.removed,
        }
        for person, now in service().roster(args.session_id)
    ]
    emit(rows)
    return EXIT_OK


def run_shadowing(args: argparse.Namespace) -> int:
    from simulator.cli.session import emit, secret_of, service

    emit(
        service()
        .allow_shadowing(args.session_id, secret_of(args), args.role, allow=not args.off)
        .to_dict()
    )
    return EXIT_OK


def run_reassign(args: argparse.Namespace) -> int:
    from simulator.cli.session import emit, secret_of, service

    event = service().reassign(args.session_id, secret_of(args), args.participant, args.role)
    emit(event.to_dict())
    return EXIT_OK


def run_remove(args: argparse.Namespace) -> int:
    from simulator.cli.session import emit, secret_of, service

    emit(service().remove(args.session_id, secret_of(args), args.participant).to_dict())
    return EXIT_OK
