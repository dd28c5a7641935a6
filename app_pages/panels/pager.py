"""The pager: open pages (triggered or acknowledged), who they are paging, and the acknowledge
button for roles that may acknowledge."""

from __future__ import annotations

from collections.abc import Sequence

import streamlit as st

from app_pages.common import acting
from app_pages.common.identity import Identity
from app_pages.common.looks import md, quiet, section
from simulator.scenario import Scenario
from simulator.session import PageView, SessionStatus
from simulator.ui.attention import news, waiting_signature
from simulator.ui.clock import format_clock
from simulator.ui.permissions import may

SLOT = "pager"


def render(who: Identity, status: SessionStatus, scenario: Scenario) -> None:
    pages = status.open_pages
    policy = scenario.paging.escalation
    lines = []
    for page in pages:
        target = policy[min(page.level, len(policy) - 1)]
        colour = "red" if page.status == "triggered" else "orange"
        word = "TRIGGERED" if page.status == "triggered" else "ACKNOWLEDGED"
        lines.append(
            f":{colour}-badge[{word}] **{md(page.id)}** {md(page.alert)} · since "
            f"{format_clock(page.triggered_at)} · paging {md(target)}"
        )
    # The heading and the list are one element: each costs the server every second (issue 13).
    section("Pager", *(lines or [quiet("No open pages.")]))
    waiting = any(p.status == "triggered" for p in pages)
    cares = who.is_player and may(who.held, "acknowledge")
    if cares:
        _attention(pages)
    if cares and status.state == "running":
        if st.button(
            "Acknowledge",
            key="pager_ack",
            type="primary" if waiting else "secondary",
            disabled=not waiting,
            icon=":material/notifications_active:",
        ):
            st.session_state[RESULT_FOR] = waiting_signature(pages)
            acting.act(who, SLOT, "acknowledge")
        acting.show(SLOT)


SEEN = "pager_seen"
RESULT_FOR = "pager_result_for"


def _attention(pages: Sequence[PageView]) -> None:
    """A toast for a new page or an escalation (once each), and drop the last "acknowledge"
    outcome once the pages waiting are no longer the ones it answered."""
    now = waiting_signature(pages)
    before = st.session_state.get(SEEN)
    for text in news(before, now, {p.id: p.alert for p in pages}):
        st.toast(md(text), icon=":material/notifications_active:")
    st.session_state[SEEN] = now
    answered = st.session_state.get(RESULT_FOR)
    if now and answered is not None and answered != now:
        acting.forget(SLOT)
        st.session_state.pop(RESULT_FOR, None)
