"""The kernel's small compiled helpers: Python's `max`/`min` with their tie rules, the
model's queueing formulas compiled as they are (`engine/queueing.py`, `engine/resources.py`), and
a latency quantile as clients observe it."""

from __future__ import annotations

from simulator.engine import queueing, resources
from simulator.engine.kernel.jit import kernel

SERVICE_P50, SERVICE_P95, SERVICE_P99 = (
    queueing.SERVICE_P50,
    queueing.SERVICE_P95,
    queueing.SERVICE_P99,
)


@kernel
def py_max(a: float, b: float) -> float:
    """Python's `max(a, b)`: the first argument unless the second is strictly greater."""
    return b if b > a else a


@kernel
def py_min(a: float, b: float) -> float:
    """Python's `min(a, b)`: the first argument unless the second is strictly smaller."""
    return b if b < a else a


# the model's own helpers, compiled as they are
clamp01 = kernel(queueing.clamp01)
wait_probability = kernel(queueing.wait_probability)
wait_quantile = kernel(queueing.wait_quantile)
wait_tail = kernel(queueing.wait_tail)
throttle_factor = kernel(resources.throttle_factor)


@kernel
def observed_quantile(
    q: float,
    service_q: float,
    wait_q: float,
    slow_timeout: float,
    slow_pool: float,
    patience: float,
    acquire: float,
    service: float,
    jitter: float,
) -> float:
    """A latency quantile as clients observe it (queueing.observed_quantile, unpacked)."""
    tail = 1.0 - q
    if slow_timeout >= tail:
        return patience
    latency = (service_q * service + wait_q) * jitter
    if slow_timeout + slow_pool >= tail:
        latency = py_max(acquire, latency)
    return py_min(patience, latency)
