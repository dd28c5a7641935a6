"""The facilitator's roster tools: allow shadowing (per role or for every role), reassign a
participant to another role, remove one. Each change is stored; reassignments and removals are
journaled and the participant's page follows."""

from __future__ import annotations

import streamlit as st

from app_pages.common.identity import Identity
from app_pages.common.looks import md
from app_pages.common.service import service
from simulator.roles import PLAYER_ROLES, ROLES, role_title
from simulator.session import SessionError

EVERY_ROLE = "*"


def _role_label(role: str) -> str:
    return "Every role" if role == EVERY_ROLE else role_title(role)


def render(who: Identity) -> None:
    if who.secret is None:
        return
    try:
        roster = service().roster(who.session_id)
        allowed = service().shadowing(who.session_id)
    except SessionError as exc:
        st.error(md(str(exc)))
        return
    _shadowing(who, who.secret, allowed)
    people = [(p, now) for p, now in roster if p.role != "facilitator" and not now.removed]
    if not people:
        st.caption("Nobody to reassign or remove yet.")
        return
    _change(who, who.secret, people)


def _shadowing(who: Identity, secret: str, allowed: frozenset[str]) -> None:
    with st.form("fac_shadowing_form"):
        st.markdown("**Shadowing**")
        st.caption(
            "One person per role. A role that allows a shadow lets a second person join it: "
            "they see its console and do not act."
        )
        options = [EVERY_ROLE, *PLAYER_ROLES]
        picked = st.multiselect(
            "Roles that allow a shadow",
            options,
            default=[r for r in options if r in allowed],
            format_func=_role_label,
            key="fac_shadowing",
        )
        if st.form_submit_button("Save shadowing", key="fac_shadowing_save"):
            try:
                for role in options:
                    if (role in picked) != (role in allowed):
                        service().allow_shadowing(who.session_id, secret, role, role in picked)
            except SessionError as exc:
                st.error(md(str(exc)))
            else:
                st.success("Shadowing saved.")


def _change(who: Identity, secret: str, people: list) -> None:
    by_id = {p.id: (p, now) for p, now in people}

    def label(pid: str) -> str:
        person, now = by_id[pid]
        shadow = " (shadow)" if now.shadow else ""
        return f"{person.name}: {role_title(now.role)}{shadow}"

    with st.form("fac_roster_form"):
        st.markdown("**Reassign or remove a participant**")
        st.selectbox("Participant", list(by_id), format_func=label, key="fac_roster_who")
        st.selectbox(
            "New role",
            [r for r in ROLES if r != "facilitator"],
            format_func=role_title,
            key="fac_roster_role",
        )
        left, right = st.columns(2)
        args = (who, secret, by_id)
        left.form_submit_button(
            "Reassign", key="fac_roster_reassign", on_click=_apply, args=(*args, "reassign")
        )
        right.form_submit_button(
            "Remove", key="fac_roster_remove", on_click=_apply, args=(*args, "remove")
        )
    said = st.session_state.pop(SAID, None)
    if said is not None:
        (st.success if said[0] else st.error)(md(said[1]))


SAID = "fac_roster_said"


def _apply(who: Identity, secret: str, by_id: dict, change: str) -> None:
    """A button's callback: runs before the page is drawn again, so the form shows the change."""
    pid = str(st.session_state.get("fac_roster_who"))
    role = st.session_state.get("fac_roster_role")
    if pid not in by_id:
        st.session_state[SAID] = (False, "Pick a participant.")
        return
    name = by_id[pid][0].name
    try:
        if change == "reassign":
            service().reassign(who.session_id, secret, pid, str(role))
            text = f"{name} now holds the {role_title(str(role))} role."
        else:
            service().remove(who.session_id, secret, pid)
            text = f"{name} was removed: their page says so and they can no longer act."
    except SessionError as exc:
        st.session_state[SAID] = (False, str(exc))
    else:
        st.session_state[SAID] = (True, text)
