"""Participant actions: checked, recorded, and (for system actions) applied after their delay.

Refused actions are recorded with the reason, so the journal shows what was tried. Ground truth
about an action (it fixed a fault, bought time, or made things worse) is recorded when the action
lands, from the scenario's `fixed_by` / `mitigated_by` / `harmful` lists.
"""

from __future__ import annotations

from collections.abc import Generator
from typing import TYPE_CHECKING, Any

from simulator.actions import ACTION_NAMES, ACTIONS, param_problem_text
from simulator.engine.handlers import HANDLERS
from simulator.engine.investigation import investigate
from simulator.errors import format_got
from simulator.scenario.fault_models import ActionMatch
from simulator.scenario.names import names_of
from simulator.suggest import did_you_mean_text

if TYPE_CHECKING:
    from simulator.engine.core import Engine

Params = dict[str, Any]


def matches(match: ActionMatch, action: str, params: Params) -> bool:
    """Does an action taken match a fault's list entry (see `ActionMatch.matches`)?"""
    return match.matches(action, params)


class ActionDesk:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.allowed = {a.action: a for a in engine.scenario.actions}
        self.taken: list[tuple[float, str]] = []
        self._first_taken: dict[str, float] = {}  # action -> when it was first taken
        self.started: list[dict[str, Any]] = []
        self._count = 0

    def was_taken(self, action: str, before: float) -> bool:
        """Was `action` taken at or before `before`? (Inject conditions ask every evaluation;
        the first time is enough, so this does not scan every action taken.)"""
        first = self._first_taken.get(action)
        return first is not None and first <= before

    # ------------------------------------------------------------------ checking

    def refusal(self, role: str, action: str, params: Params) -> str | None:
        """Why an action cannot be taken, or None when it can."""
        if action not in ACTIONS:
            return f"unknown action {format_got(action)}" + did_you_mean_text(action, ACTION_NAMES)
        spec = ACTIONS[action]
        if role not in spec.roles:
            return f"role '{role}' may not take '{action}' (allowed: {', '.join(spec.roles)})"
        if spec.kind == "system" and action not in self.allowed:
            available = ", ".join(self.allowed) or "none"
            return f"'{action}' is not available in this scenario (available: {available})"
        return (
            param_problem_text(action, params)
            or self._reference_problem(action, params)
            or self._reply_problem(action, params)
        )

    def _reply_problem(self, action: str, params: Params) -> str | None:
        """A reply must answer a message the players have received."""
        if action != "reply":
            return None
        arrived = sorted(self.engine.injects.arrived)
        to = params["to"]
        if to in arrived:
            return None
        return f"no message {format_got(to)} has arrived" + did_you_mean_text(str(to), arrived)

    def _reference_problem(self, action: str, params: Params) -> str | None:
        """A parameter naming something the scenario does not define (a flag, a node...)."""
        for spec in ACTIONS[action].params:
            if not spec.refers or spec.name not in params:
                continue
            names = names_of(self.engine.scenario, spec.refers)
            value = params[spec.name]
            if value not in names:
                return f"unknown {spec.refers} {format_got(value)}" + did_you_mean_text(
                    str(value), names
                )
        return None

    # ------------------------------------------------------------------ submitting

    def submit(
        self, role: str, action: str, params: Params | None = None, client_id: str | None = None
    ) -> dict[str, Any]:
        """Check and record an action at the current time; returns its journal entry."""
        params = dict(params or {})
        self._count += 1
        action_id = f"A{self._count}"
        reason = self.refusal(role, action, params)
        base: dict[str, Any] = {"id": action_id, "role": role, "action": action, "params": params}
        if client_id is not None:
            base["client_id"] = client_id
        if reason is not None:
            return self.engine.record("action", **base, outcome="refused", reason=reason)
        entry = self.engine.record("action", **base, outcome="accepted")
        self.taken.append((self.engine.env.now, action))
        self._first_taken.setdefault(action, self.engine.env.now)
        if ACTIONS[action].kind == "coordination":
            self._coordinate(action_id, role, action, params)
        else:
            self.engine.env.process(self._system(action_id, action, params))
        return entry

    def _coordinate(self, action_id: str, role: str, action: str, params: Params) -> None:
        engine = self.engine
        if action == "acknowledge":
            engine.pager.acknowledge(role)
        elif action == "resolve":
            engine.pager.resolve_all(role)
        elif action == "reply":
            engine.injects.record_reply(str(params["to"]), str(params["text"]))
        elif action == "investigate":
            command = next(c for c in engine.scenario.commands if c.name == params["command"])
            engine.record(
                "investigation",
                action_id=action_id,
                role=role,
                command=command.name,
                command_kind=command.kind,
                output=investigate(engine, command),
            )

    # ------------------------------------------------------------------ system actions

    def delay_of(self, action: str) -> float:
        return self.engine.scenario.delay_of(action)

    def _system(self, action_id: str, action: str, params: Params) -> Generator[Any, Any, None]:
        engine = self.engine
        yield engine.env.timeout(self.delay_of(action))
        engine.record("action.started", action_id=action_id, action=action)
        self.started.append({"t": engine.env.now, "id": action_id, "action": action})
        detail = yield from HANDLERS[action](engine, params)
        engine.state.touch()
        engine.record("action.effect", action_id=action_id, action=action, detail=detail)
        self._classify(action_id, action, params)

    def latest_touching(self, resources: frozenset[str]) -> dict[str, Any] | None:
        """The most recently started system action that can reach any of these resources."""
        for started in reversed(self.started):
            if set(ACTIONS[started["action"]].resources) & resources:
                return started
        return None

    def _classify(self, action_id: str, action: str, params: Params) -> None:
        """Record the author's claim that this action is harmful for an active fault (ground
        truth for the facilitator and the harmful-action penalty). Claims never change the
        model: fixes and stop-gaps show in `fault.end` and `impact.end` when the model says so."""
        faults = self.engine.faults
        for fault in list(faults.active.values()):
            if fault.id in faults.ended:
                continue
            if any(matches(m, action, params) for m in fault.harmful):
                self.engine.record("action.harmful", fault=fault.id, by=action, action_id=action_id)
