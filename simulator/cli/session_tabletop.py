"""`gameday session mode|advance|msel|objective|rate|feedback ...`: tabletops (step mode,
objectives, evaluator ratings, participant feedback; docs/how-to/run-a-tabletop.md).

    gameday session create SCENARIO --mode step           (session.py)
    gameday session mode ID step|live --secret S
    gameday session advance ID --secret S
    gameday session msel ID
    gameday session objective ID TEXT [--evidence a,b] --secret S
    gameday session rate ID --participant P --objective O --rating P|S|M|U [--comment C]
    gameday session feedback ID --participant P --rating 1-5 [--comment C]

`msel` is facilitator content: it prints the master events list for whoever runs the store.
"""

from __future__ import annotations

import argparse
from dataclasses import asdict

from simulator.cli import EXIT_OK


def add_tabletop_commands(sub: argparse._SubParsersAction) -> None:
    from simulator.cli.session import _client_id_arg, _secret_arg, _session_arg

    mode = sub.add_parser("mode", help="switch between step mode and live mode (facilitator)")
    _session_arg(mode)
    mode.add_argument("mode", choices=("step", "live"))
    _secret_arg(mode)
    _client_id_arg(mode)
    mode.set_defaults(func=run_mode)

    advance = sub.add_parser("advance", help="step mode: on to the next moment (facilitator)")
    _session_arg(advance)
    _secret_arg(advance)
    _client_id_arg(advance)
    advance.set_defaults(func=run_advance)

    master = sub.add_parser("msel", help="the master scenario events list, checked off so far")
    _session_arg(master)
    master.set_defaults(func=run_msel)

    objective = sub.add_parser("objective", help="add an objective for this session (facilitator)")
    _session_arg(objective)
    objective.add_argument("text", metavar="TEXT")
    objective.add_argument(
        "--evidence", default="", help="scoring items or capabilities, comma-separated"
    )
    _secret_arg(objective)
    objective.set_defaults(func=run_objective)

    rate = sub.add_parser("rate", help="an evaluator rates an objective")
    _session_arg(rate)
    rate.add_argument("--participant", required=True, help="the evaluator's participant id")
    rate.add_argument("--objective", required=True, help="objective id")
    rate.add_argument("--rating", required=True, help="P, S, M or U (the four-point scale)")
    rate.add_argument("--comment", default="")
    rate.set_defaults(func=run_rate)

    feedback = sub.add_parser("feedback", help="a participant's rating of the exercise, 1-5")
    _session_arg(feedback)
    feedback.add_argument("--participant", required=True, help="your participant id")
    feedback.add_argument("--rating", required=True, type=int, help="1 (poor) to 5 (very good)")
    feedback.add_argument("--comment", default="")
    feedback.set_defaults(func=run_feedback)


def run_mode(args: argparse.Namespace) -> int:
    from simulator.cli.session import emit, secret_of, service

    step = args.mode == "step"
    emit(service().set_mode(args.session_id, secret_of(args), step, args.client_id).to_dict())
    return EXIT_OK


def run_advance(args: argparse.Namespace) -> int:
    from simulator.cli.session import emit, secret_of, service

    emit(service().advance(args.session_id, secret_of(args), args.client_id).to_dict())
    return EXIT_OK


def run_msel(args: argparse.Namespace) -> int:
    from simulator.cli.session import emit, service

    rows = service().master_events(args.session_id)
    emit([{**asdict(r), "when": r.when, "done": r.done} for r in rows])
    return EXIT_OK


def run_objective(args: argparse.Namespace) -> int:
    from simulator.cli.session import emit, secret_of, service

    evidence = [e.strip() for e in args.evidence.split(",") if e.strip()]
    emit(service().add_objective(args.session_id, secret_of(args), args.text, evidence).to_dict())
    return EXIT_OK


def run_rate(args: argparse.Namespace) -> int:
    from simulator.cli.session import emit, service

    svc = service()
    found = svc.rate(args.session_id, args.participant, args.objective, args.rating, args.comment)
    emit(found.to_dict())
    return EXIT_OK


def run_feedback(args: argparse.Namespace) -> int:
    from simulator.cli.session import emit, service

    svc = service()
    emit(svc.leave_feedback(args.session_id, args.participant, args.rating, args.comment).to_dict())
    return EXIT_OK
