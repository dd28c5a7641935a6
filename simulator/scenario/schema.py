"""The scenario format, version 1: typed, frozen models of everything a scenario file declares.

These models check shapes, types and ranges; cross-references (alerts naming metrics, faults naming
actions, times beyond `duration`) are checked in `checks.py`, and line numbers come from the loader.
`docs/reference/scenario-format.md` documents every field; `scenario.schema.json` is generated
from here.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, WithJsonSchema

from simulator.actions import ACTION_NAMES, ROLES, SEVERITIES
from simulator.durations import DURATION_HINT, parse_duration

FORMAT_VERSION = 1


def _to_seconds(value: Any) -> Any:
    """Accept duration strings only (`90s`, `5m`); 0 is allowed as a plain number."""
    if isinstance(value, str):
        return parse_duration(value)
    if isinstance(value, bool) or not (isinstance(value, int | float) and value == 0):
        raise ValueError(f"expected {DURATION_HINT}")
    return 0.0


Duration = Annotated[
    float,
    BeforeValidator(_to_seconds),
    WithJsonSchema(
        {
            "type": "string",
            "pattern": r"^(\d+(\.\d+)?(ms|s|m|h|d))+$",
            "description": "a duration such as 250ms, 90s, 5m or 1h30m",
        }
    ),
]
Ratio = Annotated[float, Field(ge=0.0, le=1.0)]
PositiveInt = Annotated[int, Field(ge=1)]
Identifier = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9_.-]*$", max_length=64)]
ActionName = Literal[ACTION_NAMES]  # type: ignore[valid-type]
Role = Literal[ROLES]  # type: ignore[valid-type]
Severity = Literal[SEVERITIES]  # type: ignore[valid-type]
ParamValue = str | bool | int | float


class Model(BaseModel):
    """Base: unknown keys are errors, instances are frozen after validation."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


# ---------------------------------------------------------------- service model parameters


class DailyPattern(Model):
    """A sinusoidal day: traffic peaks at `peak_hour` at (1 + amplitude) x baseline."""

    amplitude: Annotated[float, Field(ge=0.0, le=0.9)] = 0.0
    peak_hour: Annotated[float, Field(ge=0.0, lt=24.0)] = 14.0


class Traffic(Model):
    baseline_rps: Annotated[float, Field(gt=0.0, le=1_000_000.0)]
    daily_pattern: DailyPattern = DailyPattern()
    start_hour: Annotated[float, Field(ge=0.0, lt=24.0)] = 10.0
    noise: Annotated[float, Field(ge=0.0, le=0.5)] = 0.03
    orders_per_request: Annotated[float, Field(ge=0.0, le=1.0)] = 0.05


class Pool(Model):
    size_per_replica: Annotated[int, Field(ge=1, le=1000)]
    acquire_timeout: Duration = 1.0
    queries_per_request: Annotated[float, Field(gt=0.0, le=100.0)] = 1.0


class Database(Model):
    max_connections: Annotated[int, Field(ge=1, le=100_000)]
    query_time: Duration = 0.005
    other_connections: Annotated[int, Field(ge=0)] = 0


class RetryPolicy(Model):
    """How clients retry failed requests: `max_attempts: 1` means no retries."""

    max_attempts: Annotated[int, Field(ge=1, le=10)] = 1
    backoff: Duration = 0.0
    jitter: bool = False
    attempt_timeout: Duration | None = None


class RateLimitClient(Model):
    name: Identifier
    share: Ratio
    limit_rps: Annotated[float, Field(ge=0.0)] | None = None


class RateLimits(Model):
    default_client_rps: Annotated[float, Field(gt=0.0)] | None = None
    clients: list[RateLimitClient] = []


class Memory(Model):
    baseline_mb: Annotated[float, Field(gt=0.0)]
    limit_mb: Annotated[float, Field(gt=0.0)]
    gc_pause: Duration = 0.01
    gc_pressure_threshold: Annotated[float, Field(gt=0.0, lt=1.0)] = 0.7


class Dependency(Model):
    name: Identifier
    latency: Duration
    timeout: Duration = 2.0
    calls_per_request: Annotated[float, Field(ge=0.0, le=20.0)] = 1.0


class DeployRecord(Model):
    """A release: in `history.deploys` it happened `ago` before the start; in a fault, at `at`."""

    version: str
    by: str
    change: str
    ago: Duration = 0.0


class ConfigRecord(Model):
    key: str
    value: ParamValue
    by: str
    change: str
    ago: Duration = 0.0


class History(Model):
    deploys: list[DeployRecord] = []
    config_changes: list[ConfigRecord] = []


class Slo(Model):
    """The service level objective: the service is impacted while any threshold is breached."""

    error_ratio: Ratio = 0.01
    rejected_ratio: Ratio = 0.05
    latency_p99_ms: Annotated[float, Field(gt=0.0)] = 2000.0
    window: Duration = 60.0


class Service(Model):
    name: Identifier
    replicas: Annotated[int, Field(ge=1, le=200)]
    workers_per_replica: Annotated[int, Field(ge=1, le=10_000)]
    service_time: Duration
    request_timeout: Duration = 10.0
    pod_start_time: Duration = 45.0
    traffic: Traffic
    pool: Pool
    database: Database
    retries: RetryPolicy = RetryPolicy()
    rate_limits: RateLimits = RateLimits()
    memory: Memory
    dependencies: list[Dependency] = []
    feature_flags: dict[Identifier, bool] = {}
    history: History = History()
    slo: Slo = Slo()


