"""The alert list: firing (red), pending (amber), resolved (green), with summary and runbook (a
link outside the game, or a button opening the scenario's runbook in the console)."""

from __future__ import annotations

import streamlit as st

from app_pages.common.looks import alert_state_md, md, quiet, section
from app_pages.panels import runbook
from simulator.scenario import Scenario
from simulator.ui.alerts import LABEL_COLOURS, AlertView
from simulator.ui.clock import format_clock
from simulator.ui.runbooks import runbook_of


def render(alerts: list[AlertView], limit: int = 8, scenario: Scenario | None = None) -> None:
    """`scenario`: an alert naming one of its runbooks gets a button that opens it here."""
    if not alerts:
        section("Alerts", quiet("No alerts have fired."))
        return
    heading: str | None = "Alerts"  # drawn with the first lines
    lines: list[str] = []  # drawn as one element until a runbook button comes between
    for alert in alerts[:limit]:
        lines.append(_line(alert, in_game=scenario is not None and alert.runbook is not None))
        if scenario is not None and runbook_of(scenario, alert.runbook) is not None:
            _draw(heading, lines)
            heading = None
            runbook.button(alert, scenario)
    if len(alerts) > limit:
        lines.append(quiet(f"and {len(alerts) - limit} more"))
    _draw(heading, lines)


def _line(alert: AlertView, in_game: bool) -> str:
    """One alert as Markdown: state, name, severity, since when, its runbook link (outside the
    game) and, while it fires, its summary underneath in small grey type."""
    label = LABEL_COLOURS.get(alert.severity, "gray")
    line = (
        f"{alert_state_md(alert.state)} **{md(alert.name)}** "
        f":{label}[{md(alert.severity)}] · since {format_clock(alert.since)}"
    )
    if not in_game and alert.runbook_url and alert.runbook_url.startswith(("https://", "http://")):
        line += f" · [runbook](<{alert.runbook_url.replace('>', '%3E')}>)"
    if alert.state == "firing" and alert.summary:
        line += f"  \n{quiet(md(alert.summary))}"
    return line


def _draw(heading: str | None, lines: list[str]) -> None:
    """The lines gathered so far (under the panel's `heading`, when not yet drawn) as one
    Markdown element (each element costs the server every second, for every participant:
    issue 13), and forget them."""
    if heading is not None:
        section(heading, *lines)
    elif lines:
        st.markdown("\n\n".join(lines))
    lines.clear()
