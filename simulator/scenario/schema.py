"""The scenario format, version 1: typed, frozen models of everything a scenario file declares.

These models check shapes, types and ranges; cross-references (alerts naming metrics, faults naming
actions, times beyond `duration`) are checked in `checks.py`, and line numbers come from the loader.
`docs/reference/scenario-format.md` documents every field; `scenario.schema.json` is generated
from here. The service parameters live in `service_models.py`, the fault catalogue in
`fault_models.py` and the shared field types in `schema_base.py`; this module has the rest
(alerts, paging, injects, commands, actions, scoring, facilitation, expect) and `Scenario`.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from simulator.actions import ACTIONS
from simulator.commands import COMMAND_KINDS
from simulator.scenario.fault_models import ActionRef, Fault
from simulator.scenario.schema_base import (
    ActionName,
    Duration,
    Identifier,
    Model,
    ParamValue,
    Role,
    Severity,
)
from simulator.scenario.service_models import Service

FORMAT_VERSION = 1


# ---------------------------------------------------------------- alerts and paging


class Annotations(Model):
    """`runbook` names one of the scenario's `runbooks` (opened inside the console);
    `runbook_url` is a link to a page outside the game."""

    summary: str
    description: str | None = None
    runbook_url: str | None = None
    runbook: Identifier | None = None


class Runbook(Model):
    """A runbook in the usual template, shown to the players inside the console. It is player
    content: it may be wrong or out of date on purpose (say so in `facilitation.notes`, never
    here), as real runbooks are."""

    id: Identifier
    title: str
    overview: str
    detection: str
    symptoms: list[str] = []
    diagnosis: Annotated[list[str], Field(min_length=1)]
    resolution: Annotated[list[str], Field(min_length=1)]
    escalation: str


class AlertRule(Model):
    """A Prometheus-shaped alerting rule over the simulated metrics."""

    alert: Annotated[str, Field(pattern=r"^[A-Za-z_][A-Za-z0-9_]*$")]
    expr: str
    for_: Annotated[Duration, Field(alias="for")] = 0.0
    keep_firing_for: Duration = 0.0
    labels: dict[str, str]
    annotations: Annotations


class Paging(Model):
    evaluation_interval: Duration = 15.0
    page_severities: list[str] = ["critical"]
    ack_timeout: Duration = 300.0
    escalation: Annotated[list[str], Field(min_length=1)] = [
        "primary on-call",
        "secondary on-call",
        "engineering manager",
    ]


# ---------------------------------------------------------------- injects

Channel = Literal["chat", "email", "phone", "ticket", "customer_escalation", "status_page_comment"]


class MissingAction(Model):
    """Holds when `action` has not been taken by `by`."""

    action: ActionName
    by: Duration


class NoReply(Model):
    """Holds once message `to` has arrived and `within` has passed since without a reply to it
    (one mentioning a word of `mentions`, when given). A message that never arrived never
    holds it."""

    to: Identifier
    within: Duration
    mentions: list[str] = []


class InjectCondition(Model):
    """Every condition given must hold (and `after` must have passed) for the inject to fire.
    `replied` holds once someone replied to that message (with a word of `reply_mentions`, when
    given); `no_reply` once its time passed without such a reply."""

    after: Duration = 0.0
    expr: str | None = None
    alert_firing: str | None = None
    missing_action: MissingAction | None = None
    replied: Identifier | None = None
    reply_mentions: list[str] = []
    no_reply: NoReply | None = None


class ExpectsReply(Model):
    """The message asks a question: a reply is due `within` its arrival (scored)."""

    within: Duration


class Inject(Model):
    id: Identifier
    at: Duration | None = None
    when: InjectCondition | None = None
    channel: Channel
    sender: str
    subject: str | None = None
    text: str
    noise: bool = False
    expects_reply: ExpectsReply | None = None


# ---------------------------------------------------------------- investigation and actions

CommandKind = Literal[COMMAND_KINDS]  # type: ignore[valid-type]  # the names in simulator/commands.py


class Command(Model):
    """An investigation command; its output is computed from model state at the moment asked."""

    name: str
    kind: CommandKind
    description: str
    reveals: str
    red_herring: bool = False
    target: str | None = None  # tls_check: `ingress` or a dependency; dig: a dependency
    output: list[str] = []  # static: the lines it prints (placeholders allowed)
    extra_lines: list[str] = []  # shown only while a fault is active


class ActionSetting(Model):
    """A system action allowed in this scenario, with how long it takes to act."""

    action: ActionName
    delay: Duration | None = None
    confirm: bool | None = None
    note: str | None = None


# ---------------------------------------------------------------- scoring, facilitation, expect


class ScoringTargets(Model):
    """Overrides of the default rubric (DESIGN section 7); unset items keep the defaults."""

    acknowledge: Duration | None = None
    declare: Duration | None = None
    first_update: Duration | None = None
    update_interval: Duration | None = None
    escalate_within: Duration | None = None
    mitigate: Duration | None = None
    resolve: Duration | None = None
    scribe_window: Duration | None = None
    decay_multiple: Annotated[float, Field(gt=1.0, le=20.0)] | None = None
    harmful_action_penalty: Annotated[float, Field(ge=0.0, le=100.0)] | None = None


class Hint(Model):
    at: Duration
    text: str


class Facilitation(Model):
    notes: list[str] = []
    hints: list[Hint] = []
    discussion_questions: list[str] = []


class Objective(Model):
    """An exercise objective: what the team should show, and the scoring items or capabilities
    (`simulator.objectives`) whose results evidence it."""

    id: Identifier
    text: str
    evidence: Annotated[list[str], Field(min_length=1)]


class Postmortem(Model):
    """What the report's postmortem sections start from: the root-cause chain (from the symptom
    the players saw down to the root cause; the report's five whys ask "why?" between each
    step), contributing factors and lessons the author wants discussed."""

    root_cause_chain: Annotated[list[str], Field(max_length=10)] = []
    contributing_factors: list[str] = []
    lessons: list[str] = []


class AlertWindow(Model):
    alert: str
    between: Annotated[list[Duration], Field(min_length=2, max_length=2)]


class ScriptedAction(Model):
    at: Duration
    role: Role
    action: ActionName
    params: dict[str, ParamValue] = {}


class MetricExpect(Model):
    """A bound on one metric's mean, minimum or maximum over a time window of the run
    (`{metric: latency_p99_ms, between: [15m, 20m], mean_above: 1500}`)."""

    metric: str
    between: Annotated[list[Duration], Field(min_length=2, max_length=2)]
    mean_above: float | None = None
    mean_below: float | None = None
    min_above: float | None = None
    max_below: float | None = None

    def bounds(self) -> list[tuple[str, float]]:
        """The bounds given, as (name, value), in a fixed order."""
        names = ("mean_above", "mean_below", "min_above", "max_below")
        return [(name, getattr(self, name)) for name in names if getattr(self, name) is not None]


class NoResponseExpect(Model):
    alerts_fire: list[AlertWindow] = []
    alerts_quiet: list[str] = []
    impact_starts_by: Duration | None = None
    impact_lasts_to_end: bool = True
    metrics: list[MetricExpect] = []


class IdealExpect(Model):
    actions: Annotated[list[ScriptedAction], Field(min_length=1)]
    impact_ends_by: Duration
    impact_ends_after: Duration | None = None
    metrics: list[MetricExpect] = []


class HarmfulExpect(Model):
    """Each fault's harmful action, applied at `at`, raises the mean error ratio within
    `worse_within` above the no-response run."""

    at: Duration
    worse_within: Duration = 300.0


class StopGapExpect(Model):
    """Each stop-gap, applied at `at`, lowers the error ratio within `improves_within`. Those
    that relapse (`relapses: true` for all, or a list of action names) see impact start again
    after that, before the end."""

    at: Duration
    improves_within: Duration = 300.0
    relapses: bool | list[ActionName] = True

    def relapses_after(self, action: str) -> bool:
        if isinstance(self.relapses, bool):
            return self.relapses
        return action in self.relapses


class ClaimTiming(Model):
    """When `gameday check` tries one of the faults' claims (a `fixed_by`, `mitigated_by` or
    `harmful` ref), instead of its default times: `at` the scenario times the action is taken;
    `within` the bound on recovery (a fix) or the window compared (a stop-gap, a harmful
    action); `fix_after` how long after a harmful action the fixes follow. `fault` picks one
    fault when several list the same ref."""

    ref: ActionRef
    fault: Identifier | None = None
    at: Annotated[list[Duration], Field(min_length=1)]
    within: Duration | None = None
    fix_after: Duration | None = None


class Expect(Model):
    no_response: NoResponseExpect
    ideal_response: IdealExpect
    harmful: HarmfulExpect | None = None
    stop_gaps: StopGapExpect | None = None
    claims: list[ClaimTiming] = []


# ---------------------------------------------------------------- the scenario


class Briefing(Model):
    """What the players are told before the exercise starts: the service, the time of day, who is
    on call. Anyone may read it (the catalogue shows it to players and visitors), so it must not
    name the cause, a fix or a harmful action; `summary` is the facilitator's synopsis."""

    text: str
    on_call: list[str] = []
    players: Annotated[
        list[Annotated[int, Field(ge=1, le=50)]], Field(min_length=2, max_length=2)
    ] = [
        1,
        5,
    ]


class Scenario(Model):
    version: Literal[1]
    id: Identifier
    title: str
    summary: str
    briefing: Briefing | None = None
    difficulty: Literal["beginner", "intermediate", "advanced"]
    severity: Severity
    duration: Duration
    tick: Duration = 1.0
    tags: list[str] = []
    service: Service
    faults: Annotated[list[Fault], Field(min_length=1)]
    alerts: list[AlertRule] = []
    runbooks: list[Runbook] = []
    paging: Paging = Paging()
    injects: list[Inject] = []
    commands: list[Command] = []
    actions: list[ActionSetting] = []
    scoring: ScoringTargets = ScoringTargets()
    postmortem: Postmortem = Postmortem()
    facilitation: Facilitation = Facilitation()
    objectives: list[Objective] = []
    expect: Expect | None = None

    def delay_of(self, action: str) -> float:
        """A system action's delay here: its `actions:` setting, else the vocabulary's default.
        The one source for the engine, the self-test and the players' help texts."""
        setting = next((a for a in self.actions if a.action == action), None)
        if setting is not None and setting.delay is not None:
            return setting.delay
        return ACTIONS[action].default_delay
