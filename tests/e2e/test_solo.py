"""Solo practice, end to end, in headless Chromium (issue 5).

One person starts practice on the Start page at 10x, skips ahead with the practice clock controls
until the page fires, acknowledges it, declares SEV1, runs an investigation command and reads its
output, rolls back the bad deploy (a risky action: refused until the confirmation box is ticked),
posts a status update, marks the incident mitigated and resolves it, ends the exercise and reads
the debrief's scores, downloads the PDF report and renders its pages. Every step is checked in
the session store too.
"""

from __future__ import annotations

import re

from playwright.sync_api import expect

from simulator.session import open_service
from tests.e2e.browser import SCREENSHOTS, assert_no_exception, open_app, open_tab, wait_for_app
from tests.e2e.steps import (
    ACTION_MS,
    LIVE_MS,
    PAGE_MS,
    SCENARIO_TITLE,
    Steps,
    actions,
    click,
    clock_control,
    fill,
    metrics,
    open_debrief,
    pick,
    pick_action,
    press,
    run_action,
    shot,
    skip_ahead,
    wait_until,
    widget,
)
from tests.pdf_pages import ink_ratio, pdf_text, render_pages

PDF_DIR = SCREENSHOTS.parent / "pdf"  # test-artifacts/pdf: the downloaded PDF and its pages


