"""A brake on guessing join codes, per client and shared by every process on the store.

After `max_failures` wrong join codes from one client within `window` seconds, that client's join
attempts (right or wrong, for any session) are refused for `lockout` seconds with
`TooManyAttempts`. Other clients are not affected: a participant who knows a session's id cannot
lock late joiners out by typing wrong codes. The count lives in two small tables in the store, so
every server process (and the CLI) sees it, and a restart does not forget it.

A client is whatever the caller says it is (the web app: the address its proxy reports, else the
connection's address, else the browser; the CLI: the process); only a SHA-256 of it is stored.
Facilitator secrets are not limited: at 196 bits they cannot be guessed.

The tables are created when missing (outside the numbered schema migrations: they hold only
short-lived counters, and old rows are deleted as new failures come in). Counting is a brake,
not a lock: two processes failing at the same instant on PostgreSQL may both count one short.
"""

from __future__ import annotations

import hashlib
import math
import os
import socket
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import Column, Float, Index, MetaData, String, Table, delete, func, insert, select

from simulator.durations import format_duration
from simulator.session.errors import TooManyAttempts
from simulator.session.side_tables import create_missing
from simulator.session.store import Store

_ADVISORY_KEY = 5318009  # store.py uses 5318008 for its own tables

metadata = MetaData()

join_failures = Table(
    "join_failures",
    metadata,
    Column("client", String(64), nullable=False),  # sha256 hex of the client identity
    Column("session_id", String(40), nullable=False),
    Column("at", Float, nullable=False),
    Index("ix_join_failures_client_at", "client", "at"),
)

join_lockouts = Table(
    "join_lockouts",
    metadata,
    Column("client", String(64), nullable=False),
    Column("until", Float, nullable=False),
    Index("ix_join_lockouts_client", "client"),
)


@dataclass(frozen=True)
class AttemptLimits:
    """`max_failures` wrong codes within `window` seconds lock a client out for `lockout` s."""

    max_failures: int = 10
    window: float = 600.0
    lockout: float = 300.0


def process_client() -> str:
    """The client a caller that names none is: this process (the CLI's case)."""
    return f"process:{socket.gethostname()}:{os.getpid()}"


def client_key(client: str) -> str:
    return hashlib.sha256(client.encode("utf-8", "surrogatepass")).hexdigest()


class GuessLimiter:
    """Wrong join codes per client, counted in the store."""

    def __init__(
        self, store: Store, clock: Callable[[], float], limits: AttemptLimits | None = None
    ) -> None:
        self.store = store
        self.clock = clock
        self.limits = limits if limits is not None else AttemptLimits()
        self._create_tables()

    def _create_tables(self) -> None:
        with self.store.write() as conn:
            create_missing(conn, metadata, _ADVISORY_KEY)

    def check(self, client: str) -> None:
        """Raise TooManyAttempts while the client is locked out."""
        now = self.clock()
        query = select(func.max(join_lockouts.c.until)).where(
            join_lockouts.c.client == client_key(client)
        )
        with self.store.read() as conn:
            until = conn.execute(query).scalar()
        if until is not None and now < until:
            raise TooManyAttempts(lockout_message(until - now))

    def failed(self, client: str, session_id: str) -> float | None:
        """Count a wrong code; returns the lockout's length in seconds when this one starts it."""
        key, now, limits = client_key(client), self.clock(), self.limits
        with self.store.write() as conn:
            conn.execute(delete(join_failures).where(join_failures.c.at <= now - limits.window))
            conn.execute(delete(join_lockouts).where(join_lockouts.c.until <= now))
            conn.execute(insert(join_failures).values(client=key, session_id=session_id, at=now))
            mine = join_failures.c.client == key
            count = conn.execute(
                select(func.count()).select_from(join_failures).where(mine)
            ).scalar_one()
            if count < limits.max_failures:
                return None
            conn.execute(delete(join_failures).where(mine))
            conn.execute(insert(join_lockouts).values(client=key, until=now + limits.lockout))
        return limits.lockout


def lockout_message(remaining: float) -> str:
    wait = format_duration(max(1.0, math.ceil(remaining)))
    return f"too many wrong join codes from here: try again in {wait}"
