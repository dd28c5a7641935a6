"""Semantic checks over a validated scenario: what the types alone cannot say.

Cross-references (alerts naming metrics, faults naming actions, flags, clients and dependencies,
injects naming alerts), uniqueness, times within `duration`, text placeholders, and the few numeric
relations between fields. Every problem points at the line and column the author wrote (through the
loader's `Locations`), with a "did you mean" where a close name exists. The reporting and the
checks many sections share are `checker.py`; the `expect` metrics and claims are
`checks_expect.py`.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from simulator.actions import ACTIONS
from simulator.commands import KIND_INFO, missing_part
from simulator.durations import format_duration
from simulator.errors import Problem
from simulator.objectives import CAPABILITIES, EVIDENCE_NAMES
from simulator.scenario.checker import Checker
from simulator.scenario.checks_expect import check_expect_metrics_and_claims
from simulator.scenario.fault_models import ActionMatch
from simulator.scenario.locations import Locations, Path
from simulator.scenario.names import names_of, where_defined
from simulator.scenario.schema import (
    Command,
    InjectCondition,
    Scenario,
    ScriptedAction,
)
from simulator.suggest import did_you_mean

if TYPE_CHECKING:
    from simulator.faults import FaultParams

REACH_THROUGH_CAPACITY = frozenset({"capacity"})


# ---------------------------------------------------------------- the checks, by section


def _check_top(c: Checker) -> None:
    s = c.scenario
    if s.duration <= 0:
        c.at_value(("duration",), "expected more than 0", format_duration(s.duration))
    if s.tick <= 0:
        c.at_value(("tick",), "expected more than 0", format_duration(s.tick))
    if s.briefing and s.briefing.players[0] > s.briefing.players[1]:
        fewest, most = s.briefing.players
        c.at_value(
            ("briefing", "players"),
            "expected [fewest, most] with fewest <= most",
            f"[{fewest}, {most}]",
        )


def _check_service(c: Checker) -> None:
    service = c.scenario.service
    memory = service.memory
    if memory.baseline_mb >= memory.limit_mb:
        message = f"expected less than limit_mb ({memory.limit_mb:g})"
        c.at_value(("service", "memory", "baseline_mb"), message, _number(memory.baseline_mb))
    clients = service.rate_limits.clients
    clients_path: Path = ("service", "rate_limits", "clients")
    total = sum(client.share for client in clients)
    if total > 1 + 1e-9:
        c.at_value(clients_path, "client shares add up to more than 1", _number(round(total, 6)))
    c.unique(
        (((*clients_path, i, "name"), client.name) for i, client in enumerate(clients)),
        "client name",
    )
    c.unique(
        (
            (("service", "dependencies", i, "name"), dep.name)
            for i, dep in enumerate(service.dependencies)
        ),
        "dependency name",
    )


def _check_faults(c: Checker) -> None:
    faults = c.scenario.faults
    c.unique(((("faults", i, "id"), fault.id) for i, fault in enumerate(faults)), "fault id")
    for index, fault in enumerate(faults):
        path: Path = ("faults", index)
        c.time((*path, "at"), fault.at)
        end = fault.at + (fault.duration or 0.0)
        if fault.duration is not None and end > c.scenario.duration:
            message = (
                f"the fault would end at {format_duration(end)}, after the end of the scenario "
                f"(duration {format_duration(c.scenario.duration)})"
            )
            c.at_value((*path, "duration"), message, format_duration(fault.duration))
        if not fault.fixed_by and fault.duration is None and not type(fault).self_limiting:
            message = "a fault without a duration needs at least one fixed_by action"
            c.add(c.locations.parent((*path, "fixed_by")), (*path, "fixed_by"), message)
        for group in ("fixed_by", "mitigated_by", "harmful"):
            refs: list[ActionMatch] = getattr(fault, group)
            for i, ref in enumerate(refs):
                c.action((*path, group, i), ref.action, dict(ref.params), complete=False)
                _check_claim_reach(c, (*path, group, i), fault, group, ref.action)
        _check_fault_references(c, path, fault)
        _check_fault_resources(c, path, fault)


def _check_claim_reach(c: Checker, path: Path, fault: FaultParams, group: str, action: str) -> None:
    """A claim must name an action that can reach the fault's resources (from the registries).

    A fix must act where the mechanism lives; a stop-gap or a harm may also act through the
    service's capacity (more or fewer pods, shed load), which every fault's impact depends on.
    """
    lives_in = type(fault).resources
    reach = lives_in if group == "fixed_by" else lives_in | REACH_THROUGH_CAPACITY
    touched = frozenset(ACTIONS[action].resources)
    if touched & reach:
        return
    acts_on = ", ".join(sorted(touched)) or "nothing in the model (a coordination action)"
    message = (
        f"'{action}' cannot change a {fault.type} fault: it acts on {acts_on}; "
        f"the fault lives in {', '.join(sorted(lives_in))}"
    )
    c.at_value((*path, "action"), message)


def _check_fault_references(c: Checker, path: Path, fault: FaultParams) -> None:
    """Fields naming something in `service` (a flag, a dependency, a node) must name it."""
    for field, kind in type(fault).references.items():
        value = getattr(fault, field, None)
        if isinstance(value, str):
            known = names_of(c.scenario, kind)
            c.known((*path, field), value, known, kind, where_defined(kind))


def _check_fault_resources(c: Checker, path: Path, fault: FaultParams) -> None:
    """A fault acting on a resource the service does not model (a cache, a queue) is an error."""
    needed = type(fault).requires
    if needed and getattr(c.scenario.service, needed) in (None, []):
        message = (
            f"a {fault.type} fault needs service.{needed}, which this scenario does not define"
        )
        c.at_value((*path, "type"), message)


def _check_alerts(c: Checker) -> None:
    alerts = c.scenario.alerts
    c.unique(((("alerts", i, "alert"), a.alert) for i, a in enumerate(alerts)), "alert name")
    for index, alert in enumerate(alerts):
        path: Path = ("alerts", index)
        c.expr((*path, "expr"), alert.expr)
        if "severity" not in alert.labels:
            labels_path = (*path, "labels", "severity")
            c.add(c.locations.parent(labels_path), labels_path, "missing required label")


def _check_runbooks(c: Checker) -> None:
    """Runbook ids are unique; an alert's `annotations.runbook` names one of them."""
    runbooks = c.scenario.runbooks
    c.unique(((("runbooks", i, "id"), r.id) for i, r in enumerate(runbooks)), "runbook id")
    ids = [r.id for r in runbooks]
    for index, alert in enumerate(c.scenario.alerts):
        path = ("alerts", index, "annotations", "runbook")
        c.known(path, alert.annotations.runbook, ids, "runbook", "runbooks")


