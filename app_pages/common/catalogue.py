"""A scenario's public catalogue card (`simulator.ui.catalogue`): briefing, who is on call, tags,
difficulty, duration and team size. The Start page and the Scenario library draw it for anyone;
nothing of the answer key is passed in, so nothing of it can reach the browser."""

from __future__ import annotations

import streamlit as st

from app_pages.common.looks import md
from simulator.ui.catalogue import CatalogueCard


def badges(card: CatalogueCard) -> None:
    with st.container(horizontal=True):
        st.badge(card.difficulty, color="blue")
        if card.measured:
            st.badge(f"measured: {card.measured}", color="violet", icon=":material/speed:")
        st.badge(card.duration, color="gray", icon=":material/schedule:")
        st.badge(card.team_size, color="gray", icon=":material/group:")
        for tag in card.tags:
            st.badge(md(tag), color="gray")


def render(card: CatalogueCard, heading: bool = True) -> None:
    """The card: its title (unless the caller shows it), badges, the briefing, who is on call."""
    if heading:
        st.markdown(f"**{md(card.title)}**")
    badges(card)
    st.text(card.briefing)
    if card.on_call:
        st.caption("On call: " + "; ".join(md(person) for person in card.on_call))