# ---------------------------------------------------------------- faults


def _action_match(value: Any) -> Any:
    """`rollback` is shorthand for `{action: rollback}`."""
    return {"action": value} if isinstance(value, str) else value


class ActionMatch(Model):
    """An action, optionally with the parameters that make it match (`{action: rollback,
    params: {target: deploy}}`)."""

    action: ActionName
    params: dict[str, ParamValue] = {}


ActionRef = Annotated[ActionMatch, BeforeValidator(_action_match)]


class FaultBase(Model):
    id: Identifier
    at: Duration
    duration: Duration | None = None
    root_cause: str
    fixed_by: list[ActionRef] = []  # required (checks) unless the fault has a duration
    mitigated_by: list[ActionRef] = []
    harmful: list[ActionRef] = []


class ConnectionLeak(FaultBase):
    """A release leaves connections idle in transaction; they pile up until pools are full."""

    type: Literal["connection_leak"]
    leaked_per_1k_requests: Annotated[float, Field(gt=0.0, le=1000.0)]
    deploy: DeployRecord | None = None


class DependencyBrownout(FaultBase):
    type: Literal["dependency_brownout"]
    dependency: Identifier
    latency_multiplier: Annotated[float, Field(ge=1.0, le=1000.0)] = 10.0
    error_ratio: Ratio = 0.0


class RetryAmplification(FaultBase):
    """Clients change how they retry (a client SDK release dropped backoff, for instance)."""

    type: Literal["retry_amplification"]
    max_attempts: Annotated[int, Field(ge=1, le=10)]
    backoff: Duration = 0.0
    jitter: bool = False
    flag: Identifier | None = None


class ConfigChange(FaultBase):
    type: Literal["config_change"]
    setting: Literal["rate_limit", "pool_size", "request_timeout", "retry_max_attempts"]
    client: Identifier | None = None
    value: float
    config: ConfigRecord | None = None


class MemoryLeak(FaultBase):
    type: Literal["memory_leak"]
    mb_per_1k_requests: Annotated[float, Field(gt=0.0, le=1000.0)]
    flag: Identifier | None = None
    deploy: DeployRecord | None = None


class BadDeploy(FaultBase):
    type: Literal["bad_deploy"]
    error_ratio: Ratio = 0.0
    added_latency: Duration = 0.0
    deploy: DeployRecord


class TrafficSpike(FaultBase):
    type: Literal["traffic_spike"]
    multiplier: Annotated[float, Field(gt=1.0, le=100.0)]


Fault = Annotated[
    ConnectionLeak
    | DependencyBrownout
    | RetryAmplification
    | ConfigChange
    | MemoryLeak
    | BadDeploy
    | TrafficSpike,
    Field(discriminator="type"),
]
FAULT_TYPES: tuple[str, ...] = (
    "connection_leak",
    "dependency_brownout",
    "retry_amplification",
    "config_change",
    "memory_leak",
    "bad_deploy",
    "traffic_spike",
)

# ---------------------------------------------------------------- alerts and paging


class Annotations(Model):
    summary: str
    description: str | None = None
    runbook_url: str | None = None


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


class InjectCondition(Model):
    """Every condition given must hold (and `after` must have passed) for the inject to fire."""

    after: Duration = 0.0
    expr: str | None = None
    alert_firing: str | None = None
    missing_action: MissingAction | None = None


class Inject(Model):
    id: Identifier
    at: Duration | None = None
    when: InjectCondition | None = None
    channel: Channel
    sender: str
    subject: str | None = None
    text: str
    noise: bool = False


# ---------------------------------------------------------------- investigation and actions

CommandKind = Literal[
    "pods",
    "logs",
    "pg_stat_activity",
    "deploy_history",
    "config_history",
    "top_clients",
    "dashboard",
    "dependency_status",
    "feature_flags",
]


class Command(Model):
    """An investigation command; its output is computed from model state at the moment asked."""

    name: str
    kind: CommandKind
    description: str
    reveals: str
    red_herring: bool = False
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


class AlertWindow(Model):
    alert: str
    between: Annotated[list[Duration], Field(min_length=2, max_length=2)]


class ScriptedAction(Model):
    at: Duration
    role: Role
    action: ActionName
    params: dict[str, ParamValue] = {}


class NoResponseExpect(Model):
    alerts_fire: list[AlertWindow] = []
    alerts_quiet: list[str] = []
    impact_starts_by: Duration | None = None
    impact_lasts_to_end: bool = True


class IdealExpect(Model):
    actions: Annotated[list[ScriptedAction], Field(min_length=1)]
    impact_ends_by: Duration
    impact_ends_after: Duration | None = None


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


class Expect(Model):
    no_response: NoResponseExpect
    ideal_response: IdealExpect
    harmful: HarmfulExpect | None = None
    stop_gaps: StopGapExpect | None = None


# ---------------------------------------------------------------- the scenario


class Scenario(Model):
    version: Literal[1]
    id: Identifier
    title: str
    summary: str
    difficulty: Literal["beginner", "intermediate", "advanced"]
    severity: Severity
    duration: Duration
    tick: Duration = 1.0
    tags: list[str] = []
    service: Service
    faults: Annotated[list[Fault], Field(min_length=1)]
    alerts: list[AlertRule] = []
    paging: Paging = Paging()
    injects: list[Inject] = []
    commands: list[Command] = []
    actions: list[ActionSetting] = []
    scoring: ScoringTargets = ScoringTargets()
    facilitation: Facilitation = Facilitation()
    expect: Expect | None = None
