"""Fork from a moment in a browser (issue 14 item 4): from a played session's debrief the
facilitator moves the replay slider, presses "Fork from this moment", and the tab facilitates a
new session waiting in the lobby at that moment. Its journal says where it forked from, the
earlier actions are in place (the scribe's note made before the moment is on the new session's
timeline; the one made after it is not), and Start runs it on from the moment.

The played session comes from the session API (the same as the replay test's, shorter); the
what-if runs the debrief starts in the background are not waited for."""

from __future__ import annotations

import hashlib

from playwright.sync_api import expect

from simulator.session import SessionService, open_service
from tests.e2e.browser import ROOT, assert_no_exception, open_app, open_tab, wait_for_app
from tests.e2e.steps import (
    ACTION_MS,
    LIVE_MS,
    PAGE_MS,
    clock_control,
    sim_seconds,
    wait_until,
    widget,
)
from tests.e2e.test_replay import move

SCENARIO = ROOT / "scenarios" / "pool-exhaustion.yaml"
NOTES = ("Paged on errors, looking", "Decided to restart the pods")


def played_session(svc: SessionService) -> tuple[str, str]:
    """Acknowledge, declare and a note at T+16:00, a restart and a second note at T+26:00,
    ended at T+30:00: (session id, secret)."""
    created = svc.create(SCENARIO, seed=3)
    sid, secret = created.session_id, created.facilitator_secret
    ic = svc.join(sid, created.join_code, "Ada", "ic")
    scribe = svc.join(sid, created.join_code, "Sam", "scribe")
    tech = svc.join(sid, created.join_code, "Lin", "tech_lead")
    svc.start(sid, secret)
    svc.skip(sid, secret, 16 * 60)
    svc.act(sid, ic.id, "acknowledge")
    svc.act(sid, ic.id, "declare", {"severity": "SEV1"})
    svc.act(sid, scribe.id, "timeline_note", {"text": NOTES[0], "tag": "note"})
    svc.skip(sid, secret, 10 * 60)
    svc.act(sid, tech.id, "restart_pods")
    svc.act(sid, scribe.id, "timeline_note", {"text": NOTES[1], "tag": "decision"})
    svc.skip(sid, secret, 4 * 60)
    svc.end(sid, secret)
    return sid, secret


def new_session(svc: SessionService, before: set[str]) -> str | None:
    """The one session created since `before` (other tests share the app's store); a second
    one would mean one click forked twice."""
    made = [s.session_id for s in svc.sessions() if s.session_id not in before]
    assert len(made) <= 1, f"one click made {len(made)} sessions: {made}"
    return made[0] if made else None


def test_fork_from_the_debrief(app_server, page, new_context, screenshot):
    svc = open_service(app_server.database_url)
    sid, secret = played_session(svc)

    open_app(page, app_server.url, f"/debrief?session={sid}&secret={secret}", timeout_ms=PAGE_MS)
    expect(widget(page, "replay_fork")).to_be_visible(timeout=PAGE_MS)
    t = move(page, "PageDown", "PageDown")  # between the two notes
    notes = {
        e["params"]["text"]: float(e["t"])
        for e in svc.journal(sid).of_kind("action")
        if e["action"] == "timeline_note"
    }
    assert notes[NOTES[0]] < t < notes[NOTES[1]]
    button = widget(page, "replay_fork").locator("button")
    expect(button).to_contain_text(f"T+{int(t) // 60:02d}:{int(t) % 60:02d}")
    screenshot(page, "debrief-fork-button")
    before = {s.session_id for s in svc.sessions()}
    button.click()

    fork = wait_until("the new session", lambda: new_session(svc, before), timeout_s=30)
    expect(page.get_by_text(fork, exact=True)).to_be_visible(timeout=PAGE_MS)  # its join details
    expect(page.get_by_text("Facilitator console").first).to_be_visible(timeout=PAGE_MS)
    wait_for_app(page, timeout_ms=PAGE_MS)
    assert (svc.status(fork).state, svc.status(fork).sim_time) == ("lobby", t)
    assert sim_seconds(page) == t  # the lobby's clock shows the moment
    (entry,) = svc.journal(fork).of_kind("forked_from")
    expected = hashlib.sha256(svc.journal_at(sid, t).to_jsonl().encode()).hexdigest()
    assert (entry["parent"], entry["at"], entry["parent_journal_sha256"]) == (sid, t, expected)
    earlier = [e["action"] for e in svc.journal(fork).of_kind("action")]
    assert earlier == ["acknowledge", "declare", "timeline_note"]
    screenshot(page, "fork-lobby")

    record = svc.session(fork)
    scribe = svc.join(fork, record.join_code, "Sam", "scribe")
    player = new_context().new_page()
    open_app(
        player,
        app_server.url,
        f"/console?session={fork}&participant={scribe.id}",
        timeout_ms=PAGE_MS,
    )
    open_tab(player, "Scribe timeline")
    main = player.locator('[data-testid="stMain"]')
    expect(main.get_by_text(NOTES[0])).to_be_visible(timeout=LIVE_MS)  # made before the moment
    assert NOTES[1] not in main.inner_text()  # made after it, in the parent only
    expect(main.get_by_text("Waiting for the facilitator to start")).to_be_visible()

    clock_control(page, "start").click()
    wait_until("the fork to start", lambda: svc.status(fork).state == "running", timeout_s=20)
    expect(clock_control(page, "pause")).to_be_enabled(timeout=ACTION_MS)
    assert svc.status(fork).sim_time >= t  # it runs on from the moment
    wait_until("the console's clock to pass the moment", lambda: sim_seconds(player) > t)
    screenshot(player, "fork-scribe-running")
    assert_no_exception(page)
    assert_no_exception(player)
