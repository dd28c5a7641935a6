"""Altair charts: a metric's line, with vertical markers (an alert starts firing, an action is
taken) and, for the facilitator and the debrief, shaded customer-impact windows.

Live dashboards redraw every second for every participant, so they must be cheap:

- each chart's Vega-Lite spec is built with Altair once per process (`_template`), with *named*
  datasets (`series`, `markers`, `impact`, `floor`) instead of inline data;
- `live_specs` fills those datasets from the journal once per journal length, shared by every
  browser watching the session (`st.cache_data`), as Arrow IPC bytes, which Streamlit forwards to
  the browser as they are instead of converting them again for each participant.

The debrief draws its charts the same way, from the report's chart data. Every chart carries a
description with its latest value and SLO threshold (`simulator.ui.chart_text`), its accessible
name; its layers and axes are hidden from the accessibility tree.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from typing import Any

import altair as alt
import pyarrow as pa
import streamlit as st

from simulator.ui import chart_text
from simulator.ui import series as ui_series
from simulator.ui.live_journal import LiveJournal
from simulator.ui.series import INFO, ChartMarker, Series

# Every line and marker reaches 3:1 against the light (#ffffff) and the dark (#0e1117) theme's
# background, and markers differ by dash pattern as well as colour: alert dashed, system action
# solid, harmful action dotted and thicker.
MARKER_COLOURS = {
    "alert": "#c26200",
    "action": "#3b73cc",
    "harmful": "#b0369d",
    "inject": "#2e8540",  # the studio's preview: an inject arrives
    "fault": "#d62728",  # the studio's preview: a fault starts
}
MARKER_DASHES = {
    "alert": [6, 3],
    "action": [1, 0],
    "harmful": [2, 2],
    "inject": [4, 4],
    "fault": [1, 0],
}
LINE_COLOUR = "#5b6f8a"
IMPACT_COLOUR = "#d62728"
THRESHOLD_COLOUR = "#888888"
MIN_SPAN = 600.0  # seconds: the x axis spans at least the first ten minutes


def is_ratio(metric: str) -> bool:
    info = INFO.get(metric)
    return info is not None and info.unit == "ratio"


@functools.lru_cache(maxsize=256)
def _template(metric: str, title: str, height: int, threshold: float | None) -> dict[str, Any]:
    """The chart's Vega-Lite spec without its data (datasets are filled in per update)."""
    ratio = is_ratio(metric)
    x = alt.X(
        "minute:Q", title=None, scale=alt.Scale(domainMin=0, nice=False), axis=alt.Axis(aria=False)
    )
    y_axis = alt.Axis(format="%" if ratio else "~s", title=None, tickCount=4, aria=False)
    value_format = ".1%" if ratio else ",.1f"
    impact = (
        alt.Chart(alt.NamedData("impact"))
        .mark_rect(color=IMPACT_COLOUR, opacity=0.12, aria=False)
        .encode(x=alt.X("start:Q", axis=alt.Axis(aria=False)), x2="end:Q")
    )
    floor = (  # an invisible point that keeps both axes readable when there is little data
        alt.Chart(alt.NamedData("floor"))
        .mark_point(opacity=0, aria=False)
        .encode(x="minute:Q", y="value:Q")
    )
    line = (
        alt.Chart(alt.NamedData("series"))
        .mark_line(color=LINE_COLOUR, strokeWidth=2, aria=False)
        .encode(
            x=x,
            y=alt.Y("value:Q", axis=y_axis, scale=alt.Scale(zero=True)),
            tooltip=[
                alt.Tooltip("minute:Q", format=".1f", title="minute"),
                alt.Tooltip("value:Q", format=value_format, title=metric),
            ],
        )
    )
    scale = alt.Scale(domain=list(MARKER_COLOURS), range=list(MARKER_COLOURS.values()))
    dashes = alt.Scale(domain=list(MARKER_DASHES), range=list(MARKER_DASHES.values()))
    marks = (
        alt.Chart(alt.NamedData("markers"))
        .mark_rule(strokeWidth=2, aria=False)
        .encode(
            x="minute:Q",
            color=alt.Color("kind:N", scale=scale, legend=None),
            strokeDash=alt.StrokeDash("kind:N", scale=dashes, legend=None),
            tooltip=[alt.Tooltip("label:N", title="marker"), alt.Tooltip("minute:Q", format=".1f")],
        )
    )
    layers: list[alt.Chart] = [impact, floor, line, marks]
    if threshold is not None:
        layers.append(
            alt.Chart(alt.Data(values=[{"value": threshold}]))
            .mark_rule(color=THRESHOLD_COLOUR, strokeDash=[2, 2], aria=False)
            .encode(y="value:Q")
        )
    spec = alt.layer(*layers).properties(title=title, height=height).to_dict(validate=False)
    # One accessible name for the whole chart (its description, set per update); the layers,
    # axes and tick labels are left out of the accessibility tree.
    spec.setdefault("config", {})["aria"] = False
    return spec


