"""Paging with the PagerDuty lifecycle: triggered -> acknowledged -> resolved; an unacknowledged
page escalates to the next level of the escalation policy after the acknowledge timeout."""

from __future__ import annotations

from collections.abc import Generator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from simulator.engine.alerts import RuleState
    from simulator.engine.core import Engine

TRIGGERED, ACKNOWLEDGED, RESOLVED = "triggered", "acknowledged", "resolved"


@dataclass
class Page:
    id: str
    alert: str
    summary: str
    triggered_at: float
    level: int = 0
    status: str = TRIGGERED


@dataclass(frozen=True)
class OpenPage:
    """A page as the session layer sees it: unresolved, at its escalation `level`."""

    id: str
    alert: str
    status: str
    triggered_at: float
    level: int


class Pager:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.paging = engine.scenario.paging
        self.pages: list[Page] = []

    def open_pages(self) -> list[Page]:
        return [p for p in self.pages if p.status != RESOLVED]

    def alert_fired(self, rs: RuleState) -> None:
        if rs.severity not in self.paging.page_severities:
            return
        if any(p.alert == rs.rule.alert for p in self.open_pages()):
            return
        page = Page(
            id=f"P{len(self.pages) + 1}",
            alert=rs.rule.alert,
            summary=rs.rule.annotations.summary,
            triggered_at=self.engine.env.now,
        )
        self.pages.append(page)
        self._record("page.triggered", page)
        self.engine.env.process(self._escalate(page))

    def _escalate(self, page: Page) -> Generator[Any, Any, None]:
        env = self.engine.env
        while True:
            yield env.timeout(self.paging.ack_timeout)
            if page.status != TRIGGERED:
                return
            page.level += 1
            self._record("page.escalated", page)

    def alert_resolved(self, rs: RuleState) -> None:
        for page in self.open_pages():
            if page.alert == rs.rule.alert:
                page.status = RESOLVED
                self._record("page.resolved", page, by="alert resolved")

    def acknowledge(self, role: str) -> int:
        """Acknowledge every triggered page; returns how many."""
        count = 0
        for page in self.pages:
            if page.status == TRIGGERED:
                page.status = ACKNOWLEDGED
                self._record("page.acknowledged", page, by=role)
                count += 1
        return count

    def resolve_all(self, role: str) -> int:
        count = 0
        for page in self.open_pages():
            page.status = RESOLVED
            self._record("page.resolved", page, by=role)
            count += 1
        return count

    def _record(self, kind: str, page: Page, **extra: Any) -> None:
        policy = self.paging.escalation
        target = policy[min(page.level, len(policy) - 1)]
        self.engine.record(
            kind, page=page.id, alert=page.alert, summary=page.summary, target=target, **extra
        )
