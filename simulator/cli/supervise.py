"""Running `gameday serve`'s Streamlit processes until they stop, and stopping them together.

Each process runs through `simulator.cli.orphan_guard`, so it dies with this one (SIGKILL
included). Ctrl-C or SIGTERM stops them all and is a clean exit (0); a worker that exits leaves
the others serving, and the supervisor returns when the last has exited.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from types import FrameType

from simulator.cli import EXIT_OK

STOP_TIMEOUT = 10.0  # seconds Streamlit gets to stop before it is terminated, then killed


class _Stop(Exception):
    """SIGTERM arrived: stop the app like Ctrl-C does."""


def _raise_stop(signum: int, frame: FrameType | None) -> None:
    raise _Stop


def guarded(command: list[str]) -> list[str]:
    """`command` run through `simulator.cli.orphan_guard`: it dies with this process."""
    return [sys.executable, "-m", "simulator.cli.orphan_guard", str(os.getpid()), *command]


def supervise(commands: list[list[str]], env: dict[str, str], cwd: Path) -> int:
    """Run the Streamlit processes until the last exits (the first failing exit code, else 0)
    or we are told to stop (0)."""
    previous_term = signal.signal(signal.SIGTERM, _raise_stop)
    previous_int = signal.getsignal(signal.SIGINT)
    procs: list[subprocess.Popen[bytes]] = []
    try:
        for command in commands:
            procs.append(subprocess.Popen(guarded(command), env=env, cwd=cwd))
        return wait_all(procs)
    except (KeyboardInterrupt, _Stop) as exc:
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # a second Ctrl-C must not cut the clean-up
        for proc in procs:
            stop(proc, signal.SIGINT if isinstance(exc, KeyboardInterrupt) else signal.SIGTERM)
        print("gameday: stopped", flush=True)
        return EXIT_OK
    finally:
        for proc in procs:  # an unexpected error: never leave one behind
            if proc.poll() is None:
                stop(proc, signal.SIGTERM)
        signal.signal(signal.SIGTERM, previous_term)
        signal.signal(signal.SIGINT, previous_int)


def wait_all(procs: list[subprocess.Popen[bytes]]) -> int:
    """Wait for every process; a worker that exits leaves the others serving."""
    if len(procs) == 1:
        return procs[0].wait()
    reported: set[int] = set()
    while True:
        codes = [proc.poll() for proc in procs]
        for index, code in enumerate(codes):
            if code is not None and index not in reported:
                reported.add(index)
                print(f"gameday: worker {index + 1} exited with {code}", flush=True)
        if all(code is not None for code in codes):
            return next((code for code in codes if code), EXIT_OK)
        time.sleep(0.5)


def stop(proc: subprocess.Popen[bytes], sig: signal.Signals) -> None:
    """Stop Streamlit: a terminal's Ctrl-C reached it too, so give it a moment, then ask, then
    insist."""
    steps = ((None, 1.0), (sig, STOP_TIMEOUT), (signal.SIGTERM, 5.0), (signal.SIGKILL, 5.0))
    for step, timeout in steps:
        if proc.poll() is not None:
            return
        try:
            if step is not None:
                proc.send_signal(step)
            proc.wait(timeout=timeout)
            return
        except subprocess.TimeoutExpired:
            continue
        except ProcessLookupError:
            return
