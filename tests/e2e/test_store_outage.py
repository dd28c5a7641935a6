"""Fault injection in a real browser: the session store goes away under a page and comes back.

PostgreSQL stopped and started during a facilitator's click sequence (a throwaway cluster of the
test's own, `tests/pg_cluster.py`, behind its own `gameday serve`): while it is down the clicked
Pause says it was not stored and offers Retry, and every panel says the store is not answering
(no traceback); once it is back every control and panel is drawn again without a reload, no
outage message is left, and Retry stores the pause exactly once. A scribe's note submitted during
the outage is kept on the page as "not stored" and stored once by Retry after the restart.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from simulator.session import open_service
from tests.app_server import Server, free_port, gameday_command
from tests.e2e.browser import ROOT, assert_no_exception, open_app
from tests.e2e.steps import click, fill, wait_until
from tests.pg_cluster import Cluster

SCENARIO = ROOT / "scenarios" / "pool-exhaustion.yaml"
PAGE_MS = 60_000
OUTAGE = "The session store is not answering"


@pytest.fixture(scope="module")
def pg_app(tmp_path_factory) -> Iterator[tuple[Cluster, str]]:
    """A PostgreSQL cluster of this module's own and the app served on it."""
    cluster = Cluster()
    port = free_port()
    workdir: Path = tmp_path_factory.mktemp("pg-app")
    command = gameday_command(
        "serve", "--port", str(port), "--address", "127.0.0.1", "--database-url", cluster.url
    )
    server = Server(command, f"http://127.0.0.1:{port}", workdir / "server.log")
    try:
        server.wait_healthy(timeout=60)
        yield cluster, server.url
    finally:
        server.stop()
        cluster.remove()


def clock_events(url: str, session_id: str, secret: str, kind: str) -> int:
    return sum(1 for e in open_service(url).events(session_id, secret) if e.kind == kind)


def controls_back(page: Page) -> None:
    """Every control and panel of the facilitator console is drawn, no outage message left."""
    for name in ("Pause", "Resume", "Skip 1m", "End exercise"):
        # Exactly once and visible at the same moment, once the page settles: while the page
        # redraws after the outage, the old row of controls can stand beside the new one for a
        # moment (on a loaded machine, CI), but never for good.
        button = page.get_by_role("button", name=name, exact=True)
        wait_until(
            f"one {name} button, visible",
            lambda b=button: b.count() == 1 and b.first.is_visible(),
            timeout_s=PAGE_MS / 1000,
        )
    expect(page.get_by_text("Ground truth", exact=True)).to_be_visible(timeout=PAGE_MS)
    expect(page.get_by_role("tab", name="Hints and notes")).to_be_visible(timeout=PAGE_MS)
    expect(page.get_by_text(OUTAGE)).to_have_count(0, timeout=PAGE_MS)
    assert_no_exception(page)


def test_postgres_stopped_during_a_facilitator_click_sequence(pg_app, page):
    cluster, app_url = pg_app
    svc = open_service(cluster.url)
    created = svc.create(SCENARIO, seed=5)
    sid, secret = created.session_id, created.facilitator_secret
    svc.start(sid, secret)
    open_app(page, app_url, f"/facilitator?session={sid}&secret={secret}", timeout_ms=PAGE_MS)
    controls_back(page)

    cluster.stop()  # fault 1: the database is gone while the facilitator works
    expect(page.get_by_text(OUTAGE).first).to_be_visible(timeout=PAGE_MS)
    page.get_by_role("button", name="Pause", exact=True).click()
    expect(page.get_by_text("not stored").first).to_be_visible(timeout=PAGE_MS)
    retry = page.get_by_role("button", name="Retry", exact=True)
    expect(retry).to_be_visible()
    assert_no_exception(page)

    cluster.start()  # the database is back: the page redraws itself, no reload
    controls_back(page)
    assert clock_events(cluster.url, sid, secret, "clock.pause") == 0
    expect(page.get_by_text("not stored").first).to_be_visible(timeout=PAGE_MS)  # still said
    retry.click()
    expect(page.get_by_role("button", name="Resume", exact=True)).to_be_enabled(timeout=PAGE_MS)
    expect(page.get_by_text("not stored")).to_have_count(0, timeout=PAGE_MS)
    assert clock_events(cluster.url, sid, secret, "clock.pause") == 1

    cluster.stop()  # fault 2: a second outage, then a click once it is over
    expect(page.get_by_text(OUTAGE).first).to_be_visible(timeout=PAGE_MS)
    cluster.start()
    controls_back(page)
    page.get_by_role("button", name="Resume", exact=True).click()
    expect(page.get_by_role("button", name="Pause", exact=True)).to_be_enabled(timeout=PAGE_MS)
    assert clock_events(cluster.url, sid, secret, "clock.resume") == 1
    assert clock_events(cluster.url, sid, secret, "clock.speed") == 0  # nothing fired by itself
    assert_no_exception(page)


def test_a_note_submitted_during_an_outage_is_kept_and_stored_once(pg_app, page):
    """The scribe submits a note while PostgreSQL is stopped: the page says it was not stored and
    keeps the text; after the restart, Retry stores it, once, and the message goes."""
    cluster, app_url = pg_app
    svc = open_service(cluster.url)
    created = svc.create(SCENARIO, seed=6)
    sid = created.session_id
    scribe = svc.join(sid, created.join_code, "Tom", "scribe")
    svc.start(sid, created.facilitator_secret)
    open_app(page, app_url, f"/console?session={sid}&participant={scribe.id}", timeout_ms=PAGE_MS)
    note = "Decided: page the database on-call"
    fill(page, "scribe_text", note)

    cluster.stop()
    click(page, "scribe_submit")
    expect(page.get_by_text("timeline note was not stored")).to_be_visible(timeout=PAGE_MS)
    expect(page.get_by_text(note, exact=True).first).to_be_visible()  # what was typed is kept
    assert_no_exception(page)

    cluster.start()
    expect(page.get_by_text(OUTAGE)).to_have_count(0, timeout=PAGE_MS)
    page.get_by_role("button", name="Retry", exact=True).click()
    expect(page.get_by_text("timeline note: accepted at")).to_be_visible(timeout=PAGE_MS)
    expect(page.get_by_text("was not stored")).to_have_count(0)
    notes = [e for e in svc.journal(sid).entries if e.get("action") == "timeline_note"]
    assert [n["params"]["text"] for n in notes] == [note]
    assert_no_exception(page)
