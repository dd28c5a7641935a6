"""A tabletop's objectives and the human judgement beside the score: the objectives with their
automatic evidence and the evaluators' ratings (evaluator console, debrief), the evaluator's
rating form, the facilitator's "add an objective" form and the participants' feedback form."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import streamlit as st

from app_pages.common.identity import Identity
from app_pages.common.looks import md
from app_pages.common.service import service
from simulator.errors import GamedayError
from simulator.roles import role_title
from simulator.tabletop import (
    CAPABILITIES,
    EVIDENCE_NAMES,
    FEEDBACK_SCALE,
    RATINGS,
    Exercise,
    objective_evidence,
)

DONE_KEY = "exercise_done"


def done_message() -> None:
    """What the last form stored (shown once, after the rerun that shows it)."""
    found = st.session_state.pop(DONE_KEY, None)
    if found:
        st.success(md(found))


def objectives(exercise: Exercise, items: Sequence[Any] | None, key: str) -> None:
    """Each objective with its evidence (the linked score items' results once scored, else
    their names) and the evaluators' ratings, which never change the score."""
    with st.container(key=key):
        st.subheader("Exercise objectives", anchor=False)
        if not exercise.objectives:
            st.caption("No objectives: the facilitator can add the session's own.")
            return
        st.caption(
            "Automatic evidence comes from the score; evaluators' ratings sit beside it and "
            "never change it."
        )
        for objective in exercise.objectives:
            own = " *(facilitator's)*" if objective.source == "facilitator" else ""
            lines = [f"**{md(objective.text)}**{own}"]
            if items is None:
                names = ", ".join(objective.evidence) or "none linked"
                lines.append(f"- Evidence (scored at the end): {md(names)}")
            else:
                found = objective_evidence(objective, items)
                for e in found:
                    lines.append(f"- Evidence: {md(e.title)}: {e.result}")
                if not found:
                    lines.append("- Evidence: none linked")
            for r in exercise.ratings_of(objective.id):
                comment = f": {md(r.comment)}" if r.comment else ""
                lines.append(f"- Rating by {md(r.evaluator)}: **{r.label}**{comment}")
            st.markdown("\n".join(lines))


def rating_form(who: Identity, exercise: Exercise) -> None:
    """The evaluator's form: an objective, the four-point scale, a comment."""
    if not exercise.objectives:
        return
    ids = [o.id for o in exercise.objectives]
    texts = {o.id: o.text for o in exercise.objectives}
    with st.form("rate_form", border=True):
        st.markdown("**Rate an objective**")
        done_message()
        objective = st.selectbox(
            "Objective", ids, key="rate_objective", format_func=lambda o: texts.get(o, o)
        )
        rating = st.radio("Rating", tuple(RATINGS), key="rate_rating", format_func=RATINGS.get)
        comment = st.text_area("Comment", key="rate_comment", max_chars=2000)
        if st.form_submit_button("Save rating", key="rate_submit", type="primary"):
            try:
                service().rate(
                    who.session_id, who.participant_id or "", str(objective), str(rating), comment
                )
            except GamedayError as exc:
                st.error(md(exc))
            else:
                st.session_state[DONE_KEY] = f"Rated: {texts.get(str(objective), objective)}"
                st.rerun()  # the objectives above show the new rating


def objective_form(who: Identity) -> None:
    """The facilitator's own objective for this session."""
    with st.form("objective_form", border=True):
        st.markdown("**Add an objective for this session**")
        done_message()
        text = st.text_input("Objective", key="objective_text", max_chars=300)
        evidence = st.multiselect(
            "Evidence (score items or capabilities)",
            EVIDENCE_NAMES,
            key="objective_evidence",
            help="Capabilities: "
            + "; ".join(f"{k}: {', '.join(v)}" for k, v in CAPABILITIES.items()),
        )
        if st.form_submit_button("Add objective", key="objective_submit"):
            try:
                service().add_objective(who.session_id, who.secret or "", text, list(evidence))
            except GamedayError as exc:
                st.error(md(exc))
            else:
                st.session_state[DONE_KEY] = "Objective added."
                st.rerun()


def feedback_form(who: Identity) -> None:
    """A participant's short rating of the exercise and comment, at the end."""
    if who.participant_id is None:
        return
    low, high = FEEDBACK_SCALE
    with st.form("feedback_form", border=True):
        st.markdown("**Your feedback on this exercise**")
        done_message()
        rating = st.slider("Rating", low, high, 4, key="feedback_rating", format="%d of 5")
        comment = st.text_area(
            "What worked, and what would you change in the exercise itself?",
            key="feedback_comment",
            max_chars=2000,
        )
        if st.form_submit_button("Send feedback", key="feedback_submit"):
            try:
                service().leave_feedback(who.session_id, who.participant_id, int(rating), comment)
            except GamedayError as exc:
                st.error(md(exc))
            else:
                st.session_state[DONE_KEY] = (
                    "Thank you: your feedback is in the debrief and report."
                )
                st.rerun()


def feedback_list(exercise: Exercise) -> None:
    if not exercise.feedback:
        return
    st.subheader("Participant feedback", anchor=False)
    for f in exercise.feedback:
        comment = f": {md(f.comment)}" if f.comment else ""
        st.markdown(f"- **{md(f.name)}** ({role_title(f.role)}), {f.rating}/5{comment}")
