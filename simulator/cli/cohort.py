"""`gameday cohort ...`: several teams on one scenario, from the command line.

    gameday cohort create SCENARIO --team NAME --team NAME [...] [--seed N] [--speed X] [--name N]
    gameday cohort list
    gameday cohort status ID
    gameday cohort start|pause|resume|end ID --secret S
    gameday cohort speed ID X --secret S
    gameday cohort skip ID DURATION --secret S
    gameday cohort inject ID --channel C --sender S --text T [--to TEAM] --secret S
    gameday cohort debrief ID [--seeds N]

Every command prints JSON except `debrief`, which prints the comparison as text (`--json` for
JSON). The secret may come from `GAMEDAY_FACILITATOR_SECRET`. A control that some team's session
refused (its clock already ended, say) still runs for the others and exits 1.
"""

from __future__ import annotations

import argparse
import dataclasses
from typing import TYPE_CHECKING

from simulator.cli import EXIT_INVALID, EXIT_OK
from simulator.cli.session import (
    _secret_arg,
    emit,
    secret_of,
    service,
    speed_arg,
)
from simulator.durations import DURATION_HINT, parse_duration

if TYPE_CHECKING:
    from simulator.cohorts import CohortDebrief, CohortService, MemberResult

PLAIN = ("start", "pause", "resume", "end")


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "cohort",
        help="several teams on one scenario and seed: create, drive together, compare",
        description="Create a cohort (one session per team, same scenario and seed), drive "
        "every team's clock at once, and compare the teams against the seed noise.",
    )
    parser.set_defaults(func=lambda _args: _help(parser))
    sub = parser.add_subparsers(title="cohort commands", metavar="COMMAND")
    _add_create(sub)
    listing = sub.add_parser("list", help="list the cohorts")
    listing.set_defaults(func=run_list)
    status = sub.add_parser("status", help="each team's session: state, clock, join code")
    _cohort_arg(status)
    status.set_defaults(func=run_status)
    _add_controls(sub)
    _add_inject(sub)
    debrief = sub.add_parser("debrief", help="compare the teams item by item")
    _cohort_arg(debrief)
    debrief.add_argument(
        "--seeds", type=int, default=4, help="other seeds the noise is measured on (default 4)"
    )
    debrief.add_argument("--json", action="store_true", help="print JSON instead of text")
    debrief.set_defaults(func=run_debrief)


def _help(parser: argparse.ArgumentParser) -> int:
    parser.print_help()
    return EXIT_OK


