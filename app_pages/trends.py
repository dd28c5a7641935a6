"""Team trends: a team's sessions over time, per scenario: the total score and the response
times (acknowledge, declare, mitigate, resolve) as distributions, one dot per session, so a
change is seen against the team's own spread rather than an average."""

from __future__ import annotations

import altair as alt
import pandas as pd
import streamlit as st

from app_pages.common.header import team_name
from app_pages.common.looks import md, page_title
from app_pages.common.service import service
from simulator.cohorts import RESPONSE_KEYS, ScenarioTrend, by_scenario, team_trends
from simulator.durations import format_duration
from simulator.errors import GamedayError

PARAM = "team"


def pick_team() -> str:
    default = str(st.query_params.get(PARAM, "")) or (team_name() or "")
    team = str(st.text_input("Team name", value=default, key="trends_team", max_chars=60))
    if team.strip():
        st.query_params[PARAM] = team.strip()
    return team.strip()


def score_chart(group: ScenarioTrend) -> alt.Chart:
    frame = pd.DataFrame(
        [
            {"session": r.session_id, "order": i + 1, "total": r.total}
            for i, r in enumerate(group.rows)
        ]
    )
    return (
        alt.Chart(frame)
        .mark_circle(size=80)
        .encode(
            x=alt.X(
                "order:Q",
                title="session (oldest first)",
                axis=alt.Axis(tickMinStep=1, format="d"),
                scale=alt.Scale(domain=[0.5, len(group.rows) + 0.5]),
            ),
            y=alt.Y("total:Q", title="total score", scale=alt.Scale(domain=[0, 100])),
            tooltip=["session", "total"],
        )
        .properties(title="Total score per session", height=220)
    )


def times_chart(group: ScenarioTrend) -> alt.LayerChart:
    frame = pd.DataFrame(
        [
            {"session": r.session_id, "response": key, "minutes": value / 60.0}
            for r in group.rows
            for key in RESPONSE_KEYS
            if (value := r.times.get(key)) is not None
        ],
        columns=["session", "response", "minutes"],
    )
    y = alt.Y("response:N", scale=alt.Scale(domain=list(RESPONSE_KEYS)), title=None)
    x = alt.X("minutes:Q", title="minutes after detection (after the page for acknowledge)")
    box = alt.Chart(frame).mark_boxplot(extent="min-max", opacity=0.4).encode(y=y, x=x)
    dots = (
        alt.Chart(frame)
        .mark_circle(size=60, color="black")
        .encode(
            y=y,
            x=x,
            tooltip=["session", "response", "minutes"],
        )
    )
    return (box + dots).properties(title="Response times per session", height=200)


def _took(seconds: float | None) -> str:
    if seconds is None:
        return "never"
    return ("-" if seconds < 0 else "") + format_duration(abs(seconds))


def table(group: ScenarioTrend) -> None:
    rows = [
        {
            "session": r.session_id,
            "state": r.state,
            "total": f"{r.total:.1f}",
            **{k: _took(v) for k, v in r.times.items()},
        }
        for r in group.rows
    ]
    st.table(rows)


def main() -> None:
    page_title("Team trends", tab="Team trends")
    st.caption("Sessions created with a team name, grouped by scenario: one dot per session.")
    team = pick_team()
    if not team:
        st.info("Enter a team name (the one given when its sessions were created).")
        return
    try:
        rows = team_trends(service(), team)
    except GamedayError as exc:
        st.error(md(exc))
        return
    if not rows:
        st.info(md(f"No sessions for team {team!r} yet."))
        return
    for group in by_scenario(rows):
        st.subheader(group.scenario_id, anchor=False)
        st.caption(md(group.describe()))
        left, right = st.columns(2, gap="medium")
        with left:
            st.altair_chart(score_chart(group), width="stretch")
        with right:
            st.altair_chart(times_chart(group), width="stretch")
        table(group)


main()
