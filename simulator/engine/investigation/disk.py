"""`df -h` of each pod's ephemeral volume (its log directory), then the pods the kubelet evicted
for a full volume, from the journal's `pod.evicted` records."""

from __future__ import annotations

from typing import TYPE_CHECKING

from simulator.engine.investigation.common import age, clock_time
from simulator.engine.investigation.registry import renders

if TYPE_CHECKING:
    from simulator.engine.core import Engine
    from simulator.scenario.schema import Command

MAX_EVICTED_SHOWN = 5


def size(mb: float) -> str:
    """`df -h` sizes: `812M`, `1.5G`."""
    return f"{mb / 1024:.1f}G" if mb >= 1024 else f"{mb:.0f}M"


@renders("df")
def df(engine: Engine, command: Command) -> list[str]:
    state, now = engine.state, engine.env.now
    lines = [f"{'POD':<34}{'Size':>7}{'Used':>7}{'Avail':>7}{'Use%':>6}  Mounted on"]
    for pod in sorted(state.running_pods(), key=lambda p: -p.disk_mb / (p.volume_mb or 1.0)):
        used = min(pod.disk_mb, pod.volume_mb)
        share = used / pod.volume_mb if pod.volume_mb else 0.0
        lines.append(
            f"{pod.name:<34}{size(pod.volume_mb):>7}{size(used):>7}"
            f"{size(pod.volume_mb - used):>7}{share:>6.0%}  /var/log/app"
        )
    evicted = [e for e in engine.journal.entries if e["kind"] == "pod.evicted"]
    if evicted:
        lines.append("")
        lines.append(f"Evicted pods: {len(evicted)} since the start (log level {state.log_level})")
        for entry in evicted[-MAX_EVICTED_SHOWN:][::-1]:
            when = f"{clock_time(engine, entry['t'])} ({age(now - entry['t'])} ago)"
            lines.append(f"{entry['pod']:<34}Evicted  {when}  {entry['reason']}")
    return lines
