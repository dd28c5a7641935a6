"""Is the store sound? `gameday serve` asks before it starts the web app.

SQLite: `PRAGMA quick_check` (the B-tree and record checks of `integrity_check`, without the slow
index cross-checks; it reads every page once). A file that is not a database at all fails when the
store is opened. PostgreSQL looks after its own files: a round trip is the check.
"""

from __future__ import annotations

from sqlalchemy import text

from simulator.session.errors import StoreError
from simulator.session.store import Store

MAX_SHOWN = 5


def check_integrity(store: Store) -> None:
    """Raise StoreError, naming the first problems, when SQLite's quick check finds any (or
    cannot even walk the file: badly damaged pages make the pragma itself fail)."""
    if store.backend != "sqlite":
        with store.read() as conn:
            conn.execute(text("SELECT 1"))
        return
    try:
        with store.read() as conn:
            rows = [str(r[0]) for r in conn.execute(text("PRAGMA quick_check"))]
    except StoreError as exc:
        rows = [str(exc).rsplit(": ", 1)[-1]]
    if rows == ["ok"]:
        return
    more = len(rows) - MAX_SHOWN
    shown = "; ".join(rows[:MAX_SHOWN]) + (f" (and {more} more)" if more > 0 else "")
    raise StoreError(
        f"the session store {store.url.database} is damaged (SQLite quick_check: {shown}); "
        "restore it from a backup, or move it away to start with an empty store"
    )
