"""A session's team name: optional, set when the session is created, never changed.

Kept in its own table, `session_teams(session_id, team)`, apart from the `sessions` row and the
migration chain (like the library's tables): it is created when missing (`CREATE TABLE IF NOT
EXISTS`) whenever a store is opened, so a store written before team names existed keeps working
and its sessions simply have no team. The row is written in the session's own transaction.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from sqlalchemy import Column, Connection, MetaData, String, Table, insert, select

from simulator.session.checks import clean_text
from simulator.session.side_tables import create_missing

if TYPE_CHECKING:  # the store creates this table when it opens, so no import of it here
    from simulator.session.store import AlsoWrite, Store

MAX_TEAM = 60
PG_CREATE_LOCK = 5318024  # advisory lock: two processes creating the table at once

metadata = MetaData()

session_teams = Table(
    "session_teams",
    metadata,
    Column("session_id", String(40), primary_key=True),  # a sessions.id (no FK: another MetaData)
    Column("team", String(MAX_TEAM), nullable=False, index=True),
)


def create_tables(conn: Connection) -> None:
    """Create the team table when missing, inside the caller's write transaction."""
    create_missing(conn, metadata, PG_CREATE_LOCK)


def clean_team(name: object) -> str | None:
    """A team name as stored: trimmed, at most 60 characters; None for no name (None or blank).
    Anything else that is not text is a SessionError naming the field."""
    if name is None or (isinstance(name, str) and not name.strip()):
        return None
    return clean_text(name, "team", MAX_TEAM)


def team_writer(team: str | None, also: AlsoWrite | None = None) -> AlsoWrite | None:
    """`also` extended to write the session's team row (unchanged when there is no team)."""
    if team is None:
        return also

    def write(conn: Connection, session_id: str) -> None:
        conn.execute(insert(session_teams).values(session_id=session_id, team=team))
        if also is not None:
            also(conn, session_id)

    return write


def team_of(store: Store, session_id: str) -> str | None:
    query = select(session_teams.c.team).where(session_teams.c.session_id == session_id)
    with store.read() as conn:
        found = conn.execute(query).scalar()
    return None if found is None else str(found)


def teams_of(store: Store, session_ids: Iterable[str] | None = None) -> dict[str, str]:
    """Session id -> team name, for the given sessions (default: every session with a team)."""
    query = select(session_teams.c.session_id, session_teams.c.team)
    if session_ids is not None:
        query = query.where(session_teams.c.session_id.in_(list(session_ids)))
    with store.read() as conn:
        return {str(row[0]): str(row[1]) for row in conn.execute(query)}


def sessions_of_team(store: Store, team: str) -> list[str]:
    """The ids of the sessions played under `team` (exact name, case-insensitive)."""
    wanted = team.strip().casefold()
    return sorted(sid for sid, name in teams_of(store).items() if name.casefold() == wanted)
