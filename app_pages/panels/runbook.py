"""A runbook opened inside the console: an alert that names one of the scenario's runbooks gets
a button; pressing it shows that runbook below the live panels until closed. Every piece of the
runbook is drawn literally (`st.text`, escaped headings): scenario text is never parsed as
Markdown or HTML."""

from __future__ import annotations

import streamlit as st

from app_pages.common.looks import md
from simulator.scenario import Scenario
from simulator.ui.alerts import AlertView
from simulator.ui.runbooks import as_text, runbook_of, sections

OPEN_KEY = "runbook_open"


def _open(runbook_id: str) -> None:
    st.session_state[OPEN_KEY] = runbook_id


def _close() -> None:
    st.session_state.pop(OPEN_KEY, None)


def button(alert: AlertView, scenario: Scenario) -> None:
    """`Runbook: <title>` for an alert naming a runbook of the scenario (else nothing)."""
    runbook = runbook_of(scenario, alert.runbook)
    if runbook is None:
        return
    st.button(
        f"Runbook: {runbook.title}",
        key=f"runbook_{alert.name}",
        icon=":material/menu_book:",
        on_click=_open,
        args=(runbook.id,),
        type="tertiary",
    )


def render(scenario: Scenario) -> None:
    """The open runbook, if any, in a bordered panel with a Close button."""
    runbook = runbook_of(scenario, st.session_state.get(OPEN_KEY))
    if runbook is None:
        return
    with st.container(border=True, key="runbook_panel"):
        head, close = st.columns([5, 1])
        head.markdown(f"#### :material/menu_book: Runbook: {md(runbook.title)}")
        close.button("Close", key="runbook_close", on_click=_close)
        for section in sections(runbook):
            st.markdown(f"**{md(section.title)}**")
            st.text(as_text(section))
