"""Injects: stakeholder messages delivered at a time or when their condition first holds, and the
replies the players sent to them (conditions may react to a reply: `replied`, `no_reply`)."""

from __future__ import annotations

import re
from collections.abc import Generator
from typing import TYPE_CHECKING, Any

from simulator.engine.readings import compile_reading
from simulator.scenario.expr import parse_expr
from simulator.scenario.schema import Inject, InjectCondition, NoReply

if TYPE_CHECKING:
    from simulator.engine.core import Engine


def mentions_any(text: str, words: list[str]) -> bool:
    """Whether `text` contains one of `words` as a whole word, any case (no words: True)."""
    return not words or any(
        re.search(rf"\b{re.escape(w.strip())}\b", text, re.IGNORECASE) for w in words
    )


class InjectDesk:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.delivered: set[str] = set()
        self.arrived: dict[str, float] = {}  # when each message the players got came, ad hoc too
        self.replies: list[tuple[float, str, str]] = []  # (t, message id, text)
        self.waiting = [i for i in engine.scenario.injects if i.when is not None]
        self._readings = {
            i.id: compile_reading(parse_expr(i.when.expr), engine.history)
            for i in self.waiting
            if i.when and i.when.expr
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
        if cond.replied is not None and not self.replied(cond.replied, cond.reply_mentions, now):
            return False
        if cond.no_reply is not None and not self._no_reply(cond.no_reply, now):
            return False
        reading = self._readings.get(inject_id)
        return reading is None or reading() > 0.0

    def replied(self, message: str, words: list[str], before: float) -> bool:
        """Whether a reply to `message` mentioning one of `words` was sent by `before`."""
        if not self.replies:
            return False
        return any(
            to == message and t <= before and mentions_any(text, words)
            for t, to, text in self.replies
        )

    def _no_reply(self, cond: NoReply, now: float) -> bool:
        came = self.arrived.get(cond.to)
        if came is None or now < came + cond.within:
            return False
        return not self.replied(cond.to, cond.mentions, came + cond.within)

    def record_reply(self, message: str, text: str) -> None:
        self.replies.append((self.engine.env.now, message, text))

    def deliver(self, inject: Inject) -> None:
        if inject.id in self.delivered:
            return
        self.delivered.add(inject.id)
        self.arrived.setdefault(inject.id, self.engine.env.now)
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
            **({"expects_reply": inject.expects_reply.within} if inject.expects_reply else {}),
        )
