"""Start: create a session as facilitator, join one, or start solo practice.

With company sign-in (`common/signin.py`) the name comes from the person's account (no name
field), only the facilitators the operator named may create a session or join as facilitator,
and nobody types a secret."""

from __future__ import annotations

import streamlit as st

from app_pages.common import catalogue, identity, nav, signin
from app_pages.common.client import client_identity
from app_pages.common.looks import md, page_title
from app_pages.common.service import library, service
from simulator.errors import GamedayError
from simulator.roles import role_title
from simulator.session import PLAYER_ROLES
from simulator.ui.library import Library

JOIN_ROLES = (*PLAYER_ROLES, "observer", "evaluator", "facilitator")
MODES = {
    "live": "Live game day: the clock runs",
    "step": "Tabletop: step through it moment by moment",
}
MAX_SEED = 2**31 - 1


def scenario_picker(lib: Library, key: str) -> str | None:
    """A scenario from the library, with its public card: the briefing, never the summary (the
    facilitator's synopsis) nor the severity the team is scored against."""
    ids = [e.id for e in lib.entries]
    if not ids:
        st.warning("The scenario library is empty.")
        return None
    picked = st.selectbox(
        "Scenario",
        ids,
        key=key,
        format_func=lib.title,
    )
    entry = lib.get(picked) if picked else None
    if entry is not None:
        catalogue.render(entry.card, heading=False)
    return picked


def create_section(lib: Library) -> None:
    st.subheader("Run a game day", anchor=False)
    st.caption("You facilitate: the team joins with your code.")
    if not signin.may_facilitate():
        st.info(md(signin.create_refusal()), icon=":material/lock:")
        return
    with st.container(border=True):
        picked = scenario_picker(lib, "create_scenario")
        seed = st.number_input("Seed", 0, MAX_SEED, 1, step=1, key="create_seed")
        speed = st.slider("Speed", 1, 10, 1, key="create_speed", format="%dx")
        team = st.text_input(
            "Team name (optional)",
            key="create_team",
            max_chars=60,
            help="Sessions of one team are compared on its Trends page.",
        )
        mode = st.radio("Mode", tuple(MODES), key="create_mode", format_func=MODES.__getitem__)
        if st.button("Create session", key="create_submit", type="primary", disabled=not picked):
            _create(lib, picked, int(seed), float(speed), team, step=mode == "step")
        cohort_link()


def cohort_link() -> None:
    """Several teams on one scenario: the cohort page creates and drives them together."""
    st.page_link(nav.COHORT, label="Run several teams at once (a cohort)", icon=":material/groups:")


def _create(
    lib: Library, picked: str | None, seed: int, speed: float, team: str = "", step: bool = False
) -> None:
    entry = lib.get(picked or "")
    if entry is None:
        st.error("Pick a scenario first.")
        return
    try:
        created = service().create(entry.path, seed=seed, speed=speed, team=team or None, step=step)
    except GamedayError as exc:
        st.error(md(exc))
        return
    who = identity.facilitating(created.session_id, created.facilitator_secret)
    identity.set_current(who)
    nav.go_home(who)


def your_name(key: str) -> str:
    """The name field, or with sign-in the account's name (not typed)."""
    if signin.enabled():
        name = signin.display_name()
        st.markdown(f"Your name (from your account): **{md(name)}**")
        return name
    return str(st.text_input("Your name", key=key, max_chars=60))


def join_section() -> None:
    st.subheader("Join a session", anchor=False)
    st.caption("The facilitator gives you the session id and the join code.")
    prefill = {k: st.query_params.get(k, "") for k in ("join", "code")}
    with st.form("join_form", border=True):
        session_id = st.text_input("Session id", value=prefill["join"], key="join_session")
        code = st.text_input("Join code", value=prefill["code"], key="join_code")
        name = your_name("join_name")
        roles = JOIN_ROLES if signin.may_facilitate() else JOIN_ROLES[:-1]
        role = st.selectbox("Role", roles, key="join_role", format_func=role_title)
        secret = ""
        if not signin.enabled():
            secret = st.text_input(
                "Facilitator secret (facilitators only)", key="join_secret", type="password"
            )
        if st.form_submit_button("Join", key="join_submit", type="primary"):
            _join(session_id.strip(), code, name, role, secret.strip())


def _join(session_id: str, code: str, name: str, role: str, secret: str) -> None:
    if not session_id or not code.strip() or not name.strip():
        st.error("Fill in the session id, the join code and your name.")
        return
    if signin.enabled():
        secret = signin.facilitator_credential(session_id, None) or ""
    try:
        svc = service()
        joined = svc.join(
            session_id, code, name, role, secret=secret or None, client=client_identity()
        )
        solo = svc.session(session_id).solo
    except GamedayError as exc:
        st.error(md(exc))
        return
    if role == "facilitator":
        who = identity.Identity(
            session_id, secret=secret, name=joined.name, solo=solo, user=signin.user()
        )
    else:
        who = identity.Identity(
            session_id, joined.id, name=joined.name, role=role, solo=solo, user=signin.user()
        )
    identity.set_current(who)
    nav.go_home(who)


def solo_section(lib: Library) -> None:
    st.subheader("Practise solo", anchor=False)
    st.caption("One person, every role, a faster clock. Starts at once.")
    with st.container(border=True):
        picked = scenario_picker(lib, "practice_scenario")
        name = your_name("practice_name")
        speed = st.slider("Speed", 1, 10, 10, key="practice_speed", format="%dx")
        if st.button("Start practice", key="practice_submit", type="primary", disabled=not picked):
            _practise(lib, picked, name.strip() or "Solo player", float(speed))


def _practise(lib: Library, picked: str | None, name: str, speed: float) -> None:
    entry = lib.get(picked or "")
    if entry is None:
        st.error("Pick a scenario first.")
        return
    try:
        svc = service()
        created = svc.create(entry.path, seed=1, speed=speed, solo=True)
        player = svc.join(
            created.session_id, created.join_code, name, "ic", client=client_identity()
        )
        svc.start(created.session_id, created.facilitator_secret)
    except GamedayError as exc:
        st.error(md(exc))
        return
    who = identity.Identity(
        created.session_id,
        player.id,
        secret=created.facilitator_secret,
        name=player.name,
        role="ic",
        solo=True,
        user=signin.user(),
    )
    identity.set_current(who)
    nav.go_home(who)


def main() -> None:
    page_title(
        "Game day", "Practise incident response on a simulated service, safely.", tab="Start"
    )
    lib = library()
    create_col, join_col, solo_col = st.columns(3, gap="large")
    with create_col:
        create_section(lib)
    with join_col:
        join_section()
    with solo_col:
        solo_section(lib)


main()
