"""Evaluator console: what the facilitator sees except the controls (the clock, the ground truth,
the live dashboard and events, the master scenario events list) and the exercise's objectives,
each rated on the four-point scale with a comment, during the exercise or after it. An evaluator
is trusted with the ground truth; players' pages never get it."""

from __future__ import annotations

import streamlit as st

from app_pages.common import identity, live, nav
from app_pages.common.looks import clock_strip, page_title
from app_pages.common.service import service
from app_pages.panels import events, exercise, tabletop, truth
from simulator.roles import EVALUATOR
from simulator.scenario import Scenario


@st.fragment(run_every="2s")
def live_state(who: identity.Identity, scenario: Scenario) -> None:
    snap = live.snapshot(who.session_id)
    if snap is None:
        return
    status = snap.status
    clock_strip(status, scenario)
    if status.state == "ended":
        st.success("The exercise has ended: rate the objectives, then open the debrief.")
        nav.link(nav.DEBRIEF, who, "Open the debrief")
    if status.step:
        st.markdown(f"Step mode: step **{status.steps}**")
        shown = tabletop.revealed(snap.entries)
        if shown:
            st.markdown("**Revealed at this step:**\n\n" + "\n".join(f"- {s}" for s in shown))
    left, right = st.columns([3, 2], gap="medium")
    with left:
        truth.with_dashboard(snap, scenario)
    with right:
        st.subheader("Latest events", anchor=False)
        events.render(snap)


def main() -> None:
    who = identity.current()
    if who is None or who.role != EVALUATOR or who.participant_id is None:
        st.info("This page is for evaluators: join the session as evaluator.")
        return
    loaded = live.scenario_or_wait(who.session_id)
    if loaded is None:
        return
    scenario = loaded.scenario
    page_title("Evaluator console", scenario.title)
    live_state(who, scenario)
    st.divider()
    svc = service()
    rated = svc.exercise(who.session_id)
    left, right = st.columns([3, 2], gap="medium")
    with left:
        exercise.objectives(rated, None, key="eval_objectives")
    with right:
        exercise.rating_form(who, rated)
    tabletop.msel_table(svc.master_events(who.session_id), key="eval_msel")


main()
