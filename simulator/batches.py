"""Running a batch of independent engine runs: in this process, on local worker processes (every
core by default), or on a Dask distributed cluster (`--dask tcp://host:port`).

A task is a picklable value handed to a module-level function together with the batch's
scenario sources (their YAML text and file name); each worker process parses a source once and
keeps it. Results come back in the order of the tasks wherever they ran, and a run depends only
on its task, so the figures are the same serially, on N processes or on a cluster.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, TypeVar
from urllib.parse import urlsplit

from simulator.errors import GamedayError
from simulator.scenario import LoadedScenario, load_scenario_text

T = TypeVar("T")
R = TypeVar("R")
Sources = tuple[tuple[str, str], ...]  # (YAML text, file name) per scenario
Task = Callable[[Sources, Any], Any]

DASK_CONNECT_TIMEOUT = "10s"
TASKS_PER_WORKER = 4  # chunks per worker: few enough to keep scheduling cheap, enough to balance


@dataclass(frozen=True)
class Workers:
    """Where a batch runs: `jobs` local processes (1: in this process), or a Dask scheduler."""

    jobs: int = 1
    dask: str | None = None


@lru_cache(maxsize=16)
def _parsed(text: str, filename: str) -> LoadedScenario:
    return load_scenario_text(text, filename)


def scenario_of(sources: Sources, index: int) -> LoadedScenario:
    """The `index`th scenario of a batch, parsed once per process."""
    text, filename = sources[index]
    return _parsed(text, filename)


def _run_chunk(fn: Task, sources: Sources, chunk: list[Any]) -> list[Any]:
    return [fn(sources, task) for task in chunk]


_LOCAL: Sources = ()


def _remember(sources: Sources) -> None:
    global _LOCAL
    _LOCAL = sources


def dask_address(text: str) -> str:
    """A scheduler address as `--dask` takes it (`tcp://host:port`), or GamedayError."""
    try:
        parts = urlsplit(text)
        port = parts.port
    except ValueError:
        port = None
        parts = urlsplit("")
    if not parts.scheme or not parts.hostname or port is None:
        raise GamedayError(f"expected a Dask scheduler address like tcp://host:8786, got {text!r}")
    return text


def run_batch(fn: Task, sources: Sources, tasks: Sequence[T], workers: Workers) -> list[Any]:
    """`[fn(sources, task) for task in tasks]`, spread as `workers` says."""
    if workers.dask is not None:
        return _run_on_dask(fn, sources, list(tasks), workers.dask)
    if workers.jobs <= 1 or len(tasks) <= 1:
        return [fn(sources, task) for task in tasks]
    chunk = max(1, len(tasks) // (workers.jobs * TASKS_PER_WORKER))
    with ProcessPoolExecutor(workers.jobs, initializer=_remember, initargs=(sources,)) as pool:
        return list(pool.map(_call_local, [(fn, t) for t in tasks], chunksize=chunk))


def _call_local(pair: tuple[Task, Any]) -> Any:
    fn, task = pair
    return fn(_LOCAL, task)


def _client(address: str) -> Any:
    try:
        from distributed import Client
    except ImportError:
        raise GamedayError(
            "--dask needs Dask: pip install 'gameday-simulator[dask]' (dask and distributed)"
        ) from None
    try:
        return Client(address, timeout=DASK_CONNECT_TIMEOUT, set_as_default=False)
    except (OSError, TimeoutError, ValueError) as exc:
        raise GamedayError(f"cannot reach the Dask scheduler at {address}: {exc}") from None


def _run_on_dask(fn: Task, sources: Sources, tasks: list[Any], address: str) -> list[Any]:
    """The batch in chunks on a Dask cluster; results gathered in task order."""
    client = _client(address)
    try:
        workers = max(1, sum(client.nthreads().values()))
        size = max(1, len(tasks) // (workers * TASKS_PER_WORKER))
        chunks = [tasks[i : i + size] for i in range(0, len(tasks), size)]
        [shared] = client.scatter([sources], broadcast=True)
        futures = client.map(
            _run_chunk, [fn] * len(chunks), [shared] * len(chunks), chunks, pure=False
        )
        return [result for chunk in client.gather(futures) for result in chunk]
    finally:
        client.close()
