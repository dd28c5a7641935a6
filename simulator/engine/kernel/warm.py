"""Paying the kernel's compile before anyone waits for it.

With Numba, the first call of each kernel function compiles it (a few seconds) unless the disk
cache already holds it; after that a process only loads the cached machine code. `warm_up()`
calls the kernel once with the argument types the engine uses, so `gameday warmup` (after an
install) and `gameday serve` (before it starts the app) fill the cache and no live page refresh
ever pays a compile.
"""

from __future__ import annotations

import time

import numpy as np

from simulator.engine.kernel.jit import JIT
from simulator.engine.kernel.layout import (
    C_WORKERS,
    CLIENT_FIELDS,
    CONST_SIZE,
    DISK_FIELDS,
    FLEET_SIZE,
    I_ACCEPTED,
    I_BASE_S,
    I_CLIENT_TIMEOUT,
    I_DT,
    I_HOLD,
    I_LIMIT_MB,
    I_OFFERED,
    I_POOL_CAP,
    I_POOL_SIZE,
    I_REQUEST_TIMEOUT,
    INPUT_SIZE,
    OUTCOME_SIZE,
    P_MEMORY,
    POD_FIELDS,
    ROW_SIZE,
    SPAN_SIZE,
)
from simulator.engine.kernel.span import span_kernel
from simulator.engine.kernel.tick import outage_kernel, resource_columns, tick_kernel
from simulator.engine.kernel.windows import W_SUM, window_reduce


def warm_up() -> float:
    """Compile (or load from the cache) every kernel entry point; return the seconds it took."""
    started = time.perf_counter()
    pods = np.zeros((2, POD_FIELDS))
    pods[:, P_MEMORY] = 100.0
    consts = np.zeros(CONST_SIZE)
    consts[C_WORKERS] = 4.0
    row = np.zeros((1, ROW_SIZE))[0]  # a row of a matrix, as the engine passes it
    out = np.zeros(OUTCOME_SIZE)
    inp = np.zeros(INPUT_SIZE)
    inp[[I_DT, I_OFFERED, I_ACCEPTED, I_BASE_S, I_POOL_CAP, I_POOL_SIZE, I_HOLD]] = 1.0
    inp[[I_LIMIT_MB, I_REQUEST_TIMEOUT, I_CLIENT_TIMEOUT]] = (512.0, 30.0, 30.0)
    fleet = np.zeros(FLEET_SIZE)
    tick_kernel(pods, consts, fleet, row, out, inp, np.zeros(4))
    outage_kernel(row, out, inp, np.zeros(4), 0.5)
    resource_columns(row, 10.0, inp)
    window_reduce(np.zeros((3, ROW_SIZE)), 1, 0, 3, W_SUM)
    matrix, draws = np.zeros((4, ROW_SIZE)), np.zeros(12)
    slo = np.zeros(3, dtype=np.int64)
    span_kernel(
        pods, consts, fleet, matrix, 0, out, inp, np.zeros(4), draws[:4], draws,
        np.zeros(SPAN_SIZE), slo, np.zeros((3, 3)), np.zeros(4), np.zeros((0, CLIENT_FIELDS)),
        np.zeros((0, DISK_FIELDS)),
    )  # fmt: skip
    return time.perf_counter() - started


def describe() -> str:
    """What the warm-up did, for the command line."""
    seconds = warm_up()
    if not JIT:
        return "tick kernel: plain Python (Numba missing or GAMEDAY_NO_JIT=1), nothing to compile"
    return f"tick kernel compiled or loaded from the cache in {seconds:.1f} s"
