"""The event store: sessions, participants and the append-only event log, on SQLAlchemy Core.

SQLite file by default, PostgreSQL when `GAMEDAY_DATABASE_URL` says `postgresql+psycopg://...`.

Appending is safe under concurrency on both backends because every write runs in a transaction
that first takes the session's write lock, then reads the last `seq` and inserts `seq + 1`:

- SQLite: every write transaction starts with `BEGIN IMMEDIATE` (the SQLAlchemy recipe: pysqlite's
  own BEGIN is turned off on connect, the `begin` event emits ours). The database-wide write lock
  is taken before the first read, so read-then-write never races, and WAL lets readers go on;
  `busy_timeout` makes writers wait rather than fail.
- PostgreSQL: the session's row is locked with `SELECT ... FOR NO KEY UPDATE` first; appenders to
  one session queue on that lock (other sessions are not held up) and READ COMMITTED lets each see
  its predecessor's rows once it has the lock.

The unique `(session_id, seq)` and `(session_id, client_id)` constraints are the backstop: a
conflict rolls the whole transaction back rather than storing a gap or a duplicate.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, bindparam, create_engine, event, func, insert, select
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, IntegrityError, NoSuchModuleError, SQLAlchemyError

from simulator.session import tables as t
from simulator.session import teams
from simulator.session.errors import SessionNotFound, StoreConflict, StoreError

ENV_URL = "GAMEDAY_DATABASE_URL"
PROJECT_ROOT = Path(__file__).resolve().parents[2]
BUSY_TIMEOUT_MS = 30_000  # a writer waits this long for SQLite's write lock (CLI, scripts)
_WRITE = "gameday_write"
LOCKED_HINT = "another program is writing to the SQLite file; try again in a moment"


def default_url() -> str:
    return f"sqlite:///{PROJECT_ROOT / '.gameday' / 'gameday.db'}"


def database_url(environ: Mapping[str, str] | None = None) -> str:
    """The store URL: `GAMEDAY_DATABASE_URL`, else a SQLite file under `<project>/.gameday/`."""
    env = os.environ if environ is None else environ
    return env.get(ENV_URL, "").strip() or default_url()


AlsoWrite = Callable[[Connection, str], None]
"""Rows written with a new session, in its transaction: `(conn, session_id)`."""


@dataclass(frozen=True)
class SessionRecord:
    """A session's row. `facilitator_secret` is the SHA-256 hex of the secret, never the secret."""

    id: str
    scenario_id: str
    scenario_file: str
    scenario_text: str
    scenario_sha256: str
    seed: int
    speed: float
    solo: bool
    join_code: str
    facilitator_secret: str
    created_at: float


@dataclass(frozen=True)
class ParticipantRecord:
    session_id: str
    id: str
    name: str
    role: str
    joined_at: float

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "name": self.name, "role": self.role, "joined_at": self.joined_at}


@dataclass(frozen=True)
class NewEvent:
    """An event before it is stored (the store assigns `seq`)."""

    kind: str
    wall_time: float
    sim_time: float
    payload: Mapping[str, Any]
    actor: str | None = None
    role: str | None = None
    client_id: str | None = None


@dataclass(frozen=True)
class StoredEvent:
    """One stored event; `payload` is decoded JSON (treat it as read-only)."""

    session_id: str
    seq: int
    kind: str
    wall_time: float
    sim_time: float
    payload: Mapping[str, Any]
    actor: str | None = None
    role: str | None = None
    client_id: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "session_id": self.session_id,
            "seq": self.seq,
            "kind": self.kind,
            "wall_time": self.wall_time,
            "sim_time": self.sim_time,
            "actor": self.actor,
            "role": self.role,
            "client_id": self.client_id,
            "payload": dict(self.payload),
        }


def _safe(url: URL | str) -> str:
    if isinstance(url, URL):
        return url.render_as_string(hide_password=True)
    return url


def _reason(exc: BaseException) -> str:
    """The driver's own message, first line only, without SQLAlchemy's SQL echo and links."""
    orig = getattr(exc, "orig", None) or exc
    text = str(orig).strip().splitlines()
    first = text[0] if text else type(orig).__name__
    return f"{first} ({LOCKED_HINT})" if first == "database is locked" else first


