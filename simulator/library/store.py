"""The scenario library API over the session store (SQLite or PostgreSQL, like the sessions).

Every save validates the text with the scenario loader first (a `ScenarioError` with every
located problem when it is invalid) and stores it as the entry's next version, byte for byte:
`get(...).text` is exactly what was saved, so an export is identical to it. Saving the same text
as the latest version again stores nothing new. A session started from a stored version keeps
that text in its own row (replay uses it) and is pinned to (workspace, id, version).

Version numbers come from `max(version) + 1` inside a write transaction: SQLite's `BEGIN
IMMEDIATE` serialises writers; on PostgreSQL two saves racing for one entry meet the primary key
and the loser gets a `StoreConflict` (save again).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, func, insert, select

from simulator.errors import GamedayError
from simulator.library import tables as t
from simulator.scenario import LoadedScenario, load_scenario_text
from simulator.session import CreatedSession, SessionService, Store

WORKSPACE_PATTERN = re.compile(r"[a-z0-9][a-z0-9_-]{0,59}")
DEFAULT_WORKSPACE = "default"


class LibraryError(GamedayError):
    """A library request that cannot be met (no such entry or version, a bad workspace name)."""


@dataclass(frozen=True)
class Origin:
    """The shipped scenario an entry was copied from, as it was when copied."""

    id: str
    text: str
    sha256: str


@dataclass(frozen=True)
class StoredScenario:
    """One saved version of a library entry."""

    workspace: str
    id: str
    version: int
    text: str
    sha256: str
    title: str
    saved_at: float

    @property
    def filename(self) -> str:
        """The name its problems and sessions carry: `library/<workspace>/<id>@v<version>`."""
        return f"library/{self.workspace}/{self.id}@v{self.version}.yaml"


@dataclass(frozen=True)
class Pin:
    """The stored version a session was started from."""

    session_id: str
    workspace: str
    id: str
    version: int


def check_workspace(name: str) -> str:
    """A workspace name: lower-case letters, digits, '-' and '_', up to 60 characters."""
    cleaned = name.strip()
    if not WORKSPACE_PATTERN.fullmatch(cleaned):
        raise LibraryError(
            f"bad workspace name {cleaned[:60]!r}: use lower-case letters, digits, '-' and '_' "
            "(up to 60 characters, starting with a letter or digit)"
        )
    return cleaned


class ScenarioLibrary:
    """Stored scenarios per workspace, versioned, on one `Store`."""

    def __init__(self, store: Store, clock: Callable[[], float]) -> None:
        self.store = store
        self.clock = clock
        with store.write() as conn:
            t.create_tables(conn)

    # ------------------------------------------------------------------ writing

    def save(
        self, workspace: str, text: str, origin: Origin | None = None, filename: str = ""
    ) -> StoredScenario:
        """Validate `text` and store it as its entry's next version (the entry is the
        scenario's `id`). `origin` is recorded when the entry is created, never changed."""
        workspace = check_workspace(workspace)
        loaded = load_scenario_text(text, filename or "scenario.yaml")
        entry_id = loaded.scenario.id
        now = self.clock()
        with self.store.write() as conn:
            latest = _latest(conn, workspace, entry_id)
            if latest is not None and latest.sha256 == loaded.sha256:
                return latest
            if latest is None:
                conn.execute(
                    insert(t.entries).values(**_entry_row(workspace, entry_id, origin, now))
                )
            stored = _stored(workspace, loaded, (latest.version if latest else 0) + 1, now)
            conn.execute(insert(t.versions).values(**_version_row(stored)))
        return stored

    def start_session(
        self,
        service: SessionService,
        workspace: str,
        entry_id: str,
        version: int | None = None,
        *,
        seed: int = 1,
        speed: float = 1.0,
    ) -> tuple[CreatedSession, StoredScenario]:
        """A new session on a stored version (the latest by default), pinned to it."""
        stored = self.get(workspace, entry_id, version)
        created = service.create_from_text(stored.text, stored.filename, seed=seed, speed=speed)
        with self.store.write() as conn:
            row = {"session_id": created.session_id, "workspace": stored.workspace}
            conn.execute(insert(t.pins).values(**row, entry_id=stored.id, version=stored.version))
        return created, stored

    # ------------------------------------------------------------------ reading

    def workspaces(self) -> list[str]:
        with self.store.read() as conn:
            rows = conn.execute(select(t.entries.c.workspace).distinct())
            return sorted(str(r[0]) for r in rows)

    def latest(self, workspace: str | None = None) -> list[StoredScenario]:
        """The latest version of every entry (of one workspace, or all), by workspace and id."""
        v = t.versions
        newest = (
            select(v.c.workspace, v.c.entry_id, func.max(v.c.version).label("version"))
            .group_by(v.c.workspace, v.c.entry_id)
            .subquery()
        )
        query = select(v).join(
            newest,
            (v.c.workspace == newest.c.workspace)
            & (v.c.entry_id == newest.c.entry_id)
            & (v.c.version == newest.c.version),
        )
        if workspace is not None:
            query = query.where(v.c.workspace == check_workspace(workspace))
        with self.store.read() as conn:
            rows = conn.execute(query.order_by(v.c.workspace, v.c.entry_id)).all()
        return [_from_row(row._mapping) for row in rows]

    def versions(self, workspace: str, entry_id: str) -> list[StoredScenario]:
        v = t.versions
        query = (
            select(v)
            .where(v.c.workspace == check_workspace(workspace), v.c.entry_id == entry_id)
            .order_by(v.c.version)
        )
        with self.store.read() as conn:
            return [_from_row(row._mapping) for row in conn.execute(query)]

    def get(self, workspace: str, entry_id: str, version: int | None = None) -> StoredScenario:
        """One version (the latest when `version` is None); LibraryError when there is none."""
        workspace = check_workspace(workspace)
        with self.store.read() as conn:
            found = (
                _latest(conn, workspace, entry_id)
                if version is None
                else _version(conn, workspace, entry_id, version)
            )
        if found is None:
            what = f"{entry_id!r}" if version is None else f"version {version} of {entry_id!r}"
            raise LibraryError(
                f"no {what} in workspace {workspace!r} (see: gameday scenarios --store)"
            )
        return found

    def origin(self, workspace: str, entry_id: str) -> Origin | None:
        e = t.entries
        query = select(e).where(
            e.c.workspace == check_workspace(workspace), e.c.entry_id == entry_id
        )
        with self.store.read() as conn:
            row = conn.execute(query).first()
        if row is None or row.origin_id is None:
            return None
        return Origin(row.origin_id, row.origin_text or "", row.origin_sha256 or "")

    def pin(self, session_id: str) -> Pin | None:
        query = select(t.pins).where(t.pins.c.session_id == session_id)
        with self.store.read() as conn:
            row = conn.execute(query).first()
        if row is None:
            return None
        return Pin(row.session_id, row.workspace, row.entry_id, int(row.version))


