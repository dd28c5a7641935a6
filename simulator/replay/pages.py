"""The pager as it stood at a moment: each page's latest state, folded from `page.*` entries."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

OPEN = ("triggered", "acknowledged")


@dataclass(frozen=True)
class PageState:
    id: str
    alert: str
    status: str
    """`triggered`, `acknowledged` or `resolved` (as of the moment)."""
    triggered_at: float
    target: str
    """Who it is paging (the escalation policy's current step)."""
    since: float
    """When it reached `status`."""


_STATUS = {
    "page.triggered": "triggered",
    "page.escalated": "triggered",
    "page.acknowledged": "acknowledged",
    "page.resolved": "resolved",
}


def page_states(entries: Iterable[dict[str, Any]]) -> list[PageState]:
    """Every page that has been triggered, in the order they were, with its latest state."""
    found: dict[str, PageState] = {}
    for e in entries:
        status = _STATUS.get(str(e.get("kind")))
        if status is None:
            continue
        page = str(e["page"])
        before = found.get(page)
        t = float(e["t"])
        found[page] = PageState(
            id=page,
            alert=str(e.get("alert") or (before.alert if before else "")),
            status=status,
            triggered_at=before.triggered_at if before else t,
            target=str(e.get("target") or (before.target if before else "")),
            since=t,
        )
    return list(found.values())
