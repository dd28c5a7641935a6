"""Participant actions: checked, recorded, and (for system actions) applied after their delay.

Refused actions are recorded with the reason, so the journal shows what was tried. Ground truth
about an action (it fixed a fault, bought time, or made things worse) is recorded when the action
lands, from the scenario's `fixed_by` / `mitigated_by` / `harmful` lists.
"""

from __future__ import annotations

import difflib
from collections.abc import Generator
from typing import TYPE_CHECKING, Any

from simulator.actions import ACTION_NAMES, ACTIONS, param_problems
from simulator.engine.investigate import investigate
from simulator.engine.retries import RETRY_BUDGET
from simulator.engine.state import RetryState
from simulator.errors import format_got
from simulator.scenario.fault_models import ActionMatch, RetryAmplification

if TYPE_CHECKING:
    from simulator.engine.core import Engine

Params = dict[str, Any]


def _did_you_mean(word: str, options: list[str] | tuple[str, ...]) -> str:
    close = difflib.get_close_matches(word, list(options), n=1)
    return f"; did you mean '{close[0]}'?" if close else ""


def matches(match: ActionMatch, action: str, params: Params) -> bool:
    """Does an action taken match a fault's list entry? Numbers in the entry are thresholds:
    `{action: scale, params: {replicas: 16}}` matches scaling to 16 replicas or more."""
    if match.action != action:
        return False
    for key, wanted in match.params.items():
        got = params.get(key)
        if isinstance(wanted, int | float) and not isinstance(wanted, bool):
            if not isinstance(got, int | float) or got < wanted:
                return False
        elif got != wanted:
            return False
    return True


