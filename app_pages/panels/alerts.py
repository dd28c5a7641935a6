"""The alert list: firing (red), pending (amber), resolved (green), with summary and runbook (a
link outside the game, or a button opening the scenario's runbook in the console)."""

from __future__ import annotations

import streamlit as st

from app_pages.common.looks import alert_state_md, md
from app_pages.panels import runbook
from simulator.scenario import Scenario
from simulator.ui.alerts import LABEL_COLOURS, AlertView
from simulator.ui.clock import format_clock


def render(alerts: list[AlertView], limit: int = 8, scenario: Scenario | None = None) -> None:
    """`scenario`: an alert naming one of its runbooks gets a button that opens it here."""
    st.subheader("Alerts", anchor=False)
    if not alerts:
        st.caption("No alerts have fired.")
        return
    for alert in alerts[:limit]:
        label = LABEL_COLOURS.get(alert.severity, "gray")
        line = (
            f"{alert_state_md(alert.state)} **{md(alert.name)}** "
            f":{label}[{md(alert.severity)}] · since {format_clock(alert.since)}"
        )
        in_game = scenario is not None and alert.runbook is not None
        if (
            not in_game
            and alert.runbook_url
            and alert.runbook_url.startswith(("https://", "http://"))
        ):
            line += f" · [runbook](<{alert.runbook_url.replace('>', '%3E')}>)"
        if alert.state == "firing" and alert.summary:  # under it, small and grey: one element
            line += f"  \n:small[:gray[{md(alert.summary)}]]"
        st.markdown(line)
        if scenario is not None:
            runbook.button(alert, scenario)
    if len(alerts) > limit:
        st.caption(f"and {len(alerts) - limit} more")
