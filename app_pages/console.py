"""Incident console: one page for every participant role; its panels and controls follow the
role. The live panels (clock, pager, alerts, messages) are one fragment that reads the store once
a second (`live.feed`) and draws views of the session's shared live journal; the dashboards
refresh every five seconds, and the timeline and the incident log every three, from that same
read (never one of their own). The work tabs (command, comms, timeline, investigation, system
actions) are their own fragments.
A new page, re-page, escalation or alert is announced once (`simulator.ui.announce`), and the
browser tab's title counts the pages waiting for an acknowledgement.
Observers get the live panels and the incident log, never an action widget. Only the
player-visible journal (`simulator.ui.visible`) is drawn here."""

from __future__ import annotations

import streamlit as st

from app_pages.common import a11y, acting, identity, live, nav, standing
from app_pages.common.looks import clock_strip, page_title
from app_pages.common.turns import taking_turns
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
    runbook,
    system_actions,
    timeline,
)
from simulator.scenario import Scenario
from simulator.ui.alerts import alert_views
from simulator.ui.announce import latest as latest_announcement
from simulator.ui.feed import messages, replies
from simulator.ui.incident import incident_of
from simulator.ui.permissions import TAB_TITLES, may, tabs_for

TITLE = "Incident console"


CHARTS_EVERY = "5s"  # like a metrics dashboard's refresh; the clock and readouts are per second


@st.fragment(run_every="1s")
@taking_turns
def live_panels(who: identity.Identity, scenario: Scenario) -> None:
    """The participant's one refresh a second: one read of the store (`live.feed`), views from
    the session's shared live journal (rebuilt only when an event arrives)."""
    found = live.feed(who.session_id, max_age=live.SAME_RUN)
    if found is None:
        return
    status, journal = found.status, found.journal
    waiting = tuple(p.id for p in status.open_pages if p.status == "triggered")
    a11y.set_title(TITLE, waiting)
    a11y.announce(journal.view("announcement", latest_announcement))
    clock_strip(status, scenario)
    if status.state == "lobby":
        st.info(
            "Waiting for the facilitator to start the exercise.", icon=":material/hourglass_empty:"
        )
    elif status.state == "ended":
        st.success("The exercise has ended: the debrief is ready.", icon=":material/flag:")
        nav.link(nav.DEBRIEF, who, "Open the debrief")
    # Pager over alerts, messages beside them: one row of columns (each block costs the
    # server every second, for every participant: issue 13).
    left, right = st.columns([3, 2], gap="medium")
    with left:
        pager.render(who, status, scenario)
        alerts.render(journal.view("alerts", alert_views), scenario=scenario)
        runbook.render(scenario)  # under the alerts, when one's runbook is open
    with right:
        due = ""
        if may(who.held, "status_update"):
            due = comms.due_line(journal.view("incident", incident_of), status.sim_time)
        feed.render(
            journal.view("messages", messages),
            answered=journal.view("replies", replies),
            shared=journal,
            before=due,
        )


@st.fragment(run_every=CHARTS_EVERY)
@taking_turns
def charts(who: identity.Identity, scenario: Scenario) -> None:
    """The dashboards, from the participant's latest read (never a read of their own)."""
    found = live.feed(who.session_id, max_age=live.REUSE)
    if found is not None:
        dashboard.render_live(found, scenario, columns=3)


def work_tabs(who: identity.Identity, scenario: Scenario) -> None:
    """The work area (the skip link's target). Every tab is drawn, lists included, so choosing a
    tab only shows what is there: it does not rerun the page. (Stop 24 drew only the open tab's
    lists and reran the page on a tab choice; under load Streamlit's frontend then sometimes
    broke its element tree, "'setIn' cannot be called on an ElementNode", and the page lost its
    connection. See CHANGELOG.)"""
    names = tabs_for(who.held) if who.is_player else ["log"]
    area = st.container(key=a11y.WORK_AREA_KEY)
    for name, tab in zip(names, area.tabs([TAB_TITLES[n] for n in names]), strict=True):
        with tab:
            work_tab(name, who, scenario)


def work_tab(name: str, who: identity.Identity, scenario: Scenario) -> None:
    """One tab's panels."""
    if name == "command":
        command.render(who)
        command.transfer(who)
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


@taking_turns
def main() -> None:
    who = identity.current()
    if who is None or not who.is_player:
        st.info("Join a session on the Start page to open the incident console.")
        return
    loaded = live.scenario_or_wait(who.session_id)
    if loaded is None:
        return
    scenario = loaded.scenario
    who = standing.follow(who)
    acting.ensure_draft()
    page_title(TITLE, scenario.title)
    if who.secret is not None:
        with st.expander("Practice clock controls", icon=":material/timer:"):
            clock_controls.render(who, "solo")
    live.feed(who.session_id, report=False)  # this run's read: what a click just changed
    live_panels(who, scenario)
    charts(who, scenario)
    st.divider()
    work_tabs(who, scenario)


main()
