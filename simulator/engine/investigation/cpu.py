"""`kubectl top pods` with CFS throttling: CPU used against each pod's limit, the share of time
it is throttled, and its node; then the nodes with the CPU other workloads take from them.

Per pod, the work is the last tick's requests per pod times the pod's CPU cost (`Pod.cpu_cost`,
which already counts its release and its node's stolen CPU), through the same throttling the
model uses (a curve near the limit; past it the quota caps throughput), so the mean throttled
share over ready pods is `cpu_throttled_ratio` (unless GC pressure also stretches requests).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from simulator.engine.investigation.common import served_per_pod
from simulator.engine.investigation.registry import renders
from simulator.engine.resources import throttle_factor
from simulator.engine.state import POD_READY

if TYPE_CHECKING:
    from simulator.engine.core import Engine
    from simulator.engine.state import Pod
    from simulator.scenario.schema import Command


def service_seconds(engine: Engine) -> float:
    """A request's service time before throttling, as the traffic model builds it: the work
    itself, dependency calls, a slow release's added latency, and database time above the usual
    (GC pressure is left out)."""
    state, svc = engine.state, engine.scenario.service
    fx, ready = state.fx, state.ready_pods()
    seconds = svc.service_time
    for dep in svc.dependencies:
        mean = dep.latency * fx.dependency_latency.get(dep.name, 1.0)
        seconds += min(mean, dep.timeout) * dep.calls_per_request
    if ready:
        seconds += sum(fx.added_latency.get(p.version, 0.0) for p in ready) / len(ready)
    served = state.last_served_rate
    if served > 0:
        nominal = svc.database.query_time * svc.pool.queries_per_request
        seconds += max(0.0, engine.metric("db_active_queries") / served - nominal)
    return seconds


def pod_cpu(pod: Pod, per_pod_rps: float, base_s: float, workers: int) -> tuple[float, float]:
    """(share of its CPU limit the pod uses, share of time it is throttled). Past its quota a
    pod's workers hold each request until the quota has paid for it (CPU-bound)."""
    if pod.state != POD_READY or pod.cpu_cost <= 0.0:
        return 0.0, 0.0
    use = per_pod_rps * pod.cpu_cost
    throttled = base_s * throttle_factor(use)
    if use >= 1.0:
        throttled = max(throttled, workers * pod.cpu_cost)
    return use, 1.0 - base_s / throttled if throttled > 0 else 0.0


@renders("top_pods")
def top_pods(engine: Engine, command: Command) -> list[str]:
    state = engine.state
    rps = served_per_pod(engine)
    base_s = service_seconds(engine)
    workers = engine.scenario.service.workers_per_replica
    steal = state.fx.node_cpu_steal
    lines = [f"{'NAME':<34}{'CPU(cores)':>11}{'LIMIT':>8}{'CPU%':>7}{'THROTTLED':>11}  NODE"]
    for pod in sorted(state.running_pods(), key=lambda p: p.name):
        use, throttled = pod_cpu(pod, rps, base_s, workers)
        room = pod.cpu_limit * (1.0 - steal.get(pod.node, 0.0))
        used = min(use, 1.0) * room
        cores = f"{used * 1000:.0f}m" if pod.state == POD_READY else "<starting>"
        of_limit = used / pod.cpu_limit if pod.cpu_limit else 0.0
        lines.append(
            f"{pod.name:<34}{cores:>11}{pod.cpu_limit * 1000:>7.0f}m{of_limit:>7.0%}"
            f"{throttled:>11.0%}  {pod.node}"
        )
    lines.append("")
    lines.append(f"{'NODE':<16}{'OUR PODS':>9}{'OTHER WORKLOADS CPU':>21}{'CORDONED':>10}")
    for node in engine.scenario.service.nodes:
        ours = sum(1 for p in state.running_pods() if p.node == node)
        cordoned = "yes" if node in state.cordoned else "no"
        lines.append(f"{node:<16}{ours:>9}{steal.get(node, 0.0):>21.0%}{cordoned:>10}")
    return lines
