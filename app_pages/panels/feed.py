"""The message feed: stakeholder messages by channel, newest first, and released hints.
Message bodies are drawn with `st.text` (never parsed as Markdown or HTML).

The feed is redrawn every second for every participant, and every element costs the server each
time (issue 13): a message is two elements, its heading (the rule above it, the channel, sender,
time and subject, as one Markdown) and its body (`st.text`), plus one per reply."""

from __future__ import annotations

import streamlit as st

from app_pages.common import paging
from app_pages.common.looks import md
from simulator.ui.clock import format_clock
from simulator.ui.feed import CHANNEL_ICONS, HINT_CHANNEL, Message, channel_title

CHANNEL_KEY = "feed_channel"
ALL = "all"
PAGE = 10


def render(
    messages: list[Message],
    height: int = 520,
    answered: dict[str, list[tuple[float, str]]] | None = None,
) -> None:
    """`answered`: the players' replies by message id (each reply is shown under its message)."""
    st.subheader("Messages", anchor=False)
    channels = [ALL, *sorted({m.channel for m in messages})]
    picked = st.selectbox(
        "Channel",
        channels,
        key=CHANNEL_KEY,
        format_func=lambda c: "All channels" if c == ALL else channel_title(c),
        label_visibility="collapsed",
    )
    shown = messages if picked in (ALL, None) else [m for m in messages if m.channel == picked]
    # `scroll_` keys: the page script makes the scroll box focusable, named "Messages".
    with st.container(height=height, border=True, key="scroll_messages"):
        if not shown:
            st.caption("No messages yet.")
        # Newest first, a page at a time: a refresh draws at most PAGE messages, however long
        # the session (every element costs the server each second, for each participant).
        for k, message in enumerate(paging.newest_page(shown[::-1], "feed_page", size=PAGE)):
            st.markdown(heading(message, rule=k > 0))
            st.text(message.text)
            for t, text in (answered or {}).get(message.id or "", []):
                st.caption(f":material/reply: replied at {format_clock(t)}")
                st.text(text)
        if shown:
            st.divider()


def heading(message: Message, rule: bool = False) -> str:
    """A message's heading as Markdown: after a rule (`rule`: it follows another message), the
    channel badge, sender and time, and the subject in small grey type on the next line."""
    icon = CHANNEL_ICONS.get(message.channel, "")
    colour = "violet" if message.channel == HINT_CHANNEL else "blue"
    head = (
        f":{colour}-badge[{icon} {channel_title(message.channel)}] "
        f"**{md(message.sender)}** · {format_clock(message.t)}"
    )
    if message.subject:
        head += f"  \n:small[:gray[{md(message.subject)}]]"
    return f"---\n\n{head}" if rule else head
