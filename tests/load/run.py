"""A load run: one `gameday serve` (with `workers` > 1, that many server processes behind Debian's
nginx, as `gameday serve --workers N --nginx-config` writes it), N participant consoles for a while,
and the figures. The server's CPU is every process of `gameday serve` and, with workers, nginx."""

from __future__ import annotations

import asyncio
import os
import shutil
import signal
import statistics
import tempfile
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from tests.app_server import Server, consecutive_free_ports, free_port, gameday_command, health
from tests.load import cpu
from tests.load.client import Participant, Seen
from tests.load.sessions import Seat, seats
from tests.load.watch import Chromium

RAMP = 5.0  # seconds over which the consoles open (a room of people arriving, not one instant)
FIRST_DRAW = 600.0  # seconds every console gets to draw its first page (hours of catch-up at T+3h)


@dataclass(frozen=True)
class Figures:
    participants: int
    workers: int  # server processes (behind nginx when more than one)
    sessions: int
    at_seconds: float
    seconds: float  # the measured window
    server_cpu: float  # CPU seconds the server used in the window
    refresh_intervals: tuple[float, ...]
    refreshes: int
    full_runs: int  # in the window: the page redrawn whole (an event, a new session state)
    interrupted: int  # run ends the server reported as interrupted (tests/load/client.py)
    browser: str | None  # what Chromium beside them saw (`--chromium`), else None
    exceptions: tuple[str, ...]
    failures: tuple[str, ...]  # consoles whose connection failed, or that never drew their page
    load_average: float  # the machine's 1-minute load average at the end (other work on it)

    @property
    def cpu_ms_per_participant_second(self) -> float:
        return 1000.0 * self.server_cpu / (self.participants * self.seconds)

    @property
    def cpu_ms_per_refresh(self) -> float:
        """Server CPU per fragment refresh a console saw: the cost of the work actually done,
        which CPU per participant-second understates when the server does not keep up."""
        return 1000.0 * self.server_cpu / self.refreshes if self.refreshes else float("nan")

    @property
    def cores_used(self) -> float:
        return self.server_cpu / self.seconds

    def interval(self, q: float) -> float:
        """The `q` quantile of the refresh intervals (nan when none)."""
        ordered = sorted(self.refresh_intervals)
        if not ordered:
            return float("nan")
        return ordered[min(len(ordered) - 1, int(q * len(ordered)))]

    def lines(self) -> list[str]:
        median = statistics.median(self.refresh_intervals) if self.refresh_intervals else 0.0
        return [
            f"participants {self.participants} in {self.sessions} sessions at "
            f"T+{self.at_seconds / 60:.0f}m on {self.workers} server process"
            f"{'es behind nginx' if self.workers > 1 else ''}, measured {self.seconds:.0f} s",
            f"  server CPU per participant-second: {self.cpu_ms_per_participant_second:.1f} ms "
            f"({self.cores_used:.2f} cores busy; "
            f"{self.cpu_ms_per_refresh:.1f} ms per refresh seen)",
            f"  clock refresh interval each sees: median {median:.2f} s, "
            f"p90 {self.interval(0.9):.2f} s, p99 {self.interval(0.99):.2f} s, "
            f"max {self.interval(1.0):.2f} s "
            f"({self.refreshes} refreshes; {self.interrupted} run ends reported as "
            "interrupted, warm-up included)",
            f"  whole-page redraws {self.full_runs}, exceptions drawn {len(self.exceptions)}, "
            f"consoles failed {len(self.failures)}, "
            f"machine load average {self.load_average:.1f}",
            *([f"  first failure: {self.failures[0]}"] if self.failures else []),
            *([self.browser] if self.browser else []),
        ]


async def _drive(
    url: str,
    chosen: Sequence[Seat],
    warmup: float,
    seconds: float,
    server_pids: Sequence[int],
    browser: Chromium | None = None,
) -> tuple[list[Seen], float, float, float]:
    """Open the consoles (spread over `RAMP`), wait until each (and `browser`'s) has drawn its
    page, let them run `warmup` seconds, then measure `seconds`; the consoles close when the
    window ends."""
    consoles = [Participant(url, seat.query) for seat in chosen]
    done = asyncio.Event()

    async def one(k: int, console: Participant) -> Seen:
        await asyncio.sleep(RAMP * k / max(1, len(consoles)))
        return await console.run(until=done)

    tasks = [asyncio.create_task(one(k, c)) for k, c in enumerate(consoles)]
    waited = 0.0
    while any(c.seen.full_runs == 0 and c.seen.failure is None for c in consoles) or (
        browser is not None and not browser.drawn()
    ):
        if waited > FIRST_DRAW:
            break
        await asyncio.sleep(0.5)
        waited += 0.5
    await asyncio.sleep(warmup)
    start, cpu_start = time.monotonic(), _cpu(server_pids)
    await asyncio.sleep(seconds)
    end, cpu_end = time.monotonic(), _cpu(server_pids)
    done.set()
    seen = await asyncio.gather(*tasks)
    return list(seen), start, end, cpu_end - cpu_start


