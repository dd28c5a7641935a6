"""The debrief's action items (the improvement plan): a table for everyone; for the facilitator
a form under it to edit a row, add one or delete one. Until a plan is saved the rows are the ones
derived from the run; the first save stores them all, edited, and from then on the saved rows are
the debrief's and the reports' (`gameday report --session` too).

A form with plain fields rather than a spreadsheet grid: it works with the keyboard and a screen
reader like the rest of the app (docs/how-to/keyboard-and-screen-reader.md). The session checks
the rows when saving (an empty action, a date that is not YYYY-MM-DD): a refusal keeps what was
typed in the fields and the saved plan as it was, and says which row is wrong."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from app_pages.common.identity import Identity
from app_pages.common.looks import md
from app_pages.common.service import service
from simulator.report import PRIORITIES, STATUSES, PlanItem, Report, seeded_plan
from simulator.session import SessionError

TITLE = "Action items (improvement plan)"
NEW = "New item"
FIELDS = ("issue", "action", "owner", "priority", "due", "status")
PROBLEM = "plan_problem"


def render(who: Identity, report: Report) -> None:
    st.subheader(TITLE, anchor=False)
    plan = seeded_plan(report)  # the debrief's report already carries a saved plan
    _table(plan)
    if who.secret is None or not who.is_facilitator:
        return
    saved = service().action_items(who.session_id) is not None
    st.caption(
        "Saved by the facilitator: edit, add or delete items below."
        if saved
        else "Derived from the run: edit, add or delete items below; saving keeps them all."
    )
    _form(who, plan)


def _table(plan: tuple[PlanItem, ...]) -> None:
    if not plan:
        st.caption("None: the facilitator's plan is empty.")
        return
    rows = [
        {
            "item": str(n),
            "issue": md(p.issue),
            "corrective action": md(p.action),
            "owner": md(p.owner),
            "priority": p.priority,
            "due": p.due,  # an ISO date the session checked, or empty
            "status": p.status,
        }
        for n, p in enumerate(plan, 1)
    ]
    # Not "#": st.table draws header cells as Markdown, and "#" alone is an empty top heading.
    st.table(pd.DataFrame(rows).set_index("item"))


def _label(plan: tuple[PlanItem, ...], index: int) -> str:
    if index < 0:
        return NEW
    action = plan[index].action
    return f"{index + 1}: {action[:60]}{'…' if len(action) > 60 else ''}"


def _form(who: Identity, plan: tuple[PlanItem, ...]) -> None:
    choices = [*range(len(plan)), -1]
    if st.session_state.get("plan_pick") not in choices:
        st.session_state["plan_pick"] = choices[0]  # the first item, or a new one
        _fill(plan)
    picked = st.selectbox(
        "Item to edit",
        choices,
        key="plan_pick",
        format_func=lambda i: _label(plan, i),
        on_change=_fill,
        args=(plan,),
    )
    left, right = st.columns(2)
    with left:
        st.text_input("Issue (what went wrong)", key="plan_issue", max_chars=500)
        st.text_input("Corrective action", key="plan_action", max_chars=500)
        st.text_input("Owner", key="plan_owner", max_chars=100)
    with right:
        st.selectbox("Priority", PRIORITIES, key="plan_priority")
        st.text_input("Due date", key="plan_due", placeholder="YYYY-MM-DD")
        st.selectbox("Status", STATUSES, key="plan_status")
    with st.container(horizontal=True):
        st.button(
            "Save item",
            key="plan_save",
            type="primary",
            icon=":material/save:",
            on_click=_save,
            args=(who, plan, picked),
        )
        st.button(
            "Delete item",
            key="plan_delete",
            icon=":material/delete:",
            disabled=picked < 0,
            on_click=_delete,
            args=(who, plan, picked),
        )
    problem = st.session_state.get(PROBLEM)
    if problem:
        st.error(md(problem))


def _fill(plan: tuple[PlanItem, ...]) -> None:
    """Put the picked row's values in the fields (empty ones for a new item)."""
    index = st.session_state.get("plan_pick", -1)
    item = plan[index] if 0 <= index < len(plan) else PlanItem("", "")
    for name in FIELDS:
        st.session_state[f"plan_{name}"] = getattr(item, name)
    st.session_state.pop(PROBLEM, None)


def _typed() -> dict[str, str]:
    return {name: str(st.session_state.get(f"plan_{name}") or "") for name in FIELDS}


def _save(who: Identity, plan: tuple[PlanItem, ...], index: int) -> None:
    rows = [p.to_dict() for p in plan]
    if index < 0:
        rows.append(_typed())
    else:
        rows[index] = _typed()
    if _store(who, rows) and index < 0:
        st.session_state["plan_pick"] = len(rows) - 1  # now editing the new item


def _delete(who: Identity, plan: tuple[PlanItem, ...], index: int) -> None:
    rows = [p.to_dict() for n, p in enumerate(plan) if n != index]
    if _store(who, rows):
        st.session_state["plan_pick"] = -1
        _fill(())


def _store(who: Identity, rows: list[dict[str, str]]) -> bool:
    try:
        service().save_action_items(who.session_id, who.secret or "", rows)
    except SessionError as exc:
        st.session_state[PROBLEM] = str(exc)
        return False
    st.session_state.pop(PROBLEM, None)
    return True
