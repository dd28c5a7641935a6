"""The incident log: every action the team has taken, accepted or refused (read only; what an
observer follows). A table, so everything in it is shown as plain text."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from app_pages.common import live
from app_pages.common.identity import Identity
from simulator.roles import role_short as role_name
from simulator.ui.clock import format_clock
from simulator.ui.incident import incident_of


@st.fragment(run_every="1s")
def render(who: Identity) -> None:
    snap = live.snapshot(who.session_id)
    if snap is None:
        return
    incident = live.memo(snap, "incident", lambda: incident_of(live.visible(snap)))
    if not incident.actions:
        st.caption("No actions yet.")
        return
    rows = [
        {
            "time": format_clock(a.t),
            "who": role_name(a.role),
            "action": a.describe(),
            "outcome": a.outcome if a.accepted else f"refused: {a.reason}",
        }
        for a in reversed(incident.actions)
    ]
    st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch", height=320)
