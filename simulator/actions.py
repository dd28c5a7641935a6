"""The action vocabulary: every action a participant may take, who may take it, its parameters.

Coordination actions are recorded for scoring; system actions change the simulated service after
their delay. This table is the single source for the schema, the engine, the CLI and the docs.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from simulator.errors import format_got

ParamType = Literal["str", "int", "float", "bool", "duration"]


SEVERITIES: tuple[str, ...] = ("SEV1", "SEV2", "SEV3", "SEV4")


@dataclass(frozen=True)
class ParamSpec:
    """One action parameter: name, type, whether required, allowed values, bounds."""

    name: str
    type: ParamType
    required: bool = True
    choices: tuple[str, ...] = ()
    minimum: float | None = None
    maximum: float | None = None
    help: str = ""
    refers: str = ""  # the kind of scenario name the value must be (`feature flag`, `node`...)


@dataclass(frozen=True)
class ActionSpec:
    """One action of the vocabulary."""

    name: str
    kind: Literal["coordination", "system"]
    help: str
    params: tuple[ParamSpec, ...] = ()
    roles: tuple[str, ...] = ("ic", "tech_lead")
    default_delay: float = 0.0
    risky: bool = False
    resources: tuple[str, ...] = ()  # model resources a system action can change
    rolls_pods: bool = False  # replaced by a rolling update after the delay (the help text says)
    param_names: tuple[str, ...] = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "param_names", tuple(p.name for p in self.params))


_ALL_PLAYERS = ("ic", "comms_lead", "scribe", "tech_lead")

ACTIONS: dict[str, ActionSpec] = {
    spec.name: spec
    for spec in (
        ActionSpec("acknowledge", "coordination", "acknowledge the open page", roles=_ALL_PLAYERS),
        ActionSpec(
            "declare",
            "coordination",
            "declare an incident with a severity",
            (
                ParamSpec("severity", "str", choices=SEVERITIES),
                ParamSpec("title", "str", required=False),
            ),
            roles=("ic",),
        ),
        ActionSpec(
            "assign_role",
            "coordination",
            "name who holds an incident role",
            (
                ParamSpec("role", "str", choices=("ic", "comms_lead", "scribe", "tech_lead")),
                ParamSpec("name", "str"),
            ),
            roles=("ic",),
        ),
        ActionSpec(
            "transfer_command",
            "coordination",
            "hand command to another participant: they become the IC",
            (ParamSpec("to", "str", help="the new incident commander (a participant's name)"),),
            roles=("ic",),
        ),
        ActionSpec(
            "status_update",
            "coordination",
            "post an internal status update",
            (
                ParamSpec(
                    "status",
                    "str",
                    choices=("investigating", "identified", "monitoring", "resolved"),
                ),
                ParamSpec("impact", "str"),
                ParamSpec("actions", "str"),
                ParamSpec("next_update", "duration", required=False),
            ),
            roles=("comms_lead", "ic"),
        ),
        ActionSpec(
            "status_page",
            "coordination",
            "post to the public status page",
            (
                ParamSpec(
                    "state",
                    "str",
                    choices=("investigating", "identified", "monitoring", "resolved"),
                ),
                ParamSpec("message", "str"),
            ),
            roles=("comms_lead", "ic"),
        ),
        ActionSpec(
            "timeline_note",
            "coordination",
            "add a note to the incident timeline",
            (
                ParamSpec("text", "str"),
                ParamSpec(
                    "tag", "str", required=False, choices=("note", "decision", "action_item")
                ),
            ),
            roles=("scribe", "ic", "comms_lead", "tech_lead"),
        ),
        ActionSpec(
            "reply",
            "coordination",
            "reply to a stakeholder's message",
            (
                ParamSpec("to", "str", help="the id of the message answered"),
                ParamSpec("text", "str"),
            ),
            roles=("ic", "comms_lead"),
        ),
        ActionSpec(
            "escalate",
            "coordination",
            "page another team",
            (ParamSpec("team", "str"),),
            roles=("ic",),
        ),
        ActionSpec(
            "mark_mitigated", "coordination", "declare customer impact mitigated", roles=("ic",)
        ),
        ActionSpec("resolve", "coordination", "resolve the incident", roles=("ic",)),
        ActionSpec(
            "investigate",
            "coordination",
            "run an investigation command",
            (ParamSpec("command", "str", refers="command"),),
            roles=_ALL_PLAYERS,
        ),
        ActionSpec(
            "rollback",
            "system",
            "roll back the latest deploy or config change",
            (ParamSpec("target", "str", choices=("deploy", "config")),),
            default_delay=180.0,
            resources=("release", "pods", "config", "dns", "rate_limit", "pool", "retries"),
            rolls_pods=True,
        ),
        ActionSpec(
            "restart_pods",
            "system",
            "rolling restart of every replica",
            default_delay=60.0,
            resources=("pods", "pool", "memory", "disk", "capacity"),
            rolls_pods=True,
        ),
        ActionSpec(
            "scale",
            "system",
            "change the replica count",
            (ParamSpec("replicas", "int", minimum=1, maximum=200),),
            default_delay=60.0,
            resources=("pods", "capacity", "database", "cpu", "memory"),
        ),
        ActionSpec(
            "set_pool_size",
            "system",
            "change the connection pool size per replica",
            (ParamSpec("size", "int", minimum=1, maximum=1000),),
            default_delay=30.0,
            risky=True,
            resources=("pool", "database", "config"),
        ),
        ActionSpec(
            "terminate_idle_connections",
            "system",
            "terminate database backends idle in transaction",
            default_delay=10.0,
            risky=True,
            resources=("database", "pool"),
        ),
        ActionSpec(
            "set_rate_limit",
            "system",
            "change one client's rate limit",
            (
                ParamSpec("client", "str", refers="rate-limit client"),
                ParamSpec("rps", "float", minimum=0.0),
            ),
            default_delay=30.0,
            resources=("rate_limit", "config", "capacity", "traffic", "retries"),
        ),
        ActionSpec(
            "set_feature_flag",
            "system",
            "turn a feature flag on or off",
            (ParamSpec("flag", "str", refers="feature flag"), ParamSpec("enabled", "bool")),
            default_delay=15.0,
            resources=("flags", "retries", "memory", "cache", "capacity"),
        ),
        ActionSpec(
            "enable_load_shedding",
            "system",
            "shed load above capacity",
            default_delay=30.0,
            resources=("capacity", "traffic", "retries"),
        ),
        ActionSpec(
            "set_memory_limit",
            "system",
            "change the memory limit per replica (restarts pods)",
            (ParamSpec("mb", "int", minimum=64, maximum=65536),),
            default_delay=60.0,
            risky=True,
            resources=("memory", "pods", "capacity"),
            rolls_pods=True,
        ),
        ActionSpec(
            "kill_queries",
            "system",
            "terminate database backends: long-running queries or idle in transaction",
            (
                ParamSpec(
                    "filter",
                    "str",
                    choices=("long_running", "idle_in_transaction"),
                    help="which backends pg_terminate_backend() ends",
                ),
            ),
            default_delay=15.0,
            risky=True,
            resources=("database", "pool", "migration"),
        ),
        ActionSpec(
            "revert_migration",
            "system",
            "revert the latest schema migration",
            default_delay=300.0,
            risky=True,
            resources=("database", "migration"),
        ),
        ActionSpec(
            "add_index",
            "system",
            "create an index concurrently on a table",
            (ParamSpec("table", "str"),),
            default_delay=240.0,
            resources=("database", "migration"),
        ),
        ActionSpec(
            "failover_database",
            "system",
            "fail the database over to its replica (connections drop for the failover time)",
            default_delay=60.0,
            risky=True,
            resources=("database", "pool"),
        ),
        ActionSpec(
            "scale_database",
            "system",
            "resize the database instance (a failover onto the bigger instance)",
            (ParamSpec("cores", "float", minimum=1, maximum=1024),),
            default_delay=600.0,
            risky=True,
            resources=("database", "capacity"),
        ),
        ActionSpec(
            "warm_cache",
            "system",
            "run the cache pre-warm job for the hot keys",
            default_delay=120.0,
            resources=("cache", "database"),
        ),
        ActionSpec(
            "renew_certificate",
            "system",
            "issue a new certificate and reload it",
            (ParamSpec("certificate", "str", refers="certificate"),),
            default_delay=300.0,
            resources=("certificate",),
        ),
        ActionSpec(
            "drain_node",
            "system",
            "cordon a node and evict its pods onto the others",
            (ParamSpec("node", "str", refers="node"),),
            default_delay=30.0,
            resources=("nodes", "pods", "cpu", "capacity"),
        ),
        ActionSpec(
            "cordon_node",
            "system",
            "mark a node unschedulable (pods already there stay)",
            (ParamSpec("node", "str", refers="node"),),
            default_delay=10.0,
            resources=("nodes",),
        ),
        ActionSpec(
            "set_cpu_limit",
            "system",
            "change the CPU limit per replica (a rolling restart)",
            (ParamSpec("cores", "float", minimum=0.1, maximum=256),),
            default_delay=60.0,
            resources=("cpu", "pods", "capacity"),
            rolls_pods=True,
        ),
        ActionSpec(
            "expand_volume",
            "system",
            "raise each pod's ephemeral storage limit (a rolling restart)",
            (ParamSpec("mb", "int", minimum=1, maximum=10_000_000),),
            default_delay=60.0,
            resources=("disk", "pods"),
            rolls_pods=True,
        ),
        ActionSpec(
            "set_log_level",
            "system",
            "change the service's log level",
            (ParamSpec("level", "str", choices=("debug", "info", "warn", "error")),),
            default_delay=30.0,
            resources=("disk", "config"),
        ),
        ActionSpec(
            "skip_message",
            "system",
            "commit the stalled consumers past the message they cannot process",
            default_delay=60.0,
            resources=("queue",),
        ),
        ActionSpec(
            "purge_queue",
            "system",
            "delete every message waiting in the queue",
            default_delay=30.0,
            risky=True,
            resources=("queue",),
        ),
        ActionSpec(
            "scale_consumers",
            "system",
            "change the number of queue consumers",
            (ParamSpec("consumers", "int", minimum=1, maximum=10_000),),
            default_delay=60.0,
            resources=("queue",),
        ),
        ActionSpec(
            "restart_consumers",
            "system",
            "rolling restart of the queue consumers",
            default_delay=60.0,
            resources=("queue",),
        ),
    )
}

ACTION_NAMES: tuple[str, ...] = tuple(ACTIONS)
SYSTEM_ACTIONS: tuple[str, ...] = tuple(n for n, s in ACTIONS.items() if s.kind == "system")
COORDINATION_ACTIONS: tuple[str, ...] = tuple(
    n for n, s in ACTIONS.items() if s.kind == "coordination"
)


def _check_value(spec: ParamSpec, value: object) -> str | None:
    """Return a problem with one parameter value, or None when it is fine."""
    from simulator.durations import parse_duration

    if spec.type == "bool":
        return None if isinstance(value, bool) else "expected true or false"
    if spec.type in ("int", "float"):
        if isinstance(value, bool) or not isinstance(value, int | float):
            return f"expected a number ({spec.type})"
        if spec.type == "int" and not float(value).is_integer():
            return "expected a whole number"
        if spec.minimum is not None and value < spec.minimum:
            return f"expected at least {spec.minimum:g}"
        if spec.maximum is not None and value > spec.maximum:
            return f"expected at most {spec.maximum:g}"
        return None
    if not isinstance(value, str) or not value.strip():
        return "expected non-empty text"
    if spec.type == "duration":
        try:
            parse_duration(value)
        except ValueError as exc:
            return str(exc)
    if spec.choices and value not in spec.choices:
        return "expected one of " + ", ".join(repr(c) for c in spec.choices)
    return None


def param_problems(action: str, params: dict[str, object]) -> list[tuple[str, str, object]]:
    """Check an action's parameters against the vocabulary.

    Returns (parameter, problem, got) triples; empty when the parameters are valid. The action name
    itself must already be known.
    """
    spec = ACTIONS[action]
    problems: list[tuple[str, str, object]] = []
    for name in params:
        if name not in spec.param_names:
            allowed = ", ".join(spec.param_names) or "none"
            problems.append((name, f"unknown parameter (parameters: {allowed})", name))
    for p in spec.params:
        if p.name not in params:
            if p.required:
                problems.append((p.name, "missing required parameter", None))
            continue
        problem = _check_value(p, params[p.name])
        if problem:
            problems.append((p.name, problem, params[p.name]))
    return problems


def param_problem_text(action: str, params: dict[str, object]) -> str | None:
    """Every problem with an action's parameters as one message (the engine's refusal and the
    session's answer use the same words), or None when they are valid."""
    problems = param_problems(action, params)
    if not problems:
        return None
    return "; ".join(
        f"parameter '{name}': {problem}" + ("" if got is None else f" (got {format_got(got)})")
        for name, problem, got in problems
    )
