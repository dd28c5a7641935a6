"""Client retries: failed requests come back after the clients' backoff, as a delay line of
future per-tick amounts on the service state (`RetryLine`).

A served tick schedules its retries inside the compiled kernel (`kernel.tick.schedule_retries`,
the same arithmetic; `retry_inputs` gives it the policy); a tick without a ready pod uses
`schedule_retries` here."""

from __future__ import annotations

from simulator.engine.queueing import clamp01
from simulator.engine.state import RetryState, ServiceState


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
    first, last = retry_slots(policy, dt)
    if last > first:
        spread_retries(state, first, last, retries / (last - first + 1))
    else:
        add_retry(state, last, retries)


def retry_slots(policy: RetryState, dt: float) -> tuple[int, int]:
    """(first, last) tick ahead that a policy's retries come back in: the backoff, spread over
    half to one and a half of it when jittered."""
    delay_ticks = max(1, round(policy.backoff / dt))
    if policy.jitter and delay_ticks > 1:
        return max(1, delay_ticks // 2), delay_ticks + delay_ticks // 2
    return delay_ticks, delay_ticks


def retry_inputs(policy: RetryState, dt: float) -> tuple[float, float, float, float, float]:
    """The kernel's view of a retry policy (`layout.I_RETRY_*`): attempts, budget (0.0 when
    there is none, with the flag after it), first and last slot, and how many slots share."""
    first, last = retry_slots(policy, dt)
    budget = policy.budget
    return (
        float(policy.max_attempts),
        0.0 if budget is None else budget,
        0.0 if budget is None else 1.0,
        float(first),
        float(last),
    )


def spread_retries(state: ServiceState, first: int, last: int, share: float) -> None:
    """Add `share` retries to each tick from `first` to `last` ticks ahead (jittered backoff)."""
    state.retry_line.add(first, last, share)


def add_retry(state: ServiceState, ticks_ahead: int, amount: float) -> None:
    state.retry_line.add(ticks_ahead, ticks_ahead, amount)


def take_due_retries(state: ServiceState) -> float:
    """The retries arriving this tick (requests, not a rate)."""
    return state.retry_line.take()