class Store:
    """One database holding every session. Thread-safe; create one per process and share it."""

    def __init__(
        self,
        url: str | None = None,
        migrations: tuple[t.Migration, ...] | None = None,
        busy_timeout_ms: int = BUSY_TIMEOUT_MS,
    ):
        """`busy_timeout_ms`: how long a SQLite writer waits for another writer's lock before
        the write fails with a `StoreError` ("database is locked"). The web app passes a few
        seconds so a click reports a held lock soon and retries with backoff, rather than
        hanging for 30 s; PostgreSQL ignores it."""
        self.busy_timeout_ms = busy_timeout_ms
        raw = url if url is not None else database_url()
        try:
            self.url = make_url(raw)
        except ArgumentError:
            raise StoreError(
                f"bad session store URL {raw!r}: expected sqlite:///PATH or "
                "postgresql+psycopg://USER@HOST:PORT/DATABASE"
            ) from None
        self.backend = self.url.get_backend_name()
        if self.backend not in ("sqlite", "postgresql"):
            raise StoreError(
                f"unsupported session store {_safe(self.url)!r}: use sqlite:///PATH or "
                "postgresql+psycopg://..."
            )
        self.engine = self._create_engine()
        self._writer = self.engine.execution_options(**{_WRITE: True})
        with self.write() as conn:
            if self.backend == "postgresql":
                # Two processes opening a new database at once must not both create the tables.
                conn.exec_driver_sql("SELECT pg_advisory_xact_lock(5318008)")
            self.schema = t.migrate(conn, migrations if migrations is not None else t.MIGRATIONS)
            teams.create_tables(conn)  # apart from the migration chain (teams.py)

    def __repr__(self) -> str:
        return f"Store({_safe(self.url)!r})"

    # ------------------------------------------------------------------ engine set-up

    def _create_engine(self) -> Engine:
        try:
            if self.backend == "sqlite":
                return self._sqlite_engine()
            return create_engine(self.url, pool_pre_ping=True)
        except (ArgumentError, NoSuchModuleError, ImportError) as exc:
            raise StoreError(f"cannot open session store {_safe(self.url)}: {exc}") from None

    def _sqlite_engine(self) -> Engine:
        database = self.url.database
        if database and database != ":memory:" and not database.startswith("file:"):
            path = Path(database).expanduser()
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise StoreError(
                    f"cannot create the session store directory {path.parent}: {exc.strerror}"
                ) from None
        wait_ms = self.busy_timeout_ms
        engine = create_engine(
            self.url, connect_args={"timeout": wait_ms / 1000, "check_same_thread": False}
        )
        event.listen(engine, "connect", _sqlite_on_connect(wait_ms))
        event.listen(engine, "begin", _sqlite_on_begin)
        return engine

    def close(self) -> None:
        self.engine.dispose()

    # ------------------------------------------------------------------ transactions

    @contextmanager
    def _guard(self) -> Iterator[None]:
        """Turn database failures into a StoreError with a one-line reason (never a traceback)."""
        try:
            yield
        except IntegrityError as exc:
            raise StoreConflict(f"session store {_safe(self.url)}: {_reason(exc)}") from None
        except SQLAlchemyError as exc:
            raise StoreError(f"session store {_safe(self.url)}: {_reason(exc)}") from None

    @contextmanager
    def read(self) -> Iterator[Connection]:
        with self._guard(), self.engine.connect() as conn:
            yield conn

    @contextmanager
    def write(self) -> Iterator[Connection]:
        """A write transaction (BEGIN IMMEDIATE on SQLite), committed when the block ends."""
        with self._guard(), self._writer.begin() as conn:
            yield conn

    @contextmanager
    def appending(self, session_id: str) -> Iterator[Appender]:
        """A write transaction holding `session_id`'s append lock (see the module docstring)."""
        with self._guard(), self._writer.begin() as conn:
            lock = select(t.sessions.c.id).where(t.sessions.c.id == session_id)
            if conn.execute(lock.with_for_update(key_share=True)).first() is None:
                raise SessionNotFound(f"no session {session_id!r} (see: gameday sessions)")
            yield Appender(conn, session_id)

    # ------------------------------------------------------------------ sessions

    def create_session(self, record: SessionRecord, also: AlsoWrite | None = None) -> None:
        """Insert the session's row; `also(conn, session_id)` writes rows that belong with it (a
        library pin) in the same transaction, so a failure leaves neither."""
        with self.write() as conn:
            conn.execute(insert(t.sessions).values(**record.__dict__))
            if also is not None:
                also(conn, record.id)

    def session(self, session_id: str) -> SessionRecord:
        with self.read() as conn:
            row = conn.execute(select(t.sessions).where(t.sessions.c.id == session_id)).first()
        if row is None:
            raise SessionNotFound(f"no session {session_id!r} (see: gameday sessions)")
        return SessionRecord(**row._mapping)

    def sessions(self) -> list[SessionRecord]:
        with self.read() as conn:
            rows = conn.execute(select(t.sessions).order_by(t.sessions.c.created_at)).all()
        return [SessionRecord(**row._mapping) for row in rows]

    # ------------------------------------------------------------------ participants

    def participants(self, session_id: str) -> list[ParticipantRecord]:
        table = t.participants
        query = select(table).where(table.c.session_id == session_id).order_by(table.c.joined_at)
        with self.read() as conn:
            return [ParticipantRecord(**row._mapping) for row in conn.execute(query)]

    # ------------------------------------------------------------------ events

    def events(
        self, session_id: str, after: int = 0, kinds: tuple[str, ...] = ()
    ) -> list[StoredEvent]:
        with self.read() as conn:
            return events_after(conn, session_id, after, kinds)

    def sessions_with(self, kind: str) -> list[str]:
        """Ids of the sessions that have at least one event of `kind` (one query)."""
        e = t.events
        query = select(e.c.session_id).where(e.c.kind == kind).distinct()
        with self.read() as conn:
            return sorted(str(row[0]) for row in conn.execute(query))

    def max_seq(self, session_id: str) -> int:
        with self.read() as conn:
            return max_seq(conn, session_id)


