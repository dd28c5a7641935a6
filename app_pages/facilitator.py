"""Facilitator console: the clock and its controls, who has joined, the live state with ground
truth (fault, impact, root cause, what fixes it), a compact dashboard, hints and notes, ad-hoc
injects, forwarding to the team's real tools (Alertmanager, a webhook) and how delivering goes."""

from __future__ import annotations

import streamlit as st

from app_pages.common import identity, live, nav, signin
from app_pages.common.looks import clock_strip, page_title
from app_pages.common.service import service
from app_pages.panels import (
    alerts,
    clock_controls,
    events,
    hints,
    inject,
    integrations,
    join_details,
    moderation,
    participants,
    roster,
    tabletop,
    truth,
)
from app_pages.panels import exercise as exercise_panel
from simulator.scenario import Scenario
from simulator.ui.alerts import alert_views


@st.fragment(run_every="1s")
def clock(who: identity.Identity, scenario: Scenario) -> None:
    snap = live.snapshot(who.session_id)
    if snap is None:
        return
    status = snap.status
    clock_strip(status, scenario)
    if status.state == "ended":
        st.success("The exercise has ended: the debrief is ready.", icon=":material/flag:")
        nav.link(nav.DEBRIEF, who, "Open the debrief")


@st.fragment(run_every="1s")
def live_state(who: identity.Identity, scenario: Scenario) -> None:
    snap = live.snapshot(who.session_id)
    if snap is None:
        return
    left, right = st.columns([3, 2], gap="medium")
    with left:
        truth.with_dashboard(snap, scenario)
    with right:
        participants.render(who.session_id, snap.status.solo)
        alerts.render(live.memo(snap, "alerts", lambda: alert_views(snap.entries)), limit=5)
        st.subheader("Latest events", anchor=False)
        events.render(snap)


def main() -> None:
    who = identity.current()
    if who is None or not who.is_facilitator or who.is_player:
        if not signin.may_facilitate():
            st.error(signin.refusal(), icon=":material/lock:")
        else:
            st.info("Create a session on the Start page, or join as facilitator with the secret.")
        return
    loaded = live.scenario_or_wait(who.session_id)
    if loaded is None:
        return
    scenario = loaded.scenario
    page_title("Facilitator console", scenario.title)
    clock(who, scenario)
    clock_controls.render(who, "fac")
    join_details.render(who)
    tabletop.render(who)
    live_state(who, scenario)
    st.divider()
    hints_tab, inject_tab, entries_tab, roles_tab, objectives_tab, tools_tab = st.tabs(
        [
            "Hints and notes",
            "Inject a message",
            "Participants' entries",
            "Roles",
            "Objectives",
            "Real tools",
        ]
    )
    with hints_tab:
        hints.render(who, scenario)
    with inject_tab:
        inject.render(who)
    with entries_tab:
        moderation.render(who)
    with roles_tab:
        roster.render(who)
    with objectives_tab:
        exercise_panel.objectives(service().exercise(who.session_id), None, key="fac_objectives")
        exercise_panel.objective_form(who)
    with tools_tab:
        integrations.render(who)


main()