class ActionDesk:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.allowed = {a.action: a for a in engine.scenario.actions}
        self.taken: list[tuple[float, str]] = []
        self._count = 0

    def was_taken(self, action: str, before: float) -> bool:
        return any(name == action and t <= before for t, name in self.taken)

    # ------------------------------------------------------------------ checking

    def refusal(self, role: str, action: str, params: Params) -> str | None:
        """Why an action cannot be taken, or None when it can."""
        if action not in ACTIONS:
            return f"unknown action {format_got(action)}" + _did_you_mean(action, ACTION_NAMES)
        spec = ACTIONS[action]
        if role not in spec.roles:
            return f"role '{role}' may not take '{action}' (allowed: {', '.join(spec.roles)})"
        if spec.kind == "system" and action not in self.allowed:
            available = ", ".join(self.allowed) or "none"
            return f"'{action}' is not available in this scenario (available: {available})"
        for name, problem, got in param_problems(action, params):
            shown = "" if got is None else f" (got {format_got(got)})"
            return f"parameter '{name}': {problem}{shown}"
        return self._reference_problem(action, params)

    def _reference_problem(self, action: str, params: Params) -> str | None:
        scenario = self.engine.scenario
        if action == "investigate":
            names = [c.name for c in scenario.commands]
            if params["command"] not in names:
                got = format_got(params["command"])
                return f"unknown command {got}" + _did_you_mean(params["command"], names)
        if action == "set_feature_flag":
            flags = list(scenario.service.feature_flags)
            if params["flag"] not in flags:
                return f"unknown flag {format_got(params['flag'])}" + _did_you_mean(
                    params["flag"], flags
                )
        if action == "set_rate_limit":
            clients = [c.name for c in scenario.service.rate_limits.clients]
            if params["client"] not in clients:
                return f"unknown client {format_got(params['client'])}" + _did_you_mean(
                    params["client"], clients
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
        setting = self.allowed.get(action)
        if setting is not None and setting.delay is not None:
            return setting.delay
        return ACTIONS[action].default_delay

    def _system(self, action_id: str, action: str, params: Params) -> Generator[Any, Any, None]:
        engine = self.engine
        yield engine.env.timeout(self.delay_of(action))
        engine.record("action.started", action_id=action_id, action=action)
        detail = yield from self._apply(action, params)
        engine.state.touch()
        engine.record("action.effect", action_id=action_id, action=action, detail=detail)
        self._classify(action_id, action, params)

    def _apply(self, action: str, params: Params) -> Generator[Any, Any, str]:
        engine, state = self.engine, self.engine.state
        if action == "rollback" and params["target"] == "deploy":
            return (yield from self._rollback_deploy())
        if action == "rollback":
            record = engine.settings.revert_latest_config()
            return f"reverted {record.key or record.change}" if record else "no config to revert"
        if action == "restart_pods":
            count = yield from engine.pods.restart_all()
            return f"restarted {count} pods"
        if action == "scale":
            engine.pods.scale(int(params["replicas"]))
            yield engine.env.timeout(state.scenario.service.pod_start_time)
            return f"scaled to {int(params['replicas'])} replicas"
        if action == "set_pool_size":
            state.pool_size = int(params["size"])
            return f"pool size set to {state.pool_size} per replica"
        if action == "terminate_idle_connections":
            count = round(sum(p.leaked for p in state.running_pods()))
            for pod in state.pods:
                pod.leaked = 0.0
            state.terminated_idle_total += count
            return f"terminated {count} idle-in-transaction backends"
        if action == "set_rate_limit":
            engine.settings.apply(f"rate_limit.{params['client']}", float(params["rps"]))
            return f"rate limit for {params['client']} set to {params['rps']} rps"
        if action == "set_feature_flag":
            self._set_flag(str(params["flag"]), bool(params["enabled"]))
            return f"flag {params['flag']} {'enabled' if params['enabled'] else 'disabled'}"
        if action == "enable_load_shedding":
            state.load_shedding = True
            return "load shedding enabled"
        if action == "set_memory_limit":
            state.memory_limit_mb = float(params["mb"])
            count = yield from engine.pods.restart_all()
            return f"memory limit {params['mb']} MB; restarted {count} pods"
        raise AssertionError(f"unhandled system action {action}")  # vocabulary is closed

    def _rollback_deploy(self) -> Generator[Any, Any, str]:
        state = self.engine.state
        deploys = [r for r in state.releases if r.kind == "deploy" and not r.rolled_back]
        if len(deploys) < 2:
            return "no earlier deploy to roll back to"
        latest, previous = deploys[-1], deploys[-2]
        latest.rolled_back = True
        self.engine.record("deploy.rollback", version=latest.version, to=previous.version)
        count = yield from self.engine.pods.roll_to(previous.version)
        return f"rolled back {latest.version} to {previous.version} ({count} pods replaced)"

    def _set_flag(self, flag: str, enabled: bool) -> None:
        state = self.engine.state
        state.flags[flag] = enabled
        state.touch()
        for fault in self.engine.faults.active.values():
            if not isinstance(fault, RetryAmplification) or fault.flag != flag:
                continue
            if fault.id in self.engine.faults.ended:
                continue
            if enabled:  # clients back off with jitter and keep to a retry budget
                base = state.base_retry
                state.retry = RetryState(
                    max(base.max_attempts, 2), max(base.backoff, 0.2), True, RETRY_BUDGET
                )
            else:
                state.retry = RetryState(fault.max_attempts, fault.backoff, fault.jitter)

    def _classify(self, action_id: str, action: str, params: Params) -> None:
        """Record the scenario's ground truth about this action for each active fault."""
        faults = self.engine.faults
        for fault in list(faults.active.values()):
            if fault.id in faults.ended:
                continue
            if any(matches(m, action, params) for m in fault.fixed_by):
                faults.end(fault.id, by=action, reason="fixed")
            elif any(matches(m, action, params) for m in fault.mitigated_by):
                self.engine.record(
                    "fault.mitigated", fault=fault.id, by=action, action_id=action_id
                )
            elif any(matches(m, action, params) for m in fault.harmful):
                self.engine.record("action.harmful", fault=fault.id, by=action, action_id=action_id)
