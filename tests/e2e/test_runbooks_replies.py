"""Issue 10 items 4 and 5 in a real browser: the IC opens the firing alert's runbook inside the
console (it renders there, literally, and closes again), then answers the support lead's
message from the Comms tab; the reply is stored as an action naming the message and shows under
it in the feed. No page error and no console error (except Streamlit's own start-up probe,
`UPSTREAM_404`) in the tab."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from simulator.session import open_service
from tests.conftest import SCENARIO_DIR
from tests.e2e.browser import open_app, open_tab
from tests.e2e.steps import ACTION_MS, PAGE_MS, fill, pick, widget
from tests.e2e.test_facilitator_tabs import Errors

RUNBOOK_TITLE = "Runbook: checkout-api: high 5xx error ratio"


def test_open_an_alerts_runbook_and_reply_to_a_stakeholder(app_server, page: Page, screenshot):
    svc = open_service(app_server.database_url)
    created = svc.create(SCENARIO_DIR / "pool-exhaustion.yaml", seed=3)
    sid, secret = created.session_id, created.facilitator_secret
    ic = svc.join(sid, created.join_code, "Ada", "ic")
    svc.start(sid, secret)
    svc.skip(sid, secret, 16 * 60)  # CheckoutHighErrorRatio fires, the support lead asks
    errors = Errors()
    errors.watch("ic", page)
    open_app(
        page,
        app_server.url,
        f"/console?session={sid}&participant={ic.id}",
        text="Alerts",
        timeout_ms=PAGE_MS,
    )

    button = widget(page, "runbook_CheckoutHighErrorRatio").locator("button")
    expect(button).to_contain_text(RUNBOOK_TITLE, timeout=PAGE_MS)
    button.click()
    panel = page.locator(".st-key-runbook_panel")
    expect(panel).to_contain_text("Diagnosis steps", timeout=ACTION_MS)
    expect(panel).to_contain_text("1. Check what changed", timeout=ACTION_MS)
    expect(panel).to_contain_text("Escalation")
    panel.scroll_into_view_if_needed()
    screenshot(page, "console-runbook")
    widget(page, "runbook_close").locator("button").click()
    expect(panel).to_have_count(0, timeout=ACTION_MS)

    open_tab(page, "Comms")
    pick(page, "comms_reply_to", re.compile(r".*Jess Okafor \(Support Lead\).*"))
    fill(page, "comms_reply_text", "Yes, SEV1 declared; put the banner up. Next update 15m.")
    widget(page, "comms_reply_submit").locator("button").click()
    expect(page.locator('[data-testid="stMain"]')).to_contain_text(
        "reply: accepted", timeout=ACTION_MS
    )
    replies = [e for e in svc.journal(sid).of_kind("action") if e["action"] == "reply"]
    assert [(r["outcome"], r["params"]["to"]) for r in replies] == [
        ("accepted", "support-lead-tickets")
    ]
    feed = page.locator(".st-key-scroll_messages")
    expect(feed).to_contain_text("replied at T+16:", timeout=ACTION_MS)
    expect(feed).to_contain_text("Yes, SEV1 declared; put the banner up.")
    feed.scroll_into_view_if_needed()
    screenshot(page, "console-reply")
    errors.check([page])