def _check_paging(c: Checker) -> None:
    if not c.scenario.paging.page_severities:
        c.at_value(("paging", "page_severities"), "expected at least 1 severity", [])


def _check_injects(c: Checker) -> None:
    injects = c.scenario.injects
    c.unique(((("injects", i, "id"), inj.id) for i, inj in enumerate(injects)), "inject id")
    alert_names = [alert.alert for alert in c.scenario.alerts]
    for index, inject in enumerate(injects):
        path: Path = ("injects", index)
        if inject.at is None and inject.when is None:
            c.at_value(path, "missing 'at' or 'when' (when to send the inject)")
        if inject.at is not None and inject.when is not None:
            c.add(c.locations.key((*path, "when")), path, "give either 'at' or 'when', not both")
        c.time((*path, "at"), inject.at)
        for field in ("sender", "subject", "text"):
            c.placeholders((*path, field), getattr(inject, field))
        when = inject.when
        if when is None:
            continue
        c.time((*path, "when", "after"), when.after)
        if when.missing_action is not None:
            c.time((*path, "when", "missing_action", "by"), when.missing_action.by)
        if when.expr is not None:
            c.expr((*path, "when", "expr"), when.expr)
        c.known((*path, "when", "alert_firing"), when.alert_firing, alert_names, "alert", "alerts")
        _check_reply_conditions(c, path, when, [i.id for i in injects])


