"""The facilitator's ground truth: each fault's state, customer impact, the root cause and the
actions that fix, relieve or hurt. Facilitator and evaluator consoles only."""

from __future__ import annotations

import streamlit as st

from app_pages.common import live
from app_pages.common.looks import md
from app_pages.panels import dashboard
from simulator.scenario import Scenario
from simulator.ui.clock import format_clock
from simulator.ui.truth import FaultTruth, GroundTruth, ground_truth

FAULT_STATES = {
    "scheduled": ("Scheduled", "gray"),
    "active": ("Active", "red"),
    "relieved": ("Relieved for now", "orange"),
    "fixed": ("Fixed", "green"),
    "cleared": ("Cleared by itself", "green"),
}


def with_dashboard(snap: live.Snapshot, scenario: Scenario) -> None:
    """The ground truth now, then the dashboards with customer impact shaded (the left column
    of the facilitator's and the evaluator's live panels)."""
    now = snap.status.sim_time
    render(live.memo(snap, "truth", lambda: ground_truth(scenario, snap.entries, now)))
    dashboard.render(snap, scenario, snap.entries, impact=True, columns=2, height=140)


def render(truth: GroundTruth) -> None:
    st.subheader("Ground truth", anchor=False)
    if truth.impact_since is not None:
        st.markdown(
            f":red-badge[CUSTOMER IMPACT] since {format_clock(truth.impact_since)} "
            f"· {truth.impact_seconds / 60:.1f} min in total"
        )
    else:
        st.markdown(
            ":green-badge[NO CUSTOMER IMPACT] · "
            f"{truth.impact_seconds / 60:.1f} min in total so far"
        )
    for fault in truth.faults:
        _fault(fault)


def _fault(fault: FaultTruth) -> None:
    label, colour = FAULT_STATES.get(fault.state, (fault.state, "gray"))
    when = (
        f" since {format_clock(fault.since)}"
        if fault.since is not None
        else (f" (starts {format_clock(fault.at)})")
    )
    with st.container(border=True):
        st.markdown(f":{colour}-badge[{label}] **{md(fault.id)}** ({md(fault.type)}){when}")
        fix, relief, harm = st.columns(3)
        fix.markdown("**Fixes**  \n" + _list(fault.fixed_by))
        relief.markdown("**Buys time**  \n" + _list(fault.mitigated_by))
        harm.markdown("**Hurts**  \n" + _list(fault.harmful))
        for t, text in fault.events:
            st.caption(f"{format_clock(t)} · {md(text)}")
        with st.expander("Root cause"):
            st.text(fault.root_cause)


def _list(items: tuple[str, ...]) -> str:
    return "  \n".join(md(i) for i in items) if items else "none"
