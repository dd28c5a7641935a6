"""Cohorts: several teams on one scenario and seed. Create a cohort (one session per team), then
drive every team's clock from this console, send injects to one team or all, hand out each
team's join code, and compare the teams in the cohort debrief when their sessions end.

The facilitator secret is the cohort's (and every member session's): shown once here, kept in
this tab only (`common/cohort_hold.py`)."""

from __future__ import annotations

import streamlit as st

from app_pages.common import cohort_hold, signin
from app_pages.common.looks import md, page_title
from app_pages.common.service import cohorts, library
from app_pages.panels import cohort_debrief
from simulator.cohorts import MAX_TEAMS, CohortError, CohortRecord, MemberResult
from simulator.errors import GamedayError
from simulator.ui.clock import format_clock
from simulator.ui.feed import CHANNEL_TITLES, HINT_CHANNEL

MAX_SEED = 2**31 - 1
RESULT_KEY = "cohort_result"
INJECT_RESULT_KEY = "cohort_inject_result"
SPEEDS = (1, 2, 5, 10)
SKIP_SECONDS = 300.0
CHANNELS = [c for c in CHANNEL_TITLES if c != HINT_CHANNEL]
ALL_TEAMS = "All teams"


def create_section() -> None:
    st.subheader("Create a cohort", anchor=False)
    st.caption(
        f"One session per team (2-{MAX_TEAMS}), same scenario and seed, started together from "
        "one console. Each team joins its own session with its own code."
    )
    lib = library()
    ids = [e.id for e in lib.entries]
    with st.form("cohort_create_form", border=True):
        picked = st.selectbox("Scenario", ids, key="cohort_scenario", format_func=lib.title)
        name = st.text_input("Cohort name (optional)", key="cohort_name", max_chars=100)
        teams = st.text_area("Teams, one name per line", key="cohort_teams", height=130)
        seed = st.number_input("Seed", 0, MAX_SEED, 1, step=1, key="cohort_seed")
        speed = st.slider("Speed", 1, 10, 1, key="cohort_speed", format="%dx")
        if st.form_submit_button("Create cohort", key="cohort_create", type="primary"):
            _create(picked, name, teams, int(seed), float(speed))


def _create(picked: str | None, name: str, teams: str, seed: int, speed: float) -> None:
    entry = library().get(picked or "")
    if entry is None:
        st.error("Pick a scenario first.")
        return
    try:
        created = cohorts().create(
            entry.path, teams.splitlines(), seed=seed, speed=speed, name=name or None
        )
    except GamedayError as exc:
        st.error(md(exc))
        return
    cohort_hold.hold(created.cohort_id, created.facilitator_secret)
    st.session_state["cohort_new_secret"] = created.facilitator_secret
    st.rerun()


def open_section() -> None:
    st.subheader("Open a cohort", anchor=False)
    st.caption("Your cohort's id and the facilitator secret shown when it was created.")
    with st.form("cohort_open_form", border=True):
        cohort_id = st.text_input("Cohort id", value=cohort_hold.id_in_link(), key="cohort_id")
        secret = st.text_input("Facilitator secret", key="cohort_secret", type="password")
        if st.form_submit_button("Open", key="cohort_open"):
            try:
                cohorts().check_secret(cohort_id.strip(), secret.strip())
            except GamedayError as exc:
                st.error(md(exc))
                return
            cohort_hold.hold(cohort_id.strip(), secret.strip())
            st.rerun()


@st.fragment(run_every="1s")
def teams_table(record: CohortRecord) -> None:
    rows = []
    for s in cohorts().status(record.id):
        state = s.status.state + (f" at {s.status.speed:g}x" if s.status.state == "running" else "")
        rows.append(
            {
                "team": s.member.team,
                "session id": s.member.session_id,
                "join code": s.member.join_code,
                "state": state,
                "clock": format_clock(s.status.sim_time),
                "alerts firing": len(s.status.firing),
            }
        )
    st.table(rows)