def _cpu(pids: Sequence[int]) -> float:
    return sum(cpu.tree_cpu_seconds(pid) for pid in pids)


def measure(
    url: str,
    chosen: Sequence[Seat],
    server_pids: Sequence[int],
    at: float,
    warmup: float,
    seconds: float,
    workers: int = 1,
    watched: Seat | None = None,
) -> Figures:
    """Open a console per seat on the server at `url` and measure the window after the warm-up;
    the server's CPU is that of `server_pids` and their descendants. `watched`: one more seat,
    opened in Chromium beside them (`tests/load/watch.py`)."""
    browser = None if watched is None else Chromium(f"{url}/console?{watched.query}")
    if browser is not None:
        browser.start()
    try:
        seen, start, end, used = asyncio.run(
            _drive(url, chosen, warmup, seconds, server_pids, browser)
        )
    finally:
        watch = browser.stop() if browser is not None else None
    intervals = tuple(i for s in seen for i in s.intervals(since=start) if i > 0)
    return Figures(
        participants=len(chosen),
        workers=workers,
        sessions=len({s.session_id for s in chosen}),
        at_seconds=at,
        seconds=end - start,
        server_cpu=used,
        refresh_intervals=intervals,
        refreshes=sum(s.refresh_count(since=start) for s in seen),
        full_runs=sum(1 for s in seen for t in s.full_run_times if t >= start),
        interrupted=sum(s.interrupted for s in seen),
        browser=None if watch is None else watch.line(start, end),
        exceptions=tuple(e for s in seen for e in s.exceptions),
        failures=tuple(s.failure or "never drew its page" for s in seen if not s.full_runs),
        load_average=os.getloadavg()[0],
    )


def run(
    participants: int,
    team_size: int,
    at: float,
    warmup: float,
    seconds: float,
    workdir: Path | None = None,
    workers: int = 1,
    chromium: bool = False,
) -> Figures:
    """A fresh SQLite store and `gameday serve` (`workers` processes, behind nginx when more
    than one), sessions at sim time `at`, then `measure` (with `chromium`, one more participant
    in Chromium beside the `participants` clients)."""
    with tempfile.TemporaryDirectory(prefix="gameday-load-") as tmp:
        base = workdir or Path(tmp)
        store_url = f"sqlite:///{base / 'load.db'}"
        chosen = seats(store_url, participants + (1 if chromium else 0), team_size, at)
        watched = chosen.pop(0) if chromium else None
        with serving(store_url, base, workers) as (url, pids):
            return measure(url, chosen, pids, at, warmup, seconds, workers, watched)


@contextmanager
def serving(store_url: str, base: Path, workers: int) -> Iterator[tuple[str, list[int]]]:
    """`gameday serve` over the store: the URL the consoles open and the server's process ids."""
    nginx = shutil.which("nginx") if workers > 1 else None
    if workers > 1 and nginx is None:
        raise SystemExit("--workers needs nginx (Debian package nginx)")
    first = consecutive_free_ports(workers)
    command = ["serve", "--port", str(first), "--database-url", store_url]
    proxy_port = free_port()
    config = base / "nginx.conf"
    if workers > 1:
        command += ["--workers", str(workers), "--nginx-config", str(config)]
        command += ["--nginx-port", str(proxy_port)]
    server = Server(gameday_command(*command), f"http://127.0.0.1:{first}", base / "serve.log")
    proxy: Server | None = None
    try:
        server.wait_healthy(90)
        for port in range(first + 1, first + workers):
            _wait_healthy(f"http://127.0.0.1:{port}", 90.0)
        if nginx is None:
            yield server.url, [server.process.pid]
            return
        proxy = Server(  # the configuration `gameday serve` wrote, as its docs say to run it
            [nginx, "-p", str(base / "nginx"), "-c", str(config), "-g", "daemon off;"],
            f"http://127.0.0.1:{proxy_port}",
            base / "nginx.log",
        )
        proxy.wait_healthy(30)
        yield proxy.url, [server.process.pid, proxy.process.pid]
    finally:
        if proxy is not None:
            proxy.stop(signal.SIGTERM)
        server.stop()


def _wait_healthy(url: str, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while health(url, timeout=1.0) != 200:
        if time.monotonic() > deadline:
            raise RuntimeError(f"{url} did not answer its health check in {timeout:.0f} s")
        time.sleep(0.3)
