"""`python -m simulator.cli.orphan_guard PARENT_PID COMMAND...`: run COMMAND (exec, same pid) so
that it gets SIGTERM when PARENT_PID dies, even by SIGKILL (Linux prctl PR_SET_PDEATHSIG, which
survives exec). `gameday serve` starts Streamlit through it: a killed `gameday serve` then never
leaves Streamlit holding the port.

A launcher rather than a `preexec_fn`: `gameday serve` has started its metrics and forwarding
threads by then, and Python warns that `preexec_fn` is not safe in a process with threads.
Elsewhere than Linux it only execs (SIGTERM and Ctrl-C to `gameday serve` still stop the child).
"""

from __future__ import annotations

import os
import signal
import sys

PR_SET_PDEATHSIG = 1  # <linux/prctl.h>


def arm(parent: int) -> None:
    """Ask for SIGTERM when the parent dies; exit at once when it already has."""
    if sys.platform.startswith("linux"):
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, int(signal.SIGTERM), 0, 0, 0)
    if os.getppid() != parent:  # it died before the request took effect
        os._exit(1)


def main(argv: list[str]) -> None:
    if len(argv) < 2 or not argv[0].isdigit():
        sys.exit("usage: python -m simulator.cli.orphan_guard PARENT_PID COMMAND...")
    arm(int(argv[0]))
    os.execv(argv[1], argv[1:])


if __name__ == "__main__":
    main(sys.argv[1:])
