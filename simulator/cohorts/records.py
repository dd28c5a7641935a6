"""A cohort as stored: its row and its member sessions, in tables of their own.

Like the library's tables, they live in their own `MetaData`, apart from the session store's
migration chain, and are created when missing whenever cohorts are opened on a store:

- `cohorts(id)`: the cohort's name, scenario (id and file), seed and initial speed, the SHA-256 of
  the facilitator secret (the secret of every member session too) and when it was created.
- `cohort_members(cohort_id, position)`: the member sessions in the order the teams were
  entered, with each team's name. A member's own row stays in `sessions` (its team in
  `session_teams`); the cohort only groups them.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import (
    BigInteger,
    Column,
    Connection,
    Float,
    ForeignKey,
    Integer,
    MetaData,
    String,
    Table,
    insert,
    select,
)

from simulator.session import Store, create_missing

PG_CREATE_LOCK = 5318032  # advisory lock: two processes creating the tables at once

metadata = MetaData()

cohorts = Table(
    "cohorts",
    metadata,
    Column("id", String(40), primary_key=True),
    Column("name", String(100), nullable=False),
    Column("scenario_id", String(200), nullable=False, index=True),
    Column("scenario_file", String(500), nullable=False),
    Column("seed", BigInteger, nullable=False),
    Column("speed", Float, nullable=False),
    Column("facilitator_secret", String(64), nullable=False),  # sha256 hex of the secret
    Column("created_at", Float, nullable=False),
)

members = Table(
    "cohort_members",
    metadata,
    Column("cohort_id", String(40), ForeignKey("cohorts.id"), primary_key=True),
    Column("position", Integer, primary_key=True, autoincrement=False),
    Column("session_id", String(40), nullable=False),
    Column("team", String(60), nullable=False),
)


@dataclass(frozen=True)
class Member:
    """One team of a cohort and the session it plays."""

    team: str
    session_id: str
    join_code: str


@dataclass(frozen=True)
class CohortRecord:
    """A cohort's row and its members in the order the teams were entered."""

    id: str
    name: str
    scenario_id: str
    scenario_file: str
    seed: int
    speed: float
    facilitator_secret: str
    created_at: float
    members: tuple[Member, ...]

    @property
    def session_ids(self) -> tuple[str, ...]:
        return tuple(m.session_id for m in self.members)

    def member(self, session_id: str) -> Member | None:
        return next((m for m in self.members if m.session_id == session_id), None)


def create_tables(store: Store) -> None:
    """Create the cohort tables when missing (`CREATE TABLE IF NOT EXISTS`)."""
    with store.write() as conn:
        create_missing(conn, metadata, PG_CREATE_LOCK)


def insert_cohort(conn: Connection, record: CohortRecord) -> None:
    row = {k: v for k, v in record.__dict__.items() if k != "members"}
    conn.execute(insert(cohorts).values(**row))
    for position, member in enumerate(record.members):
        conn.execute(
            insert(members).values(
                cohort_id=record.id,
                position=position,
                session_id=member.session_id,
                team=member.team,
            )
        )


def read_cohort(store: Store, cohort_id: str) -> CohortRecord | None:
    """The cohort with its members (join codes from their sessions), or None."""
    with store.read() as conn:
        row = conn.execute(select(cohorts).where(cohorts.c.id == cohort_id)).first()
        if row is None:
            return None
        query = select(members).where(members.c.cohort_id == cohort_id).order_by(members.c.position)
        rows = conn.execute(query).all()
    found = tuple(
        Member(str(m.team), str(m.session_id), store.session(str(m.session_id)).join_code)
        for m in rows
    )
    return CohortRecord(**row._mapping, members=found)


def cohort_ids(store: Store, scenario_id: str | None = None) -> list[str]:
    """Every cohort's id, oldest first (only those of `scenario_id` when given)."""
    query = select(cohorts.c.id).order_by(cohorts.c.created_at, cohorts.c.id)
    if scenario_id is not None:
        query = query.where(cohorts.c.scenario_id == scenario_id)
    with store.read() as conn:
        return [str(row[0]) for row in conn.execute(query)]
