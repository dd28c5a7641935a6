"""Keeping each session's engine in step with the store (the machinery under `service.py`).

A read takes the session's lock in this process, applies the events other processes stored since
(or replays the whole log when the cached Run is missing or stale), reads the clock and advances
the Run to it. A write does the same inside the store's append transaction for the session,
builds the event from the Run and the clock, applies it and stores it with its outcome; if the
transaction does not commit, the Run (which may be ahead of the store) is dropped and rebuilt on
the next call.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from sqlalchemy import Connection

from simulator.scenario import LoadedScenario, load_scenario_text
from simulator.scenario.loader import scenario_digest
from simulator.session.cache import RunCache
from simulator.session.clock import ClockEvent, ClockReading
from simulator.session.errors import SessionError, StoreConflict, StoreError
from simulator.session.lru import LRU
from simulator.session.run import Run, StaleRun, replay
from simulator.session.store import (
    Appender,
    NewEvent,
    SessionRecord,
    Store,
    StoredEvent,
    events_after,
)

T = TypeVar("T")
WRITE_ATTEMPTS = 3
SCENARIO_CACHE = 64  # distinct scenario texts kept parsed (a library has tens)


@dataclass(frozen=True)
class Pending:
    """An event to store; `engine_done` when the engine has already applied it (actions)."""

    event: NewEvent
    engine_done: bool = False


Build = Callable[[Run, ClockReading, float, Appender], "Pending | StoredEvent"]


class RunKeeper:
    """One Run per session in this process, kept in step with the store."""

    def __init__(self, store: Store, clock: Callable[[], float], runs: RunCache) -> None:
        self.store = store
        self.clock = clock
        self.runs = runs
        # Parsed scenarios by (text digest, file name): sessions of one scenario share one parse.
        self._loaded: LRU[tuple[str, str], LoadedScenario] = LRU(SCENARIO_CACHE)

    def loaded_for(self, record: SessionRecord) -> LoadedScenario:
        """The session's scenario, parsed once per process while it is in use."""
        return self.parse(record.scenario_text, record.scenario_file, record.scenario_sha256)

    def parse(self, text: str, filename: str, sha256: str | None = None) -> LoadedScenario:
        """A scenario text, parsed (ScenarioError when invalid) or taken from the cache."""
        key = (sha256 or scenario_digest(text), filename)
        loaded = self._loaded.get(key)
        if loaded is None:
            loaded = load_scenario_text(text, filename)
            self.remember(loaded)
        return loaded

    def remember(self, loaded: LoadedScenario) -> None:
        """A scenario parsed elsewhere (a session was just created from it)."""
        self._loaded.put((loaded.sha256, loaded.filename), loaded)

    def fresh(
        self, record: SessionRecord, events: list[StoredEvent], until: float | None = None
    ) -> Run:
        """A Run replayed from `events`, up to sim time `until` when given (a StoreError when the
        log cannot be replayed)."""
        try:
            loaded = self.loaded_for(record)
            return replay(
                loaded,
                record.seed,
                record.speed,
                events,
                until=until,
                session_id=record.id,
                solo=record.solo,
            )
        except (StaleRun, KeyError, TypeError, ValueError) as exc:
            raise StoreError(
                f"session {record.id}: the event log cannot be replayed: {exc}"
            ) from None

    def _synced(self, record: SessionRecord, fetch: Callable[[int], list[StoredEvent]]) -> Run:
        """The session's Run, with every stored event applied (call with its lock held)."""
        run = self.runs.get(record.id)
        if run is None:
            run = self.fresh(record, fetch(0))
        else:
            try:
                for event in fetch(run.last_seq):
                    run.apply(event)
            except StaleRun:
                run = self.fresh(record, fetch(0))
            except (KeyError, TypeError, ValueError) as exc:
                self.runs.drop(record.id)
                raise StoreError(
                    f"session {record.id}: an event cannot be applied: {exc}"
                ) from None
        self.runs.put(record.id, run)
        return run

    def read(self, record: SessionRecord, use: Callable[[Run, ClockReading], T]) -> T:
        """`use(run, reading)` on the session's Run, synced with the store and advanced to the
        clock (advance-on-read)."""
        session_id = record.id
        with self.runs.lock(session_id):
            try:
                with self.store.read() as conn:
                    run = self._synced(record, _fetcher(conn, session_id))
                reading = run.reading(self.clock())
                run.advance_to(reading)
                return use(run, reading)
            except BaseException:
                self.runs.drop(session_id)
                raise

    def write(self, record: SessionRecord, build: Build) -> StoredEvent:
        """Build an event from the synced Run and the clock, apply it and store it, in one
        transaction; retried on a store conflict, the Run dropped whenever it may be ahead."""
        session_id = record.id
        for attempt in range(WRITE_ATTEMPTS):
            with self.runs.lock(session_id):
                try:
                    with self.store.appending(session_id) as tx:
                        run = self._synced(record, tx.events_after)
                        now = self.clock()
                        result = build(run, run.reading(now), now, tx)
                        if isinstance(result, StoredEvent):
                            return result
                        stored = tx.append(result.event)
                        if result.engine_done:
                            run.mark(stored)
                        else:
                            run.apply(stored)
                    return stored
                except StoreConflict:
                    self.runs.drop(session_id)
                    if attempt == WRITE_ATTEMPTS - 1:
                        raise
                except SessionError as exc:
                    if isinstance(exc, StoreError):  # the engine may be ahead of the store
                        self.runs.drop(session_id)
                    raise  # otherwise refused before anything touched the engine
                except BaseException:
                    self.runs.drop(session_id)
                    raise
        raise AssertionError("unreachable")


def _fetcher(conn: Connection, session_id: str) -> Callable[[int], list[StoredEvent]]:
    return lambda seq: events_after(conn, session_id, seq)


def clock_event(event: StoredEvent) -> ClockEvent:
    value = event.payload.get("value")
    return ClockEvent(event.kind, event.wall_time, None if value is None else float(value))
