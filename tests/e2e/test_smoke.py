"""The start page renders in a real browser: no Streamlit exception, a screenshot for the record."""

from __future__ import annotations

from tests.e2e.browser import assert_no_exception, open_app


def test_start_page_renders_without_exception(app_server, page, screenshot):
    open_app(page, app_server.url)
    assert page.locator('[data-testid="stApp"]').count() == 1
    assert page.locator('[data-testid="stMain"]').inner_text().strip()
    screenshot(page, "start")
    assert_no_exception(page)
    assert "Traceback" not in app_server.log()
