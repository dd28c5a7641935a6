"""Scenario studio (facilitator only: it shows the answer key): write a scenario in a YAML editor
with every problem listed and marked on its line, start from a template or a copy of a shipped
scenario (diff against it), preview the no-response and ideal runs with every claim checked, and
keep versions in the stored library (save, export, import, start a session from a version).

The editor is `st.text_area`: the Streamlit code-editor components (streamlit-ace, last release
2021; streamlit-code-editor, 2024) render in an iframe the accessibility and keyboard tests cannot
reach and were not kept up with Streamlit; a text area keeps the exact bytes (the export is
identical to what was saved) and works with a keyboard and a screen reader. Line numbers and
problem marks are in the marked listing beside it.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from app_pages.common import identity, nav, signin
from app_pages.common.charts import chart_spec, legend_caption
from app_pages.common.looks import md, page_title
from app_pages.common.service import library, service, stored_library
from simulator.calibration import Calibration
from simulator.errors import GamedayError, Problem
from simulator.library import DEFAULT_WORKSPACE, Origin, ScenarioLibrary
from simulator.scenario import load_scenario_text
from simulator.selftest import Check
from simulator.studio import (
    STUDIO_RUNS,
    TEMPLATE,
    Preview,
    apply_suggestion,
    check_text,
    claim_rows,
    copy_text,
    diff_text,
    marked_listing,
    measure,
    preview,
)

TEXT = "studio_text"
ORIGIN = "studio_origin"
SAVED = "studio_saved"
FILENAME = "studio.yaml"
MAX_CHARS = 1_000_000
MAX_SEED = 2**31 - 1
NEW = "A new scenario (template)"
# The editor is a text area: monospace and unwrapped, so columns line up as in a code editor.
EDITOR_STYLE = """<style>
.st-key-studio_text textarea {
  font-family: "Source Code Pro", ui-monospace, monospace;
  font-size: 0.85rem;
  white-space: pre;
  overflow-wrap: normal;
  overflow-x: auto;
}
</style>"""


@st.cache_data(max_entries=32, show_spinner=False)
def _preview(text: str, seed: int) -> Preview:
    return preview(load_scenario_text(text, FILENAME), seed)


@st.cache_data(max_entries=32, show_spinner=False)
def _measure(text: str, seed: int) -> Calibration:
    return measure(load_scenario_text(text, FILENAME), seed)


@st.cache_data(max_entries=32, show_spinner=False)
def _every_claim(text: str, seed: int) -> list[Check]:
    return claim_rows(load_scenario_text(text, FILENAME), seed, claims=True)


# ------------------------------------------------------------------ starting point


def _open(text: str, origin: Origin | None) -> None:
    st.session_state[TEXT] = text
    st.session_state[ORIGIN] = origin
    st.session_state.pop(SAVED, None)


def start_from() -> None:
    lib = library()
    choices = [NEW, *(e.id for e in lib.entries)]
    with st.container(horizontal=True, vertical_alignment="bottom"):
        picked = st.selectbox(
            "Start from",
            choices,
            key="studio_start",
            format_func=lambda c: c if c == NEW else f"a copy of {c} (shipped)",
        )
        if st.button("Open", key="studio_open"):
            entry = lib.get(picked or "")
            if entry is None:
                _open(TEMPLATE, None)
            else:
                text = entry.loaded.text
                origin = Origin(entry.id, text, entry.loaded.sha256)
                _open(copy_text(text, entry.id), origin)
            st.rerun()


# ------------------------------------------------------------------ problems


def _fix(problem: Problem) -> None:
    fixed = apply_suggestion(st.session_state.get(TEXT, ""), problem)
    if fixed is not None:
        st.session_state[TEXT] = fixed


def problems_panel(text: str, problems: tuple[Problem, ...]) -> None:
    st.subheader("Problems", anchor=False)
    if not problems:
        st.success("No problems: the scenario is valid.", icon=":material/check_circle:")
        return
    st.error(f"{len(problems)} problem(s)")
    for index, problem in enumerate(problems):
        with st.container(horizontal=True, vertical_alignment="center"):
            st.text(problem.format())
            if apply_suggestion(text, problem) is not None:
                st.button(
                    f"Apply '{problem.suggestion}'",
                    key=f"studio_fix_{index}",
                    on_click=_fix,
                    args=(problem,),
                )
    st.caption("The lines around each problem; >> marks a line with a problem, ^ its column.")
    with st.container(key="scroll_marked_listing"):  # a11y: a named, focusable scroll box
        st.code(marked_listing(text, problems, context=2), language=None)


# ------------------------------------------------------------------ preview


def _check_table(checks: list[Check] | tuple[Check, ...]) -> None:
    rows = [
        {
            "check": c.name,
            "expected": c.expected,
            "measured": c.measured,
            "result": "pass" if c.passed else "FAIL",
        }
        for c in checks
    ]
    st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")
    for c in checks:
        for line in c.failures:
            st.error(md(line), icon=":material/error:")


def preview_panel(text: str, valid: bool) -> None:
    seed = int(st.number_input("Seed", 0, MAX_SEED, 1, step=1, key="studio_seed"))
    with st.container(horizontal=True):
        run_preview = st.button("Run preview", key="studio_preview", disabled=not valid)
        run_claims = st.button("Check every claim", key="studio_claims", disabled=not valid)
        run_measure = st.button("Measure difficulty", key="studio_measure", disabled=not valid)
    if not valid:
        st.caption("Fix the problems first: the preview runs a valid scenario.")
        return
    if run_preview:
        st.session_state["studio_shown"] = ("preview", text, seed)
    if run_claims:
        st.session_state["studio_shown"] = ("claims", text, seed)
    if run_measure:
        st.session_state["studio_shown"] = ("measure", text, seed)
    shown = st.session_state.get("studio_shown")
    if not shown or shown[1] != text or shown[2] != seed:
        st.caption("Run the preview to see both runs and the expect block's checks.")
        return
    if shown[0] == "measure":
        with st.spinner(f"Playing {STUDIO_RUNS} runs with drawn players..."):
            _difficulty(_measure(text, seed))
        return
    if shown[0] == "claims":
        with st.spinner("Checking every claim (each fix, stop-gap and harmful action)..."):
            checks = _every_claim(text, seed)
        _summary(checks)
        _check_table(checks)
        return
    with st.spinner("Running the no-response and the ideal-response runs..."):
        result = _preview(text, seed)
    _summary(list(result.checks))
    _check_table(result.checks)
    _charts(result)


def _difficulty(result: Calibration) -> None:
    """The measured grade beside the author's, with the figures it comes from."""
    st.markdown(  # our own words and the grade vocabulary: nothing the author typed
        f"Measured difficulty: **{result.grade}** (the author says {result.authored}), from "
        f"{result.runs} runs with drawn players (`gameday calibrate` runs 200)."
    )
    low, mid, high = result.impact_minutes
    rows = [
        ("runs that recovered", f"{result.recovered_share:.0%}"),
        ("impact minutes, p10 / p50 / p90", f"{low:.1f} / {mid:.1f} / {high:.1f}"),
        ("failed requests, median", f"{result.failed_requests[1]:,.0f}"),
        ("impact minutes per minute of delay", f"{result.impact_minutes_per_minute_of_delay:.2f}"),
    ]
    st.dataframe(pd.DataFrame(rows, columns=["measure", "value"]), hide_index=True)


