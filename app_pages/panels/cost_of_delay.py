"""The debrief's "What if" section: the cost of delay of each key action and the team's result
between the best possible response and no response (simulator.whatif).

The runs take seconds, so they run in the background (one job per session and server process,
kept with the debrief) and this section fills in when they are done, showing progress meanwhile;
the rest of the debrief does not wait for them.
"""

from __future__ import annotations

from datetime import timedelta

import streamlit as st

from app_pages.common.looks import md
from simulator.journal import Journal
from simulator.session import database_url
from simulator.whatif import Job, JobState, WhatIf

POLL = timedelta(seconds=1)


@st.cache_resource(max_entries=32, show_spinner=False)
def _job(url: str, session_id: str, _journal: Journal) -> Job:
    """One what-if per ended session and server process (its journal no longer changes)."""
    return Job(_journal).start()


def render(session_id: str, journal: Journal) -> None:
    st.subheader("What if", anchor=False)
    st.caption(
        "What customers would have seen had one key action been taken at another time: the "
        "exercise re-run from its own seed with everything else unchanged."
    )
    job = _job(database_url(), session_id, journal)
    if job.state().finished:
        _show(job.state())
    else:
        st.fragment(_poll, run_every=POLL)(job)


def _poll(job: Job) -> None:
    state = job.state()
    if state.finished:
        st.rerun(scope="app")  # draw the result once, without the timer
    share = state.done / state.total if state.total else 0.0
    st.progress(
        share,
        text=f"Re-running the exercise with each key action moved: {state.done} of "
        f"{state.total or '...'} runs",
    )


def _show(state: JobState) -> None:
    if state.error is not None:
        st.warning(md(f"The what-if could not be run: {state.error}"))
        return
    result = state.result
    assert result is not None
    _scale(result)
    if not result.findings:
        st.caption("No key action to move: nothing was acknowledged, declared or fixed.")
    else:
        st.markdown("\n".join(f"- {md(f.sentence)}" for f in result.findings))
    st.caption(
        f"{result.runs} runs of the engine, each from the exercise's seed with one action "
        "changed; see docs/reference/what-if.md."
    )


def _scale(result: WhatIf) -> None:
    columns = st.columns(3)
    rows = [("Best possible", result.best), ("Your response", result.played)]
    rows.append(("No response", result.no_response))
    for column, (label, cost) in zip(columns, rows, strict=True):
        with column:
            if cost is None:
                st.metric(label, "n/a", help="nothing was detected, so no best response")
            else:
                st.metric(
                    label,
                    f"{cost.failed_requests:,.0f} failed",
                    help=f"{cost.orders:,.0f} orders; {cost.budget_share:.0%} of the 30-day "
                    "error budget",
                    border=True,
                )
    if result.standing is not None:
        st.progress(
            result.standing,
            text=f"You closed {result.standing:.0%} of the gap from no response to the best "
            "possible response.",
        )
