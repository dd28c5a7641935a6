"""AppTest of the sign-in gate: with company sign-in on and nobody signed in, every page shows
only the sign-in button: no catalogue, no forms, nothing of any scenario (the browser test with a
real provider is tests/e2e/test_sign_in.py)."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from simulator.session import SignInPolicy
from simulator.session.signin import PASS_KEY_ENV, POLICY_ENV
from tests.app_helpers import APP, TIMEOUT, use_app_store


@pytest.fixture
def app_store(tmp_path, monkeypatch):
    yield from use_app_store(tmp_path, monkeypatch)


@pytest.mark.parametrize("path", ["", "start", "library", "facilitator"])
def test_nobody_gets_past_the_sign_in_page(app_store, monkeypatch, path):
    monkeypatch.setenv(POLICY_ENV, SignInPolicy(users=frozenset({"a@example.com"})).to_json())
    monkeypatch.setenv(PASS_KEY_ENV, "ab" * 32)
    at = AppTest.from_file(str(APP), default_timeout=TIMEOUT)
    if path:
        at.query_params["session"] = "x"
    at.run()
    assert not at.exception
    assert [b.label for b in at.button] == ["Sign in with your company account"]
    shown = " ".join(m.value for m in at.markdown)
    assert "company sign-in" in shown
    assert not at.text_input and not at.selectbox
    for word in ("Join a session", "Run a game day", "root cause", "Root cause"):
        assert word not in shown


def test_without_sign_in_the_start_page_is_as_before(app_store):
    at = AppTest.from_file(str(APP), default_timeout=TIMEOUT)
    at.run()
    assert not at.exception
    assert "signin_login" not in [b.key for b in at.button]
    assert "join_name" in [t.key for t in at.text_input]