def _summary(checks: list[Check]) -> None:
    failed = sum(1 for c in checks if not c.passed)
    if failed:
        st.error(f"{failed} of {len(checks)} check(s) failed", icon=":material/cancel:")
    else:
        st.success(f"All {len(checks)} check(s) passed", icon=":material/check_circle:")


def _charts(result: Preview) -> None:
    st.caption(
        legend_caption(False)
        + " Green dashed lines: an inject arrives. Red solid lines: a fault starts."
    )
    columns = st.columns(len(result.runs))
    for column, run in zip(columns, result.runs, strict=True):
        with column:
            st.markdown(f"**{run.name.capitalize()}** (seed {result.seed})")
            for s in run.series:
                spec = chart_spec(s, run.markers, until=run.until, height=140)
                st.vega_lite_chart(spec, width="stretch")


# ------------------------------------------------------------------ library


def _workspace() -> str:
    return st.text_input(
        "Workspace", DEFAULT_WORKSPACE, key="studio_workspace", max_chars=60
    ).strip()


def library_panel(text: str, valid: bool) -> None:
    """Save, versions, export, start, import; a store that cannot be reached is a message."""
    try:
        _library_panel(stored_library(), text, valid)
    except GamedayError as exc:
        st.error(md(exc))


def _library_panel(lib: ScenarioLibrary, text: str, valid: bool) -> None:
    workspace = _workspace()
    if st.button("Save a new version", key="studio_save", type="primary", disabled=not valid):
        try:
            saved = lib.save(workspace, text, st.session_state.get(ORIGIN), FILENAME)
        except GamedayError as exc:
            st.error(md(exc))
        else:
            st.session_state[SAVED] = (saved.workspace, saved.id, saved.version)
    found = st.session_state.get(SAVED)
    if found:
        st.success(md(f"Saved {found[1]} version {found[2]} in workspace {found[0]}."))
    _versions(lib, workspace)
    _import(lib, workspace)


