"""Who has joined and in which role (names are shown as plain text in a table)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from app_pages.common.service import service
from simulator.roles import role_title
from simulator.session import SessionError, Standing
from simulator.ui.clock import wall_clock


def render(session_id: str, solo: bool) -> None:
    st.subheader("Participants", anchor=False)
    try:
        people = service().roster(session_id)
    except SessionError as exc:
        st.error(str(exc))
        return
    if not people:
        st.caption("Nobody has joined yet. Share the session id and the join code.")
        return
    rows = [
        {"name": p.name, "role": _role(p.role, now, solo), "joined": wall_clock(p.joined_at)}
        for p, now in people
    ]
    st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")


def _role(joined: str, now: Standing, solo: bool) -> str:
    if solo and joined not in ("observer", "facilitator"):
        return "every role (solo)"
    text = role_title(now.role)
    if now.shadow:
        text += " (shadow)"
    if now.removed:
        text += " (removed)"
    return text
