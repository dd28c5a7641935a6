"""Tables kept apart from the session store's migration chain (teams, join lockouts, the
library, cohorts): each set has its own `MetaData` and is created when missing whenever it is
first used on a store."""

from __future__ import annotations

from sqlalchemy import Connection, MetaData


def create_missing(conn: Connection, metadata: MetaData, lock_key: int) -> None:
    """Create `metadata`'s tables when missing, inside the caller's write transaction.

    On PostgreSQL an advisory lock (`lock_key`, one per set of tables) makes two processes that
    create the same tables at once take turns: `CREATE TABLE IF NOT EXISTS` alone races on the
    catalogue (the loser fails on a unique index of `pg_type`)."""
    if conn.dialect.name == "postgresql":
        conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({int(lock_key)})")
    metadata.create_all(conn, checkfirst=True)
