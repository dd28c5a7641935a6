"""Facilitator-only content never reaches a participant's browser (DESIGN section 6).

A session is set up through the session API late in the game (every scripted hint due, none
released, an investigation run, a private facilitator note stored); the IC's console and the
facilitator's console are opened from their links in two browser contexts. The whole DOM of the
IC's page (`page.content()`, hidden tabs and folded expanders included) holds no root cause,
facilitator note, unreleased hint, discussion question, command `reveals`, fault id or private
note, in any tab; the facilitator's page shows the root cause and the notes.
"""

from __future__ import annotations

import html
import re

from playwright.sync_api import Page, expect

from simulator.scenario import load_scenario
from simulator.session import open_service
from simulator.ui.catalogue import card
from tests.app_helpers import catalogue_leaks, facilitator_only, leaks
from tests.e2e.browser import ROOT, assert_no_exception, open_app, open_tab
from tests.e2e.steps import LIVE_MS, PAGE_MS

SCENARIO = ROOT / "scenarios" / "pool-exhaustion.yaml"
PRIVATE_NOTE = "PRIVATE facilitator note: watch whether Ada checks the deploys"


def normalise(text: str) -> str:
    return " ".join(html.unescape(text).split())


def dom_text(page: Page) -> str:
    """The page's whole DOM as text: tags dropped, entities decoded, whitespace collapsed."""
    return normalise(re.sub(r"<[^>]+>", " ", page.content()))


def secrets() -> dict[str, str]:
    """What only the facilitator may see, the private note included."""
    found = {"private note": PRIVATE_NOTE, **facilitator_only(load_scenario(SCENARIO).scenario)}
    return {label: normalise(text) for label, text in found.items()}


def test_participant_page_holds_no_facilitator_content(app_server, page, new_context):
    svc = open_service(app_server.database_url)
    created = svc.create(SCENARIO, seed=3)
    sid, secret = created.session_id, created.facilitator_secret
    ic = svc.join(sid, created.join_code, "Ada", "ic")
    svc.start(sid, secret)
    svc.skip(sid, secret, 16 * 60)
    svc.act(sid, ic.id, "investigate", {"command": "db-activity"})
    svc.act(sid, ic.id, "investigate", {"command": "logs"})
    svc.skip(sid, secret, 20 * 60)  # T+36m: every scripted hint is due, none is released
    svc.note(sid, secret, PRIVATE_NOTE)
    hidden = secrets()

    open_app(
        page, app_server.url, f"/console?session={sid}&participant={ic.id}", timeout_ms=PAGE_MS
    )
    expect(page.get_by_text("Ada · Incident commander")).to_be_visible(timeout=PAGE_MS)
    expect(page.get_by_text("logs (run by IC)")).to_be_attached(timeout=LIVE_MS)
    text = dom_text(page)
    for name in [t.inner_text().strip() for t in page.get_by_role("tab").all()]:
        open_tab(page, name)  # every tab drawn: only the open tab's lists are on the page
        text += "\n" + dom_text(page)
    assert "Connection is not available" in text  # the investigation output is on the page
    found = leaks(text, hidden)
    assert not found, f"the IC's page holds facilitator-only content: {found}"
    assert_no_exception(page)

    fac = new_context().new_page()
    open_app(fac, app_server.url, f"/facilitator?session={sid}&secret={secret}", timeout_ms=PAGE_MS)
    expect(fac.get_by_text("Ground truth", exact=True)).to_be_visible(timeout=PAGE_MS)
    expect(fac.get_by_text("Facilitator notes", exact=True)).to_be_attached(timeout=PAGE_MS)
    shown = dom_text(fac)
    for label in ("root cause of audit-transaction-leak", "facilitator note 0", "private note"):
        assert label in leaks(shown, hidden), f"the facilitator's page lacks the {label}"
    assert_no_exception(fac)


def test_catalogue_pages_hold_no_answer_key(app_server, page, screenshot):
    """A visitor's Start page and Scenario library (every card of every scenario in scenarios/):
    the whole DOM holds no root cause, fix, stop-gap, harmful action, hint, note, synopsis or
    scored severity of any scenario."""
    shipped = [load_scenario(p).scenario for p in sorted((ROOT / "scenarios").glob("*.yaml"))]
    open_app(page, app_server.url, "/", text="Run a game day", timeout_ms=PAGE_MS)
    start = dom_text(page)
    open_app(page, app_server.url, "/library", text="Check a scenario", timeout_ms=PAGE_MS)
    expect(page.get_by_text(card(shipped[-1]).briefing)).to_be_visible(timeout=PAGE_MS)
    catalogue = dom_text(page)
    screenshot(page, "catalogue")
    for scenario in shipped:
        assert card(scenario).briefing in catalogue, scenario.id
        for name, text in (("Start", start), ("library", catalogue)):
            found = catalogue_leaks(text, scenario)
            assert not found, f"the {name} page holds {scenario.id}'s answer key: {found}"
    assert_no_exception(page)


def test_debrief_before_the_end_holds_no_facilitator_content(app_server, page):
    svc = open_service(app_server.database_url)
    created = svc.create(SCENARIO, seed=4)
    sid, secret = created.session_id, created.facilitator_secret
    ic = svc.join(sid, created.join_code, "Ada", "ic")
    svc.start(sid, secret)
    svc.skip(sid, secret, 36 * 60)
    svc.note(sid, secret, PRIVATE_NOTE)
    hidden = secrets()
    hidden["summary"] = normalise(load_scenario(SCENARIO).scenario.summary)
    open_app(page, app_server.url, f"/debrief?session={sid}&participant={ic.id}")
    expect(page.get_by_text("The debrief opens when the exercise ends")).to_be_visible(
        timeout=PAGE_MS
    )
    found = leaks(dom_text(page), hidden)
    assert not found, f"the debrief before the end holds facilitator-only content: {found}"
    assert_no_exception(page)
