"""Analytic queueing helpers: cheap closed forms instead of per-request simulation.

Waiting in an M/M/c queue is exponential past the probability of waiting at all, so any quantile
has a closed form. The probability of waiting uses Sakasegawa's approximation of Erlang C, which
costs one power instead of a loop over the servers.
"""

from __future__ import annotations

import math
from typing import NamedTuple

# Service-time quantiles relative to the mean, for a right-skewed (log-normal-like) service time.
SERVICE_P50 = 0.8
SERVICE_P95 = 1.9
SERVICE_P99 = 2.8


def wait_probability(offered_erlangs: float, servers: float) -> float:
    """P(an arrival waits) in an M/M/c queue (Sakasegawa's approximation; exact for c = 1)."""
    if servers <= 0.0:
        return 1.0
    rho = offered_erlangs / servers
    if rho <= 0.0:
        return 0.0
    if rho >= 1.0:
        return 1.0
    return rho ** (math.sqrt(2.0 * (servers + 1.0)) - 1.0)


def wait_quantile(
    q: float, p_wait: float, offered_erlangs: float, servers: float, hold: float
) -> float:
    """The q-quantile of waiting time (seconds): P(W > t) = p_wait * exp(-(c - a) t / hold)."""
    tail = 1.0 - q
    if p_wait <= tail:
        return 0.0
    spare = servers - offered_erlangs
    if spare <= 1e-9:
        return math.inf
    return math.log(p_wait / tail) * hold / spare


def wait_tail(
    threshold: float, p_wait: float, offered_erlangs: float, servers: float, hold: float
) -> float:
    """P(W > threshold) for the same queue."""
    if threshold <= 0.0:
        return p_wait
    spare = servers - offered_erlangs
    if spare <= 1e-9:
        return p_wait
    return p_wait * math.exp(-spare * threshold / hold)


def clamp01(value: float) -> float:
    return 0.0 if value < 0.0 else 1.0 if value > 1.0 else value


class LatencyMix(NamedTuple):
    """Shares of slow failures and the times that bound observed latency, for one tick."""

    slow_timeout: float
    slow_pool: float
    patience: float
    acquire: float
    service: float
    jitter: float


def observed_quantile(q: float, service_q: float, wait_q: float, mix: LatencyMix) -> float:
    """A latency quantile as clients observe it.

    Requests that fail slowly (client timeouts at `patience`, pool acquire timeouts at
    `acquire`) sit at the top of the distribution: once their share exceeds a quantile's tail,
    that quantile is their latency.
    """
    slow_timeout, slow_pool, patience, acquire, service, jitter = mix
    tail = 1.0 - q
    if slow_timeout >= tail:
        return patience
    latency = (service_q * service + wait_q) * jitter
    if slow_timeout + slow_pool >= tail:
        latency = max(acquire, latency)
    return min(patience, latency)
