"""Who you are, in the top right corner of every page: a menu with your session and role and the
way out (`leave_session`), and why a link's credentials were refused, when they were."""

from __future__ import annotations

import streamlit as st

from app_pages.common import identity, nav, signin
from app_pages.common.service import service
from simulator.roles import role_title
from simulator.session import SessionError

TEAM_KEY = "team_name"  # (session id, team) once read: a session's team never changes


def team_name() -> str | None:
    """The team that plays this tab's session, for the header (None: no session or no team)."""
    who = identity.current()
    if who is None:
        return None
    kept = st.session_state.get(TEAM_KEY)
    if isinstance(kept, tuple) and kept[0] == who.session_id:
        return kept[1]
    try:
        team = service().team(who.session_id)
    except SessionError:
        return None
    st.session_state[TEAM_KEY] = (who.session_id, team)
    return team


def identity_menu() -> None:
    problem = identity.take_problem()
    if problem:
        st.warning(problem)
    who = identity.current()
    signin.account_bar()
    if who is None:
        return
    if who.is_player:
        roles = "every role (solo)" if who.solo else role_title(who.role)
        label = f"{who.name} · {roles}"
    else:
        label = "Facilitator"
    with st.popover(label, icon=":material/account_circle:", key="who_menu"):
        st.caption(f"Session {who.session_id}")
        st.caption("Your link (the address bar) brings you back here after a refresh.")
        if st.button("Leave session", key="leave_session", icon=":material/logout:"):
            identity.leave()
            nav.go_home(None)
