"""The compiled kernel's disk cache follows its sources.

Numba checks a cached function only against its own file's time stamp. The kernel reads slot
numbers from `layout.py` and calls functions from other files, so the cache directory is named
after a digest of every source the kernel is compiled from (`jit.KERNEL_SOURCES`). These tests
check that the list misses nothing the compiled functions reach, and that the cache lands in
the directory of the current digest.
"""

from __future__ import annotations

import ast
import os
import subprocess
import sys
import types
from pathlib import Path

import pytest

import simulator.engine.kernel.span  # every compiled function registered
import simulator.engine.kernel.warm  # noqa: F401
from simulator.engine.kernel import jit
from tests.conftest import ROOT


def _code_names(code: types.CodeType) -> set[str]:
    names = set(code.co_names)
    for const in code.co_consts:
        if isinstance(const, types.CodeType):
            names |= _code_names(const)
    return names


def _imported(path: Path) -> dict[str, Path]:
    """Each name a module imports from another `simulator` module, with that module's file."""
    found: dict[str, Path] = {}
    for node in ast.parse(path.read_text()).body:
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("simulator"):
            module = sys.modules[str(node.module)]
            for alias in node.names:
                value = getattr(module, alias.name)
                origin = value if isinstance(value, types.ModuleType) else module
                found[alias.asname or alias.name] = Path(str(origin.__file__)).resolve()
    return found


def _reached(fn: types.FunctionType) -> set[Path]:
    """The files a compiled function reads: its own, and the module of each global it names
    that its module imports from elsewhere in `simulator`."""
    own = Path(fn.__code__.co_filename).resolve()
    imports = _imported(own)
    return {own} | {imports[name] for name in _code_names(fn.__code__) if name in imports}


def test_every_source_the_compiled_kernel_reads_is_in_the_digest() -> None:
    assert jit.COMPILED, "no function was handed to kernel()"
    sources = {path.resolve() for path in jit.KERNEL_SOURCES}
    reached: set[Path] = set()
    for fn in jit.COMPILED:
        reached |= _reached(fn)
    for path in list(reached):  # the layout's own inputs (the metric names)
        if path.parent == jit.KERNEL_DIR:
            reached |= set(_imported(path).values())
    missing = sorted(str(path.relative_to(ROOT)) for path in reached - sources)
    assert not missing, f"add to jit.KERNEL_SOURCES: {missing}"


def test_the_digest_changes_with_any_source(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    copies = []
    for index, path in enumerate(jit.KERNEL_SOURCES):
        copy = tmp_path / f"{index}-{path.name}"
        copy.write_bytes(path.read_bytes())
        copies.append(copy)
    monkeypatch.setattr(jit, "KERNEL_SOURCES", tuple(copies))
    before = jit.sources_digest()
    assert before == jit.sources_digest()
    seen = {before}
    for copy in copies:
        original = copy.read_bytes()
        copy.write_bytes(original + b"\n# changed\n")
        seen.add(jit.sources_digest())
        copy.write_bytes(original)
    assert len(seen) == len(copies) + 1


@pytest.mark.skipif(not jit.JIT, reason="Numba is not installed: the kernel runs as Python")
def test_the_compiled_kernel_is_cached_under_its_digest(tmp_path: Path) -> None:
    env = {**os.environ, "NUMBA_CACHE_DIR": str(tmp_path)}
    warm = "from simulator.engine.kernel.warm import describe; print(describe())"
    subprocess.run([sys.executable, "-c", warm], cwd=ROOT, env=env, check=True, timeout=300)
    (directory,) = tmp_path.iterdir()
    assert directory.name == jit.CACHE_PREFIX + jit.sources_digest()
    assert list(directory.rglob("*.nbi")), "no index of compiled functions in the cache"
