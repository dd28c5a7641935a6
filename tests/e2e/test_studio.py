"""The scenario studio in headless Chromium (issue 16): a facilitator copies `pool-exhaustion`,
raises the pool size until a claim breaks, sees the failing claim with its numbers, fixes it,
saves, exports the saved version (byte-identical to what the store holds) and starts a session
from it (pinned to that version, replaying exactly that text)."""

from __future__ import annotations

import re
import time

from playwright.sync_api import expect

from simulator.library import ScenarioLibrary
from simulator.session import open_service
from tests.conftest import ROOT
from tests.e2e.browser import assert_no_exception, open_app
from tests.e2e.steps import ACTION_MS, PAGE_MS, Steps, click, pick, shot, widget

PREVIEW_MS = 20_000  # two engine runs of about a second each, on a loaded machine
BROKEN = "baseline healthy before the fault (seed 1): expected error_ratio < 1%; measured 91.184%"


def editor(page):
    return widget(page, "studio_text").locator("textarea")


def edit(page, old: str, new: str) -> None:
    """Change the editor's text as a person would, then leave the box (the page checks it)."""
    box = editor(page)
    text = box.input_value()
    assert text.count(old) == 1
    box.fill(text.replace(old, new))
    box.press("Control+Enter")


def type_line() -> int:
    """The line of the fault's `type:` in the shipped pool-exhaustion (the copy keeps lines)."""
    text = (ROOT / "scenarios" / "pool-exhaustion.yaml").read_text(encoding="utf-8")
    return next(n for n, line in enumerate(text.splitlines(), 1) if "type: connection_leak" in line)


def test_copy_break_fix_save_export_and_start(app_server, page):
    step = Steps()
    svc = open_service(app_server.database_url)
    created = svc.create("scenarios/pool-exhaustion.yaml")
    query = f"session={created.session_id}&secret={created.facilitator_secret}"

    step("Open the studio as the facilitator and copy pool-exhaustion")
    open_app(page, app_server.url, f"/studio?{query}", text="Scenario studio")
    pick(page, "studio_start", "a copy of pool-exhaustion (shipped)")
    click(page, "studio_open")
    expect(page.get_by_text("A copy of pool-exhaustion.")).to_be_visible(timeout=ACTION_MS)
    expect(page.get_by_text("No problems: the scenario is valid.")).to_be_visible()
    # Open's run sets the editor's text to the copy, but the caption above is drawn before the
    # box, "No problems" was already shown for the template, and the box takes a server-set
    # value in an effect after its render: `edit` could read the template back (which has a
    # `type: connection_leak` line too) and break that instead. Wait for the copy's own id.
    expect(editor(page)).to_have_value(
        re.compile(r"^id: pool-exhaustion-copy$", re.MULTILINE), timeout=ACTION_MS
    )

    step("A typo is marked on its line, with a one-click fix")
    edit(page, "type: connection_leak", "type: conection_leak")
    line = type_line()
    expect(
        page.get_by_text(re.compile(rf"studio\.yaml:{line}:11: error: faults\[0\]\.type"))
    ).to_be_visible(timeout=ACTION_MS)
    expect(page.get_by_text(f">> {line:3d} |     type: conection_leak")).to_be_visible()
    shot(page, "studio-problem-marked")
    click(page, "studio_fix_0")
    expect(page.get_by_text("No problems: the scenario is valid.")).to_be_visible(timeout=ACTION_MS)
    # The fix's run sets the editor's text. The browser can draw the problems panel a frame
    # before the box takes the new text: editing in that frame would keep the typo (a CI flake).
    expect(editor(page)).to_have_value(re.compile(r"type: connection_leak\n"), timeout=ACTION_MS)

    step("Raise the pool to 30 per pod (8 x 30 > the database's 180): a claim breaks")
    edit(page, "size_per_replica: 20 ", "size_per_replica: 30 ")
    expect(page.get_by_text("No problems: the scenario is valid.")).to_be_visible(timeout=ACTION_MS)
    # the edit's run redraws the button (disabled until the new text is checked valid)
    expect(widget(page, "studio_preview").locator("button")).to_be_enabled(timeout=PAGE_MS)
    began = time.monotonic()
    click(page, "studio_preview")
    expect(page.get_by_text(BROKEN)).to_be_visible(timeout=PREVIEW_MS)
    step(f"the failing claim showed {time.monotonic() - began:.1f} s after the click")
    expect(page.get_by_text(re.compile(r"\d+ of 9 check\(s\) failed"))).to_be_visible()
    expect(page.locator('[data-testid="stVegaLiteChart"]')).to_have_count(10)
    assert_no_exception(page)
    shot(page, "studio-failing-claim")

    step("Fix it: back to 20, every check passes")
    edit(page, "size_per_replica: 30 ", "size_per_replica: 20 ")
    expect(page.get_by_text("Run the preview to see both runs")).to_be_visible(timeout=ACTION_MS)
    click(page, "studio_preview")
    expect(page.get_by_text("All 9 check(s) passed")).to_be_visible(timeout=PREVIEW_MS)

    step("Save, export the saved version, start a session from it")
    page.get_by_role("tab", name="Library").click()
    click(page, "studio_save")
    saved = "Saved pool-exhaustion-copy version 1 in workspace default."
    expect(page.get_by_text(saved)).to_be_visible(timeout=ACTION_MS)
    lib = ScenarioLibrary(svc.store, svc.clock)
    stored = lib.get("default", "pool-exhaustion-copy", 1)
    expect(widget(page, "studio_export").locator("button")).to_be_visible(timeout=ACTION_MS)
    with page.expect_download(timeout=ACTION_MS) as download:
        widget(page, "studio_export").locator("button").click()
    exported = download.value.path().read_bytes()
    assert exported == stored.text.encode("utf-8")
    assert download.value.suggested_filename == "pool-exhaustion-copy-v1.yaml"
    shot(page, "studio-saved")

    click(page, "studio_start_session")
    page.wait_for_url(re.compile(r"/facilitator\?"), timeout=PAGE_MS)
    session_id = re.search(r"session=([^&]+)", page.url).group(1)  # type: ignore[union-attr]
    assert session_id != created.session_id
    pin = lib.pin(session_id)
    assert pin is not None and (pin.id, pin.version) == ("pool-exhaustion-copy", 1)
    assert svc.session(session_id).scenario_text == stored.text
    assert_no_exception(page)
