"""The facilitator secret in a real browser: the link with it opens the console, then the address
bar no longer shows it (a screen share would); the console keeps working from the tab's session;
a reload says what to do instead of opening the console."""

from __future__ import annotations

from playwright.sync_api import Page

from simulator.session import open_service
from tests.e2e.browser import ROOT, assert_no_exception, open_app, wait_for_app
from tests.e2e.steps import PAGE_MS

SCENARIO = ROOT / "scenarios" / "pool-exhaustion.yaml"


def test_the_secret_leaves_the_address_bar_and_a_reload_says_what_to_do(app_server, page: Page):
    svc = open_service(app_server.database_url)
    created = svc.create(SCENARIO, seed=2)
    sid, secret = created.session_id, created.facilitator_secret
    path = f"/facilitator?session={sid}&secret={secret}"
    open_app(page, app_server.url, path, text="Join details", timeout_ms=PAGE_MS)
    page.wait_for_function("() => !location.search.includes('secret=')", timeout=PAGE_MS)
    assert secret not in page.url and "as=facilitator" in page.url
    page.locator(".st-key-fac_start button").click()  # the tab is still the facilitator
    page.get_by_text("running").first.wait_for(timeout=PAGE_MS)

    page.reload()
    wait_for_app(page, text="This tab no longer holds the facilitator secret", timeout_ms=PAGE_MS)
    assert page.locator(".st-key-fac_start").count() == 0
    assert secret not in page.url
    assert_no_exception(page)
    assert svc.status(sid).state == "running"
    svc.end(sid, secret)
