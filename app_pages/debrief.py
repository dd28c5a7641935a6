"""Debrief: once the exercise has ended, the scores per role and team with every item explained,
the what-if, a replay you can scrub, the annotated charts, the merged timeline, the root cause,
the action items (the improvement plan, which the facilitator edits), the after-action report
downloads and (for the facilitator) the scenario's discussion
questions."""

from __future__ import annotations

import streamlit as st

from app_pages.common import identity
from app_pages.common.debrief_data import debrief
from app_pages.common.looks import md, page_title
from app_pages.common.service import service
from app_pages.panels import action_items, cost_of_delay, exercise, replay, report_files, scores
from simulator.session import SessionError


def main() -> None:
    who = identity.current()
    if who is None:
        st.info("Join or create a session first.")
        return
    try:
        status = service().status(who.session_id)
    except SessionError as exc:
        st.error(md(exc))
        return
    if status.state != "ended":
        page_title("Debrief", status.title)
        st.info(
            "The debrief opens when the exercise ends"
            + (": end it from the facilitator console." if who.is_facilitator else ".")
        )
        return
    data = debrief(who.session_id, for_facilitator=who.is_facilitator)
    report = data.report
    page_title("Debrief", report.scenario_title)
    st.markdown(md(report.summary))
    report_files.render_people(report)
    scores.render(data.score)
    rated = service().exercise(who.session_id)
    if not rated.empty or rated.mode == "step":
        exercise.objectives(rated, data.score.items, key="debrief_objectives")
        exercise.feedback_list(rated)
    if who.is_player and not who.solo:
        exercise.feedback_form(who)
    cost_of_delay.render(who.session_id, data.journal)
    replay.render(
        who.session_id,
        data.journal,
        for_facilitator=who.is_facilitator,
        hidden=service().hidden(who.session_id),
        fork_as=who if who.is_facilitator else None,
    )
    report_files.render_charts(report)
    report_files.render_timeline(report)
    report_files.render_note_links(report)
    report_files.render_root_cause(report)
    action_items.render(who, report)
    report_files.render_questions(report)
    report_files.render_downloads(data, who.session_id)


main()
