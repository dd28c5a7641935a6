"""A throwaway PostgreSQL cluster a test may stop and start (the fault-injection tests).

The shared test server (`GAMEDAY_TEST_POSTGRES_URL`, started by `.ci/run`) must stay up for the
other tests, so a test that takes PostgreSQL down gets its own cluster: `initdb` in a temporary
directory, a free port on loopback, `pg_ctl stop -m fast` / `start`. As root (CI), the server runs
as the `postgres` user, as `.ci/run` does. Without PostgreSQL's binaries the test skips, and fails
under GAMEDAY_REQUIRE_ALL=1.
"""

from __future__ import annotations

import glob
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from tests.app_server import free_port, skip_or_fail


def pg_bin() -> Path | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    if found:
        return Path(found[-1]).parent
    initdb = shutil.which("initdb")
    return Path(initdb).parent if initdb else None


class Cluster:
    def __init__(self) -> None:
        binary = pg_bin()
        if binary is None:
            skip_or_fail("no PostgreSQL (initdb) for the fault-injection tests")
        self.bin = binary or Path()
        # In /tmp itself, as .ci/run does: pytest's tmp_path is private to root, and the server
        # runs as `postgres` there.
        self.dir = Path(tempfile.mkdtemp(prefix="gameday-pg-fault."))
        workdir = self.dir
        self.data = workdir / "data"
        self.port = free_port()
        self.url = f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/gameday"
        self._as_root = os.getuid() == 0
        if self._as_root:
            shutil.chown(workdir, "postgres")
        self._run("initdb", "-D", str(self.data), "-U", "postgres", "--auth=trust", "--no-sync")
        self.start()
        self._run("createdb", "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres", "gameday")

    def _run(self, tool: str, *args: str) -> None:
        command = [str(self.bin / tool), *args]
        if self._as_root:
            command = ["runuser", "-u", "postgres", "--", *command]
        subprocess.run(command, check=True, capture_output=True, timeout=120)

    def start(self) -> None:
        options = f"-p {self.port} -k {self.dir} -c listen_addresses=127.0.0.1 -c fsync=off"
        log = str(self.dir / "server.log")
        self._run("pg_ctl", "-D", str(self.data), "-l", log, "-w", "-o", options, "start")

    def stop(self) -> None:
        self._run("pg_ctl", "-D", str(self.data), "-m", "fast", "-w", "stop")

    def remove(self) -> None:
        if (self.data / "postmaster.pid").exists():
            self._run("pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "stop")
        shutil.rmtree(self.dir, ignore_errors=True)
