"""Choosing the compiler for the tick kernel: Numba when it is installed, else plain Python.

The kernel's functions are written in the subset of Python that Numba compiles (floats, ints,
float arrays, `math`), so the very same source runs either way: compiled with `numba.njit` (no
fast-math, so IEEE arithmetic in the written order and the same floats as CPython), or as is when
Numba is missing or `GAMEDAY_NO_JIT=1`. Compiled code is cached on disk (`cache=True`, in
`__pycache__` beside the source, or `NUMBA_CACHE_DIR`), so the compile is paid once per install;
`gameday warmup` pays it up front (see docs/how-to/performance.md).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Any, TypeVar

F = TypeVar("F", bound=Callable[..., Any])


def _numba() -> Any | None:
    if os.environ.get("GAMEDAY_NO_JIT", "") not in ("", "0"):
        return None
    try:
        import numba
    except ImportError:  # a platform without the compiler: the same kernel in plain Python
        return None
    return numba


_NUMBA = _numba()
JIT = _NUMBA is not None
KERNEL_NAME = f"numba {_NUMBA.__version__}" if _NUMBA is not None else "python"


def kernel(fn: F) -> F:
    """Compile `fn` with Numba (cached on disk) when available; else return it unchanged."""
    if _NUMBA is None:
        return fn
    return _NUMBA.njit(cache=True, nogil=True)(fn)
