"""System-action handlers, one per action, grouped by the resource they act on."""

from simulator.engine.handlers import cache, database, pods, queue, releases, service, tls
from simulator.engine.handlers.registry import HANDLERS, Handler

__all__ = [
    "HANDLERS",
    "Handler",
    "cache",
    "database",
    "pods",
    "queue",
    "releases",
    "service",
    "tls",
]
