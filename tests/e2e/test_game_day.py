"""A facilitated game day, end to end, in headless Chromium (issue 5).

The facilitator creates a session on the Start page and reads the join code, the session id and
the secret from the console; an incident commander, a scribe and a communications lead join at
once from their own browser contexts (two with the join link, one typing the id and the code).
The facilitator starts the exercise and skips ahead until the page fires; the IC acknowledges and
declares SEV1, the comms lead posts a status update, the scribe adds a timeline note, and each of
those shows on the other people's pages without a reload (live fragments refresh every second).
The facilitator skips on and ends the exercise; the debrief shows the scores per role and the
total. Every step is checked in the session store through the session API as well.

Screenshots of every page go to test-artifacts/screenshots/ (git-ignored); with
GAMEDAY_UPDATE_SCREENSHOTS=1 five of them are also written to docs/images/ for the README: start,
facilitator, ic, scribe, debrief.

What a person does on a page (`widget`, `click`, `pick`, ...) is `steps.py`, shared by every
browser test; the `person` fixture is in `conftest.py`.
"""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from simulator.session import open_service
from tests.e2e.browser import (
    assert_no_exception,
    open_app,
    open_tab,
    wait_for_app,
)
from tests.e2e.steps import (
    ACTION_MS,
    LIVE_MS,
    PAGE_MS,
    SCENARIO_TITLE,
    Steps,
    actions,
    click,
    clock_control,
    clock_events,
    fill,
    metrics,
    open_debrief,
    pick,
    press,
    shot,
    skip_ahead,
    widget,
)

# ------------------------------------------------------------------ the test


PEOPLE = (  # role, name, the role's title on the join form
    ("ic", "Ada", "Incident commander"),
    ("scribe", "Tom", "Scribe"),
    ("comms_lead", "Priya", "Communications lead"),
)


