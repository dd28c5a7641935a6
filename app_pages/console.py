"""Incident console: one page for every participant role; its panels and controls follow the
role. Live panels (clock, pager, alerts, dashboards, messages) refresh every second in a fragment;
the work tabs (command, comms, timeline, investigation, system actions) are their own fragments.
A new page, re-page, escalation or alert is announced once (`simulator.ui.announce`), and the
browser tab's title counts the pages waiting for an acknowledgement.
Observers get the live panels and the incident log, never an action widget. Only the
player-visible journal (`simulator.ui.visible`) is drawn here."""

from __future__ import annotations

import streamlit as st

from app_pages.common import a11y, identity, live, nav
from app_pages.common.looks import clock_strip, page_title
from app_pages.panels import (
    alerts,
    clock_controls,
    command,
    comms,
    dashboard,
    feed,
    investigate,
    log,
    pager,
    system_actions,
    timeline,
)
from simulator.scenario import Scenario
from simulator.ui.alerts import alert_views
from simulator.ui.announce import latest as latest_announcement
from simulator.ui.feed import messages
from simulator.ui.incident import incident_of
from simulator.ui.permissions import TAB_TITLES, may, tabs_for

TITLE = "Incident console"


@st.fragment(run_every="1s")
def live_panels(who: identity.Identity, scenario: Scenario) -> None:
    snap = live.snapshot(who.session_id)
    if snap is None:
        return
    status = snap.status
    seen = live.visible(snap)
    waiting = tuple(p.id for p in status.open_pages if p.status == "triggered")
    a11y.set_title(TITLE, waiting)
    a11y.announce(live.memo(snap, "announcement", lambda: latest_announcement(seen)))
    clock_strip(status, scenario)
    if status.state == "lobby":
        st.info(
            "Waiting for the facilitator to start the exercise.", icon=":material/hourglass_empty:"
        )
    elif status.state == "ended":
        st.success("The exercise has ended: the debrief is ready.", icon=":material/flag:")
        nav.link(nav.DEBRIEF, who, "Open the debrief")
    left, right = st.columns([3, 2], gap="medium")
    with left:
        top_left, top_right = st.columns(2)
        with top_left:
            pager.render(who, status, scenario)
        with top_right:
            alerts.render(live.memo(snap, "alerts", lambda: alert_views(seen)))
        dashboard.render(snap, scenario, seen)
    with right:
        if may(who.held, "status_update"):
            incident = live.memo(snap, "incident", lambda: incident_of(seen))
            comms.show_due(incident, status.sim_time)
        feed.render(live.memo(snap, "messages", lambda: messages(seen)))


def work_tabs(who: identity.Identity, scenario: Scenario) -> None:
    """The work area (the skip link's target)."""
    names = tabs_for(who.held) if who.is_player else ["log"]
    area = st.container(key=a11y.WORK_AREA_KEY)
    for name, tab in zip(names, area.tabs([TAB_TITLES[n] for n in names]), strict=True):
        with tab:
            if name == "command":
                command.render(who)
            elif name == "comms":
                comms.composer(who)
            elif name == "timeline":
                timeline.render(who)
            elif name == "investigate":
                investigate.render(who, scenario)
            elif name == "system":
                system_actions.render(who, scenario)
            else:
                log.render(who)


def main() -> None:
    who = identity.current()
    if who is None or not who.is_player:
        st.info("Join a session on the Start page to open the incident console.")
        return
    loaded = live.scenario_or_wait(who.session_id)
    if loaded is None:
        return
    scenario = loaded.scenario
    page_title(TITLE, scenario.title)
    if who.secret is not None:
        with st.expander("Practice clock controls", icon=":material/timer:"):
            clock_controls.render(who, "solo")
    live_panels(who, scenario)
    st.divider()
    work_tabs(who, scenario)


main()
