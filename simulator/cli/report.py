"""`gameday report (JOURNAL | --session ID) [--format md|json|html] [--out FILE]`: the
after-action report."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from simulator.cli.score import add_journal_argument, journal_from_args
from simulator.journal import Journal
from simulator.report import FORMATS, Format, build_report, render, write_report
from simulator.report.markdown import CHARTS_OMITTED


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
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    return emit(journal_from_args(args), args.format, args.out)


def emit(journal: Journal, fmt: Format, out: str | None) -> int:
    """Build the report of `journal` and write it to `out` (or stdout)."""
    from simulator.cli import UsageError

    if fmt == "pdf" and not out:
        raise UsageError("--format pdf writes a binary file: name it with --out FILE")
    report = build_report(journal)
    if out:
        write_report(report, fmt, Path(out))
        return 0
    sys.stdout.write(render(report, fmt))
    if fmt == "md":
        print(f"gameday report: note: {CHARTS_OMITTED}", file=sys.stderr)
    return 0
