"""The investigation console: pick one of the scenario's commands, run it, read its output.
Commands show their description only (what a responder would type), never what they reveal."""

from __future__ import annotations

import streamlit as st

from app_pages.common import acting, live
from app_pages.common.identity import Identity
from app_pages.common.looks import md
from simulator.roles import role_short as role_name
from simulator.scenario import Scenario
from simulator.ui.clock import format_clock
from simulator.ui.incident import incident_of

SLOT = "investigate"
EARLIER = 5


@st.fragment
def render(who: Identity, scenario: Scenario) -> None:
    commands = {c.name: c for c in scenario.commands}
    if not commands:
        st.caption("This scenario has no investigation commands.")
        return
    with st.form("investigate_form", border=False):
        name = st.selectbox(
            "Command",
            list(commands),
            key="investigate_command",
            format_func=lambda n: f"{n}: {' '.join(commands[n].description.split())}",
        )
        run = st.form_submit_button("Run", key="investigate_run", icon=":material/terminal:")
    if run and name:
        acting.act(who, SLOT, "investigate", {"command": name})
    acting.show(SLOT)
    found = live.feed(who.session_id)  # after a click: what it changed
    if found is None:
        return
    incident = found.journal.view("incident", incident_of)
    runs = list(reversed(incident.investigations))
    if not runs:
        st.caption("No command has been run yet. Output is what the system shows at that moment.")
        return
    for index, result in enumerate(runs[:EARLIER]):
        title = f"{format_clock(result.t)} · {result.command} (run by {role_name(result.role)})"
        with st.expander(title, expanded=index == 0):
            description = commands.get(result.command)
            if description is not None:  # prose, not a shell command: a caption, no "$"
                st.caption(md(" ".join(description.description.split())))
            st.code("\n".join(result.output) or "(no output)", language=None, wrap_lines=True)
