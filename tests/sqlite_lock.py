"""Another writer on a SQLite file: a separate Python process that holds `BEGIN IMMEDIATE`.

`LockHolder(path)` starts the process and returns once the lock is taken. The process holds the
write transaction until `release()` closes its stdin, or until `hold_s` pass, whichever comes
first, then rolls back (it wrote nothing) and exits. While it holds the lock, every other writer
of the file waits for its busy timeout and then fails with "database is locked"; readers go on
(WAL). Used by `tests/test_session_store.py` and `tests/e2e/test_sqlite_lock.py`.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from types import TracebackType

_HOLDER = """
import select, sqlite3, sys
path, hold_s = sys.argv[1], float(sys.argv[2])
conn = sqlite3.connect(path, isolation_level=None, timeout=30)
conn.execute("BEGIN IMMEDIATE")
print("locked", flush=True)
select.select([sys.stdin], [], [], hold_s)  # stdin closed (release) or the time is up
conn.execute("ROLLBACK")
conn.close()
print("released", flush=True)
"""


def sqlite_path(database_url: str) -> Path:
    """The file of a `sqlite:///PATH` URL."""
    prefix = "sqlite:///"
    if not database_url.startswith(prefix):
        raise ValueError(f"not a SQLite file URL: {database_url!r}")
    return Path(database_url[len(prefix) :])


class LockHolder:
    """A second process holding SQLite's write lock on `path` (see the module docstring)."""

    def __init__(self, path: Path, hold_s: float = 40.0) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-c", _HOLDER, str(path), str(hold_s)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        assert self.process.stdout is not None
        line = self.process.stdout.readline().strip()
        if line != "locked":
            _out, err = self.process.communicate(timeout=10)
            raise RuntimeError(f"the lock holder did not take the lock: {line!r} {err}")

    def held(self) -> bool:
        """True while the process still holds the lock (it exits right after releasing)."""
        return self.process.poll() is None

    def release(self) -> None:
        """Close the holder's stdin: it rolls back and exits; wait for that."""
        if self.process.stdin is not None and not self.process.stdin.closed:
            self.process.stdin.close()
        self.process.wait(timeout=30)
        if self.process.stdout is not None:
            self.process.stdout.close()
        if self.process.stderr is not None:
            self.process.stderr.close()

    def __enter__(self) -> LockHolder:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.release()