def chart_spec(
    s: Series,
    markers: Sequence[ChartMarker] = (),
    windows: Sequence[tuple[float, float | None]] = (),
    *,
    until: float,
    height: int = 160,
    threshold: float | None = None,
) -> dict[str, Any]:
    """A metric's chart as a Vega-Lite spec with its data (Arrow IPC bytes), x from 0 to `until`
    sim seconds, described in words (`chart_text.describe`) for its accessible name."""
    # A shallow copy: only the top-level "description" and "datasets" differ per update, and
    # nothing changes the template's nested parts (Streamlit copies the spec before its own
    # changes). A deep copy of the layered spec was most of a chart's cost each refresh.
    spec = dict(_template(s.metric, s.title, height, threshold))
    spec["description"] = chart_text.describe(s, threshold)
    spec["datasets"] = {
        "series": _arrow({"minute": [t / 60.0 for t in s.times], "value": list(s.values)}),
        "markers": _arrow(
            {
                "minute": [m.t / 60.0 for m in markers],
                "kind": [m.kind for m in markers],
                "label": [m.label for m in markers],
            }
        ),
        "impact": _arrow(
            {
                "start": [a / 60.0 for a, _ in windows],
                "end": [(b if b is not None else until) / 60.0 for _, b in windows],
            }
        ),
        "floor": _arrow(
            {
                "minute": [max(until, MIN_SPAN) / 60.0],
                "value": [0.01 if is_ratio(s.metric) else 1.0],
            }
        ),
    }
    return spec


def _arrow(columns: dict[str, list[Any]]) -> bytes:
    """A table as Arrow IPC stream bytes (what Streamlit sends to the browser for chart data)."""
    types = {k: pa.string() if k in ("kind", "label") else pa.float64() for k in columns}
    table = pa.table({k: pa.array(v, type=types[k]) for k, v in columns.items()})
    sink = pa.BufferOutputStream()
    with pa.ipc.new_stream(sink, table.schema) as writer:
        writer.write_table(table)
    return sink.getvalue().to_pybytes()


@st.cache_data(max_entries=512, show_spinner=False)
def live_specs(
    session_id: str,
    length: int,
    metrics: tuple[str, ...],
    impact: bool,
    height: int,
    limits: tuple[float | None, ...],
    _entries: Sequence[dict[str, Any]],
) -> tuple[list[dict[str, Any]], str]:
    """The dashboard's specs and its readout of the latest values, for a session's journal of
    this `length`; `limits` are the metrics' SLO thresholds; `_entries` (not hashed) is that
    journal (the player-visible one unless `impact`)."""
    data = ui_series.series(_entries, metrics)
    marks = ui_series.markers(_entries)
    until = data[0].times[-1] if data and data[0].times else 0.0
    windows = ui_series.impact_windows(_entries, until) if impact else []
    by_metric = dict(zip(metrics, limits, strict=True))
    specs = [
        chart_spec(s, marks, windows, until=until, height=height, threshold=by_metric[s.metric])
        for s in data
    ]
    return specs, chart_text.readout(data, [by_metric[s.metric] for s in data])


SHARED_TICKS = 3  # a console's charts may be this many ticks (seconds at 1x) behind the journal


def journal_specs(
    journal: LiveJournal,
    metrics: tuple[str, ...],
    height: int,
    limits: tuple[float | None, ...],
    running: bool = True,
) -> tuple[list[dict[str, Any]], str]:
    """Like `live_specs` for a session's live journal (players' charts: no impact windows), built
    once per `SHARED_TICKS` ticks (every tick unless the clock is `running`: the last ticks
    must show) and event count, shared by every page of the session (its consoles refresh their
    charts every 5 s, each at its own moment: one build serves them all); the series come from
    the journal's running sums, so the cost does not grow with the session's length."""
    at = (journal.ticks // SHARED_TICKS, 0) if running else (journal.ticks, 1)
    key = (at, journal.version, metrics, height, limits)

    def build() -> tuple[list[dict[str, Any]], str]:
        data = journal.series(metrics)
        marks = journal.view("markers", ui_series.markers)
        until = data[0].times[-1] if data and data[0].times else 0.0
        by_metric = dict(zip(metrics, limits, strict=True))
        specs = [
            chart_spec(s, marks, (), until=until, height=height, threshold=by_metric[s.metric])
            for s in data
        ]
        return specs, chart_text.readout(data, [by_metric[s.metric] for s in data])

    return journal.memo(f"charts:{metrics}:{height}", key, build)


def legend_caption(with_impact: bool) -> str:
    text = (
        "Minutes since the start along the bottom. Orange dashed lines: an alert starts firing. "
        "Blue solid lines: a system action. Grey dotted line: the SLO threshold."
    )
    if with_impact:
        text += (
            " Red shading: customer impact (ground truth). Purple dotted lines: harmful actions."
        )
    return text
