"""The scenario's facilitator notes and hints (with their times and whether they have been
released), releasing a hint to the players, and private notes."""

from __future__ import annotations

import streamlit as st

from app_pages.common import live
from app_pages.common.identity import Identity
from app_pages.common.looks import md
from app_pages.common.service import service
from simulator.scenario import Scenario
from simulator.session import SessionError
from simulator.ui.clock import format_clock
from simulator.ui.truth import ground_truth

SLOT_KEY = "fac_hints_result"


@st.fragment
def render(who: Identity, scenario: Scenario) -> None:
    snap = live.snapshot(who.session_id)
    if snap is None:
        return
    now = snap.status.sim_time
    truth = ground_truth(scenario, snap.entries, now)
    st.subheader("Hints", anchor=False)
    if not truth.hints:
        st.caption("This scenario has no scripted hints.")
    for index, hint in enumerate(truth.hints):
        with st.container(border=True, horizontal=True, vertical_alignment="center"):
            due = "due" if now >= hint.at else "not yet due"
            st.markdown(f"**{format_clock(hint.at)}** ({due})")
            st.text(hint.text)
            if hint.released_at is not None:
                st.badge(f"Released {format_clock(hint.released_at)}", color="green")
            elif st.button("Release", key=f"fac_hint_release_{index}"):
                _send(who, hint.text)
                st.rerun()
    with st.form("fac_hint_form", clear_on_submit=True, border=False):
        text = st.text_input("Your own hint", key="fac_hint_text", max_chars=1000)
        if st.form_submit_button("Release hint", key="fac_hint_send") and text.strip():
            _send(who, text.strip())
            st.rerun()
    _result()
    st.subheader("Facilitator notes", anchor=False)
    for note in truth.notes:
        st.text("• " + " ".join(note.split()))
    private_notes(who)


def _send(who: Identity, text: str) -> None:
    try:
        service().hint(who.session_id, who.secret or "", text)
        st.session_state[SLOT_KEY] = (True, "Hint released to the players.")
    except SessionError as exc:
        st.session_state[SLOT_KEY] = (False, str(exc))


def _result() -> None:
    found = st.session_state.get(SLOT_KEY)
    if found:
        ok, text = found
        (st.success if ok else st.error)(md(text))


def private_notes(who: Identity) -> None:
    with st.form("fac_note_form", clear_on_submit=True, border=False):
        text = st.text_input("Private note (never shown to players)", key="fac_note_text")
        if st.form_submit_button("Save note", key="fac_note_save") and text.strip():
            try:
                service().note(who.session_id, who.secret or "", text.strip())
            except SessionError as exc:
                st.error(md(exc))
    saved_notes(who)


@st.fragment(run_every=live.LISTS_EVERY)
def saved_notes(who: Identity) -> None:
    """Every private note, newest first; refreshed, so a note saved in one facilitator tab shows
    in the others."""
    try:
        notes = service().private_notes(who.session_id, who.secret or "")
    except SessionError as exc:
        st.error(md(exc))
        return
    for event in reversed(notes):
        st.caption(f"{format_clock(event.sim_time)} · private note")
        st.text(str(event.payload.get("text", "")))