def _check_reply_conditions(c: Checker, path: Path, when: InjectCondition, ids: list[str]) -> None:
    """`replied` and `no_reply.to` name an inject of this scenario; `reply_mentions` needs
    `replied`; a word to look for is not empty."""
    c.known((*path, "when", "replied"), when.replied, ids, "inject", "injects")
    if when.reply_mentions and when.replied is None:
        c.at_value((*path, "when", "reply_mentions"), "needs 'replied' (the message replied to)")
    words = [((*path, "when", "reply_mentions", i), w) for i, w in enumerate(when.reply_mentions)]
    if when.no_reply is not None:
        no_reply = (*path, "when", "no_reply")
        c.known((*no_reply, "to"), when.no_reply.to, ids, "inject", "injects")
        words += [((*no_reply, "mentions", i), w) for i, w in enumerate(when.no_reply.mentions)]
    for word_path, word in words:
        if not word.strip():
            c.at_value(word_path, "expected a word to look for in the reply", word)


def _check_commands(c: Checker) -> None:
    commands = c.scenario.commands
    c.unique(
        ((("commands", i, "name"), command.name) for i, command in enumerate(commands)),
        "command name",
    )
    for index, command in enumerate(commands):
        for line_index, line in enumerate(command.extra_lines):
            c.placeholders(("commands", index, "extra_lines", line_index), line, live=True)
        for line_index, line in enumerate(command.output):
            c.placeholders(("commands", index, "output", line_index), line, live=True)
        _check_command_resources(c, ("commands", index), command)


def _check_command_resources(c: Checker, path: Path, command: Command) -> None:
    """A command kind needs the resource it reads, a target where it takes one, and `static`
    needs its `output` (only `static` has one)."""
    info = KIND_INFO[command.kind]
    service = c.scenario.service
    needed = missing_part(command.kind, service)
    if needed is not None:
        message = f"a {command.kind} command needs service.{needed}, which is not defined"
        c.at_value((*path, "kind"), message, command.kind)
    if command.target is not None:
        if info.target is None:
            c.at_value((*path, "target"), f"a {command.kind} command takes no target")
        else:
            known = [d.name for d in service.dependencies]
            known = ["ingress", *known] if info.target == "endpoint" else known
            c.known((*path, "target"), command.target, known, info.target, "service.dependencies")
    if command.kind == "static" and not command.output:
        c.at_value((*path, "kind"), "a static command needs 'output' lines", command.kind)
    if command.kind != "static" and command.output:
        message = "only a static command has 'output'"
        c.add(c.locations.key((*path, "output")), (*path, "output"), message)


def _check_action_settings(c: Checker) -> None:
    settings = c.scenario.actions
    c.unique(((("actions", i, "action"), s.action) for i, s in enumerate(settings)), "action")
    for index, setting in enumerate(settings):
        if ACTIONS[setting.action].kind == "coordination":
            message = "coordination actions are always allowed; list only system actions here"
            c.at_value(("actions", index, "action"), message, setting.action)


def _check_facilitation(c: Checker) -> None:
    for index, hint in enumerate(c.scenario.facilitation.hints):
        c.time(("facilitation", "hints", index, "at"), hint.at)


def _check_objectives(c: Checker) -> None:
    objectives = c.scenario.objectives
    c.unique(((("objectives", i, "id"), o.id) for i, o in enumerate(objectives)), "objective id")
    for index, objective in enumerate(objectives):
        for k, name in enumerate(objective.evidence):
            path = ("objectives", index, "evidence", k)
            if name not in EVIDENCE_NAMES:
                message = (
                    "unknown evidence: expected a scoring item key or a capability ("
                    + ", ".join(CAPABILITIES)
                    + "; see docs/reference/scenario-format.md#objectives)"
                )
                c.at_value(path, message, name, suggestion=did_you_mean(name, EVIDENCE_NAMES))


