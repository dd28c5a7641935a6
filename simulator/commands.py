"""The investigation command kinds: names and what each needs from the scenario.

A neutral module (no engine, no scenario imports) so the scenario format can take its `kind`
literal from here and the engine's renderer registry can be checked against it in the tests.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class CommandKindInfo:
    """One command kind: its name, the optional part of `service` it reads (None: always there),
    and what its `target` may name (None: the kind takes no target)."""

    name: str
    requires: str | None = None
    target: str | None = None


COMMAND_KIND_INFO: tuple[CommandKindInfo, ...] = (
    CommandKindInfo("pods"),
    CommandKindInfo("logs"),
    CommandKindInfo("pg_stat_activity"),
    CommandKindInfo("pg_stat_statements"),
    CommandKindInfo("pg_locks"),
    CommandKindInfo("migration_history"),
    CommandKindInfo("deploy_history"),
    CommandKindInfo("config_history"),
    CommandKindInfo("top_clients"),
    CommandKindInfo("dashboard"),
    CommandKindInfo("dependency_status"),
    CommandKindInfo("feature_flags"),
    CommandKindInfo("cache_stats", requires="cache"),
    CommandKindInfo("top_pods", requires="cpu"),
    CommandKindInfo("df", requires="disk"),
    CommandKindInfo("tls_check", requires="certificates", target="endpoint"),
    CommandKindInfo("dig", requires="dependencies", target="dependency"),
    CommandKindInfo("consumer_lag", requires="queue"),
    CommandKindInfo("static"),
)

COMMAND_KINDS: tuple[str, ...] = tuple(k.name for k in COMMAND_KIND_INFO)
KIND_INFO: dict[str, CommandKindInfo] = {k.name: k for k in COMMAND_KIND_INFO}


def missing_part(kind: str, service: object) -> str | None:
    """The optional part of `service` a command kind reads when the scenario leaves it out
    (`cache`, `queue`, ...); None when the kind needs nothing or the part is there."""
    needed = KIND_INFO[kind].requires
    if needed and getattr(service, needed) in (None, []):
        return needed
    return None
