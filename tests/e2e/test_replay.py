"""The debrief of a played session in a browser: the cost-of-delay sentences fill in, and the
replay's slider moves the dashboards, alerts, pager and the scribe's timeline to the chosen time
(issue 14, items 1 and 3).

A session is played through the session API (acknowledge and declare late, a note, an
investigation, a status update, a decision) and ended early by the facilitator. The IC opens the
debrief from their link: each what-if sentence `what_if` finds for the session's journal shows
once the runs are done. The slider is moved with the keyboard, as a person using it without a
mouse would; at each moment the page's chart descriptions say every chart's last point is at the
slider's time, and the alerts, open pages and timeline entries shown are those `Replay.at` finds
for that time, none later. Play moves the slider on by itself; Pause stops it. The facilitator's
replay adds the ground truth at the chosen moment; the IC's never shows it.
"""

from __future__ import annotations

import re
import time

from playwright.sync_api import Page, expect

from simulator.replay import Moment, Replay
from simulator.session import open_service
from simulator.ui.series import default_metrics
from simulator.whatif import what_if
from tests.e2e.browser import ROOT, assert_no_exception, open_app, wait_for_app
from tests.e2e.steps import LIVE_MS, PAGE_MS, widget

SCENARIO = ROOT / "scenarios" / "pool-exhaustion.yaml"
WHATIF_MS = 180_000  # the what-if's runs, on a shared machine
CLOCK = re.compile(r"^T\+(\d+):(\d\d)$")
NOTES = ("Paged on errors, looking", "Decided to restart the pods")


def played_session(url: str) -> tuple[str, str, str]:
    """An exercise played to T+40:00 and ended there: (session id, secret, the IC's id)."""
    svc = open_service(url)
    created = svc.create(SCENARIO, seed=3)
    sid, secret = created.session_id, created.facilitator_secret
    ic = svc.join(sid, created.join_code, "Ada", "ic")
    scribe = svc.join(sid, created.join_code, "Sam", "scribe")
    comms = svc.join(sid, created.join_code, "Cy", "comms_lead")
    svc.start(sid, secret)
    svc.skip(sid, secret, 16 * 60)
    svc.act(sid, ic.id, "acknowledge")
    svc.act(sid, ic.id, "declare", {"severity": "SEV2"})
    svc.act(sid, scribe.id, "timeline_note", {"text": NOTES[0], "tag": "note"})
    svc.skip(sid, secret, 4 * 60)
    svc.act(sid, ic.id, "investigate", {"command": "db-activity"})
    update = {
        "status": "investigating",
        "impact": "Checkout fails for most customers",
        "actions": "Looking at the database",
        "next_update": "15m",
    }
    svc.act(sid, comms.id, "status_update", update)
    svc.skip(sid, secret, 5 * 60)
    svc.act(sid, scribe.id, "timeline_note", {"text": NOTES[1], "tag": "decision"})
    svc.skip(sid, secret, 15 * 60)
    svc.end(sid, secret)
    return sid, secret, ic.id


def slider_time(page: Page) -> float:
    text = page.get_by_role("slider", name="Moment of the exercise").get_attribute("aria-valuetext")
    found = CLOCK.match(text or "")
    assert found, f"the slider's value is not a T+MM:SS time: {text!r}"
    return int(found.group(1)) * 60.0 + int(found.group(2))


def move(page: Page, *keys: str) -> float:
    """Press `keys` on the slider, each after the page settled; the time it landed on."""
    slider = page.get_by_role("slider", name="Moment of the exercise")
    for key in keys:
        before = slider.get_attribute("aria-valuetext")
        slider.focus()
        slider.press(key)
        expect(slider).not_to_have_attribute("aria-valuetext", before or "", timeout=LIVE_MS)
        wait_for_app(page, timeout_ms=LIVE_MS)
    t = slider_time(page)
    clock = f"T+{int(t) // 60:02d}:{int(t) % 60:02d}"
    expect(widget(page, "replay").get_by_text(f"Dashboards at {clock}")).to_be_visible(
        timeout=LIVE_MS
    )
    # That heading is the first thing the replay's run draws: the chart descriptions, alerts,
    # pager, timeline and ground truth under it are still the previous moment's until the run
    # ends (the wait above can pass before the slider's debounced value even reached the
    # server). The caller reads them at once (`replay_text`): wait for that run to finish.
    wait_for_app(page, timeout_ms=LIVE_MS)
    return t


def replay_text(page: Page) -> str:
    return " ".join(widget(page, "replay").inner_text().split())


