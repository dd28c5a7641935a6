"""The report's action items as the improvement plan (`simulator.plan`): the derived items seed
the plan the facilitator edits; once a plan is saved, it replaces them (`with_plan`)."""

from __future__ import annotations

from dataclasses import replace

from simulator.plan import PlanItem
from simulator.report.model import ActionItem, Report

PLAN_SOURCE = "improvement plan"
"""The `source` of an action item that comes from the saved plan."""


def seeded_plan(report: Report) -> tuple[PlanItem, ...]:
    """The plan to start editing from: the report's derived action items."""
    return tuple(
        PlanItem(a.issue, a.text, a.owner, a.priority, a.due, a.status) for a in report.action_items
    )


def with_plan(report: Report, plan: tuple[PlanItem, ...] | None) -> Report:
    """`report` with the saved plan as its action items; unchanged when none was saved."""
    if plan is None:
        return report
    items = tuple(
        ActionItem(
            text=p.action,
            owner=p.owner,
            source=PLAN_SOURCE,
            priority=p.priority,
            due=p.due,
            issue=p.issue,
            status=p.status,
        )
        for p in plan
    )
    return replace(report, action_items=items)
