"""Pages and alerts are announced once (issue 17).

The IC's console is open while the clock runs; the session skips ahead through the API until the
page fires, then on without an acknowledgement until it re-pages. In the browser, a
MutationObserver records every text the console's polite live region (`#gameday-announcer`)
takes, and every change inside any other live region (`aria-live`, or the roles status, alert,
log, timer, marquee) of the page. The new page is announced exactly once, the re-page exactly
once, nothing is announced twice, and no other live region changes while the page refreshes
every second (the countdown to the next status update used to be re-read every second).
"""

from __future__ import annotations

from playwright.sync_api import Page

from simulator.session import open_service
from tests.e2e.browser import ROOT, assert_no_exception, open_app
from tests.e2e.steps import PAGE_MS

SCENARIO = ROOT / "scenarios" / "pool-exhaustion.yaml"
REFRESHES_MS = 5_000  # the live panels refresh every second: several refreshes

_WATCH = """() => {
    window.__announced = [];
    window.__chatter = [];
    const region = document.getElementById('gameday-announcer');
    new MutationObserver(() => { window.__announced.push(region.textContent); })
        .observe(region, {childList: true, characterData: true, subtree: true});
    const live = '[aria-live]:not([aria-live="off"]), [role="status"], [role="alert"], '
        + '[role="log"], [role="timer"], [role="marquee"]';
    new MutationObserver((records) => {
        for (const r of records) {
            const node = r.target.nodeType === 1 ? r.target : r.target.parentElement;
            const inLive = node && node.closest(live);
            const added = Array.from(r.addedNodes).some(n => n.nodeType === 1
                && (n.matches(live) || n.querySelector(live)));
            if ((inLive && !region.contains(node)) || added) {
                window.__chatter.push((node && node.outerHTML || '').slice(0, 200));
            }
        }
    }).observe(document.body, {childList: true, characterData: true, subtree: true});
}"""


def announced(page: Page) -> list[str]:
    return page.evaluate("() => window.__announced")


def wait_for_title(page: Page, start: str) -> None:
    page.wait_for_function(
        "(start) => document.title.startsWith(start)", arg=start, timeout=PAGE_MS
    )


def test_a_new_page_and_a_re_page_are_each_announced_once(app_server, page: Page) -> None:
    svc = open_service(app_server.database_url)
    created = svc.create(SCENARIO, seed=3)
    sid, secret = created.session_id, created.facilitator_secret
    ic = svc.join(sid, created.join_code, "Ada", "ic")
    svc.start(sid, secret)
    svc.skip(sid, secret, 14 * 60)  # the page fires at T+14:15 (seed 3)
    update = {"status": "investigating", "impact": "Slow checkout", "actions": "Looking"}
    svc.act(sid, ic.id, "status_update", {**update, "next_update": "15m"})  # a countdown runs
    svc.pause(sid, secret)  # however slowly the page loads, nothing new happens meanwhile
    assert not svc.status(sid).open_pages  # (actions are refused while paused: update first)
    path = f"/console?session={sid}&participant={ic.id}"
    open_app(page, app_server.url, path, text="Next status update due", timeout_ms=PAGE_MS)
    wait_for_title(page, "Incident console — Game day")
    page.wait_for_selector("#gameday-announcer", state="attached", timeout=PAGE_MS)
    page.evaluate(_WATCH)
    page.wait_for_timeout(REFRESHES_MS)
    assert announced(page) == [], "announced without anything new"
    chatter = page.evaluate("() => window.__chatter")
    assert chatter == [], f"live regions changed on a refresh: {chatter}"

    svc.resume(sid, secret)
    svc.skip(sid, secret, 60)
    (page_id,) = [p.id for p in svc.status(sid).open_pages]
    wait_for_title(page, f"(1) Page {page_id} — Incident console")
    page.wait_for_timeout(REFRESHES_MS)
    texts = announced(page)
    assert sum(f"New page {page_id}:" in t for t in texts) == 1, texts
    assert len(texts) == 1, texts  # the alert and its page fired together: one announcement
    assert "Alert firing: CheckoutHighErrorRatio" in texts[0]
    assert (
        page.evaluate("() => document.getElementById('gameday-announcer').textContent")
        == (texts[-1])
    )

    svc.skip(sid, secret, 5 * 60)  # the ack timeout: the page escalates
    page.wait_for_function(
        "() => window.__announced.some(t => t.includes('Re-page:'))", timeout=PAGE_MS
    )
    page.wait_for_timeout(REFRESHES_MS)
    texts = announced(page)
    assert sum(f"Re-page: {page_id} " in t for t in texts) == 1, texts
    assert sum(f"New page {page_id}:" in t for t in texts) == 1, texts
    assert len(set(texts)) == len(texts), f"announced twice: {texts}"
    (repage,) = [t for t in texts if "Re-page:" in t]
    assert "now paging checkout secondary on-call" in repage
    assert_no_exception(page)
    svc.end(sid, secret)  # nothing left running on the server the other browser tests share
