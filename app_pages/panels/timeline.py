"""The scribe's timeline: notes tagged note / decision / action item, the notes so far, and the
key events to log (from what players can observe)."""

from __future__ import annotations

import streamlit as st

from app_pages.common import acting, live, paging
from app_pages.common.identity import Identity
from app_pages.common.turns import taking_turns
from simulator.actions import ACTIONS
from simulator.ui.clock import format_clock
from simulator.ui.incident import ActionView, KeyEvent, incident_of, key_events
from simulator.ui.permissions import may
from simulator.ui.text import escape_markdown, escape_markdown_lines

SLOT = "scribe"
TAGS = ACTIONS["timeline_note"].params[1].choices
TAG_TITLES = {"note": "Note", "decision": "Decision", "action_item": "Action item"}
TAG_COLOURS = {"note": "gray", "decision": "blue", "action_item": "violet"}


def render(who: Identity) -> None:
    """The note form (for who may write), then the notes so far beside the key events."""
    if who.is_player and may(who.held, "timeline_note"):
        note_form(who)
    lists(who)


@st.fragment
def note_form(who: Identity) -> None:
    with st.form("scribe_form", clear_on_submit=True):
        text = st.text_area("Timeline entry", key="scribe_text", height=90, max_chars=2000)
        tag = st.radio(
            "Tag", TAGS, key="scribe_tag", horizontal=True, format_func=TAG_TITLES.__getitem__
        )
        if st.form_submit_button("Add to timeline", key="scribe_submit", type="primary"):
            if not text.strip():
                acting.say(SLOT, False, "timeline: write the entry first")
            else:
                acting.act(who, SLOT, "timeline_note", {"text": text.strip(), "tag": tag})
    acting.show(SLOT)


@st.fragment(run_every=live.LISTS_EVERY)  # from the live panels' read, never its own
@taking_turns
def lists(who: Identity) -> None:
    """Both lists in one refresh: each fragment run costs the server a fixed amount on top of
    what it draws, every few seconds for every participant (issue 13)."""
    found = live.feed(who.session_id, max_age=live.REUSE)
    if found is None:
        return
    left, right = st.columns([3, 2])
    with left:
        notes(found.journal.view("incident", incident_of).notes)
    with right:
        events(found.journal.view("key_events", key_events))


def notes(written: list[ActionView]) -> None:
    st.markdown("**Timeline so far**")
    if not written:
        st.caption("No timeline entries yet.")
    shown = paging.newest_page(written, "timeline_page")
    if shown:  # one element for the page: each costs the server on every refresh (issue 13)
        st.markdown("\n\n".join(_note(note) for note in shown))


def events(found: list[KeyEvent]) -> None:
    st.markdown("**Key events to log**")
    with st.container(height=360, border=True, key="scroll_key_events"):
        if not found:
            st.caption("Nothing yet: pages, acknowledgements, declarations and actions show here.")
        shown = paging.newest_page(found, "key_events_page")
        if shown:  # one element for the page, as the notes
            st.markdown(
                "\n\n".join(f"{format_clock(e.t)}\u2002{escape_markdown(e.text)}" for e in shown)
            )


def _note(note: ActionView) -> str:
    """A timeline note as Markdown: when, its tag as a badge, and its words as typed."""
    tag = str(note.params.get("tag") or "note")
    colour = TAG_COLOURS.get(tag, "gray")
    head = f"{format_clock(note.t)} :{colour}-badge[{TAG_TITLES.get(tag, 'Note')}]"
    return f"{head}  \n{escape_markdown_lines(note.params.get('text', ''))}"
