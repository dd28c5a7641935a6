"""Small drawing helpers shared by the pages: badges, the clock strip, headings (one H1 a page).

Colours: alerts firing red, pending amber, resolved green; SEV1 red, SEV2 amber, SEV3 yellow,
SEV4 grey; session states lobby grey, running green, paused amber, ended blue. Text that people
typed goes through `st.text` or `escape_markdown`, never `unsafe_allow_html`.
"""

from __future__ import annotations

import streamlit as st

from app_pages.common import a11y, reconnect
from simulator.scenario import Scenario
from simulator.session import SessionStatus
from simulator.ui.alerts import STATE_COLOURS, severity_colour
from simulator.ui.clock import format_clock, scenario_time_of_day, wall_clock
from simulator.ui.text import escape_markdown

STATE_BADGES = {
    "lobby": ("Lobby: not started", "gray", ":material/hourglass_empty:"),
    "running": ("Running", "green", ":material/play_arrow:"),
    "paused": ("Paused", "orange", ":material/pause:"),
    "ended": ("Ended", "blue", ":material/flag:"),
}


def state_badge_md(state: str, speed: float | None = None) -> str:
    """The session state (and speed, while running) as a coloured Markdown badge."""
    label, colour, icon = STATE_BADGES.get(state, (state, "gray", None))
    if speed is not None and state == "running":
        label += f" at {speed:g}x"
    return f":{colour}-badge[{icon + ' ' if icon else ''}{label}]"


def severity_badge(severity: str | None, prefix: str = "") -> None:
    if not severity:
        st.badge(f"{prefix}not declared", color="gray")
        return
    st.badge(f"{prefix}{severity}", color=severity_colour(severity))


def section(title: str, *parts: str, before: str = "") -> None:
    """A panel's heading (an H3, no anchor link) and the Markdown `parts` under it (and
    `before` it), as one element: the live panels are drawn every second for every
    participant, and each element costs the server every time (issue 13)."""
    blocks = [before, f"### {title}", *parts]
    st.markdown("\n\n".join(b for b in blocks if b), anchors=False)


def quiet(text: str) -> str:
    """`text` (Markdown) in the small grey type of `st.caption`."""
    return f":small[:gray[{text}]]"


def alert_state_md(state: str) -> str:
    """A coloured badge in Markdown for an alert state (our own words only)."""
    colour = STATE_COLOURS.get(state, "gray")
    return f":{colour}-badge[{state.upper()}]"


def clock_strip(status: SessionStatus, scenario: Scenario) -> None:
    """Sim clock `T+12:30`, the session state, when it ends, the scenario's time of day and the
    real (server) time: one element (drawn every second for every participant: issue 13)."""
    start = scenario.service.traffic.start_hour
    of_day = scenario_time_of_day(start, status.sim_time)
    # "13:44" next to "T+14:22" read as a sim time: say what each clock is.
    extended = (
        f" (extended from {format_clock(scenario.duration)})"
        if status.duration > scenario.duration
        else ""
    )
    # Plain text, not a heading: a heading that changes every second is a moving Tab stop
    # ("link to heading") and noise in a screen reader's list of headings. Our own words and
    # numbers only, so HTML is safe here.
    st.markdown(
        f"<span class='gameday-clock' style='font-size:1.5rem;font-weight:700'>"
        f"{format_clock(status.sim_time)}</span>&emsp;"
        f"{state_badge_md(status.state, status.speed)}&emsp;"
        f":small[:gray[ends at {format_clock(status.duration)}{extended} · in the scenario "
        f"it is {of_day} · real time {wall_clock()}]]",
        unsafe_allow_html=True,
    )


# Our own constant style (no user text): less empty space above the heading, for 1280x800 screens.
_COMPACT = "<style>[data-testid='stMainBlockContainer']{padding-top:3.5rem}</style>"


def page_title(title: str, scenario_title: str | None = None, tab: str | None = None) -> None:
    """The page's one H1, the browser tab's title (`tab`, else the H1: `Debrief — Game day`),
    the scenario's title, and who you are (with a way out) on the right."""
    from app_pages.common.header import identity_menu, team_name  # header imports this module

    a11y.page_setup(tab or title)
    reconnect.install()
    st.html(_COMPACT)
    with st.container(horizontal=True, vertical_alignment="center"):
        with st.container(gap=None):
            st.title(title, anchor=False)
            if scenario_title:
                team = team_name()
                team_part = f" · Team {escape_markdown(team)}" if team else ""
                st.caption(escape_markdown(scenario_title) + team_part)
        identity_menu()


def md(text: object) -> str:
    """Escaped Markdown for a short piece of text people or scenarios wrote."""
    return escape_markdown(text)