def test_solo_practice_in_the_browser(app_server, page):
    step = Steps()
    svc = open_service(app_server.database_url)

    step("Start practice at 10x (the default speed for solo)")
    open_app(page, app_server.url, text="Practise solo")
    pick(page, "practice_scenario", SCENARIO_TITLE)
    fill(page, "practice_name", "Sol")
    expect(widget(page, "practice_speed")).to_contain_text("10x")
    click(page, "practice_submit")
    page.wait_for_url("**/console?**", timeout=PAGE_MS)
    expect(page.get_by_text("Sol · every role (solo)")).to_be_visible(timeout=PAGE_MS)
    session_id = re.search(r"session=([^&]+)", page.url).group(1)  # type: ignore[union-attr]
    status = svc.status(session_id)
    assert (status.solo, status.state, status.speed) == (True, "running", 10.0)
    assert status.scenario_id == "pool-exhaustion"
    shot(page, "solo-start")

    step("Skip ahead with the practice clock controls until the page fires")
    page.get_by_text("Practice clock controls").click()
    for _ in range(5):
        skip_ahead(page, svc, session_id, prefix="solo")
        if svc.status(session_id).open_pages:
            break
    pages = svc.status(session_id).open_pages
    assert pages, "no page after skipping 25 minutes"
    page_id, alert = pages[0].id, pages[0].alert
    expect(page.get_by_text(re.compile(rf"(TRIGGERED|ACKNOWLEDGED)\s*{page_id}"))).to_be_visible(
        timeout=LIVE_MS
    )
    expect(page.get_by_text(re.compile(rf"FIRING\s*{alert}"))).to_be_visible(timeout=LIVE_MS)
    shot(page, "solo-paged")

    step("Acknowledge and declare")
    ack = widget(page, "pager_ack").locator("button")
    expect(ack).to_be_enabled(timeout=LIVE_MS)
    ack.click()
    expect(page.get_by_text("acknowledge: accepted at")).to_be_visible(timeout=ACTION_MS)
    pick(page, "ic_severity", "SEV1")
    click(page, "ic_declare")
    expect(page.get_by_text("declare: accepted at")).to_be_visible(timeout=ACTION_MS)
    expect(page.get_by_text("Severity: SEV1")).to_be_visible(timeout=ACTION_MS)

    step("Investigate: the logs show the pool timing out")
    open_tab(page, "Investigate")
    pick(page, "investigate_command", re.compile(r"^logs: kubectl"))
    click(page, "investigate_run")
    expect(page.get_by_text("investigate: accepted at")).to_be_visible(timeout=ACTION_MS)
    output = page.locator('[data-testid="stExpander"]').filter(has_text="logs (run by")
    expect(output.first).to_contain_text("Connection is not available", timeout=ACTION_MS)
    shot(page, "solo-investigate", top=page.get_by_role("tab", name="Investigate"))

    step("Roll back the deploy: risky, so refused until the confirmation box is ticked")
    open_tab(page, "System actions")
    pick_action(page, "rollback")
    pick(page, "sysaction_rollback_target", "deploy")
    run_action(page, "rollback", confirm=False)
    expect(page.get_by_text("tick the confirmation box")).to_be_visible(timeout=ACTION_MS)
    assert not actions(svc, session_id, "rollback")
    pick(page, "sysaction_rollback_target", "deploy")
    run_action(page, "rollback", confirm=True)
    expect(page.get_by_text("rollback: accepted at")).to_be_visible(timeout=ACTION_MS)
    shot(page, "solo-rollback", top=page.get_by_role("tab", name="System actions"))
    rollbacks = actions(svc, session_id, "rollback")
    assert [(r["role"], r["params"]) for r in rollbacks] == [("ic", {"target": "deploy"})]

    step("A status update (the solo player holds the comms lead's role too)")
    open_tab(page, "Comms")
    fill(page, "comms_impact", "Checkout payments failing since 13:45.")
    fill(page, "comms_actions", "Rolling back checkout-api 2.42.0.")
    click(page, "comms_update_submit")
    expect(page.get_by_text("status update: accepted at")).to_be_visible(timeout=ACTION_MS)

    step("Let the rollback land, then mark mitigated and resolve")
    skip_ahead(page, svc, session_id, prefix="solo")
    wait_until(
        "the rollback to land",
        lambda: any(
            e.get("kind") == "action.effect" and e.get("action") == "rollback"
            for e in svc.journal(session_id).entries
        ),
    )
    open_tab(page, "Incident command")
    click(page, "ic_mitigated")
    expect(page.get_by_text("mark mitigated: accepted at")).to_be_visible(timeout=ACTION_MS)
    click(page, "ic_resolve")
    expect(page.get_by_text("resolve: accepted at")).to_be_visible(timeout=ACTION_MS)
    expect(page.get_by_text(re.compile(r"^Resolved T\+"))).to_be_visible(timeout=ACTION_MS)
    shot(page, "solo-resolved", top=page.get_by_role("tab", name="Incident command"))

    step("End the exercise from the practice clock controls and open the debrief")
    clock_control(page, "end", prefix="solo")
    widget(page, "solo_end_confirm").get_by_text("I want to end the exercise now").click()
    expect(widget(page, "solo_end").locator("button")).to_be_enabled(timeout=ACTION_MS)
    press(page, "end", "the end", lambda: svc.status(session_id).state == "ended", None, "solo")
    open_debrief(page, "Open the debrief")
    expect(page.locator('[data-testid="stMetric"]').filter(has_text="Total")).to_be_visible(
        timeout=PAGE_MS
    )
    wait_for_app(page, timeout_ms=PAGE_MS)
    scores = metrics(page)
    assert re.fullmatch(r"\d+/100", scores.get("Total", "")), scores
    assert re.fullmatch(r"\d+/100", scores.get("Incident commander", "")), scores
    assert_no_exception(page)
    shot(page, "solo-debrief")

    step("Download the PDF report from the debrief and look at its pages")
    with page.expect_download(timeout=120_000) as download:
        widget(page, "debrief_download_pdf").locator("button").click()
    pdf = PDF_DIR / "solo-debrief.pdf"
    pdf.parent.mkdir(parents=True, exist_ok=True)
    download.value.save_as(pdf)
    assert download.value.suggested_filename.endswith(".pdf")
    assert pdf.read_bytes()[:5] == b"%PDF-"
    assert "After-action report: Checkout errors climbing" in pdf_text(pdf)
    pages = render_pages(pdf, PDF_DIR / "solo-debrief")
    assert len(pages) >= 4 and all(ink_ratio(p) > 0.005 for p in pages)

    taken = [a["action"] for a in svc.journal(session_id).entries if a.get("kind") == "action"]
    for name in ("acknowledge", "declare", "investigate", "rollback", "status_update", "resolve"):
        assert name in taken, (name, taken)
    assert "Traceback" not in app_server.log()
