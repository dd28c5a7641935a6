"""The facilitator's moderation list: participants' entries with words in them (timeline notes,
status updates, status-page messages, ...), newest first, each with a Hide button. Hiding stores a
`hide` event (the entry stays in the log); players and reports then see the entry's words withheld,
and this list marks it hidden while still showing what was written. The list is read when the page
runs and on any click in it (no timer of its own inside the tabs)."""

from __future__ import annotations

import streamlit as st

from app_pages.common import live, paging
from app_pages.common.identity import Identity
from app_pages.common.service import service
from simulator.session import SessionError, free_text_params, hideable
from simulator.ui.clock import format_clock

RESULT_KEY = "fac_hide_result"
PAGE = 20


@st.fragment  # like the hints beside it: no timer inside the tabs; any click redraws it
def render(who: Identity) -> None:
    snap = live.snapshot(who.session_id)
    if snap is None:
        return
    entries = live.memo(snap, "hideable", lambda: [e for e in snap.entries if hideable(e)])
    st.caption(
        "Hide an abusive entry: players and reports then see it as hidden; the log keeps it."
    )
    if not entries:
        st.caption("No entries with text yet.")
    for entry in paging.newest_page(entries, "fac_moderation_page", size=PAGE):
        _row(who, entry, entry["id"] in snap.hidden)
    _result()


def _row(who: Identity, entry: dict, hidden: bool) -> None:
    action = str(entry.get("action", ""))
    words = " · ".join(
        str(entry["params"][name])
        for name in free_text_params(action)
        if entry.get("params", {}).get(name)
    )
    with st.container(border=True, horizontal=True, vertical_alignment="center"):
        st.markdown(f"**{format_clock(float(entry.get('t', 0.0)))}** {entry.get('role', '')}")
        st.text(f"{action}: {words}")
        if hidden:
            st.badge("Hidden", color="red")
        elif st.button("Hide", key=f"fac_hide_{entry['id']}"):
            _hide(who, str(entry["id"]))
            st.rerun()


def _hide(who: Identity, entry_id: str) -> None:
    try:
        service().hide(who.session_id, who.secret or "", entry_id)
        st.session_state[RESULT_KEY] = (True, f"Entry {entry_id} hidden from players and reports.")
    except SessionError as exc:
        st.session_state[RESULT_KEY] = (False, str(exc))


def _result() -> None:
    result = st.session_state.get(RESULT_KEY)
    if result is None:
        return
    ok, text = result
    (st.success if ok else st.error)(text)
