"""One evaluator process for every alert rule, Prometheus-style: inactive -> pending -> firing ->
resolved, honouring `for` and `keep_firing_for`, evaluated every `evaluation_interval`."""

from __future__ import annotations

from collections.abc import Generator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from simulator.engine.readings import Reading, compile_reading
from simulator.scenario.expr import Expr, parse_expr
from simulator.scenario.schema import AlertRule

if TYPE_CHECKING:
    from simulator.engine.core import Engine

INACTIVE, PENDING, FIRING = "inactive", "pending", "firing"


@dataclass
class RuleState:
    rule: AlertRule
    expr: Expr
    reading: Reading  # the condition, compiled over the engine's history
    state: str = INACTIVE
    since: float = 0.0
    last_true: float = 0.0

    @property
    def severity(self) -> str:
        return self.rule.labels.get("severity", "none")


class AlertEvaluator:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.rules = []
        for rule in engine.scenario.alerts:
            expr = parse_expr(rule.expr)
            self.rules.append(RuleState(rule, expr, compile_reading(expr, engine.history)))

    def firing(self) -> list[RuleState]:
        return [r for r in self.rules if r.state == FIRING]

    def pending(self) -> list[RuleState]:
        return [r for r in self.rules if r.state == PENDING]

    def is_firing(self, name: str) -> bool:
        return any(r.state == FIRING and r.rule.alert == name for r in self.rules)

    def process(self) -> Generator[Any, Any, None]:
        interval = self.engine.scenario.paging.evaluation_interval
        env = self.engine.env
        while True:
            yield env.timeout(interval)
            self.evaluate_all(env.now)
            self.engine.injects.check_conditions()

    def evaluate_all(self, now: float) -> None:
        for rs in self.rules:
            self._step(rs, rs.reading() > 0.0, now)

    def _step(self, rs: RuleState, holds: bool, now: float) -> None:
        rule = rs.rule
        if rs.state == INACTIVE and holds:
            rs.state, rs.since, rs.last_true = PENDING, now, now
            if rule.for_ > 0:
                self._emit("alert.pending", rs)
                return
        if rs.state == PENDING:
            if not holds:
                rs.state = INACTIVE
                self._emit("alert.inactive", rs)
            elif now - rs.since >= rule.for_:
                rs.state, rs.last_true = FIRING, now
                self._emit("alert.firing", rs)
                self.engine.pager.alert_fired(rs)
            return
        if rs.state == FIRING:
            if holds:
                rs.last_true = now
            elif now - self._first_false(rs) >= rule.keep_firing_for:
                rs.state = INACTIVE
                self._emit("alert.resolved", rs)
                self.engine.pager.alert_resolved(rs)

    def _first_false(self, rs: RuleState) -> float:
        """The first evaluation since the condition last held: `keep_firing_for` counts from
        there, as in Prometheus (not from the last evaluation where it held)."""
        return rs.last_true + self.engine.scenario.paging.evaluation_interval

    def _emit(self, kind: str, rs: RuleState) -> None:
        rule = rs.rule
        self.engine.record(
            kind,
            alert=rule.alert,
            severity=rs.severity,
            summary=rule.annotations.summary,
            runbook_url=rule.annotations.runbook_url,
            **({"runbook": rule.annotations.runbook} if rule.annotations.runbook else {}),
        )
