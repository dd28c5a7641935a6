"""`gameday session action-items ID [--csv] [--set FILE --secret S]`: the session's action items
(the improvement plan). Without `--set`: the facilitator's saved plan, or the items derived from
the run when none was saved, as JSON (`{"saved": bool, "items": [...]}`) or, with `--csv`, as CSV
with the columns issue, action, owner, priority, due, status. With `--set FILE`: replace the
saved plan with the rows of FILE (a JSON list of objects with those fields, or a CSV file with
that header); allowed once the exercise has ended. A bad row is refused with its number and
nothing is stored.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import sys
from pathlib import Path
from typing import Any

from simulator.cli import EXIT_OK, UsageError

COLUMNS = ("issue", "action", "owner", "priority", "due", "status")


def add_plan_commands(sub: argparse._SubParsersAction) -> None:
    from simulator.cli.session import _secret_arg, _session_arg

    plan = sub.add_parser(
        "action-items",
        help="list, export or set the action items (improvement plan) of a session",
    )
    _session_arg(plan)
    plan.add_argument("--csv", action="store_true", help="print CSV instead of JSON")
    plan.add_argument(
        "--set",
        metavar="FILE",
        help="replace the saved plan with FILE's rows (JSON list or CSV; facilitator)",
    )
    _secret_arg(plan)
    plan.set_defaults(func=run_plan)


def run_plan(args: argparse.Namespace) -> int:
    from simulator.cli.session import secret_of, service
    from simulator.report import build_report, seeded_plan

    svc = service()
    if args.set is not None:
        rows = _rows_of(Path(args.set))
        items = svc.save_action_items(args.session_id, secret_of(args), rows)
        saved = True
    else:
        stored = svc.action_items(args.session_id)
        saved = stored is not None
        items = (
            stored
            if stored is not None
            else seeded_plan(build_report(svc.debrief_journal(args.session_id)))
        )
    dicts = [i.to_dict() for i in items]
    if args.csv:
        out = io.StringIO()
        writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(dicts)
        sys.stdout.write(out.getvalue())
    else:
        print(json.dumps({"saved": saved, "items": dicts}, ensure_ascii=False, indent=2))
    return EXIT_OK


def _rows_of(path: Path) -> list[dict[str, Any]]:
    """FILE's rows: a JSON list of objects, or CSV with a header line."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise UsageError(f"{path}: cannot read it: {exc}") from None
    if path.suffix.lower() == ".csv":
        return [dict(row) for row in csv.DictReader(io.StringIO(text))]
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise UsageError(f"{path}: not JSON ({exc}); give a .csv file for CSV") from None
    if not isinstance(data, list) or not all(isinstance(row, dict) for row in data):
        raise UsageError(f"{path}: expected a JSON list of objects with fields {COLUMNS}")
    return data
