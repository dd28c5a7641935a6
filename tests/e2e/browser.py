"""Helpers for the browser tests: wait for Streamlit to render, check for errors, screenshots.

Streamlit renders in the browser over a websocket, so "the page loaded" means: the `stApp` element
is connected, the script run has finished (`data-test-script-state="notRunning"`), no widget is
still a loading placeholder (`stSkeleton`: widget code loads lazily), the main area has text, and
(when asked) some expected text is visible.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

if TYPE_CHECKING:
    from playwright.sync_api import Page

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "test-artifacts" / "screenshots"  # git-ignored
DOCS_IMAGES = ROOT / "docs" / "images"  # the README's pictures (tracked)
UPDATE_SCREENSHOTS_ENV = "GAMEDAY_UPDATE_SCREENSHOTS"
APP = '[data-testid="stApp"]'
EXCEPTION = '[data-testid="stException"]'
DEFAULT_TIMEOUT_MS = 30_000

_SCRIPT_DONE = """() => {
    const app = document.querySelector('[data-testid="stApp"]');
    if (!app || app.getAttribute('data-test-connection-state') !== 'CONNECTED') return false;
    if (app.getAttribute('data-test-script-state') !== 'notRunning') return false;
    if (document.querySelector('[data-testid="stSkeleton"]')) return false;  // widgets loading
    const main = document.querySelector('[data-testid="stMain"]') || app;
    return main.innerText.trim().length > 0;
}"""


def wait_for_app(
    page: Page, text: str | None = None, timeout_ms: float = DEFAULT_TIMEOUT_MS
) -> None:
    """Wait until the app is connected, its script has run and rendered text (and `text` shows)."""
    page.wait_for_selector(APP, timeout=timeout_ms)
    page.wait_for_function(_SCRIPT_DONE, timeout=timeout_ms)
    if text is not None:
        page.get_by_text(text).first.wait_for(state="visible", timeout=timeout_ms)


def on_frames(
    page: Page,
    received: Callable[[ForwardMsg], None],
    sent: Callable[[BackMsg], None] | None = None,
) -> None:
    """Call `received` with each message the page's websockets bring from the server, and `sent`
    with each one the browser sends (register before the page opens its websocket)."""

    def parsed(kind: type[Any], use: Callable[[Any], None]) -> Callable[[Any], None]:
        def handle(payload: Any) -> None:
            message = kind()
            message.ParseFromString(payload if isinstance(payload, bytes) else payload.encode())
            use(message)

        return handle

    def attach(ws: Any) -> None:
        ws.on("framereceived", parsed(ForwardMsg, received))
        if sent is not None:
            ws.on("framesent", parsed(BackMsg, sent))

    page.on("websocket", attach)


def open_tab(page: Page, name: str, timeout_ms: float = DEFAULT_TIMEOUT_MS) -> None:
    """Choose the incident console's work tab `name` (every tab is drawn: choosing one reruns
    nothing) and wait until it is the selected one."""
    from playwright.sync_api import expect

    tab = page.get_by_role("tab", name=name, exact=True)
    if tab.get_attribute("aria-selected") == "true":
        return
    tab.click()
    expect(tab).to_have_attribute("aria-selected", "true", timeout=timeout_ms)


def open_app(
    page: Page,
    base_url: str,
    path: str = "/",
    text: str | None = None,
    timeout_ms: float = DEFAULT_TIMEOUT_MS,
) -> None:
    """Go to `base_url + path` and wait for the app to render (see `wait_for_app`)."""
    page.goto(base_url.rstrip("/") + "/" + path.lstrip("/"), timeout=timeout_ms)
    wait_for_app(page, text=text, timeout_ms=timeout_ms)


def exception_texts(page: Page) -> list[str]:
    """The text of every Streamlit exception box on the page."""
    return [box.inner_text() for box in page.locator(EXCEPTION).all()]


def assert_no_exception(page: Page) -> None:
    """Fail with the exception's own text when the page shows a Streamlit exception box."""
    boxes = exception_texts(page)
    if boxes:
        pytest.fail(
            "the page shows a Streamlit exception:\n" + "\n---\n".join(boxes), pytrace=False
        )


def docs_images() -> Path | None:
    """Where the README's screenshots are written again: docs/images/ under
    GAMEDAY_UPDATE_SCREENSHOTS=1, else nowhere (a test run leaves the tracked pictures alone)."""
    return DOCS_IMAGES if os.environ.get(UPDATE_SCREENSHOTS_ENV, "").strip() == "1" else None


def save_screenshot(
    page: Page, name: str, full_page: bool = True, directory: Path = SCREENSHOTS
) -> Path:
    """Save a PNG of the page as `<directory>/<name>.png` (default test-artifacts/screenshots/)."""
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / f"{name.removesuffix('.png')}.png"
    page.screenshot(path=str(path), full_page=full_page)
    return path
