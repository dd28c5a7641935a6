"""Live dashboards: the key metrics as Altair charts with markers for alerts firing and actions
taken; the facilitator's also shade customer impact."""

from __future__ import annotations

from collections.abc import Sequence

import streamlit as st

from app_pages.common import charts, live
from app_pages.common.looks import md
from simulator.metrics import METRIC_NAMES
from simulator.scenario import Scenario
from simulator.ui import chart_text
from simulator.ui import series as ui_series

METRICS_KEY = "dash_metrics"


def render_live(found: live.Feed, scenario: Scenario, columns: int = 2, height: int = 150) -> None:
    """The incident console's charts, from the session's live journal (`charts.journal_specs`)."""
    chosen = _picker(scenario)
    metrics = tuple(chosen)
    limits = chart_text.thresholds(metrics, scenario)
    running = found.status.state == "running"
    specs, latest = charts.journal_specs(found.journal, metrics, height, limits, running)
    _draw(chosen, specs, latest, columns, impact=False)


def _picker(scenario: Scenario) -> list[str]:
    default = ui_series.default_metrics(scenario)
    with st.container(horizontal=True, vertical_alignment="center"):
        st.subheader("Dashboards", anchor=False)
        menu = st.popover("Metrics", icon=":material/tune:")
    return menu.multiselect(
        "Metrics",
        list(METRIC_NAMES),
        default=default,
        key=METRICS_KEY,
        max_selections=8,
        format_func=ui_series.metric_title,
        label_visibility="collapsed",
    )


def _draw(
    chosen: Sequence[str], specs: Sequence[dict], latest: str, columns: int, impact: bool
) -> None:
    st.markdown(md(latest))  # the charts' latest values as text
    grid = st.columns(columns)
    for index, (metric, spec) in enumerate(zip(chosen, specs, strict=False)):
        with grid[index % columns]:
            st.vega_lite_chart(spec, width="stretch", key=f"chart_{metric}")
    st.caption(charts.legend_caption(with_impact=impact))


def render(
    snap: live.Snapshot,
    scenario: Scenario,
    entries: Sequence[dict],
    *,
    impact: bool = False,
    columns: int = 2,
    height: int = 150,
) -> None:
    """Charts of the chosen metrics from `entries` (the facilitator's: the whole journal)."""
    chosen = _picker(scenario)
    metrics = tuple(chosen)
    specs, latest = charts.live_specs(
        snap.status.session_id,
        len(entries),
        metrics,
        impact,
        height,
        chart_text.thresholds(metrics, scenario),
        entries,
    )
    _draw(chosen, specs, latest, columns, impact)