def _cohort_arg(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("cohort_id", metavar="ID", help="the cohort id (see: gameday cohort list)")


def _add_create(sub: argparse._SubParsersAction) -> None:
    create = sub.add_parser("create", help="create a cohort: one session per team, in the lobby")
    create.add_argument("scenario", help="scenario YAML file")
    create.add_argument(
        "--team", action="append", default=[], required=True, help="a team's name (2-12 of them)"
    )
    create.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    create.add_argument("--speed", type=speed_arg, default=1.0, help="clock speed, 1x to 10x")
    create.add_argument("--name", default=None, help="the cohort's name (default: the scenario's)")
    create.set_defaults(func=run_create)


def _add_controls(sub: argparse._SubParsersAction) -> None:
    for verb in PLAIN:
        control = sub.add_parser(verb, help=f"{verb} every team's clock (facilitator)")
        _cohort_arg(control)
        _secret_arg(control)
        control.set_defaults(func=run_control, verb=verb, value=None)
    speed = sub.add_parser("speed", help="set every team's clock speed, 1x to 10x")
    _cohort_arg(speed)
    speed.add_argument("value", type=speed_arg, metavar="X", help="e.g. 2 or 2x")
    _secret_arg(speed)
    speed.set_defaults(func=run_control, verb="speed")
    skip = sub.add_parser("skip", help="skip every team's clock ahead")
    _cohort_arg(skip)
    skip.add_argument("value", type=_duration, metavar="DURATION", help=DURATION_HINT)
    _secret_arg(skip)
    skip.set_defaults(func=run_control, verb="skip")


def _add_inject(sub: argparse._SubParsersAction) -> None:
    inject = sub.add_parser("inject", help="an ad-hoc message to one team or all (facilitator)")
    _cohort_arg(inject)
    inject.add_argument("--channel", required=True, help="chat, email, phone, ticket, ...")
    inject.add_argument("--sender", required=True)
    inject.add_argument("--text", required=True)
    inject.add_argument("--subject", default=None)
    inject.add_argument("--to", default=None, help="a team's name or session id (default: all)")
    _secret_arg(inject)
    inject.set_defaults(func=run_inject)


def _duration(text: str) -> float:
    try:
        return parse_duration(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected {DURATION_HINT} (got {text!r})") from None


def cohorts() -> CohortService:
    from simulator.cohorts import CohortService

    return CohortService(service())


def run_create(args: argparse.Namespace) -> int:
    created = cohorts().create(
        args.scenario, args.team, seed=args.seed, speed=args.speed, name=args.name
    )
    emit(created.to_dict())
    return EXIT_OK


def run_list(_args: argparse.Namespace) -> int:
    emit(
        [
            {
                "cohort_id": c.id,
                "name": c.name,
                "scenario_id": c.scenario_id,
                "seed": c.seed,
                "teams": [m.team for m in c.members],
            }
            for c in cohorts().cohorts()
        ]
    )
    return EXIT_OK


def run_status(args: argparse.Namespace) -> int:
    emit(
        [
            {
                **dataclasses.asdict(s.member),
                "state": s.status.state,
                "sim_time": s.status.sim_time,
                "speed": s.status.speed,
                "firing": list(s.status.firing),
            }
            for s in cohorts().status(args.cohort_id)
        ]
    )
    return EXIT_OK


def _results(results: list[MemberResult]) -> int:
    emit([dataclasses.asdict(r) for r in results])
    return EXIT_OK if all(r.done for r in results) else EXIT_INVALID


def run_control(args: argparse.Namespace) -> int:
    return _results(cohorts().control(args.cohort_id, secret_of(args), args.verb, args.value))


def run_inject(args: argparse.Namespace) -> int:
    results = cohorts().inject(
        args.cohort_id,
        secret_of(args),
        args.channel,
        args.sender,
        args.text,
        to=args.to,
        subject=args.subject,
    )
    return _results(results)


def run_debrief(args: argparse.Namespace) -> int:
    debrief = cohorts().debrief(args.cohort_id, noise_seeds=_seeds(args.seeds))
    if args.json:
        emit(debrief_data(debrief))
    else:
        print(format_debrief(debrief))
    return EXIT_OK


def _seeds(value: int) -> int:
    from simulator.cli import UsageError

    if not 1 <= value <= 50:
        raise UsageError(f"--seeds: expected 1 to 50 (got {value})")
    return value


def debrief_data(debrief: CohortDebrief) -> dict[str, object]:
    return {
        "cohort_id": debrief.cohort.id,
        "teams": list(debrief.team_names),
        "states": [t.state for t in debrief.teams],
        "seeds": list(debrief.seeds),
        "items": debrief.rows(),
        "sentences": debrief.sentences(),
        "summary": debrief.summary(),
    }


def format_debrief(debrief: CohortDebrief) -> str:
    names = debrief.team_names
    width = max(len(i.title) for i in debrief.items)
    head = f"{'item':<{width}}  " + "  ".join(f"{n[:12]:>12}" for n in names) + "   noise  beyond"
    lines = [f"cohort {debrief.cohort.id} · {debrief.cohort.name}", head]
    for item in debrief.items:
        cells = "  ".join(f"{'-' if p is None else f'{p:.1f}':>12}" for p in item.points)
        beyond = "yes" if item.differences else "no"
        lines.append(f"{item.title:<{width}}  {cells}  {item.noise:6.1f}  {beyond}")
    if not debrief.all_ended:
        lines.append("note: not every team's session has ended; the figures are so far")
    lines.append(f"seed noise over seeds {', '.join(str(s) for s in debrief.seeds)}")
    lines.extend(debrief.summary())
    return "\n".join(lines)
