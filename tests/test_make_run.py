"""`make run` starts the web app: it answers /_stcore/health and prints its URL.

Runs the real target (PORT and the store overridden: a free port, a temporary SQLite file) in its
own process group and stops the whole group afterwards.
"""

from __future__ import annotations

import shutil
import signal

import pytest

from tests.app_server import APP, ROOT, Server, free_port, skip_or_fail

STAMP = ROOT / ".venv" / ".installed"


@pytest.mark.e2e
def test_make_run_serves_the_app_and_prints_its_url(tmp_path):
    make = shutil.which("make")
    if make is None:
        skip_or_fail("no `make` on PATH")
    if not APP.is_file():
        skip_or_fail(f"the web app {APP} does not exist")
    if not STAMP.exists() or STAMP.stat().st_mtime < (ROOT / "pyproject.toml").stat().st_mtime:
        skip_or_fail(".venv is missing or older than pyproject.toml (`make test` installs it)")
    port = free_port()
    db = tmp_path / "gameday.db"
    server = Server(
        [make, "--no-print-directory", "-C", str(ROOT), "run", f"PORT={port}", "ADDRESS=127.0.0.1"],
        f"http://127.0.0.1:{port}",
        tmp_path / "make-run.log",
        env={"GAMEDAY_DATABASE_URL": f"sqlite:///{db}"},
    )
    try:
        server.wait_healthy(timeout=60)
        log = server.log()
        assert f"  URL:      http://127.0.0.1:{port}\n" in log, log
        assert f"  database: sqlite:///{db}\n" in log, log
    finally:
        server.stop(signal.SIGINT)
    assert db.exists()