def test_game_day_in_the_browser(app_server, person):
    step = Steps()
    svc = open_service(app_server.database_url)
    url = app_server.url

    step("The facilitator creates a session on the Start page")
    fac = person("facilitator")
    open_app(fac, url, text="Run a game day")
    shot(fac, "start", docs=True)
    assert_no_exception(fac)
    pick(fac, "create_scenario", SCENARIO_TITLE)
    click(fac, "create_submit")
    fac.wait_for_url("**/facilitator?**", timeout=PAGE_MS)
    details = fac.locator('[data-testid="stExpander"]').filter(has_text="Join details")
    expect(details.get_by_text("Join code", exact=True)).to_be_visible(timeout=PAGE_MS)
    # the Session id metric is the element after the join code's: drawn a moment later
    expect(details.get_by_text("Session id", exact=True)).to_be_visible()
    shown = metrics(fac)
    code, session_id = shown["Join code"], shown["Session id"]
    blocks = details.locator('[data-testid="stCode"]')
    expect(blocks).to_have_count(2)
    link, secret = (b.inner_text().strip() for b in blocks.all())
    record = svc.session(session_id)
    assert record.join_code == code
    assert record.scenario_id == "pool-exhaustion"
    svc.events(session_id, secret)  # the secret the page shows is the session's (else refused)
    assert f"join={session_id}" in link and f"code={code}" in link
    shot(fac, "facilitator-lobby")

    step("Three people join at once")
    # Three people join at once, each in their own browser context: the IC and the comms lead
    # open the join link (it fills in the session id and the code), the scribe types them.
    pages: dict[str, Page] = {}
    for role, _name, _title in PEOPLE:
        pages[role] = person(role)
        pages[role].goto(link if role != "scribe" else url, timeout=PAGE_MS)
    for role, name, title in PEOPLE:
        page = pages[role]
        wait_for_app(page, text="Join a session", timeout_ms=PAGE_MS)
        if role == "scribe":
            fill(page, "join_session", session_id)
            fill(page, "join_code", code)
        else:
            expect(widget(page, "join_session").locator("input")).to_have_value(session_id)
            expect(widget(page, "join_code").locator("input")).to_have_value(code)
        fill(page, "join_name", name)
        pick(page, "join_role", title)
        click(page, "join_submit")
    for role, name, title in PEOPLE:
        page = pages[role]
        page.wait_for_url("**/console?**", timeout=PAGE_MS)
        expect(page.get_by_text(f"{name} · {title}")).to_be_visible(timeout=PAGE_MS)
        expect(page.get_by_text("Waiting for the facilitator to start")).to_be_visible()
    joined = {p.role: p.name for p in svc.participants(session_id)}
    assert joined == {role: name for role, name, _ in PEOPLE}
    table = fac.locator('[data-testid="stDataFrame"]').filter(has_text="joined")  # canvas grid
    for _role, name, title in PEOPLE:  # the grid's accessible cells carry the text
        expect(table.locator("td").filter(has_text=name)).to_be_attached(timeout=LIVE_MS)
        expect(table.locator("td").filter(has_text=title)).to_be_attached()
    shot(pages["ic"], "ic-lobby")

    step("The facilitator starts, then skips ahead until the page fires")
    press(fac, "start", "the start", lambda: svc.status(session_id).state == "running", "pause")
    expect(details.get_by_text("Join code", exact=True)).to_be_hidden()  # folded once started
    expect(fac.get_by_text(re.compile(r"Running at 1x"))).to_be_visible(timeout=ACTION_MS)
    for _ in range(5):
        skip_ahead(fac, svc, session_id)
        if svc.status(session_id).open_pages:
            break
    status = svc.status(session_id)
    # At 1x the clock also moves with the wall clock, so on a slow machine a second alert may
    # page before the loop sees the first: every open page must be waiting, the first is used.
    assert status.open_pages and {p.status for p in status.open_pages} == {"triggered"}, (
        status.open_pages,
        status.sim_time,
        clock_events(svc, session_id),
    )
    page_id, alert = status.open_pages[0].id, status.open_pages[0].alert
    ic = pages["ic"]
    pager = ic.get_by_text(re.compile(rf"TRIGGERED\s*{page_id}\s*{alert}"))
    expect(pager).to_be_visible(timeout=LIVE_MS)
    expect(ic.get_by_text(re.compile(rf"FIRING\s*{alert}"))).to_be_visible(timeout=LIVE_MS)
    shot(ic, "ic", docs=True)

    step("The IC acknowledges the page; the scribe's key events show it")
    ack = widget(ic, "pager_ack").locator("button")
    expect(ack).to_be_enabled(timeout=LIVE_MS)
    ack.click()
    expect(ic.get_by_text("acknowledge: accepted at")).to_be_visible(timeout=ACTION_MS)
    expect(ic.get_by_text(re.compile(rf"ACKNOWLEDGED\s*{page_id}"))).to_be_visible(timeout=LIVE_MS)
    scribe = pages["scribe"]
    expect(scribe.get_by_text(f"Page {page_id} acknowledged by")).to_be_visible(timeout=LIVE_MS)
    assert [a["role"] for a in actions(svc, session_id, "acknowledge")] == ["ic"]
    assert not svc.status(session_id).open_pages or all(
        p.status == "acknowledged" for p in svc.status(session_id).open_pages
    )

    step("The IC declares SEV1 (picked in the form) with a title")
    pick(ic, "ic_severity", "SEV1")
    fill(ic, "ic_title", "Checkout payments failing")
    click(ic, "ic_declare")
    expect(ic.get_by_text("declare: accepted at")).to_be_visible(timeout=ACTION_MS)
    expect(ic.get_by_text("Severity: SEV1")).to_be_visible(timeout=ACTION_MS)
    expect(scribe.get_by_text("declared SEV1")).to_be_visible(timeout=LIVE_MS)
    declared = actions(svc, session_id, "declare")
    assert [d["params"] for d in declared] == [
        {"severity": "SEV1", "title": "Checkout payments failing"}
    ]

    step("The comms lead posts a status update from the template; the IC sees when the next is due")
    comms = pages["comms_lead"]
    expect(ic.get_by_text("No status update posted yet.")).to_be_visible()
    pick(comms, "comms_status", "identified")
    fill(comms, "comms_impact", "Most checkout payments fail; customers cannot pay.")
    fill(comms, "comms_actions", "Investigating database connections on checkout-api.")
    pick(comms, "comms_next", "15m")
    click(comms, "comms_update_submit")
    expect(comms.get_by_text("status update: accepted at")).to_be_visible(timeout=ACTION_MS)
    expect(comms.get_by_text("Impact: Most checkout payments fail")).to_be_visible()
    expect(ic.get_by_text(re.compile(r"Next status update due T\+"))).to_be_visible(timeout=LIVE_MS)
    updates = actions(svc, session_id, "status_update")
    assert [(u["role"], u["params"]["status"], u["params"]["next_update"]) for u in updates] == [
        ("comms_lead", "identified", "15m")
    ]
    shot(comms, "comms")

    step("The scribe adds a decision to the timeline; the IC and the comms lead see it live")
    note = "Decided: roll back checkout-api 2.42.0 if the pool keeps climbing"
    fill(scribe, "scribe_text", note)
    scribe.get_by_role("radiogroup").get_by_text("Decision", exact=True).click()
    click(scribe, "scribe_submit")
    expect(scribe.get_by_text("timeline note: accepted at")).to_be_visible(timeout=ACTION_MS)
    expect(scribe.get_by_text(note)).to_be_visible(timeout=LIVE_MS)
    for other in (ic, comms):
        open_tab(other, "Scribe timeline")
        expect(other.get_by_text(note)).to_be_visible(timeout=LIVE_MS)
    notes = actions(svc, session_id, "timeline_note")
    assert [(n["role"], n["params"]) for n in notes] == [
        ("scribe", {"text": note, "tag": "decision"})
    ]
    shot(scribe, "scribe", docs=True, top=scribe.get_by_role("tab", name="Scribe timeline"))
    shot(ic, "ic-timeline")

    step("The facilitator's console mid-incident")
    # The facilitator's console mid-incident: the people, the alerts, the ground truth (the join
    # details folded away since the start).
    expect(details.get_by_text("Join code", exact=True)).to_be_hidden()
    expect(fac.get_by_text("CUSTOMER IMPACT", exact=True)).to_be_visible(timeout=LIVE_MS)
    expect(fac.get_by_text(re.compile(rf"FIRING\s*{alert}"))).to_be_visible(timeout=LIVE_MS)
    shot(fac, "facilitator", docs=True)
    for page in (fac, *pages.values()):
        assert_no_exception(page)

    step("The facilitator skips on and ends the exercise")
    skip_ahead(fac, svc, session_id)
    clock_control(fac, "end")
    widget(fac, "fac_end_confirm").get_by_text("I want to end the exercise now").click()
    expect(widget(fac, "fac_end").locator("button")).to_be_enabled(timeout=ACTION_MS)
    press(fac, "end", "the end", lambda: svc.status(session_id).state == "ended", then=None)
    expect(fac.get_by_text(re.compile(r"Ended$"))).to_be_visible(timeout=ACTION_MS)
    for role, _name, _title in PEOPLE:
        expect(pages[role].get_by_text("The exercise has ended")).to_be_visible(timeout=LIVE_MS)

    step("The debrief: scores per role and the total, for the facilitator and for the IC")
    open_debrief(fac, "Debrief")
    open_debrief(ic, "Open the debrief")
    for page in (fac, ic):
        expect(page.get_by_role("heading", name="Scores")).to_be_visible(timeout=PAGE_MS)
        total = page.locator('[data-testid="stMetric"]').filter(has_text="Total")
        expect(total).to_be_visible(timeout=PAGE_MS)
        wait_for_app(page, timeout_ms=PAGE_MS)
        scores = metrics(page)
        for label in ("Total", "Team", "Incident commander", "Communications lead", "Scribe"):
            assert re.fullmatch(r"\d+/100", scores.get(label, "")), (label, scores)
        assert_no_exception(page)
    shot(fac, "debrief", docs=True)
    shot(ic, "debrief-ic")

    step("What the browser did is what the store holds")
    stored = [
        e.payload["action"]
        for e in svc.events(session_id, secret)
        if e.kind == "action" and e.payload.get("outcome") == "accepted"
    ]
    assert stored == ["acknowledge", "declare", "status_update", "timeline_note"], stored
    assert "Traceback" not in app_server.log()
