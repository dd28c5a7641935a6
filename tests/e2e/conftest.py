"""Fixtures for the browser tests (every test in this directory is marked `e2e`).

- `app_server` (session): the real `app.py` started with `gameday serve` on a free port over a
  fresh SQLite file; `.url`, `.database_url` (seed data with
  `open_service(app_server.database_url)`), `.log()`. Stopped (process group) at the end of the run.
- `browser` (session): Playwright's sync Chromium, the system's (GAMEDAY_CHROMIUM, default
  /usr/bin/chromium); Playwright's own browser download is never used.
- `new_context(**kwargs)`: a fresh browser context (cookies, storage: one per participant) with a
  1280x800 viewport and `base_url` set to the app; closed after the test.
- `page`: a page in a fresh context; on a failed test its screenshot goes to
  test-artifacts/screenshots/FAILED-<test>.png.
- `screenshot(page, name)`: save test-artifacts/screenshots/<name>.png.

Without Playwright, Chromium or app.py the tests skip with the reason, except under
GAMEDAY_REQUIRE_ALL=1 (CI), where they fail.
"""

from __future__ import annotations

import contextlib
import functools
import importlib.util
import os
import re
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tests.app_server import APP, Server, free_port, gameday_command, skip_or_fail
from tests.e2e.browser import SCREENSHOTS, save_screenshot

HERE = Path(__file__).resolve().parent
CHROMIUM_ENV = "GAMEDAY_CHROMIUM"
DEFAULT_CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
VIEWPORT = {"width": 1280, "height": 800}
STARTUP_TIMEOUT_S = 60
DEFAULT_TIMEOUT_MS = 30_000


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        if HERE in Path(str(item.path)).resolve().parents:
            item.add_marker(pytest.mark.e2e)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Any:
    report = yield
    setattr(item, f"rep_{report.when}", report)  # for the page fixture's screenshot on failure
    return report


@pytest.fixture(scope="session", autouse=True)
def _clear_stale_failure_screenshots() -> None:
    """FAILED-*.png are about this run only."""
    for old in SCREENSHOTS.glob("FAILED-*.png"):
        old.unlink(missing_ok=True)


# ------------------------------------------------------------------ the app


@dataclass(frozen=True)
class RunningApp:
    url: str  # http://127.0.0.1:PORT
    database_url: str  # the app's session store (a fresh SQLite file)
    server: Server

    def log(self) -> str:
        return self.server.log()


@pytest.fixture(scope="session")
def app_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningApp]:
    if not APP.is_file():
        skip_or_fail(f"the web app {APP} does not exist")
    if importlib.util.find_spec("streamlit") is None:
        skip_or_fail("Streamlit is not installed (pip install -e '.[test]')")
    workdir = tmp_path_factory.mktemp("app-server")
    port = free_port()
    database_url = f"sqlite:///{workdir / 'gameday.db'}"
    command = gameday_command(
        "serve", "--port", str(port), "--address", "127.0.0.1", "--database-url", database_url
    )
    server = Server(command, f"http://127.0.0.1:{port}", workdir / "server.log")
    try:
        server.wait_healthy(timeout=STARTUP_TIMEOUT_S)
        yield RunningApp(server.url, database_url, server)
    finally:
        server.stop()


# ------------------------------------------------------------------ the browser


@pytest.fixture(scope="session")
def chromium_executable() -> str:
    path = os.environ.get(CHROMIUM_ENV, "").strip() or DEFAULT_CHROMIUM
    if not (os.path.isfile(path) and os.access(path, os.X_OK)):
        skip_or_fail(
            f"no Chromium at {path} (set {CHROMIUM_ENV}, or apt-get install chromium; "
            "`playwright install` is not used)"
        )
    return path


@pytest.fixture(scope="session")
def playwright_api() -> Iterator[Any]:
    if importlib.util.find_spec("playwright") is None:
        skip_or_fail("Playwright is not installed (pip install -e '.[test]')")
    from playwright.sync_api import sync_playwright

    manager = sync_playwright()
    api = manager.start()
    try:
        yield api
    finally:
        manager.__exit__(None, None, None)


@pytest.fixture(scope="session")
def browser(playwright_api: Any, chromium_executable: str) -> Iterator[Any]:
    from playwright.sync_api import Error as PlaywrightError

    try:
        launched = playwright_api.chromium.launch(
            executable_path=chromium_executable, args=CHROMIUM_ARGS, headless=True
        )
    except PlaywrightError as exc:
        skip_or_fail(f"Chromium ({chromium_executable}) did not start: {exc.message.strip()}")
    try:
        yield launched
    finally:
        launched.close()


