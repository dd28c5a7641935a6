"""The store's tables (SQLAlchemy Core) and its schema migrations.

Layout (schema version 1):

- `schema_version(version)`: one row, the number of migrations applied.
- `sessions`: one row per session, written once and never updated: the scenario text and its hash,
  the seed, the initial speed, solo or not, the join code and a SHA-256 hash of the facilitator
  secret. Status is never stored: it is derived from the events.
- `participants`: who joined which session, under which name and role.
- `events`: the append-only log. `(session_id, seq)` is the primary key and `seq` runs 1, 2, 3...
  without gaps per session; `(session_id, client_id)` is unique, so a double submit is stored once
  (NULL client ids do not collide on either backend). `payload` is JSON text.

Schema version 2 adds the improvement plan (the facilitator's edited action items):

- `action_plans`: one row per session whose plan was saved (when, and whether it was), so an
  emptied plan is told apart from one never edited.
- `action_items`: the plan's rows in order (`position` 1, 2, 3...): issue, corrective action,
  owner, priority, due date (ISO or empty), status. Saving replaces a session's rows at once.

Migrations are plain functions applied in order, each in the same write transaction as the
version bump. A migration is frozen once released: change the schema by appending a new one.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    Connection,
    Float,
    ForeignKey,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
    insert,
    select,
    update,
)

from simulator.session.errors import StoreError

metadata = MetaData()

schema_version = Table(
    "schema_version",
    metadata,
    Column("version", Integer, nullable=False),
)

sessions = Table(
    "sessions",
    metadata,
    Column("id", String(40), primary_key=True),
    Column("scenario_id", String(200), nullable=False),
    Column("scenario_file", String(500), nullable=False),
    Column("scenario_text", Text, nullable=False),
    Column("scenario_sha256", String(64), nullable=False),
    Column("seed", BigInteger, nullable=False),
    Column("speed", Float, nullable=False),
    Column("solo", Boolean, nullable=False),
    Column("join_code", String(16), nullable=False),
    Column("facilitator_secret", String(64), nullable=False),  # sha256 hex of the secret
    Column("created_at", Float, nullable=False),
)

participants = Table(
    "participants",
    metadata,
    Column("session_id", String(40), ForeignKey("sessions.id"), primary_key=True),
    Column("id", String(40), primary_key=True),
    Column("name", String(100), nullable=False),
    Column("role", String(20), nullable=False),
    Column("joined_at", Float, nullable=False),
)

events = Table(
    "events",
    metadata,
    Column("session_id", String(40), ForeignKey("sessions.id"), primary_key=True),
    Column("seq", Integer, primary_key=True, autoincrement=False),
    Column("wall_time", Float, nullable=False),
    Column("sim_time", Float, nullable=False),
    Column("actor", String(40), nullable=True),
    Column("role", String(20), nullable=True),
    Column("kind", String(40), nullable=False),
    Column("payload", Text, nullable=False),
    Column("client_id", String(200), nullable=True),
    UniqueConstraint("session_id", "client_id", name="uq_events_session_client"),
)

action_plans = Table(
    "action_plans",
    metadata,
    Column("session_id", String(40), ForeignKey("sessions.id"), primary_key=True),
    Column("saved_at", Float, nullable=False),
)

action_items = Table(
    "action_items",
    metadata,
    Column("session_id", String(40), ForeignKey("sessions.id"), primary_key=True),
    Column("position", Integer, primary_key=True, autoincrement=False),
    Column("issue", Text, nullable=False),
    Column("action", Text, nullable=False),
    Column("owner", String(100), nullable=False),
    Column("priority", String(20), nullable=False),
    Column("due", String(10), nullable=False),
    Column("status", String(20), nullable=False),
)

Migration = Callable[[Connection], None]


def _v1_create_tables(conn: Connection) -> None:
    metadata.create_all(conn, tables=[sessions, participants, events])


def _v2_action_plans(conn: Connection) -> None:
    metadata.create_all(conn, tables=[action_plans, action_items])


MIGRATIONS: tuple[Migration, ...] = (_v1_create_tables, _v2_action_plans)
CURRENT_VERSION = len(MIGRATIONS)


def stored_version(conn: Connection) -> int:
    """The schema version recorded in the store (0 for an empty store)."""
    schema_version.create(conn, checkfirst=True)
    version = conn.execute(select(schema_version.c.version)).scalar()
    if version is None:
        conn.execute(insert(schema_version).values(version=0))
        return 0
    return int(version)


def migrate(conn: Connection, migrations: Sequence[Migration] = MIGRATIONS) -> tuple[int, int]:
    """Bring the schema up to `len(migrations)` inside the caller's write transaction.

    Returns (version before, version after). A store newer than this program is refused rather
    than touched.
    """
    before = stored_version(conn)
    target = len(migrations)
    if before > target:
        raise StoreError(
            f"the session store has schema version {before}, newer than this program "
            f"understands ({target}); upgrade gameday-simulator"
        )
    for index in range(before, target):
        migrations[index](conn)
        conn.execute(update(schema_version).values(version=index + 1))
    return before, target