class Appender:
    """The open transaction of one session's append lock."""

    def __init__(self, conn: Connection, session_id: str) -> None:
        self.conn = conn
        self.session_id = session_id
        self.last_seq = max_seq(conn, session_id)

    def events_after(self, seq: int) -> list[StoredEvent]:
        return events_after(self.conn, self.session_id, seq)

    def participant(self, participant_id: str) -> ParticipantRecord | None:
        p = t.participants
        query = select(p).where(p.c.session_id == self.session_id, p.c.id == participant_id)
        row = self.conn.execute(query).first()
        return ParticipantRecord(**row._mapping) if row is not None else None

    def participants(self) -> list[ParticipantRecord]:
        p = t.participants
        query = select(p).where(p.c.session_id == self.session_id).order_by(p.c.joined_at)
        return [ParticipantRecord(**row._mapping) for row in self.conn.execute(query)]

    def add_participant(self, record: ParticipantRecord) -> None:
        self.conn.execute(insert(t.participants).values(**record.__dict__))

    def by_client_id(self, client_id: str) -> StoredEvent | None:
        e = t.events
        query = select(e).where(e.c.session_id == self.session_id, e.c.client_id == client_id)
        row = self.conn.execute(query).first()
        return _event(row._mapping) if row is not None else None

    def append(self, new: NewEvent) -> StoredEvent:
        stored = StoredEvent(
            session_id=self.session_id,
            seq=self.last_seq + 1,
            kind=new.kind,
            wall_time=new.wall_time,
            sim_time=new.sim_time,
            payload=dict(new.payload),
            actor=new.actor,
            role=new.role,
            client_id=new.client_id,
        )
        row = stored.to_dict()
        row["payload"] = json.dumps(row["payload"], separators=(",", ":"), ensure_ascii=False)
        self.conn.execute(insert(t.events).values(**row))
        self.last_seq = stored.seq
        return stored


def max_seq(conn: Connection, session_id: str) -> int:
    query = select(func.max(t.events.c.seq)).where(t.events.c.session_id == session_id)
    return int(conn.execute(query).scalar() or 0)


# Built once: a live page reads a session's new events every second for every participant, and
# building the statement cost more than running it (issue 13).
_AFTER = (
    select(t.events)
    .where(t.events.c.session_id == bindparam("sid"), t.events.c.seq > bindparam("seq"))
    .order_by(t.events.c.seq)
)


def events_after(
    conn: Connection, session_id: str, seq: int, kinds: tuple[str, ...] = ()
) -> list[StoredEvent]:
    query = _AFTER.where(t.events.c.kind.in_(kinds)) if kinds else _AFTER
    rows = conn.execute(query, {"sid": session_id, "seq": seq})
    return [_event(row._mapping) for row in rows]


def _event(row: Mapping[Any, Any]) -> StoredEvent:
    try:
        payload = json.loads(row["payload"])
    except (TypeError, ValueError):
        raise StoreError(
            f"session {row['session_id']}: event {row['seq']} has a payload that is not JSON"
        ) from None
    return StoredEvent(
        session_id=row["session_id"],
        seq=int(row["seq"]),
        kind=row["kind"],
        wall_time=float(row["wall_time"]),
        sim_time=float(row["sim_time"]),
        payload=payload,
        actor=row["actor"],
        role=row["role"],
        client_id=row["client_id"],
    )


def _sqlite_on_connect(busy_timeout_ms: int) -> Callable[[Any, Any], None]:
    """The `connect` hook of a SQLite engine whose writers wait `busy_timeout_ms` for the lock."""

    def on_connect(dbapi_connection: Any, _record: Any) -> None:
        _sqlite_pragmas(dbapi_connection, busy_timeout_ms)

    return on_connect


def _sqlite_pragmas(dbapi_connection: Any, busy_timeout_ms: int) -> None:
    # Take transaction control away from pysqlite (it would BEGIN lazily, DEFERRED); the
    # `begin` hook below emits our own BEGIN. Then the pragmas every connection needs.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute(f"PRAGMA busy_timeout = {int(busy_timeout_ms)}")
        cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute("PRAGMA synchronous = NORMAL")
        cursor.execute("PRAGMA foreign_keys = ON")
    finally:
        cursor.close()


def _sqlite_on_begin(conn: Connection) -> None:
    # Writers take the write lock up front: a DEFERRED read-then-write transaction would fail with
    # SQLITE_BUSY when another writer got in between, instead of waiting its turn.
    if conn.get_execution_options().get(_WRITE):
        conn.exec_driver_sql("BEGIN IMMEDIATE")
    else:
        conn.exec_driver_sql("BEGIN")