@pytest.fixture
def new_context(
    browser: Any, app_server: RunningApp, request: pytest.FixtureRequest
) -> Iterator[Callable[..., Any]]:
    """A factory of browser contexts (one per simulated person); each is closed after the test.
    What the pages did that a failure may need explaining (see `BrowserLog`) is printed when the
    test fails."""
    contexts: list[Any] = []
    log = BrowserLog()

    def make(**kwargs: Any) -> Any:
        options = {"viewport": dict(VIEWPORT), "base_url": app_server.url, **kwargs}
        context = browser.new_context(**options)
        context.set_default_timeout(DEFAULT_TIMEOUT_MS)
        context.on("page", functools.partial(log.watch, f"context {len(contexts) + 1}"))
        contexts.append(context)
        return context

    yield make
    report = getattr(request.node, "rep_call", None)
    if report is not None and report.failed:
        log.print()
        server_log = app_server.log()
        print(f"--- the app server's log, its last lines ---\n{server_log[-6000:]}")
    for context in contexts:
        context.close()


class BrowserLog:
    """Per page: uncaught script errors, console errors, crashes, document loads and closed
    websockets, with the time since the test began. A page that lost its content (a reload, a
    crashed renderer, a dropped connection) says so here rather than only as a missing element."""

    def __init__(self) -> None:
        self.start = time.monotonic()
        self.lines: list[str] = []

    def watch(self, context: str, page: Any) -> None:
        name = f"{context} page {id(page) % 10_000}"
        page.on("pageerror", lambda exc: self.add(name, f"uncaught error: {exc}"))
        page.on("crash", lambda _page: self.add(name, "renderer crashed"))
        page.on("console", lambda msg: self._console(name, msg))
        page.on("load", lambda p: self.add(name, f"document loaded: {p.url}"))
        page.on("websocket", lambda ws: self._websocket(name, ws))

    def _console(self, name: str, msg: Any) -> None:
        if msg.type == "error":
            where = msg.location.get("url", "") if isinstance(msg.location, dict) else ""
            self.add(name, f"console error: {msg.text[:500]} {where}".rstrip())

    def _websocket(self, name: str, ws: Any) -> None:
        self.add(name, f"websocket opened: {ws.url}")
        ws.on("close", lambda _ws: self.add(name, f"websocket closed: {ws.url}"))

    def add(self, name: str, what: str) -> None:
        if self.lines and self.lines[-1].endswith(f"{name}: {what}"):
            return  # the same thing again (a chart's warning each second)
        self.lines.append(f"{time.monotonic() - self.start:8.2f}s {name}: {what}")

    def print(self) -> None:
        print("\n--- what the browser pages did (BrowserLog) ---")
        print("\n".join(self.lines) or "(nothing recorded)")


@pytest.fixture
def page(new_context: Callable[..., Any], request: pytest.FixtureRequest) -> Iterator[Any]:
    page = new_context().new_page()
    yield page
    report = getattr(request.node, "rep_call", None)
    if report is not None and report.failed and not page.is_closed():
        name = re.sub(r"[^A-Za-z0-9_.-]+", "_", request.node.name)
        with contextlib.suppress(Exception):  # the failure matters more than its picture
            save_screenshot(page, f"FAILED-{name}")


@pytest.fixture
def person(
    new_context: Callable[..., Any], request: pytest.FixtureRequest
) -> Iterator[Callable[[str], Any]]:
    """`person("ic")`: a page in a browser context of its own; when the test fails, every
    person's page is saved as test-artifacts/screenshots/FAILED-<test>-<person>.png."""
    opened: dict[str, Any] = {}

    def make(name: str) -> Any:
        opened[name] = new_context().new_page()
        return opened[name]

    yield make
    report = getattr(request.node, "rep_call", None)
    if report is None or not report.failed:
        return
    test = re.sub(r"[^A-Za-z0-9_.-]+", "_", request.node.name)
    for name, page in opened.items():
        with contextlib.suppress(Exception):  # the failure matters more than its pictures
            save_screenshot(page, f"FAILED-{test}-{name}")


@pytest.fixture
def screenshot() -> Callable[..., Path]:
    """`screenshot(page, "start")` saves test-artifacts/screenshots/start.png; returns the path."""
    return save_screenshot
