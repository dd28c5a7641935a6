"""Taking an action from a page: a client id per submit (a double click is stored once), the
session's answer remembered per panel and shown as success or refusal with its reason."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import Any

import streamlit as st
from streamlit.errors import StreamlitAPIException

from app_pages.common import a11y
from app_pages.common.identity import Identity
from app_pages.common.service import service
from simulator.session import SessionError
from simulator.ui.client_ids import ClientIds
from simulator.ui.clock import format_clock
from simulator.ui.text import escape_markdown

RESULT_PREFIX = "result_"


@dataclass(frozen=True)
class Result:
    ok: bool
    text: str
    token: str = field(default_factory=lambda: uuid.uuid4().hex)  # focus moves once per result


def act(identity: Identity, slot: str, action: str, params: dict[str, Any] | None = None) -> None:
    """Send the action, remember the outcome under `slot`, and redraw (the panel shows the
    outcome and the state after it)."""
    _send(identity, slot, action, params)
    refresh()


def refresh() -> None:
    """Redraw: only the running fragment when it reruns on its own, else the whole page."""
    try:
        st.rerun(scope="fragment")
    except StreamlitAPIException:  # not a fragment rerun (a full run, or AppTest)
        st.rerun()


def _send(identity: Identity, slot: str, action: str, params: dict[str, Any] | None) -> bool:
    if identity.participant_id is None:
        return _remember(slot, Result(False, "only participants take actions"))
    ids = st.session_state.setdefault("client_ids", ClientIds())
    client_id = ids.for_submit(identity.participant_id, action, params)
    try:
        event = service().act(
            identity.session_id, identity.participant_id, action, params or {}, client_id=client_id
        )
    except SessionError as exc:
        return _remember(slot, Result(False, str(exc)))
    payload = event.payload
    if payload.get("outcome") == "accepted":
        done = f"{action.replace('_', ' ')}: accepted at {format_clock(event.sim_time)}"
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
    a11y.focus_outcome(slot, result.token)


def _remember(slot: str, result: Result) -> bool:
    st.session_state[RESULT_PREFIX + slot] = result
    return result.ok
