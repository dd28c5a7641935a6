"""Start and stop the web app in tests: a free port, a health wait, process-group clean-up.

Used by `tests/test_make_run.py`, `tests/test_cli_serve.py` and the browser tests in `tests/e2e/`.
Servers run in their own process group (`start_new_session=True`) so stopping one stops Streamlit
too, whatever sits between (make, `gameday serve`).
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Mapping, Sequence
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
APP = ROOT / "app.py"
HEALTH_PATH = "/_stcore/health"
REQUIRE_ALL = "GAMEDAY_REQUIRE_ALL"


def skip_or_fail(reason: str) -> None:
    """Skip, except under GAMEDAY_REQUIRE_ALL=1 (CI), where what is missing is a failure."""
    if os.environ.get(REQUIRE_ALL) == "1":
        pytest.fail(f"required ({REQUIRE_ALL}=1): {reason}", pytrace=False)
    pytest.skip(reason)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def consecutive_free_ports(count: int) -> int:
    """A first port with `count` free ports from it (`gameday serve --workers` takes PORT,
    PORT+1, ...)."""
    for _ in range(50):
        first = free_port()
        if first + count <= 65535 and all(_free(first + k) for k in range(count)):
            return first
    raise RuntimeError(f"no {count} consecutive free ports")


def _free(port: int) -> bool:
    with socket.socket() as sock:
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def gameday_command(*args: str) -> list[str]:
    """`gameday ARGS` run by this interpreter (no need for the console script on PATH)."""
    return [
        sys.executable,
        "-c",
        "import sys; from simulator.cli import main; sys.exit(main())",
        *args,
    ]


def health(url: str, timeout: float = 2.0) -> int | None:
    """The HTTP status of the app's health endpoint (None when nothing answers)."""
    try:
        with urllib.request.urlopen(url + HEALTH_PATH, timeout=timeout) as response:
            return response.status
    except urllib.error.HTTPError as exc:
        return exc.code
    except (OSError, ValueError):
        return None


class Server:
    """A server process in its own process group, its output in a log file."""

    def __init__(
        self,
        command: Sequence[str],
        url: str,
        log_path: Path,
        env: Mapping[str, str] | None = None,
        cwd: Path = ROOT,
        append_log: bool = False,
    ) -> None:
        self.url = url
        self.log_path = log_path
        self._args = (list(command), dict(env or {}), cwd)
        self._log = open(log_path, "ab" if append_log else "wb")  # noqa: SIM115 - closed in stop()
        merged = {**os.environ, **(env or {}), "PYTHONUNBUFFERED": "1"}
        self.process = subprocess.Popen(
            list(command),
            cwd=cwd,
            env=merged,
            stdin=subprocess.DEVNULL,
            stdout=self._log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def freeze(self) -> None:
        """SIGSTOP the whole process group: the server holds its connections but answers
        nothing (what it was sent stays unread); `kill()` it afterwards."""
        os.killpg(self.process.pid, signal.SIGSTOP)

    def kill(self) -> int | None:
        """SIGKILL the whole process group at once (a crash: no clean-up runs); the exit code."""
        return self.stop(signal.SIGKILL, timeout=10.0)

    def restart(self) -> Server:
        """The same command again (same port, same store, same log file, appended): a new
        `Server`. Stop or kill this one first."""
        command, env, cwd = self._args
        return Server(command, self.url, self.log_path, env=env, cwd=cwd, append_log=True)

    def log(self) -> str:
        if not self._log.closed:
            self._log.flush()
        return self.log_path.read_text(errors="replace")

    def wait_healthy(self, timeout: float) -> float:
        """Wait for /_stcore/health to answer 200; seconds taken. Fails with the server's log."""
        start = time.monotonic()
        while time.monotonic() - start < timeout:
            if self.process.poll() is not None:
                pytest.fail(
                    f"the app server exited with {self.process.returncode} before it was "
                    f"healthy; its log:\n{self.log()}",
                    pytrace=False,
                )
            if health(self.url, timeout=1.0) == 200:
                return time.monotonic() - start
            time.sleep(0.2)
        self.stop()
        pytest.fail(
            f"{self.url}{HEALTH_PATH} did not answer 200 within {timeout:.0f} s; the server's "
            f"log:\n{self.log()}",
            pytrace=False,
        )

    def stop(self, sig: int = signal.SIGINT, timeout: float = 15.0) -> int | None:
        """Signal the whole process group, escalate to SIGKILL; the exit code."""
        if self.process.poll() is None:
            for step, wait in ((sig, timeout), (signal.SIGKILL, 5.0)):
                try:
                    os.killpg(self.process.pid, step)
                except ProcessLookupError:
                    break
                try:
                    self.process.wait(timeout=wait)
                    break
                except subprocess.TimeoutExpired:
                    continue
        else:  # the leader is gone; make sure nothing of its group lingers
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(self.process.pid, signal.SIGKILL)
        if not self._log.closed:
            self._log.close()
        return self.process.returncode
