"""The incident log: every action the team has taken, accepted or refused (read only; what an
observer follows). A table, so everything in it is shown as plain text."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from app_pages.common import live
from app_pages.common.identity import Identity
from app_pages.common.turns import taking_turns
from simulator.roles import role_short as role_name
from simulator.ui.clock import format_clock
from simulator.ui.incident import incident_of


@st.fragment(run_every=live.LISTS_EVERY)  # from the live panels' read, never its own
@taking_turns
def render(who: Identity) -> None:
    found = live.feed(who.session_id, max_age=live.REUSE)
    if found is None:
        return
    frame = found.journal.view("log_rows", _rows)
    if frame is None:
        st.caption("No actions yet.")
        return
    st.dataframe(frame, hide_index=True, width="stretch", height=320)


def _rows(events: list[dict]) -> pd.DataFrame | None:
    """The log's table, newest first (built once per event count, shared by the session)."""
    incident = incident_of(events)
    if not incident.actions:
        return None
    rows = [
        {
            "time": format_clock(a.t),
            "who": role_name(a.role),
            "action": a.describe(),
            "outcome": a.outcome if a.accepted else f"refused: {a.reason}",
        }
        for a in reversed(incident.actions)
    ]
    return pd.DataFrame(rows)
