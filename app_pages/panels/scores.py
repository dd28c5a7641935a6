"""Scores per role and for the team, each item with its measured value, target and explanation."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from app_pages.common.looks import md
from simulator.report import format_value
from simulator.scoring import Score


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
                    "points": f"{i.points:g}/{i.max_points:g}" if i.max_points else f"{i.points:g}",
                    "explanation": md(i.explanation),
                }
                for i in result.items
                if i.role == role.role
            ]
            # st.table wraps long explanations; it reads Markdown, so every cell is escaped.
            st.table(pd.DataFrame(rows).set_index("item"))
