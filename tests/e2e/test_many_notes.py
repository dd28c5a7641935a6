"""A session holding 10,000 timeline notes (stored in one transaction, as if a participant had
flooded it before the rate limit existed): in real Chromium the IC's console stays responsive (its
sim clock advances second by second, the timeline shows one page of 50 with a page picker, the
DOM stays small), and the facilitator hides the newest note from the "Participants' entries" tab,
after which the IC's console shows it as hidden without a reload."""

from __future__ import annotations

from playwright.sync_api import Page

from simulator.session import open_service
from simulator.session.moderation import HIDDEN_TEXT
from tests.e2e.browser import ROOT, assert_no_exception, open_app, open_tab
from tests.e2e.steps import PAGE_MS, sim_seconds, wait_until
from tests.session_helpers import bulk_notes

SCENARIO = ROOT / "scenarios" / "pool-exhaustion.yaml"
NOTES = 10_000
MAX_DOM_NODES = 15_000  # 10,000 notes drawn at once meant 70-80k nodes and a frozen page


def test_ten_thousand_notes_keep_the_console_live_and_the_facilitator_hides_one(
    app_server, page: Page, new_context
) -> None:
    svc = open_service(app_server.database_url)
    created = svc.create(SCENARIO, seed=5)
    sid, secret = created.session_id, created.facilitator_secret
    scribe = svc.join(sid, created.join_code, "Tom", "scribe")
    ic = svc.join(sid, created.join_code, "Ada", "ic")
    svc.start(sid, secret)
    bulk_notes(svc, sid, scribe.id, NOTES)
    newest = [e for e in svc.journal(sid).entries if e.get("action") == "timeline_note"][-1]
    assert newest["params"]["text"] == f"note-{NOTES - 1:05d}"

    open_app(
        page, app_server.url, f"/console?session={sid}&participant={ic.id}", timeout_ms=PAGE_MS
    )
    open_tab(page, "Scribe timeline", timeout_ms=PAGE_MS)  # only the open tab's lists are drawn
    page.get_by_text(f"note-{NOTES - 1:05d}").first.wait_for(state="attached", timeout=PAGE_MS)
    page.get_by_text(f"{NOTES} entries; showing 1-50").first.wait_for(state="attached")
    first = sim_seconds(page)
    for _ in range(3):  # the clock strip's fragment redraws every second
        seen = sim_seconds(page)
        wait_until("the console's clock to advance", lambda s=seen: sim_seconds(page) > s, 15.0)
    assert sim_seconds(page) >= first + 3
    nodes = page.evaluate("() => document.getElementsByTagName('*').length")
    print(f"DOM nodes on the IC console with {NOTES} notes: {nodes}")
    assert nodes < MAX_DOM_NODES
    assert page.get_by_text("note-09949").count() == 0  # older notes are on later pages

    fac = new_context().new_page()
    open_app(fac, app_server.url, f"/facilitator?session={sid}&secret={secret}", timeout_ms=PAGE_MS)
    fac.get_by_role("tab", name="Participants' entries").click()
    hide = fac.locator(f'[class*="st-key-fac_hide_{newest["id"]}"] button')
    hide.wait_for(state="visible", timeout=PAGE_MS)
    hide.click()
    fac.get_by_text("hidden from players and reports").first.wait_for(timeout=PAGE_MS)
    assert svc.hidden(sid) == {newest["id"]}

    page.get_by_text(HIDDEN_TEXT).first.wait_for(state="attached", timeout=PAGE_MS)
    wait_until(
        "the hidden note to leave the console",
        lambda: page.get_by_text(f"note-{NOTES - 1:05d}").count() == 0,
    )
    assert_no_exception(page)
    assert_no_exception(fac)
    svc.end(sid, secret)  # nothing left running on the server the other browser tests share
