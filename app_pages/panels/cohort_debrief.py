"""The cohort debrief: the teams item by item with each item's seed noise, sentences that say
which differences are larger than the noise, and distributions (each team a point) over this
cohort's teams and over the earlier cohorts of the scenario. Never a bare average."""

from __future__ import annotations

from datetime import timedelta

import altair as alt
import pandas as pd
import streamlit as st

from app_pages.common.looks import md
from app_pages.common.service import cohorts
from simulator.cohorts import NOISE_SEEDS, TOTAL, Background, CohortDebrief, CohortRecord, JobState
from simulator.errors import GamedayError

SHOW_KEY = "cohort_debrief_wanted"
POLL = timedelta(seconds=1)


def render(record: CohortRecord) -> None:
    st.subheader("Cohort debrief", anchor=False)
    states = [s.status.state for s in cohorts().status(record.id)]
    ended = all(state == "ended" for state in states)
    if not ended and not st.session_state.get(SHOW_KEY):
        st.caption(
            "The teams are compared when every session has ended. Compare now to see the "
            "figures so far."
        )
        if st.button("Compare the teams now", key="cohort_compare_now"):
            st.session_state[SHOW_KEY] = True
            st.rerun()
        return
    try:
        job = cohorts().debrief_job(record.id)
    except GamedayError as exc:
        st.error(md(exc))
        return
    if job.state().finished:
        _finished(job.state())
    else:
        st.fragment(_poll, run_every=POLL)(job)


def _poll(job: Background[CohortDebrief]) -> None:
    """Until the noise runs are done: say what is running; the rest of the console works."""
    if job.state().finished:
        st.rerun(scope="app")  # draw the debrief once, without the timer
    st.info(
        f"Replaying each team's actions under {NOISE_SEEDS} other seeds to measure the seed "
        "noise (seconds; it runs in the background, so the controls above keep working).",
        icon=":material/hourglass_top:",
    )


def _finished(state: JobState[CohortDebrief]) -> None:
    if state.result is None:
        st.error(md(state.error or "the cohort debrief failed"))
        return
    show(state.result)


def show(debrief: CohortDebrief) -> None:
    if not debrief.all_ended:
        st.warning("Not every team's session has ended: these are the figures so far.")
    seeds = ", ".join(str(s) for s in debrief.seeds)
    st.caption(
        md(
            f"Seed noise: each team's own actions replayed on seeds {seeds}; an item's noise is "
            "the widest spread of any team's points over those runs. A difference counts only "
            "when it is larger than that."
        )
    )
    st.table(debrief.rows())
    st.markdown("\n".join(f"- {md(s)}" for s in debrief.summary()))
    left, right = st.columns(2, gap="medium")
    with left:
        st.altair_chart(items_chart(debrief), width="stretch")
    with right:
        titles = {item.key: item.title for item in debrief.items}
        key = st.selectbox(
            "Item over cohorts",
            list(titles),
            key="cohort_history_item",
            format_func=titles.__getitem__,
        )
        st.altair_chart(history_chart(debrief, key or TOTAL, titles), width="stretch")


def items_chart(debrief: CohortDebrief) -> alt.LayerChart:
    """Each item's points, one dot per team, over a bar the width of the item's seed noise
    (centred on the teams' median)."""
    dots = pd.DataFrame(
        [
            {"item": item.title, "team": team, "points": points}
            for item in debrief.items
            for team, points in zip(debrief.team_names, item.points, strict=True)
            if points is not None
        ]
    )
    noise = pd.DataFrame(
        [
            {
                "item": item.title,
                "low": _mid(item.points) - item.noise / 2,
                "high": _mid(item.points) + item.noise / 2,
            }
            for item in debrief.items
        ]
    )
    order = [item.title for item in debrief.items]
    y = alt.Y("item:N", sort=order, title=None, axis=alt.Axis(labelLimit=220))
    band = (
        alt.Chart(noise)
        .mark_bar(opacity=0.25, color="gray", height=10)
        .encode(y=y, x=alt.X("low:Q", title="points"), x2="high:Q")
    )
    points = (
        alt.Chart(dots)
        .mark_circle(size=90, opacity=0.85)
        .encode(
            y=y,
            yOffset=alt.YOffset("team:N", sort=list(debrief.team_names)),
            x="points:Q",
            color=alt.Color("team:N", sort=list(debrief.team_names)),
            tooltip=["team", "item", "points"],
        )
    )
    return (band + points).properties(
        title="Each team's points per item (grey: the seed noise)", height=30 * len(order) + 40
    )


def history_chart(debrief: CohortDebrief, key: str, titles: dict[str, str]) -> alt.LayerChart:
    """One item's points (the total by default) of every team in this cohort and the earlier
    ones: a box per cohort with each team as a dot on it."""
    frame = pd.DataFrame(
        [
            {
                "cohort": ("this cohort" if p.current else f"{p.cohort_name} ({p.cohort_id})"),
                "team": p.team,
                "points": p.points,
            }
            for p in debrief.history
            if p.key == key
        ],
        columns=["cohort", "team", "points"],
    )
    y = alt.Y("cohort:N", title=None)
    title = titles.get(key, key)
    x = alt.X("points:Q", title=f"{title}: points")
    box = alt.Chart(frame).mark_boxplot(extent="min-max", opacity=0.4).encode(y=y, x=x)
    dots = (
        alt.Chart(frame)
        .mark_circle(size=70, color="black")
        .encode(y=y, x=x, tooltip=["cohort", "team", "points"])
    )
    cohorts_shown = frame["cohort"].nunique()
    return (box + dots).properties(
        title=f"{title} per team, this cohort and earlier ones", height=40 * cohorts_shown + 60
    )


def _mid(points: tuple[float | None, ...]) -> float:
    present = sorted(p for p in points if p is not None)
    if not present:
        return 0.0
    middle = len(present) // 2
    if len(present) % 2:
        return present[middle]
    return (present[middle - 1] + present[middle]) / 2
