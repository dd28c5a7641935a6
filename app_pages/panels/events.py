"""The facilitator's event stream: the merged timeline, ground truth included, newest first."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from app_pages.common import live
from simulator.journal import Journal
from simulator.report import build_timeline
from simulator.session import mask


def render(snap: live.Snapshot, limit: int = 14, height: int = 300) -> None:
    rows = live.memo(
        snap, "timeline", lambda: build_timeline(Journal(mask(snap.entries, snap.hidden)))
    )
    if not rows:
        st.caption("Nothing has happened yet.")
        return
    frame = pd.DataFrame(
        [{"time": r.clock, "source": r.source, "event": r.text} for r in reversed(rows[-limit:])]
    )
    st.dataframe(frame, hide_index=True, width="stretch", height=height)
