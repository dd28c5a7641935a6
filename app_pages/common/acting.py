"""Taking an action from a page: a client id per submit (a double click is stored once), the
session's answer remembered per panel and shown as success or refusal with its reason.

When the store does not take the action (an outage, a lock held too long), after the retries
`retrying.with_backoff` allows, the panel says it was **not stored**, shows what was sent (the text
the person typed included), and offers Retry, which sends it again with the same client id (the
session stores it once, even when the first attempt did land), and Dismiss.

A server crash takes the tab's session state (and its client ids) with it, so the console's URL
carries a draft token (`?draft=`, `ensure_draft`): a submit's client id is derived from it and
what is sent (`draft_client_id`), and a new token is set once the session has answered. After a
restart the browser still has the token; sending the same text again (`reconnect.py` puts it
back in the form) reuses the id, so a note the crashed server did store is stored once."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import Any

import streamlit as st
from streamlit.errors import StreamlitAPIException

from app_pages.common import a11y
from app_pages.common.identity import Identity
from app_pages.common.retrying import with_backoff
from app_pages.common.service import service
from simulator.session import SessionError, StoreError
from simulator.ui.client_ids import ClientIds, draft_client_id
from simulator.ui.clock import format_clock
from simulator.ui.text import escape_markdown

RESULT_PREFIX = "result_"
DRAFT_PARAM = "draft"


@dataclass(frozen=True)
class Pending:
    """An action the store did not take: Retry sends it again with the same client id."""

    identity: Identity
    action: str
    params: dict[str, Any]
    client_id: str


@dataclass(frozen=True)
class Result:
    ok: bool
    text: str
    token: str = field(default_factory=lambda: uuid.uuid4().hex)  # focus moves once per result
    pending: Pending | None = None


def act(identity: Identity, slot: str, action: str, params: dict[str, Any] | None = None) -> None:
    """Send the action, remember the outcome under `slot`, and redraw (the panel shows the
    outcome and the state after it)."""
    _send(identity, slot, action, params)
    refresh()


def act_and_reload(
    identity: Identity, slot: str, action: str, params: dict[str, Any] | None = None
) -> None:
    """`act`, then redraw the whole page: for an action that changes who holds which role
    (`transfer_command`), after which the page's tabs and forms are not the same."""
    _send(identity, slot, action, params)
    st.rerun()


def refresh() -> None:
    """Redraw: only the running fragment when it reruns on its own, else the whole page."""
    try:
        st.rerun(scope="fragment")
    except StreamlitAPIException:  # not a fragment rerun (a full run, or AppTest)
        st.rerun()


def ensure_draft() -> None:
    """Give the tab a draft token in its URL if it has none (the console calls this on load, so
    the token is in the browser before the first submit)."""
    if not st.query_params.get(DRAFT_PARAM):
        _new_draft()


def _new_draft() -> None:
    st.query_params[DRAFT_PARAM] = uuid.uuid4().hex[:16]


def _client_id(participant: str, action: str, params: dict[str, Any] | None) -> str:
    """A double click reuses the first submit's id; otherwise the id comes from the draft token
    (a uuid when the URL has none)."""
    ids = st.session_state.setdefault("client_ids", ClientIds())
    draft = st.query_params.get(DRAFT_PARAM)
    if not draft:
        return ids.for_submit(participant, action, params)
    return ids.for_submit(
        participant,
        action,
        params,
        fresh=lambda: draft_client_id(draft, participant, action, params),
    )


def _send(
    identity: Identity,
    slot: str,
    action: str,
    params: dict[str, Any] | None,
    client_id: str | None = None,
) -> bool:
    participant = identity.participant_id
    if participant is None:
        return _remember(slot, Result(False, "only participants take actions"))
    cid = client_id or _client_id(participant, action, params)
    sid, values = identity.session_id, params or {}
    try:
        event = with_backoff(
            lambda: service().act(
                sid, participant, action, values, client_id=cid, user=identity.user
            )
        )
    except StoreError as exc:
        text = f"{action.replace('_', ' ')} was not stored: {exc}"
        return _remember(slot, Result(False, text, pending=Pending(identity, action, values, cid)))
    except SessionError as exc:
        _new_draft()
        return _remember(slot, Result(False, str(exc)))
    _new_draft()
    payload = event.payload
    if payload.get("outcome") == "accepted":
        done = f"{action.replace('_', ' ')}: accepted at {format_clock(event.sim_time)}"
        return _remember(slot, Result(True, done))
    if payload.get("outcome") == "decision":  # step mode: applied when the facilitator advances
        done = (
            f"{action.replace('_', ' ')}: recorded as a decision at "
            f"{format_clock(event.sim_time)}; it takes effect when the facilitator advances"
        )
        return _remember(slot, Result(True, done))
    reason = payload.get("reason", "no reason given")
    return _remember(slot, Result(False, f"{action.replace('_', ' ')} refused: {reason}"))


def say(slot: str, ok: bool, text: str) -> None:
    """Remember a message for `slot` without acting (a form left incomplete)."""
    _remember(slot, Result(ok, text))


def forget(slot: str) -> None:
    """Drop the remembered outcome of `slot` (it no longer refers to what is on the screen)."""
    st.session_state.pop(RESULT_PREFIX + slot, None)


def show(slot: str) -> None:
    """The last outcome in this panel, if any; keyboard focus moves to it once (after the click
    that caused it, the button may be gone or disabled)."""
    result = st.session_state.get(RESULT_PREFIX + slot)
    if not isinstance(result, Result):
        return
    text = escape_markdown(result.text)  # reasons may quote what someone typed
    with st.container(key=f"outcome_{slot}"):
        if result.ok:
            st.success(text, icon=":material/check_circle:")
        else:
            st.error(text, icon=":material/block:")
        if result.pending is not None:
            _offer_retry(slot, result.pending)
    a11y.focus_outcome(slot, result.token)


def _offer_retry(slot: str, pending: Pending) -> None:
    """What was not stored, as text, with Retry (same client id) and Dismiss."""
    typed = [str(v) for v in pending.params.values() if isinstance(v, str) and v.strip()]
    if typed:
        st.caption("Not stored yet (kept here):")
        for value in typed:
            st.text(value)
    with st.container(horizontal=True):
        st.button(
            "Retry", key=f"retry_{slot}", icon=":material/refresh:", on_click=_retry, args=(slot,)
        )
        st.button("Dismiss", key=f"dismiss_{slot}", on_click=dismiss, args=(slot,))


def _retry(slot: str) -> None:
    """Retry's callback: the pending action again, with its first client id."""
    result = st.session_state.get(RESULT_PREFIX + slot)
    if isinstance(result, Result) and result.pending is not None:
        p = result.pending
        _send(p.identity, slot, p.action, p.params, client_id=p.client_id)


def dismiss(slot: str) -> None:
    st.session_state.pop(RESULT_PREFIX + slot, None)


def _remember(slot: str, result: Result) -> bool:
    st.session_state[RESULT_PREFIX + slot] = result
    return result.ok