def assert_shows(page: Page, moment: Moment, journal_notes: dict[str, float]) -> None:
    """The replay on the page is `moment`: every chart ends at its time, and the alerts, open
    pages and timeline entries are those up to it."""
    text = replay_text(page)
    clock = f"T+{int(moment.t) // 60:02d}:{int(moment.t) % 60:02d}"
    for s in moment.series:
        found = re.search(re.escape(s.title) + r": [^.]*?(?:\.\d+)?[^.]* at (T\+\d+:\d\d)", text)
        assert found, f"no description of the {s.title} chart in the replay"
        assert found.group(1) == clock, f"{s.title}'s last point is at {found.group(1)}"
    shown = [a for a in moment.alerts if a.state != "inactive"]
    for alert in shown:
        assert alert.name in text, f"{alert.name} (at {clock}) is not shown"
    hidden = {"CheckoutDbPoolSaturated", "CheckoutHighErrorRatio", "CheckoutLatencyP99High"}
    for name in hidden - {a.name for a in moment.alerts}:
        assert name not in text, f"{name} shows at {clock}, before it changed state"
    if moment.open_pages:
        for p in moment.open_pages:
            assert f"{p.status.upper()} {p.id} {p.alert}" in text
    else:
        assert "No open pages." in text
    for note, at in journal_notes.items():
        assert (note in text) == (at <= moment.t), f"note {note!r} (at {at}) at {clock}"


def test_debrief_what_if_and_replay(app_server, page, new_context, screenshot):
    sid, secret, ic = played_session(app_server.database_url)
    journal = open_service(app_server.database_url).shared_journal(sid)
    expected = what_if(journal, jobs=1)
    assert expected.findings
    notes = {
        str(e["params"]["text"]): float(e["t"])
        for e in journal.entries
        if e["kind"] == "action" and e["action"] == "timeline_note"
    }
    replay = Replay(journal, for_facilitator=False)
    metrics = default_metrics(replay.scenario)

    open_app(page, app_server.url, f"/debrief?session={sid}&participant={ic}", timeout_ms=PAGE_MS)
    main = page.locator('[data-testid="stMain"]')
    for finding in expected.findings:  # they fill in when the runs are done
        expect(main.get_by_text(finding.sentence, exact=False)).to_be_visible(timeout=WHATIF_MS)

    assert slider_time(page) == replay.end  # opens at the (early) end, T+40:00 and a tick or so
    assert 2400.0 <= replay.end < 2460.0
    assert_shows(page, replay.at(replay.end, metrics), notes)
    t = move(page, "Home", "PageUp", "PageUp")  # before the first page
    assert t < 14 * 60
    assert_shows(page, replay.at(t, metrics), notes)
    t = move(page, "End", *["PageDown"] * 4)  # between the two notes
    assert notes[NOTES[0]] < t < notes[NOTES[1]]
    assert_shows(page, replay.at(t, metrics), notes)
    assert "Ground truth" not in replay_text(page) and "Active" not in replay_text(page)
    screenshot(page, "debrief-replay-ic")

    widget(page, "replay_play").locator("button").click()  # 10x by default
    expect(widget(page, "replay_play").locator("p")).to_have_text("Pause", timeout=LIVE_MS)
    deadline = time.monotonic() + LIVE_MS / 1000
    while slider_time(page) <= t and time.monotonic() < deadline:
        time.sleep(0.2)
    assert slider_time(page) > t, "Play did not move the slider"
    widget(page, "replay_play").locator("button").click()
    expect(widget(page, "replay_play").locator("p")).to_have_text("Play", timeout=LIVE_MS)
    wait_for_app(page, timeout_ms=LIVE_MS)
    paused = slider_time(page)
    time.sleep(2.5)
    assert slider_time(page) == paused, "the slider moved on after Pause"
    assert_shows(page, replay.at(paused, metrics), notes)
    assert_no_exception(page)

    fac = new_context().new_page()
    open_app(fac, app_server.url, f"/debrief?session={sid}&secret={secret}", timeout_ms=PAGE_MS)
    heading = widget(fac, "replay").get_by_text("Ground truth", exact=True)
    expect(heading).to_be_visible(timeout=PAGE_MS)
    truth = Replay(journal, for_facilitator=True)
    move(fac, "Home")
    assert "Scheduled audit-transaction-leak" in replay_text(fac)
    t = move(fac, "PageUp", "PageUp")
    moment = truth.at(t, metrics)
    assert moment.truth is not None and moment.truth.faults[0].state == "active"
    assert "Active audit-transaction-leak" in replay_text(fac)
    assert "CUSTOMER IMPACT" in replay_text(fac) or moment.truth.impact_since is None
    assert_shows(fac, moment, notes)
    assert_no_exception(fac)
