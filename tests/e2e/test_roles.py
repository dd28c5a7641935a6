"""Roles in the browser (issue 10, item 2): a second person cannot take a held role (the join
form names who holds it and how to join); the facilitator reassigns one participant and removes
another in the Roles tab; the IC hands command over in the Incident command tab and both pages
follow. No page error or console error in any tab."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from simulator.session import open_service
from tests.conftest import SCENARIO_DIR
from tests.e2e.browser import open_app, open_tab, wait_for_app
from tests.e2e.steps import ACTION_MS, PAGE_MS, Steps, click, fill, shot, wait_until, widget
from tests.e2e.test_facilitator_tabs import Errors, choose_by_keyboard


def _join(page: Page, url: str, name: str, role_title: str) -> None:
    """The Start page's join form, as a person fills it in from the join link."""
    page.goto(url, timeout=PAGE_MS)
    wait_for_app(page, text="Join a session", timeout_ms=PAGE_MS)
    fill(page, "join_name", name)
    choose_by_keyboard(page, "join_role", role_title)
    click(page, "join_submit")


def test_roles_held_reassigned_removed_and_command_handed_over(app_server, new_context):
    step = Steps()
    svc = open_service(app_server.database_url)
    created = svc.create(SCENARIO_DIR / "pool-exhaustion.yaml", seed=3)
    sid, secret, code = created.session_id, created.facilitator_secret, created.join_code
    link = f"{app_server.url}/?join={sid}&code={code}"
    errors = Errors()

    step("Ada joins as IC; Bob cannot take it and is told who holds it")
    ada = errors.watch("ada", new_context().new_page())
    _join(ada, link, "Ada", "Incident commander")
    ada.wait_for_url("**/console?**", timeout=PAGE_MS)
    bob = errors.watch("bob", new_context().new_page())
    _join(bob, link, "Bob", "Incident commander")
    expect(bob.get_by_text("held by Ada")).to_be_visible(timeout=ACTION_MS)
    expect(bob.get_by_text("ask the facilitator to allow shadowing")).to_be_visible()
    shot(bob, "roles-held")
    assert [p.name for p in svc.participants(sid)] == ["Ada"]
    choose_by_keyboard(bob, "join_role", "Tech lead")
    click(bob, "join_submit")
    bob.wait_for_url("**/console?**", timeout=PAGE_MS)
    cy = svc.join(sid, code, "Cy", "scribe")
    cy_page = errors.watch("cy", new_context().new_page())
    open_app(cy_page, app_server.url, f"/console?session={sid}&participant={cy.id}")
    svc.start(sid, secret)

    step("The facilitator reassigns Cy to comms lead in the Roles tab")
    fac = errors.watch("facilitator", new_context().new_page())
    fac_url = f"/facilitator?session={sid}&secret={secret}"
    open_app(fac, app_server.url, fac_url, text="Facilitator console", timeout_ms=PAGE_MS)
    fac.get_by_role("tab", name="Roles").click()
    choose_by_keyboard(fac, "fac_roster_who", "Cy: Scribe")
    choose_by_keyboard(fac, "fac_roster_role", "Communications lead")
    click(fac, "fac_roster_reassign")
    expect(fac.get_by_text("Cy now holds the Communications lead role.")).to_be_visible(
        timeout=ACTION_MS
    )
    assert svc.standing(sid, cy.id).role == "comms_lead"
    cy_page.reload()
    expect(cy_page.get_by_text("Cy · Communications lead")).to_be_visible(timeout=PAGE_MS)
    shot(fac, "roles-facilitator")

    step("Ada hands command to Bob; Ada becomes tech lead, Bob the IC")
    ada.bring_to_front()
    open_tab(ada, "Incident command")
    choose_by_keyboard(ada, "ic_transfer_to", "Bob")
    click(ada, "ic_transfer")
    people = {p.name: p for p in svc.participants(sid)}
    wait_until("the hand-over", lambda: svc.standing(sid, people["Bob"].id).role == "ic")
    assert svc.standing(sid, people["Ada"].id).role == "tech_lead"
    expect(ada.get_by_text("Ada · Tech lead")).to_be_visible(timeout=PAGE_MS)
    bob.reload()
    expect(bob.get_by_text("Bob · Incident commander")).to_be_visible(timeout=PAGE_MS)
    expect(widget(bob, "ic_declare")).to_be_visible(timeout=PAGE_MS)
    shot(ada, "roles-old-ic")
    roster = [e for e in svc.journal(sid).entries if e["kind"] == "roster"]
    assert [(e["change"], e["name"], e["role"]) for e in roster] == [
        ("reassign", "Cy", "comms_lead"),
        ("transfer", "Bob", "ic"),
        ("transfer", "Ada", "tech_lead"),
    ]

    step("The facilitator removes Cy; Cy's page says so")
    fac.bring_to_front()
    choose_by_keyboard(fac, "fac_roster_who", "Cy: Communications lead")
    click(fac, "fac_roster_remove")
    expect(fac.get_by_text("Cy was removed")).to_be_visible(timeout=ACTION_MS)
    assert svc.standing(sid, cy.id).removed
    cy_page.bring_to_front()
    cy_page.reload()
    expect(cy_page.get_by_text("The facilitator removed you from this session")).to_be_visible(
        timeout=PAGE_MS
    )
    shot(cy_page, "roles-removed")
    errors.check([ada, bob, cy_page, fac])
