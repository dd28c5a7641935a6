"""Fault injection in a real browser: another writer holds the app's SQLite file.

A second process (`tests/sqlite_lock.py`) takes SQLite's write lock (`BEGIN IMMEDIATE`) on the
app's store and holds it (up to 40 s) while the facilitator clicks Pause and a scribe submits a
note, in two browsers. Checked:

- each page says **not stored** next to its control, with the store's reason, while the lock is
  still held (the page's writes wait 2 s for the lock and retry with backoff, so a click reports
  within seconds; with the store's 30 s busy timeout the two clicks could not both be reported
  before the holder let go), the scribe's text is kept on the page, and no panel goes away;
- nothing was stored while the lock was held;
- once the lock is released, without a reload: every control is back, Retry stores each action
  exactly once, no error is left on either page, and a new note goes straight in.
"""

from __future__ import annotations

import time

from playwright.sync_api import Page, expect

from simulator.session import SessionService, open_service
from tests.e2e.browser import ROOT, assert_no_exception, open_app
from tests.e2e.steps import click, fill
from tests.e2e.test_store_outage import OUTAGE, controls_back
from tests.sqlite_lock import LockHolder, sqlite_path

SCENARIO = ROOT / "scenarios" / "pool-exhaustion.yaml"
PAGE_MS = 60_000
ERRORS = '[data-testid="stAlertContentError"]'


def no_error_left(page: Page) -> None:
    expect(page.locator(ERRORS)).to_have_count(0, timeout=PAGE_MS)
    expect(page.get_by_text(OUTAGE)).to_have_count(0)
    assert_no_exception(page)


def test_sqlite_held_by_another_writer_during_a_pause_and_a_note(
    app_server, new_context, screenshot
):
    svc = open_service(app_server.database_url)
    created = svc.create(SCENARIO, seed=9)
    sid, secret = created.session_id, created.facilitator_secret
    scribe = svc.join(sid, created.join_code, "Tom", "scribe")
    svc.start(sid, secret)
    facilitator = new_context().new_page()
    open_app(facilitator, app_server.url, f"/facilitator?session={sid}&secret={secret}")
    controls_back(facilitator)
    player = new_context().new_page()
    open_app(player, app_server.url, f"/console?session={sid}&participant={scribe.id}")
    note = "Decided: hold the deploy until the pool recovers"
    fill(player, "scribe_text", note)

    with LockHolder(sqlite_path(app_server.database_url), hold_s=40) as holder:
        facilitator.get_by_role("button", name="Pause", exact=True).click()
        expect(facilitator.get_by_text("not stored").first).to_be_visible(timeout=PAGE_MS)
        expect(facilitator.get_by_text("database is locked").first).to_be_visible()
        click(player, "scribe_submit")
        expect(player.get_by_text("timeline note was not stored")).to_be_visible(timeout=PAGE_MS)
        expect(player.get_by_text(note, exact=True).first).to_be_visible()  # the text is kept
        assert holder.held(), "both clicks should be reported while the lock is still held"
        screenshot(facilitator, "sqlite-lock-facilitator")
        screenshot(player, "sqlite-lock-scribe")
        for page in (facilitator, player):
            # PAGE_MS: a page that reconnected draws again from its kept state, slowly under load
            retry = page.get_by_role("button", name="Retry", exact=True)
            expect(retry).to_be_visible(timeout=PAGE_MS)
            assert_no_exception(page)
        expect(facilitator.get_by_text("Ground truth", exact=True)).to_be_visible(timeout=PAGE_MS)
        events = svc.events(sid, secret)
        assert [e for e in events if e.kind == "clock.pause"] == []
        assert [e for e in events if e.kind == "action"] == []
        holder.release()

    controls_back(facilitator)  # no reload: the page is whole again
    facilitator.get_by_role("button", name="Retry", exact=True).click()
    expect(facilitator.get_by_role("button", name="Resume", exact=True)).to_be_enabled(
        timeout=PAGE_MS
    )
    no_error_left(facilitator)
    player.get_by_role("button", name="Retry", exact=True).click()
    expect(player.get_by_text("timeline note: accepted at")).to_be_visible(timeout=PAGE_MS)
    no_error_left(player)

    second = "Status: pool back to normal"
    fill(player, "scribe_text", second)
    click(player, "scribe_submit")
    # "timeline note: accepted at" is still shown from the first note, so it cannot tell that
    # the second was stored: wait for the second in the journal (under load a run can lag)
    deadline = time.monotonic() + PAGE_MS / 1000
    while second not in note_texts(svc, sid) and time.monotonic() < deadline:
        time.sleep(0.25)
    no_error_left(player)
    events = svc.events(sid, secret)
    assert sum(1 for e in events if e.kind == "clock.pause") == 1
    assert note_texts(svc, sid) == [note, second]


def note_texts(svc: SessionService, sid: str) -> list[str]:
    """The timeline notes stored so far, in order."""
    entries = svc.journal(sid).entries
    return [e["params"]["text"] for e in entries if e.get("action") == "timeline_note"]
