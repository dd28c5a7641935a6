"""Who has joined and in which role (names are shown as plain text in a table)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from app_pages.common.service import service
from simulator.roles import role_title
from simulator.session import SessionError
from simulator.ui.clock import wall_clock


def render(session_id: str, solo: bool) -> None:
    st.subheader("Participants", anchor=False)
    try:
        people = service().participants(session_id)
    except SessionError as exc:
        st.error(str(exc))
        return
    if not people:
        st.caption("Nobody has joined yet. Share the session id and the join code.")
        return
    rows = [
        {
            "name": p.name,
            "role": "every role (solo)"
            if solo and p.role not in ("observer", "facilitator")
            else role_title(p.role),
            "joined": wall_clock(p.joined_at),
        }
        for p in people
    ]
    st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")
