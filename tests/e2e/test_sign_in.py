"""Company sign-in in a real browser against a real OpenID Connect provider on loopback
(`oidc-provider-mock`, a Flask app that issues signed ID tokens; started by the test), with the
app served by `gameday serve --sign-in FILE` (Streamlit's `st.login`, Authlib).

Checked, in Chromium: nobody gets past the sign-in page unsigned; a facilitator named in the
file signs in, creates a session and gets the facilitator console with no secret in the address
bar; a second user signs in and joins as scribe under the name from their claims (there is no
name field); the facilitator's Start and the scribe's note are stored with who acted (`user`:
the event log's payload, the journal's action entry, the report's timeline line); the
non-facilitator who opens the facilitator console's link is refused with a clear message; sign
out brings the sign-in page back.

Skips with the reason when `oidc-provider-mock` is missing (fails under GAMEDAY_REQUIRE_ALL=1).
"""

from __future__ import annotations

import importlib.util
import json
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect

from simulator.report.timeline import action_text
from simulator.session import open_service
from tests.app_server import Server, free_port, gameday_command, skip_or_fail
from tests.e2e.browser import wait_for_app
from tests.e2e.steps import click, fill, pick, wait_until

PAGE_MS = 60_000
FACILITATOR = ("alice@example.com", {"email": "alice@example.com", "name": "Alice Archer"})
PLAYER = ("bob@example.com", {"email": "bob@example.com", "name": "Bob Builder"})


@pytest.fixture(scope="module")
def provider() -> Iterator[str]:
    if importlib.util.find_spec("oidc_provider_mock") is None:
        skip_or_fail("oidc-provider-mock is not installed (pip install -e '.[test]')")
    import oidc_provider_mock

    with oidc_provider_mock.run_server_in_thread() as server:
        url = f"http://127.0.0.1:{server.server_port}"
        for sub, claims in (FACILITATOR, PLAYER):
            request = urllib.request.Request(
                f"{url}/users/{sub}", data=json.dumps(claims).encode(), method="PUT"
            )
            request.add_header("Content-Type", "application/json")
            with urllib.request.urlopen(request, timeout=10) as answer:
                assert answer.status == 204
        yield url


@pytest.fixture(scope="module")
def app(provider: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, str]]:
    workdir: Path = tmp_path_factory.mktemp("sign-in-app")
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    config = workdir / "sign-in.toml"
    config.write_text(
        "[provider]\n"
        f'server_metadata_url = "{provider}/.well-known/openid-configuration"\n'
        'client_id = "gameday"\n'
        'client_secret = "test-client-secret"\n'
        f'redirect_uri = "{url}/oauth2callback"\n'
        f'cookie_secret = "{"c" * 40}"\n'
        "[facilitators]\n"
        f'users = ["{FACILITATOR[0]}"]\n'
        'groups = ["sre-leads"]\n'
    )
    database_url = f"sqlite:///{workdir / 'gameday.db'}"
    command = gameday_command(
        "serve", "--port", str(port), "--address", "127.0.0.1", "--database-url", database_url,
        "--sign-in", str(config),
    )  # fmt: skip
    server = Server(command, url, workdir / "server.log")
    try:
        server.wait_healthy(timeout=60)
        yield url, database_url
    finally:
        server.stop()


