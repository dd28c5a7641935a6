"""Injects: stakeholder messages delivered at a time or when their condition first holds."""

from __future__ import annotations

from collections.abc import Generator
from typing import TYPE_CHECKING, Any

from simulator.engine.history import evaluate
from simulator.scenario.expr import parse_expr
from simulator.scenario.schema import Inject, InjectCondition

if TYPE_CHECKING:
    from simulator.engine.core import Engine


class InjectDesk:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.delivered: set[str] = set()
        self.waiting = [i for i in engine.scenario.injects if i.when is not None]
        self._exprs = {
            i.id: parse_expr(i.when.expr) for i in self.waiting if i.when and i.when.expr
        }

    def start(self) -> None:
        for inject in self.engine.scenario.injects:
            if inject.at is not None:
                self.engine.env.process(self._timed(inject, inject.at))

    def _timed(self, inject: Inject, at: float) -> Generator[Any, Any, None]:
        yield self.engine.env.timeout(at)
        self.deliver(inject)

    def check_conditions(self) -> None:
        """Called by the evaluator after each rule evaluation."""
        for inject in list(self.waiting):
            assert inject.when is not None
            if self._holds(inject.id, inject.when):
                self.waiting.remove(inject)
                self.deliver(inject)

    def _holds(self, inject_id: str, cond: InjectCondition) -> bool:
        engine = self.engine
        now = engine.env.now
        if now < cond.after:
            return False
        if cond.alert_firing and not engine.alerts.is_firing(cond.alert_firing):
            return False
        if cond.missing_action is not None:
            missing = cond.missing_action
            if now < missing.by or engine.action_taken(missing.action, before=missing.by):
                return False
        expr = self._exprs.get(inject_id)
        return expr is None or evaluate(expr, engine.history) > 0.0

    def deliver(self, inject: Inject) -> None:
        if inject.id in self.delivered:
            return
        self.delivered.add(inject.id)
        narrator = self.engine.narrator
        values = narrator.values()
        self.engine.record(
            "inject",
            id=inject.id,
            channel=inject.channel,
            sender=narrator.fill(inject.sender, values),
            subject=narrator.fill(inject.subject, values) if inject.subject else None,
            text=narrator.fill(inject.text, values),
            noise=inject.noise,
        )
