"""Choosing the compiler for the tick kernel: Numba when it is installed, else plain Python.

The kernel's functions are written in the subset of Python that Numba compiles (floats, ints,
float arrays, `math`), so the very same source runs either way: compiled with `numba.njit` (no
fast-math, so IEEE arithmetic in the written order and the same floats as CPython), or as is when
Numba is missing or `GAMEDAY_NO_JIT=1`. Compiled code is cached on disk (`cache=True`), so the
compile is paid once per install; `gameday warmup` pays it up front (see
docs/how-to/performance.md).

Numba checks a cached function only against its own file's time stamp, not against the
constants it reads from `layout.py` or the functions it calls from other files. A checkout that
changed only `layout.py` would run machine code compiled against the old slot numbers. So the
cache lives in a directory named after a digest of every source the kernel is compiled from
(`KERNEL_SOURCES`): a change to any of them is a new directory and a fresh compile.
"""

from __future__ import annotations

import hashlib
import os
import shutil
from collections.abc import Callable
from pathlib import Path
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


KERNEL_DIR = Path(__file__).resolve().parent
_SIMULATOR = KERNEL_DIR.parent.parent
KERNEL_SOURCES = (
    *sorted(KERNEL_DIR.glob("*.py")),
    _SIMULATOR / "engine" / "queueing.py",
    _SIMULATOR / "engine" / "resources.py",
    _SIMULATOR / "metrics.py",
)
"""Every file the compiled kernel depends on: the kernel package, the engine modules whose
functions `kernel()` compiles, and the metric names the row layout is built from
(`tests/test_kernel_cache.py` checks that nothing the kernel uses is missing)."""
CACHE_PREFIX = "gameday-kernel-"

COMPILED: list[Callable[..., Any]] = []
"""Every function handed to `kernel()`, as written (checked against `KERNEL_SOURCES`)."""


def sources_digest() -> str:
    digest = hashlib.sha256()
    for path in KERNEL_SOURCES:
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def _writable(directory: Path) -> bool:
    try:
        directory.mkdir(parents=True, exist_ok=True)
    except OSError:
        return False
    return os.access(directory, os.W_OK)


def _cache_dir(numba: Any) -> Path:
    """Where this version of the kernel's machine code is cached: under `NUMBA_CACHE_DIR` when
    that is set, else in `__pycache__` beside this file, else (a read-only install) in the
    user's cache directory; always in a subdirectory named after `sources_digest()`. Beside the
    package, the directories of earlier versions are removed (nothing else uses them)."""
    name = CACHE_PREFIX + sources_digest()
    if numba.config.CACHE_DIR:
        return Path(numba.config.CACHE_DIR) / name
    beside = KERNEL_DIR / "__pycache__"
    if _writable(beside):
        for old in beside.glob(CACHE_PREFIX + "*"):
            if old.name != name:
                shutil.rmtree(old, ignore_errors=True)
        for loose in (*beside.glob("*.nbi"), *beside.glob("*.nbc")):  # before the digest
            loose.unlink(missing_ok=True)
        return beside / name
    home = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(home) / "gameday" / name


_NUMBA = _numba()
if _NUMBA is not None:
    _NUMBA.config.CACHE_DIR = str(_cache_dir(_NUMBA))
JIT = _NUMBA is not None
KERNEL_NAME = f"numba {_NUMBA.__version__}" if _NUMBA is not None else "python"


def kernel(fn: F) -> F:
    """Compile `fn` with Numba (cached on disk) when available; else return it unchanged."""
    COMPILED.append(fn)
    if _NUMBA is None:
        return fn
    return _NUMBA.njit(cache=True, nogil=True)(fn)
