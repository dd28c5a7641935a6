"""Incident command (IC): declare with a severity, assign roles, escalate, mark mitigated and
resolve; with the incident's state so far."""

from __future__ import annotations

import streamlit as st

from app_pages.common import acting, live
from app_pages.common.identity import Identity
from app_pages.common.looks import md, severity_badge
from app_pages.common.service import service
from simulator.actions import ACTIONS, SEVERITIES
from simulator.roles import role_title
from simulator.ui.clock import format_clock
from simulator.ui.incident import Incident, incident_of
from simulator.ui.permissions import may

SLOT = "ic"
INCIDENT_ROLES = ACTIONS["assign_role"].params[0].choices


@st.fragment
def render(who: Identity) -> None:
    found = live.feed(who.session_id)  # after a click: what it changed
    if found is None:
        return
    incident = found.journal.view("incident", incident_of)
    _state(incident)
    left, right = st.columns(2)
    with left:
        if may(who.held, "declare"):
            _declare(who, incident)
        if may(who.held, "escalate"):
            _escalate(who)
    with right:
        if may(who.held, "assign_role"):
            _assign(who)
        _close(who)
    acting.show(SLOT)


def _state(incident: Incident) -> None:
    with st.container(horizontal=True, vertical_alignment="center"):
        severity_badge(incident.severity, prefix="Severity: ")
        if incident.declared_at is not None:
            st.caption(f"declared {format_clock(incident.declared_at)}")
        if incident.mitigated_at is not None:
            st.badge(f"Mitigated {format_clock(incident.mitigated_at)}", color="green")
        if incident.resolved_at is not None:
            st.badge(f"Resolved {format_clock(incident.resolved_at)}", color="green")
    if incident.roles:
        st.caption(
            md(" · ".join(f"{role_title(r)}: {n}" for r, n in sorted(incident.roles.items())))
        )


def _declare(who: Identity, incident: Incident) -> None:
    with st.form("ic_declare_form"):
        st.markdown("**Declare an incident**")
        severity = st.selectbox("Severity", SEVERITIES, key="ic_severity")
        title = st.text_input("Title (optional)", key="ic_title", max_chars=200)
        label = "Re-declare" if incident.severity else "Declare"
        if st.form_submit_button(label, key="ic_declare", type="primary"):
            params = {"severity": severity}
            if title.strip():
                params["title"] = title.strip()
            acting.act(who, SLOT, "declare", params)


def _assign(who: Identity) -> None:
    with st.form("ic_assign_form"):
        st.markdown("**Assign a role**")
        role = st.selectbox("Role", INCIDENT_ROLES, key="ic_assign_role", format_func=role_title)
        name = st.text_input("Name", key="ic_assign_name", max_chars=60)
        if st.form_submit_button("Assign", key="ic_assign"):
            if not name.strip():
                acting.say(SLOT, False, "assign role: fill in the name")
            else:
                acting.act(who, SLOT, "assign_role", {"role": role, "name": name.strip()})


def _escalate(who: Identity) -> None:
    with st.form("ic_escalate_form"):
        st.markdown("**Escalate**")
        team = st.text_input("Team to page", key="ic_escalate_team", max_chars=120)
        if st.form_submit_button("Escalate", key="ic_escalate"):
            if not team.strip():
                acting.say(SLOT, False, "escalate: name the team to page")
            else:
                acting.act(who, SLOT, "escalate", {"team": team.strip()})


def _close(who: Identity) -> None:
    with st.container(border=True):
        st.markdown("**Mitigate and resolve**")
        with st.container(horizontal=True):
            if may(who.held, "mark_mitigated") and st.button(
                "Mark mitigated", key="ic_mitigated", icon=":material/healing:"
            ):
                acting.act(who, SLOT, "mark_mitigated")
            if may(who.held, "resolve") and st.button(
                "Resolve incident", key="ic_resolve", icon=":material/task_alt:"
            ):
                acting.act(who, SLOT, "resolve")


@st.fragment(run_every="5s")
def transfer(who: Identity) -> None:
    """Hand command to another participant: they become the IC, and this page follows. Its own
    fragment, redrawn every few seconds, so the list has whoever joined since the page opened."""
    if not may(who.held, "transfer_command") or who.solo:
        return
    others = [
        p.name
        for p, now in service().roster(who.session_id)
        if p.id != who.participant_id and p.role != "facilitator" and not now.removed
    ]
    with st.form("ic_transfer_form"):
        st.markdown("**Hand over command**")
        st.caption(
            "The new IC holds the role from now on; you take their role (or observe, when they "
            "were observing or shadowing)."
        )
        to = st.selectbox("New incident commander", others, key="ic_transfer_to", index=None)
        if st.form_submit_button("Hand over", key="ic_transfer"):
            if to is None:
                acting.say(SLOT, False, "hand over command: pick the new incident commander")
            else:
                acting.act_and_reload(who, SLOT, "transfer_command", {"to": to})
