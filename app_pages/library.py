"""Scenario library: the public catalogue (every scenario's briefing, tags, difficulty, duration
and team size), the answer key (synopsis, severity, YAML) for a facilitator only, and a check of a
scenario pasted or uploaded, with every problem printed as `gameday validate` prints it.

Streamlit sends everything a page draws to the browser, folded expanders included, so the answer
key is not drawn at all unless the tab is a facilitator's (`may_read_answers`)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from app_pages.common import catalogue, identity, nav, signin
from app_pages.common.looks import md, page_title
from app_pages.common.service import library, scenario_dir, service
from simulator.durations import format_duration
from simulator.errors import GamedayError
from simulator.ui.alerts import severity_colour
from simulator.ui.calibration import measured_badge_text
from simulator.ui.library import Library, check_scenario_bytes, safe_filename

MAX_PASTE = 1_000_000


def browse(lib: Library) -> None:
    """The public catalogue: a table, then every scenario's card (briefing, never the answer)."""
    st.subheader("Scenarios", anchor=False)
    if not lib.entries:
        st.info(f"No scenarios in {scenario_dir()}.")
    else:
        rows = [e.card.row() for e in lib.entries]
        st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")
    for path, problems in lib.invalid:
        st.warning(md(f"{path.name} is invalid: {len(problems)} problem(s); check it below."))
    for entry in lib.entries:
        with st.container(border=True, key=f"card_{entry.id}"):
            catalogue.render(entry.card)


def may_read_answers(who: identity.Identity | None) -> bool:
    """The answer key (summary, severity, the YAML) is for a facilitator holding a verified
    secret; a player (solo included) never gets this page, and a visitor never gets the key."""
    return who is not None and who.is_facilitator and not who.is_player


def read_one(lib: Library) -> None:
    """A facilitator reads one scenario whole: its synopsis, severity and YAML."""
    if not lib.entries:
        return
    st.subheader("Answer key (facilitators only)", anchor=False)
    picked = st.selectbox(
        "Open a scenario",
        [e.id for e in lib.entries],
        key="library_pick",
        format_func=lambda i: f"{i}: {lib.title(i)}",
    )
    entry = lib.get(picked or "")
    if entry is None:
        return
    s = entry.loaded.scenario
    st.markdown(f"### {md(s.title)}")
    with st.container(horizontal=True):
        st.badge(s.severity, color=severity_colour(s.severity))
        st.badge(s.difficulty, color="blue")
        if measured := measured_badge_text(entry.path, s.id):
            st.badge(measured, color="violet", icon=":material/speed:")
        st.badge(format_duration(s.duration), color="gray", icon=":material/schedule:")
    st.text(" ".join(s.summary.split()))
    with st.expander(f"{entry.path.name} (YAML)"):
        st.code(entry.loaded.text, language="yaml", line_numbers=True)


def check() -> None:
    st.subheader("Check a scenario", anchor=False)
    st.caption("Paste YAML or upload a file: every problem is listed with its line and column.")
    pasted = st.text_area("Scenario YAML", key="library_paste", height=220, max_chars=MAX_PASTE)
    upload = st.file_uploader("or upload a file", type=["yaml", "yml"], key="library_upload")
    if not st.button("Check", key="library_check", type="primary"):
        return
    if upload is not None:
        data, name = upload.getvalue(), safe_filename(upload.name)
    elif pasted.strip():
        data, name = pasted.encode("utf-8", "surrogatepass"), "pasted.yaml"
    else:
        st.warning("Paste a scenario or upload a file first.")
        return
    loaded, problems = check_scenario_bytes(data, name)
    st.session_state["library_checked"] = (name, data, problems)
    if problems:
        st.error(f"{name}: {len(problems)} problem(s)")
        st.code("\n".join(problems), language=None, wrap_lines=True)
    elif loaded is not None:
        st.success(md(f"{name} is valid: {loaded.scenario.title}"))


def create_from_checked() -> None:
    """A facilitator-to-be can run a session on a scenario that just passed the check."""
    found = st.session_state.get("library_checked")
    if not found or found[2] or identity.current() is not None:
        return
    name, data, _ = found
    if st.button("Create a session with this scenario", key="library_create"):
        if not signin.may_facilitate():
            st.error(md(signin.refusal()))
            return
        try:
            created = service().create_from_text(data.decode("utf-8-sig"), name)
        except (GamedayError, UnicodeDecodeError) as exc:
            st.error(md(exc))
            return
        who = identity.facilitating(created.session_id, created.facilitator_secret)
        identity.set_current(who)
        nav.go_home(who)


def main() -> None:
    page_title("Scenario library")
    lib = library()
    left, right = st.columns([3, 2], gap="large")
    with left:
        if may_read_answers(identity.current()):
            read_one(lib)
        browse(lib)
    with right:
        check()
        create_from_checked()


main()
