"""`gameday report (JOURNAL | --session ID) [--format md|json|html|pdf] [--out FILE]
[--no-whatif] [--jobs N]`: the after-action report, with its "What if" section (the cost of
delay, from the what-if cache when the debrief or `gameday whatif` already ran it)."""

from __future__ import annotations

import argparse
import sys
from dataclasses import replace
from pathlib import Path

from simulator.cli.check import _positive
from simulator.cli.score import add_journal_argument, journal_from_args
from simulator.errors import GamedayError
from simulator.journal import Journal
from simulator.report import (
    FORMATS,
    Format,
    PlanItem,
    build_report,
    render,
    with_plan,
    write_report,
)
from simulator.report.markdown import CHARTS_OMITTED
from simulator.selftest.runs import default_jobs
from simulator.whatif import cached_what_if, report_data


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "report",
        help="write the after-action report of a run (Markdown, JSON, HTML or PDF)",
        description=(
            "Write the after-action report of a run from its journal file or stored session. "
            "Markdown written to a "
            "file gets its charts as SVG files in FILE-charts/ beside it; on stdout the charts "
            "are left out. HTML is one self-contained file with inline charts. PDF (A4, with the "
            "charts) needs --out FILE."
        ),
    )
    add_journal_argument(parser)
    parser.add_argument(
        "--format", choices=FORMATS, default="md", help="output format (default md)"
    )
    parser.add_argument("--out", help="write the report here instead of stdout")
    parser.add_argument(
        "--no-whatif",
        action="store_true",
        help="leave out the What if section (its engine runs take seconds when not cached)",
    )
    parser.add_argument(
        "--jobs",
        type=_positive,
        default=default_jobs(),
        help="worker processes for the what-if runs (default: every core)",
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    jobs = None if args.no_whatif else args.jobs
    journal = journal_from_args(args)
    plan, rated = None, None
    if args.session is not None:  # saved action items; a tabletop's ratings (header only)
        from simulator.session import open_service

        svc = open_service()
        plan = svc.action_items(args.session)
        rated = svc.with_exercise(args.session, journal)
    return emit(journal, args.format, args.out, jobs, plan, rated)


def emit(
    journal: Journal,
    fmt: Format,
    out: str | None,
    whatif_jobs: int | None = None,
    plan: tuple[PlanItem, ...] | None = None,
    rated: Journal | None = None,
) -> int:
    """Build the report of `journal` and write it to `out` (or stdout); with `whatif_jobs`, its
    What if section (cached, else run on that many processes); with `plan`, the facilitator's
    saved action items in place of the derived ones. `rated`: the same journal with the
    tabletop's `exercise` header block, reported from; the what-if is keyed by `journal`."""
    from simulator.cli import UsageError

    if fmt == "pdf" and not out:
        raise UsageError("--format pdf writes a binary file: name it with --out FILE")
    # First: its checks of the journal give the clearer message.
    report = with_plan(build_report(rated or journal), plan)
    if whatif_jobs is not None:
        try:
            report = replace(report, what_if=report_data(cached_what_if(journal, whatif_jobs)))
        except GamedayError as exc:  # the report stands without it; its section says so
            print(f"gameday report: note: the What if section is left out: {exc}", file=sys.stderr)
    if out:
        write_report(report, fmt, Path(out))
        return 0
    sys.stdout.write(render(report, fmt))
    if fmt == "md":
        print(f"gameday report: note: {CHARTS_OMITTED}", file=sys.stderr)
    return 0
