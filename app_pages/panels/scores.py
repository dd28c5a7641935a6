"""Scores per role and for the team, each item with its measured value, target and explanation."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from app_pages.common.looks import md
from simulator.report import ADVICE, format_value
from simulator.scoring import Score


def points_text(points: float, max_points: float) -> str:
    """`12/15`; a penalty-only item (0 max points) reads `no penalty` or `penalty -5`, never a
    bare 0 that looks like nothing earned."""
    if max_points:
        return f"{points:g}/{max_points:g}"
    return "no penalty" if points == 0 else f"penalty {points:g}"


def render(result: Score) -> None:
    st.subheader("Scores", anchor=False)
    cells = st.columns(len(result.roles) + 2)
    cells[0].metric("Total", f"{result.total:.0f}/100", help="weighted mean of the role scores")
    cells[1].metric("Team", f"{result.team:.0f}/100", help="every role counts the same")
    for cell, role in zip(cells[2:], result.roles, strict=True):
        cell.metric(role.title, f"{role.score:.0f}/100", help=f"weight {role.weight:.0%}")
    for role in result.roles:
        with st.expander(f"{role.title}: {role.score:.0f}/100", expanded=True):
            st.caption(md(role.reason))
            rows = [
                {
                    "item": md(i.title),
                    "measured": md(format_value(i.measured, i.unit)),
                    "target": md(format_value(i.target, i.unit)),
                    "points": points_text(i.points, i.max_points),
                    "explanation": md(i.explanation),
                    "how to earn the points": md(ADVICE.get(i.key, "")),
                }
                for i in result.items
                if i.role == role.role
            ]
            # st.table wraps long explanations; it reads Markdown, so every cell is escaped.
            st.table(pd.DataFrame(rows).set_index("item"))
