"""`kafka-consumer-groups --describe`: per partition the committed offset, the log-end offset,
the lag and the consumer that owns it.

The model keeps two backlogs, the flowing partitions' and the stalled ones'; each is spread evenly
over its partitions, so the lags add up to `queue_backlog`. Which partitions stall is a fixed
choice per scenario. Offsets start from a per-partition base and advance at the usual produce
rate; a stalled partition's committed offset stops where it stalled.
"""

from __future__ import annotations

import zlib
from typing import TYPE_CHECKING

from simulator.engine.investigation.registry import renders

if TYPE_CHECKING:
    from simulator.engine.core import Engine
    from simulator.scenario.schema import Command


def stalled_partitions(engine: Engine, partitions: int, count: int) -> list[int]:
    """The `count` partitions that stall, the same ones every time in one scenario."""
    key = engine.scenario.id
    ranked = sorted(range(partitions), key=lambda p: zlib.crc32(f"{key}/{p}".encode()))
    return sorted(ranked[: min(count, partitions)])


def owner(partition: int, partitions: int, consumers: int) -> int | None:
    """The consumer (index) a range assignor gives the partition to."""
    if consumers <= 0:
        return None
    per, extra = divmod(partitions, consumers)
    if per == 0:
        return partition
    edge = extra * (per + 1)
    return partition // (per + 1) if partition < edge else extra + (partition - edge) // per


@renders("consumer_lag")
def consumer_lag(engine: Engine, command: Command) -> list[str]:
    state = engine.state
    queue, spec = state.queue, engine.scenario.service.queue
    assert queue is not None and spec is not None
    now, parts = engine.env.now, spec.partitions
    stalled = stalled_partitions(engine, parts, state.fx.stalled_partitions)
    healthy = parts - len(stalled)
    rate = engine.scenario.service.traffic.baseline_rps * spec.messages_per_request / parts
    group = f"{engine.scenario.service.name}-consumers"
    lines = [
        f"$ kafka-consumer-groups --describe --group {group}",
        f"{'TOPIC':<18}{'PARTITION':>10}{'CURRENT-OFFSET':>16}{'LOG-END-OFFSET':>16}"
        f"{'LAG':>10}  CONSUMER-ID",
    ]
    for p in range(parts):
        base = 1_000_000 + zlib.crc32(f"{spec.name}/{p}".encode()) % 9_000_000
        if p in stalled:
            lag = queue.stalled_backlog / len(stalled)
            since = queue.stalled_since if queue.stalled_since is not None else now
            current = base + round(rate * since)
        else:
            lag = queue.backlog / healthy if healthy else 0.0
            current = base + round(rate * now)
        index = owner(p, parts, queue.consumers)
        consumer = "-" if index is None else f"consumer-{index + 1}"
        note = "  (stalled: no commits)" if p in stalled and lag >= 1 else ""
        lines.append(
            f"{spec.name:<18}{p:>10}{current:>16}{current + round(lag):>16}{round(lag):>10}"
            f"  {consumer}{note}"
        )
    lines.append(
        f"consumers: {queue.consumers}; total lag {engine.metric('queue_backlog'):.0f} messages; "
        f"consumer lag {engine.metric('queue_lag_seconds'):.0f}s"
    )
    if stalled and queue.stalled_since is not None:
        names = ", ".join(map(str, stalled))
        lines.append(f"partitions {names} stalled for {now - queue.stalled_since:.0f}s")
    return lines
