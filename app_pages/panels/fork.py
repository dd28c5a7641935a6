"""The debrief's "Fork from this moment", under the replay's slider (facilitator only): a new
session of the same scenario and seed, in the lobby at the slider's moment with everything before
it in place (`SessionService.fork`). This tab then facilitates the new session, whose console
shows its own join code and secret."""

from __future__ import annotations

import streamlit as st

from app_pages.common import identity, nav
from app_pages.common.identity import Identity
from app_pages.common.looks import md
from app_pages.common.service import service
from simulator.errors import GamedayError
from simulator.ui.clock import format_clock

KEEP_KEY = "fork_keep_names"
BUTTON_KEY = "replay_fork"


def render(who: Identity, t: float) -> None:
    with st.container(horizontal=True, vertical_alignment="center"):
        clicked = st.button(
            f"Fork from this moment ({format_clock(t)})",
            key=BUTTON_KEY,
            icon=":material/call_split:",
        )
        keep = st.checkbox(
            "Keep participants' names",
            key=KEEP_KEY,
            help="Kept: the record before the fork says who did what. Not kept: roles only. "
            "Either way everyone joins the new session with its own join code.",
        )
    st.caption(
        "A new session of this scenario and seed, waiting in the lobby at this moment with "
        "everything before it in place: try a decision again. Its score counts only what "
        "happens after the fork. This tab then facilitates the new session (keep this one's "
        "facilitator link to come back)."
    )
    if clicked:
        _fork(who, t, keep)


def _fork(who: Identity, t: float, keep: bool) -> None:
    try:
        created = service().fork(who.session_id, who.secret or "", t, keep_names=keep)
    except GamedayError as exc:
        st.error(md(exc))
        return
    new = identity.facilitating(created.session_id, created.facilitator_secret)
    identity.set_current(new)
    nav.go_home(new)