def sign_in(browser: Browser, url: str, sub: str, path: str = "/") -> Page:
    """A fresh browser (its own cookies) signed in as `sub` through the provider's form."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.set_default_timeout(PAGE_MS)
    page = context.new_page()
    page.goto(url + path)
    expect(page.get_by_text("company sign-in")).to_be_visible(timeout=PAGE_MS)
    expect(page.get_by_text("Join a session")).to_have_count(0)  # nothing past the gate
    page.get_by_role("button", name="Sign in with").click()
    page.get_by_placeholder("sub").fill(sub)  # the provider's own login form
    page.get_by_role("button", name="Authorize").click()
    page.wait_for_url(url + "/**", timeout=PAGE_MS)
    wait_for_app(page, timeout_ms=PAGE_MS)
    expect(page.get_by_text(f"({sub})").first).to_be_visible(timeout=PAGE_MS)
    return page


def test_sign_in_binds_names_roles_and_the_journal_to_accounts(browser, app):
    url, database_url = app
    svc = open_service(database_url)

    alice = sign_in(browser, url, FACILITATOR[0])
    expect(alice.get_by_text("Alice Archer").first).to_be_visible()
    click(alice, "create_submit")
    expect(alice.get_by_role("heading", name="Facilitator console")).to_be_visible(timeout=PAGE_MS)
    assert "secret" not in alice.url
    session_id = alice.url.split("session=")[1].split("&")[0]
    expect(alice.get_by_text("no secret to hand on")).to_be_visible()  # join details: no secret
    expect(alice.get_by_text("signed-in.")).to_have_count(0)  # the pass stays on the server
    code = svc.session(session_id).join_code

    bob = sign_in(browser, url, PLAYER[0])
    bob.goto(f"{url}/start?join={session_id}&code={code}")
    wait_for_app(bob, timeout_ms=PAGE_MS)
    expect(
        bob.get_by_test_id("stForm").get_by_text("Your name (from your account): Bob Builder")
    ).to_be_visible()
    expect(bob.locator(".st-key-join_name input")).to_have_count(0)  # not typed
    expect(bob.locator(".st-key-join_secret")).to_have_count(0)
    expect(bob.get_by_text("Only the facilitators the operator named")).to_be_visible()
    pick(bob, "join_role", "Scribe")
    click(bob, "join_submit")
    expect(bob.get_by_role("heading", name="Incident console")).to_be_visible(timeout=PAGE_MS)
    assert [(p.name, p.role) for p in svc.participants(session_id)] == [("Bob Builder", "scribe")]

    click(alice, "fac_start")
    # The scribe's form is editable in the lobby too: without this wait Bob's note could reach
    # the server before Alice's Start (her click still queued behind her page's one-second
    # fragments on a loaded machine) and be refused ("the session has not started").
    wait_until("the start", lambda: svc.status(session_id).state == "running")
    expect(bob.locator(".st-key-scribe_text textarea")).to_be_editable(timeout=PAGE_MS)
    fill(bob, "scribe_text", "Rolled back the 14:02 deploy")
    click(bob, "scribe_submit")
    expect(bob.get_by_text("timeline note: accepted at")).to_be_visible(timeout=PAGE_MS)

    secret_free = [e for e in svc.store.events(session_id) if e.kind in ("clock.start", "action")]
    assert [(e.kind, e.payload.get("user")) for e in secret_free] == [
        ("clock.start", FACILITATOR[0]),
        ("action", PLAYER[0]),
    ]
    notes = [e for e in svc.journal(session_id).entries if e.get("action") == "timeline_note"]
    assert [n.get("user") for n in notes] == [PLAYER[0]]
    assert f"Scribe ({PLAYER[0]}): Note" in action_text(notes[0])[1]

    refused = bob.context.new_page()
    refused.goto(f"{url}/facilitator?session={session_id}&as=facilitator")
    wait_for_app(refused, timeout_ms=PAGE_MS)
    expect(refused.get_by_text("who is not a facilitator").first).to_be_visible(timeout=PAGE_MS)
    expect(refused.get_by_role("heading", name="Facilitator console")).to_have_count(0)
    expect(refused.locator(".st-key-fac_pause")).to_have_count(0)
    _no_answer_key(refused)

    reloaded = alice.context.new_page()  # the facilitator's link again: no secret, still hers
    reloaded.goto(f"{url}/facilitator?session={session_id}&as=facilitator")
    expect(reloaded.get_by_role("heading", name="Facilitator console")).to_be_visible(
        timeout=PAGE_MS
    )

    click(bob, "signin_logout")  # Streamlit ends the provider's session too, then comes back
    bob.get_by_role("button", name="End session").click()
    expect(bob.get_by_role("button", name="Sign in with")).to_be_visible(timeout=PAGE_MS)


def _no_answer_key(page: Page) -> None:
    """The refused page shows nothing of the scenario's ground truth."""
    body: Any = page.locator("body").inner_text()
    for secret_word in ("Root cause", "Ground truth", "What fixes it"):
        assert secret_word not in body