def _versions(lib: ScenarioLibrary, workspace: str) -> None:
    try:
        entries = lib.latest(workspace)
    except GamedayError as exc:
        st.error(md(exc))
        return
    if not entries:
        st.caption(md(f"Nothing stored in workspace {workspace} yet."))
        return
    st.dataframe(
        pd.DataFrame(
            [{"id": e.id, "title": e.title, "latest version": e.version} for e in entries]
        ),
        hide_index=True,
        width="stretch",
    )
    entry_id = st.selectbox("Stored scenario", [e.id for e in entries], key="studio_entry")
    versions = lib.versions(workspace, entry_id or "")
    numbers = [v.version for v in versions]
    number = st.selectbox(
        "Version", numbers, index=len(numbers) - 1, key=f"studio_version_{entry_id}"
    )
    stored = next((v for v in versions if v.version == number), None)
    if stored is None:
        return
    with st.container(horizontal=True):
        st.download_button(
            "Export YAML",
            stored.text.encode("utf-8"),
            file_name=f"{stored.id}-v{stored.version}.yaml",
            mime="application/yaml",
            key="studio_export",
        )
        if st.button("Open in the editor", key="studio_edit_stored"):
            _open(stored.text, lib.origin(workspace, stored.id))
            st.rerun()
        if st.button("Start a session from this version", key="studio_start_session"):
            _start_session(lib, stored.workspace, stored.id, stored.version)


def _start_session(lib: ScenarioLibrary, workspace: str, entry_id: str, version: int) -> None:
    if not signin.may_facilitate():
        st.error(md(signin.refusal()))
        return
    try:
        created, _stored = lib.start_session(service(), workspace, entry_id, version)
    except GamedayError as exc:
        st.error(md(exc))
        return
    who = identity.facilitating(created.session_id, created.facilitator_secret)
    identity.set_current(who)
    nav.go_home(who)


def _import(lib: ScenarioLibrary, workspace: str) -> None:
    upload = st.file_uploader("Import a file", type=["yaml", "yml"], key="studio_upload")
    if upload is None or not st.button("Import into the library", key="studio_import"):
        return
    try:
        text = upload.getvalue().decode("utf-8")
        saved = lib.save(workspace, text, None, upload.name or FILENAME)
    except UnicodeDecodeError:
        st.error("The file is not UTF-8 text.")
    except GamedayError as exc:
        st.error(md(exc))
    else:
        st.success(md(f"Imported {saved.id} as version {saved.version}."))


# ------------------------------------------------------------------ diff


def diff_panel(text: str) -> None:
    origin: Origin | None = st.session_state.get(ORIGIN)
    if origin is None:
        st.caption("This scenario was not copied from a shipped one: there is nothing to diff.")
        return
    if st.button(f"Diff against {origin.id}", key="studio_diff"):
        diff = diff_text(origin.text, text, f"{origin.id}.yaml", FILENAME)
        with st.container(key="scroll_diff"):
            st.code(diff or "(no changes)", language="diff")


# ------------------------------------------------------------------ page


def main() -> None:
    who = identity.current()
    if who is None or not who.is_facilitator or who.is_player:
        st.info("The studio is for facilitators: create a session or join with the secret.")
        return
    page_title("Scenario studio")
    st.html(EDITOR_STYLE)
    st.session_state.setdefault(TEXT, TEMPLATE)
    start_from()
    origin: Origin | None = st.session_state.get(ORIGIN)
    if origin is not None:
        st.caption(md(f"A copy of {origin.id}."))
    left, right = st.columns([3, 2], gap="large")
    with left:
        text = st.text_area(
            "Scenario YAML (Ctrl+Enter or click outside to check)",
            key=TEXT,
            height=520,
            max_chars=MAX_CHARS,
        )
    checked = check_text(text, FILENAME)
    with right:
        problems_panel(text, checked.problems)
    preview_tab, library_tab, diff_tab = st.tabs(["Preview", "Library", "Diff"])
    with preview_tab:
        preview_panel(text, checked.valid)
    with library_tab:
        library_panel(text, checked.valid)
    with diff_tab:
        diff_panel(text)


main()