def _latest(conn: Connection, workspace: str, entry_id: str) -> StoredScenario | None:
    v = t.versions
    query = (
        select(v)
        .where(v.c.workspace == workspace, v.c.entry_id == entry_id)
        .order_by(v.c.version.desc())
        .limit(1)
    )
    row = conn.execute(query).first()
    return _from_row(row._mapping) if row is not None else None


def _version(
    conn: Connection, workspace: str, entry_id: str, version: int
) -> StoredScenario | None:
    v = t.versions
    query = select(v).where(
        v.c.workspace == workspace, v.c.entry_id == entry_id, v.c.version == version
    )
    row = conn.execute(query).first()
    return _from_row(row._mapping) if row is not None else None


def _stored(workspace: str, loaded: LoadedScenario, version: int, now: float) -> StoredScenario:
    s = loaded.scenario
    return StoredScenario(workspace, s.id, version, loaded.text, loaded.sha256, s.title, now)


def _entry_row(
    workspace: str, entry_id: str, origin: Origin | None, now: float
) -> dict[str, object]:
    return {
        "workspace": workspace,
        "entry_id": entry_id,
        "origin_id": origin.id if origin else None,
        "origin_text": origin.text if origin else None,
        "origin_sha256": origin.sha256 if origin else None,
        "created_at": now,
    }


def _version_row(stored: StoredScenario) -> dict[str, object]:
    return {
        "workspace": stored.workspace,
        "entry_id": stored.id,
        "version": stored.version,
        "text": stored.text,
        "sha256": stored.sha256,
        "title": stored.title[:500],
        "saved_at": stored.saved_at,
    }


def _from_row(m: Mapping[Any, Any]) -> StoredScenario:
    return StoredScenario(
        workspace=m["workspace"],
        id=m["entry_id"],
        version=int(m["version"]),
        text=m["text"],
        sha256=m["sha256"],
        title=m["title"],
        saved_at=float(m["saved_at"]),
    )
