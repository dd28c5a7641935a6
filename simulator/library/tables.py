"""The library's tables (SQLAlchemy Core), apart from the session store's own schema.

They live in their own `MetaData` and are created when the library is first opened on a store
(`CREATE TABLE IF NOT EXISTS`), so the session store's migration chain is not touched:

- `library_entries(workspace, entry_id)`: one row per stored scenario, with its origin (the
  shipped scenario it was copied from: id, text and hash, kept so the diff needs no file).
- `library_versions(workspace, entry_id, version)`: every save, with the exact text saved.
  Versions run 1, 2, 3... per entry and are never updated or deleted.
- `library_pins(session_id)`: the version a session was started from. The session row keeps
  the text itself (replay uses it); the pin says where it came from.
"""

from __future__ import annotations

from sqlalchemy import (
    Column,
    Connection,
    Float,
    ForeignKeyConstraint,
    Integer,
    MetaData,
    String,
    Table,
    Text,
)

from simulator.session import create_missing

metadata = MetaData()

entries = Table(
    "library_entries",
    metadata,
    Column("workspace", String(60), primary_key=True),
    Column("entry_id", String(200), primary_key=True),
    Column("origin_id", String(200), nullable=True),
    Column("origin_text", Text, nullable=True),
    Column("origin_sha256", String(64), nullable=True),
    Column("created_at", Float, nullable=False),
)

versions = Table(
    "library_versions",
    metadata,
    Column("workspace", String(60), primary_key=True),
    Column("entry_id", String(200), primary_key=True),
    Column("version", Integer, primary_key=True, autoincrement=False),
    Column("text", Text, nullable=False),
    Column("sha256", String(64), nullable=False),
    Column("title", String(500), nullable=False),
    Column("saved_at", Float, nullable=False),
    ForeignKeyConstraint(
        ["workspace", "entry_id"], ["library_entries.workspace", "library_entries.entry_id"]
    ),
)

pins = Table(
    "library_pins",
    metadata,
    Column("session_id", String(40), primary_key=True),
    Column("workspace", String(60), nullable=False),
    Column("entry_id", String(200), nullable=False),
    Column("version", Integer, nullable=False),
)

PG_CREATE_LOCK = 5318016  # advisory lock: two processes creating the tables at once


def create_tables(conn: Connection) -> None:
    """Create the library's tables when missing, inside the caller's write transaction."""
    create_missing(conn, metadata, PG_CREATE_LOCK)
