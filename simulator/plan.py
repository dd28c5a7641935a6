"""The improvement plan (issue 10's editable action items, issue 15's improvement plan): rows of
issue, corrective action, owner, priority, due date and status, checked the same way wherever
they come from (the debrief's editor, `gameday session action-items --set`, the store).

The report derives action items from the run (`simulator.report.analysis.action_items`); once the
facilitator saved a plan for a session, the saved rows are the action items of its debrief and of
`gameday report --session` in every format.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass
from typing import Any

PRIORITIES: tuple[str, ...] = ("high", "medium", "low")
STATUSES: tuple[str, ...] = ("open", "in progress", "done")
FIELDS: tuple[str, ...] = ("issue", "action", "owner", "priority", "due", "status")
MAX_ROWS = 100
MAX_TEXT = 500
MAX_OWNER = 100


class PlanError(ValueError):
    """A plan that cannot be saved; the message names the row and the field."""


@dataclass(frozen=True)
class PlanItem:
    """One row. `due` is an ISO date (YYYY-MM-DD) or empty (no date yet)."""

    issue: str
    action: str
    owner: str = ""
    priority: str = "medium"
    due: str = ""
    status: str = "open"

    def to_dict(self) -> dict[str, str]:
        return asdict(self)


def checked_plan(rows: Iterable[Mapping[str, Any]]) -> tuple[PlanItem, ...]:
    """Rows (dicts with FIELDS; missing ones take their defaults) as a plan, or PlanError naming
    the first problem. Text is trimmed and its runs of whitespace folded to one space."""
    items = []
    for number, row in enumerate(rows, 1):
        items.append(_checked_row(number, row))
        if number > MAX_ROWS:
            raise PlanError(f"at most {MAX_ROWS} action items (got more)")
    return tuple(items)


def _checked_row(number: int, row: Mapping[str, Any]) -> PlanItem:
    def text(name: str, limit: int) -> str:
        value = row.get(name)
        value = "" if value is None else " ".join(str(value).split())
        if len(value) > limit:
            raise PlanError(f"action item {number}: {name} is longer than {limit} characters")
        return value

    unknown = sorted(set(row) - set(FIELDS))
    if unknown:
        raise PlanError(f"action item {number}: unknown field {unknown[0]!r} (fields: {FIELDS})")
    action = text("action", MAX_TEXT)
    if not action:
        raise PlanError(f"action item {number}: the corrective action is empty")
    priority = text("priority", 20).lower() or "medium"
    if priority not in PRIORITIES:
        raise PlanError(
            f"action item {number}: priority must be one of {', '.join(PRIORITIES)} "
            f"(got {priority!r})"
        )
    status = text("status", 20).lower() or "open"
    if status not in STATUSES:
        raise PlanError(
            f"action item {number}: status must be one of {', '.join(STATUSES)} (got {status!r})"
        )
    return PlanItem(
        issue=text("issue", MAX_TEXT),
        action=action,
        owner=text("owner", MAX_OWNER),
        priority=priority,
        due=_due(number, row.get("due")),
        status=status,
    )


def _due(number: int, value: object) -> str:
    """An ISO date, or empty. A date object (the editor's date column) is taken as it is."""
    if value is None or value == "":
        return ""
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return value.isoformat()
    text = str(value).strip()
    try:
        return dt.date.fromisoformat(text).isoformat()
    except ValueError:
        raise PlanError(
            f"action item {number}: due date must look like 2026-12-31 (got {text!r})"
        ) from None
