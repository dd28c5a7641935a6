"""Several server processes over one store behind a real reverse proxy (issue 13).

`gameday serve --workers 2 --nginx-config FILE` starts two Streamlit processes on one SQLite
store and writes an nginx configuration for them; Debian's nginx runs it on loopback. A scribe
opens the incident console through nginx and adds a note; the process serving the page (the one
holding its websocket) is killed; the page reconnects through nginx to the other process, is
drawn again from its URL and the shared store (the note still there, the scribe still the
scribe), and a second note works. Skips without nginx, except under GAMEDAY_REQUIRE_ALL=1 (CI).
"""

from __future__ import annotations

import os
import re
import signal
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from simulator.session import open_service
from tests.app_server import Server, consecutive_free_ports, free_port, gameday_command, health
from tests.e2e.browser import ROOT, assert_no_exception, open_app, wait_for_app
from tests.e2e.steps import click, fill, wait_until
from tests.load import cpu
from tests.system_tools import require_tool

SCENARIO = ROOT / "scenarios" / "pool-exhaustion.yaml"
PAGE_MS = 90_000
ESTABLISHED = "01"


@dataclass(frozen=True)
class Proxied:
    url: str  # nginx
    ports: tuple[int, ...]  # the workers
    serve: Server
    database_url: str
    access_log: Path


@pytest.fixture
def proxied(tmp_path: Path) -> Iterator[Proxied]:
    nginx = require_tool("nginx")
    first = consecutive_free_ports(2)
    ports = (first, first + 1)
    proxy_port = free_port()
    database_url = f"sqlite:///{tmp_path / 'gameday.db'}"
    config = tmp_path / "nginx.conf"
    command = gameday_command(
        "serve",
        "--workers",
        "2",
        "--port",
        str(first),
        "--database-url",
        database_url,
        "--nginx-config",
        str(config),
        "--nginx-port",
        str(proxy_port),
    )
    serve = Server(command, f"http://127.0.0.1:{first}", tmp_path / "serve.log")
    proxy: Server | None = None
    try:
        serve.wait_healthy(timeout=90)
        wait_for_health(f"http://127.0.0.1:{first + 1}", 90.0)  # the second worker too
        proxy = Server(  # the configuration `gameday serve` wrote
            [nginx, "-p", str(tmp_path / "nginx"), "-c", str(config), "-g", "daemon off;"],
            f"http://127.0.0.1:{proxy_port}",
            tmp_path / "nginx.log",
        )
        proxy.wait_healthy(timeout=30)
        yield Proxied(proxy.url, ports, serve, database_url, tmp_path / "nginx" / "access.log")
    finally:
        if proxy is not None:
            proxy.stop(signal.SIGTERM)
        serve.stop()


def wait_for_health(url: str, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while health(url) != 200:
        if time.monotonic() > deadline:
            raise AssertionError(f"{url} did not answer its health check in {timeout:.0f} s")
        time.sleep(0.3)


def wait_for_down(url: str, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while health(url, timeout=1.0) is not None:
        if time.monotonic() > deadline:
            raise AssertionError(
                f"{url} still answers {timeout:.0f} s after its process was killed"
            )
        time.sleep(0.2)


def established(port: int) -> int:
    """TCP connections established to 127.0.0.1:`port` (from /proc/net/tcp)."""
    count = 0
    for line in Path("/proc/net/tcp").read_text().splitlines()[1:]:
        fields = line.split()
        local, state = fields[1], fields[3]
        if state == ESTABLISHED and int(local.split(":")[1], 16) == port:
            count += 1
    return count


def serving(ports: tuple[int, ...], timeout: float = 60.0) -> int:
    """The worker holding the page's websocket (the one port with a connection open)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        busy = [p for p in ports if established(p)]
        if len(busy) == 1:
            return busy[0]
        time.sleep(0.25)
    raise AssertionError(f"no single worker holds the page: {[established(p) for p in ports]}")


def worker_pid(serve: Server, port: int) -> int:
    """The Streamlit process listening on `port`, under `gameday serve`."""
    for pid in cpu.tree(serve.process.pid):
        try:
            args = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        if b"streamlit" in b" ".join(args) and str(port).encode() in args:
            return pid
    raise AssertionError(f"no worker on port {port} under gameday serve")


def add_note(page: Page, text: str) -> None:
    fill(page, "scribe_text", text)
    click(page, "scribe_submit")
    # the notes so far are one element, each note its time and tag, then its text
    expect(page.get_by_text(text).first).to_be_visible(timeout=PAGE_MS)


def test_a_page_keeps_working_when_its_process_dies(proxied: Proxied, page: Page) -> None:
    svc = open_service(proxied.database_url)
    created = svc.create(SCENARIO, seed=3)
    sid = created.session_id
    scribe = svc.join(sid, created.join_code, "Tom", "scribe")
    svc.start(sid, created.facilitator_secret)
    path = f"/console?session={sid}&participant={scribe.id}"
    open_app(page, proxied.url, path, text="Incident console", timeout_ms=PAGE_MS)
    first = serving(proxied.ports)
    add_note(page, "Note through the first process")

    os.kill(worker_pid(proxied.serve, first), signal.SIGKILL)
    other = next(p for p in proxied.ports if p != first)
    wait_for_down(f"http://127.0.0.1:{first}", 30.0)
    assert serving(proxied.ports) == other  # re-routed by nginx, the page reconnected
    wait_for_app(page, text="Incident console", timeout_ms=PAGE_MS)
    expect(page.get_by_text("Note through the first process").first).to_be_visible(timeout=PAGE_MS)
    # Straight away: a click before the new process has drawn the page is held until it has
    # (docs/reference/pages.md, "When the server restarts"), not lost.
    add_note(page, "Note through the second process")
    assert_no_exception(page)

    def notes() -> list[str]:
        entries = svc.journal(sid).entries
        return [e["params"]["text"] for e in entries if e.get("action") == "timeline_note"]

    wanted = ["Note through the first process", "Note through the second process"]
    wait_until("the second note to be stored", lambda: len(notes()) >= len(wanted))
    page.wait_for_timeout(2_000)  # and not a second time
    assert notes() == wanted
    cookies = {c["name"]: c["value"] for c in page.context.cookies()}
    route = cookies["gameday_route"]  # the browser's route, set by nginx
    # nginx logs every upstream a request tried ("upstream=A, B" when it failed over to B)
    upstreams = {
        address.strip()
        for tried in re.findall(rf"route={route} upstream=([^\n]+)", proxied.access_log.read_text())
        for address in tried.split(",")
    }
    assert {f"127.0.0.1:{first}", f"127.0.0.1:{other}"} <= upstreams
