"""Client retries: failed requests come back after the clients' backoff, as a delay line of
future per-tick amounts on the service state."""

from __future__ import annotations

from simulator.engine.queueing import clamp01
from simulator.engine.state import ServiceState


def schedule_retries(
    state: ServiceState, dt: float, failures: float, originals: float, attempts: float
) -> None:
    """Feed failed requests back as retries after the clients' backoff.

    With per-attempt failure probability f and k attempts, the share of failed attempts that
    still have an attempt left is 1 - f^(k-1) / (1 + f + ... + f^(k-1)).
    """
    policy = state.retry
    if policy.max_attempts <= 1 or failures <= 0.0:
        return
    f = clamp01(failures / attempts) if attempts > 0 else 1.0
    k = policy.max_attempts
    attempts_per_request = float(k) if f >= 1.0 else (1.0 - f**k) / (1.0 - f)
    retries = failures * (1.0 - f ** (k - 1) / attempts_per_request)
    if policy.budget is not None:
        retries = min(retries, policy.budget * originals)
    delay_ticks = max(1, round(policy.backoff / dt))
    if policy.jitter and delay_ticks > 1:
        low, high = max(1, delay_ticks // 2), delay_ticks + delay_ticks // 2
        spread_retries(state, low, high, retries / (high - low + 1))
    else:
        add_retry(state, delay_ticks, retries)


def spread_retries(state: ServiceState, first: int, last: int, share: float) -> None:
    """Add `share` retries to each tick from `first` to `last` ticks ahead (jittered backoff)."""
    queue = state.retry_queue
    if len(queue) < last:
        queue.extend([0.0] * (last - len(queue)))
    for index in range(first - 1, last):
        queue[index] += share


def add_retry(state: ServiceState, ticks_ahead: int, amount: float) -> None:
    queue = state.retry_queue
    if len(queue) < ticks_ahead:
        queue.extend([0.0] * (ticks_ahead - len(queue)))
    queue[ticks_ahead - 1] += amount


def take_due_retries(state: ServiceState) -> float:
    """The retries arriving this tick (requests, not a rate)."""
    queue = state.retry_queue
    return queue.pop(0) if queue else 0.0
