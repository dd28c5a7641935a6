"""The debrief's report parts: annotated charts, the merged timeline, the root cause, downloads
(Markdown, HTML, PDF, JSON) and the discussion questions."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from app_pages.common import charts
from app_pages.common.debrief_data import Debrief
from app_pages.common.looks import md
from simulator.report import TIMELINE_SOURCES, Report
from simulator.ui.clock import format_clock
from simulator.ui.series import ChartMarker, Series


def render_charts(report: Report) -> None:
    st.subheader("Charts", anchor=False)
    marks = [ChartMarker(m.t, m.kind, m.label) for m in report.markers]
    windows = list(report.impact.impact_windows)
    end = report.durations.exercise_seconds
    grid = st.columns(2)
    for index, chart in enumerate(report.charts):
        s = Series(chart.metric, chart.title, chart.unit, chart.times, chart.values)
        with grid[index % 2]:
            spec = charts.chart_spec(
                s, marks, windows, until=end, height=200, threshold=chart.threshold
            )
            st.vega_lite_chart(spec, width="stretch", key=f"debrief_chart_{chart.metric}")
    st.caption(charts.legend_caption(with_impact=True))


def render_timeline(report: Report) -> None:
    st.subheader("Timeline", anchor=False)
    present = [s for s in TIMELINE_SOURCES if any(r.source == s for r in report.timeline)]
    chosen = st.multiselect("Show", present, default=present, key="debrief_sources")
    rows = [
        {"time": r.clock, "time of day": r.time_of_day, "source": r.source, "event": r.text}
        for r in report.timeline
        if r.source in chosen
    ]
    st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch", height=420)


def render_people(report: Report) -> None:
    """The date played, T+00:00 on the scenario's clock, and who attended in which role."""
    st.subheader("Date and attendees", anchor=False)
    played = report.date or "not recorded"
    st.markdown(md(f"Played on {played}; on the scenario's clock T+00:00 was {report.starts_at}."))
    rows = [{"attendee": md(a.name), "role": md(a.role)} for a in report.attendees]
    if rows:
        st.table(pd.DataFrame(rows).set_index("attendee"))


def render_note_links(report: Report) -> None:
    """Which scribe note recorded which key event (what the scribe's score measured)."""
    st.subheader("Timeline notes and key events", anchor=False)
    st.caption(
        "A note counts for a key event only if it names its subject (the alert, the action, the "
        "severity...) or its time; late notes earn less."
    )
    rows = [
        {
            "time": f"{n.clock} ({n.time_of_day})",
            "key event": md(n.event),
            "note that recorded it": md(n.note or "—"),
            "credit": md(n.credit),
        }
        for n in report.note_links
    ]
    if rows:
        st.table(pd.DataFrame(rows).set_index("time"))


def render_root_cause(report: Report) -> None:
    st.subheader("Root cause", anchor=False)
    for cause in report.root_causes:
        started = format_clock(cause.started) if cause.started is not None else "never"
        st.markdown(f"**{md(cause.fault)}** ({md(cause.type)}), started {started}")
        st.text(cause.text)


def render_downloads(data: Debrief, session_id: str) -> None:
    """Each file is made when its button is clicked (a callable, not the bytes): the debrief
    reruns when its what-if finishes, and a file sent with the page would then be replaced while
    the browser may still fetch it (a 404, a failed download)."""
    st.subheader("After-action report", anchor=False)
    stem = f"gameday-{data.report.scenario_id}-{session_id}"
    with st.container(horizontal=True):
        st.download_button(
            "Markdown",
            data.markdown,
            f"{stem}.md",
            "text/markdown",
            key="debrief_download_md",
            icon=":material/description:",
            on_click="ignore",
        )
        st.download_button(
            "HTML (with charts)",
            data.html,
            f"{stem}.html",
            "text/html",
            key="debrief_download_html",
            icon=":material/web:",
            on_click="ignore",
        )
        st.download_button(
            "PDF",
            data.pdf,
            f"{stem}.pdf",
            "application/pdf",
            key="debrief_download_pdf",
            icon=":material/picture_as_pdf:",
            on_click="ignore",
        )
        st.download_button(
            "JSON",
            data.json,
            f"{stem}.json",
            "application/json",
            key="debrief_download_json",
            icon=":material/data_object:",
            on_click="ignore",
        )


def render_questions(report: Report) -> None:
    if not report.discussion_questions:
        return
    st.subheader("Discussion questions", anchor=False)
    for question in report.discussion_questions:
        st.markdown("- " + md(question))
