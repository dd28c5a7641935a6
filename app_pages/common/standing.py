"""A participant's page follows the roster: the role they hold now (the facilitator may have
reassigned them, or the IC handed command to them), a note when they shadow a role, and a stop
when they were removed."""

from __future__ import annotations

from dataclasses import replace

import streamlit as st

from app_pages.common import identity
from app_pages.common.service import service
from simulator.roles import role_title
from simulator.session import SessionError

REMOVED = (
    "The facilitator removed you from this session: you can no longer act in it. Ask the "
    "facilitator if this is a mistake."
)


def follow(who: identity.Identity) -> identity.Identity:
    """`who` with the role they hold now; stops the page for a removed participant."""
    if who.participant_id is None:
        return who
    try:
        now = service().standing(who.session_id, who.participant_id)
    except SessionError:
        return who
    if now.removed:
        st.error(REMOVED, icon=":material/person_off:")
        st.stop()
    if now.role != who.role:
        st.toast(f"You now hold the {role_title(now.role)} role.", icon=":material/badge:")
        who = replace(who, role=now.role)
        identity.set_current(who)
    if now.shadow:
        st.info(
            f"You are shadowing the {role_title(now.role)}: you see their console and keep your "
            "own notes; the person holding the role acts (your actions are refused).",
            icon=":material/visibility:",
        )
    return who