def controls(record: CohortRecord, secret: str) -> None:
    st.subheader("Clock, for every team", anchor=False)
    with st.container(horizontal=True, vertical_alignment="bottom"):
        for verb, label, icon in (
            ("start", "Start all", ":material/play_arrow:"),
            ("pause", "Pause all", ":material/pause:"),
            ("resume", "Resume all", ":material/play_arrow:"),
        ):
            if st.button(label, key=f"cohort_{verb}", icon=icon):
                _control(record, secret, verb)
        speed = st.selectbox(
            "Speed", SPEEDS, index=0, key="cohort_speed_pick", format_func="{}x".format
        )
        if st.button("Set speed for all", key="cohort_set_speed"):
            _control(record, secret, "speed", float(speed))
        if st.button("Skip 5 min for all", key="cohort_skip"):
            _control(record, secret, "skip", SKIP_SECONDS)
        if st.button("End all", key="cohort_end", icon=":material/stop:"):
            _control(record, secret, "end")
    _show_results(RESULT_KEY)


def _control(record: CohortRecord, secret: str, verb: str, value: float | None = None) -> None:
    try:
        results = cohorts().control(record.id, secret, verb, value)
    except GamedayError as exc:
        st.session_state[RESULT_KEY] = (verb, [], str(exc))
        return
    st.session_state[RESULT_KEY] = (verb, results, "")


def _show_results(key: str) -> None:
    found = st.session_state.get(key)
    if not found:
        return
    verb, results, problem = found
    if problem:
        st.error(md(problem))
        return
    done = [r.team for r in results if r.done]
    if done:
        st.success(md(f"{verb}: done for {', '.join(done)}"))
    for r in results:
        if not r.done:
            st.warning(md(f"{verb}: {r.team}: {r.message}"))


def inject_form(record: CohortRecord, secret: str) -> None:
    st.subheader("Send an inject", anchor=False)
    targets = [ALL_TEAMS, *(m.team for m in record.members)]
    with st.form("cohort_inject_form", clear_on_submit=True):
        to = st.selectbox("To", targets, key="cohort_inject_to")
        channel = st.selectbox(
            "Channel", CHANNELS, key="cohort_inject_channel", format_func=CHANNEL_TITLES.__getitem__
        )
        sender = st.text_input("From", key="cohort_inject_sender", max_chars=120)
        text = st.text_area("Message", key="cohort_inject_text", height=90)
        if st.form_submit_button("Send inject", key="cohort_inject_send", type="primary"):
            _inject(record, secret, to, channel, sender, text)
    _show_results(INJECT_RESULT_KEY)


def _inject(
    record: CohortRecord, secret: str, to: str, channel: str, sender: str, text: str
) -> None:
    if not sender.strip() or not text.strip():
        st.session_state[INJECT_RESULT_KEY] = (
            "inject",
            [],
            "Fill in who it is from and the message.",
        )
        return
    target = None if to == ALL_TEAMS else to
    try:
        results: list[MemberResult] = cohorts().inject(
            record.id, secret, channel, sender.strip(), text.strip(), to=target
        )
    except GamedayError as exc:
        st.session_state[INJECT_RESULT_KEY] = ("inject", [], str(exc))
        return
    st.session_state[INJECT_RESULT_KEY] = ("inject", results, "")


def console(record: CohortRecord, secret: str) -> None:
    st.subheader(record.name, anchor=False)
    st.caption(md(f"Cohort {record.id} · scenario {record.scenario_id} · seed {record.seed}"))
    new_secret = st.session_state.pop("cohort_new_secret", None)
    if new_secret:
        st.info(
            md(
                f"Facilitator secret (shown once; it also opens each team's session as "
                f"facilitator): {new_secret}"
            ),
            icon=":material/key:",
        )
    teams_table(record)
    controls(record, secret)
    inject_form(record, secret)
    st.divider()
    cohort_debrief.render(record)
    if st.button("Leave the cohort console", key="cohort_leave", icon=":material/logout:"):
        cohort_hold.release()
        st.rerun()


def main() -> None:
    page_title("Cohorts", tab="Cohorts")
    if not signin.may_facilitate():
        st.info(md(signin.create_refusal()), icon=":material/lock:")
        return
    held = cohort_hold.held()
    if held is None:
        left, right = st.columns(2, gap="large")
        with left:
            create_section()
        with right:
            open_section()
        return
    try:
        record = cohorts().check_secret(held.cohort_id, held.secret)
    except CohortError as exc:
        cohort_hold.release()
        st.error(md(exc))
        return
    console(record, held.secret)


main()