def _check_expect(c: Checker) -> None:
    expect = c.scenario.expect
    if expect is None:
        return
    alert_names = [alert.alert for alert in c.scenario.alerts]
    no_response: Path = ("expect", "no_response")
    for index, window in enumerate(expect.no_response.alerts_fire):
        path = (*no_response, "alerts_fire", index)
        c.known((*path, "alert"), window.alert, alert_names, "alert", "alerts")
        for i, moment in enumerate(window.between):
            c.time((*path, "between", i), moment)
        if window.between[0] > window.between[1]:
            message = "expected the first time to be at or before the second"
            c.at_value((*path, "between"), message, [format_duration(t) for t in window.between])
    for index, name in enumerate(expect.no_response.alerts_quiet):
        c.known((*no_response, "alerts_quiet", index), name, alert_names, "alert", "alerts")
    c.time((*no_response, "impact_starts_by"), expect.no_response.impact_starts_by)
    ideal = expect.ideal_response
    ideal_path: Path = ("expect", "ideal_response")
    _check_scripted(c, enumerate(ideal.actions), (*ideal_path, "actions"))
    c.time((*ideal_path, "impact_ends_by"), ideal.impact_ends_by)
    c.time((*ideal_path, "impact_ends_after"), ideal.impact_ends_after)
    if ideal.impact_ends_after is not None and ideal.impact_ends_after > ideal.impact_ends_by:
        message = f"expected at or before impact_ends_by ({format_duration(ideal.impact_ends_by)})"
        got = format_duration(ideal.impact_ends_after)
        c.at_value((*ideal_path, "impact_ends_after"), message, got)
    if expect.harmful is not None:
        c.time(("expect", "harmful", "at"), expect.harmful.at)
    if expect.stop_gaps is not None:
        c.time(("expect", "stop_gaps", "at"), expect.stop_gaps.at)


def _check_scripted(c: Checker, actions: Iterable[tuple[int, ScriptedAction]], base: Path) -> None:
    """Stamped actions (an ideal response, an actions file): on time, by a role that may take
    them, with every required parameter."""
    for index, scripted in actions:
        path = (*base, index)
        c.time((*path, "at"), scripted.at)
        roles = ACTIONS[scripted.action].roles
        if scripted.role not in roles:
            message = f"this role may not take {scripted.action!r} (allowed: {', '.join(roles)})"
            c.at_value((*path, "role"), message, scripted.role)
        c.action(path, scripted.action, dict(scripted.params), complete=True)


_CHECKS = (
    _check_top,
    _check_service,
    _check_faults,
    _check_alerts,
    _check_paging,
    _check_runbooks,
    _check_injects,
    _check_commands,
    _check_action_settings,
    _check_facilitation,
    _check_objectives,
    _check_expect,
    check_expect_metrics_and_claims,
)


def _number(value: float) -> float | int:
    """Show 600.0 as 600 in messages."""
    return int(value) if float(value).is_integer() else value


def _in_file_order(problems: list[Problem]) -> list[Problem]:
    return sorted(problems, key=lambda p: (p.line, p.column))


def check_scenario(scenario: Scenario, locations: Locations, filename: str) -> list[Problem]:
    """Every semantic problem in a validated scenario, in file order."""
    checker = Checker(scenario, locations, filename)
    for check in _CHECKS:
        check(checker)
    return _in_file_order(checker.problems)


def check_scripted_actions(
    actions: Iterable[tuple[int, ScriptedAction]],
    base: Path,
    scenario: Scenario,
    locations: Locations,
    filename: str,
) -> list[Problem]:
    """Problems with stamped actions, given as (index, action) pairs; the list sits at `base`
    in the file (`()` for an actions file)."""
    checker = Checker(scenario, locations, filename)
    _check_scripted(checker, actions, base)
    return _in_file_order(checker.problems)
