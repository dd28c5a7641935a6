"""The message feed: stakeholder messages by channel, newest first, and released hints.
Message bodies and replies are escaped (`escape_markdown_lines`: shown as typed, never parsed as
Markdown or HTML).

The feed is redrawn every second for every participant, and every element costs the server each
time, in the script's thread and again in the event loop that sends it (issue 13): the page of
messages shown is one Markdown element, each message its heading (the rule above it, the channel,
sender, time and subject), its body and its replies."""

from __future__ import annotations

import streamlit as st

from app_pages.common import paging
from app_pages.common.looks import md, quiet, section
from simulator.ui.clock import format_clock
from simulator.ui.feed import CHANNEL_ICONS, HINT_CHANNEL, Message, channel_title
from simulator.ui.live_journal import LiveJournal
from simulator.ui.text import escape_markdown_lines

CHANNEL_KEY = "feed_channel"
ALL = "all"
PAGE = 10


def render(
    messages: list[Message],
    height: int = 520,
    answered: dict[str, list[tuple[float, str]]] | None = None,
    shared: LiveJournal | None = None,
    before: str = "",
) -> None:
    """`answered`: the players' replies by message id (each reply is shown under its message);
    `shared`: the session's live journal that `messages` and `answered` are views of (the
    drawn page is then built once per event for every console of the session); `before`: a
    line of Markdown above the heading, drawn with it."""
    section("Messages", before=before)
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
        page = paging.newest_page(shown[::-1], "feed_page", size=PAGE)
        if page:

            def build() -> str:  # the messages, then the closing rule
                blocks = [
                    block(message, (answered or {}).get(message.id or "", []), rule=k > 0)
                    for k, message in enumerate(page)
                ]
                return "\n\n".join([*blocks, "---"])

            if shared is None:
                st.markdown(build())
            else:  # the session's consoles show the same page: escape it once for them all
                key = (shared.version, picked, len(page), id(page[0]))
                st.markdown(shared.memo(f"feed:{picked}", key, build))


def block(message: Message, replies: list[tuple[float, str]], rule: bool = False) -> str:
    """A message as Markdown: its heading, its body, then each reply (when, and what)."""
    parts = [heading(message, rule=rule), escape_markdown_lines(message.text)]
    for t, text in replies:
        parts.append(quiet(f":material/reply: replied at {format_clock(t)}"))
        parts.append(escape_markdown_lines(text))
    return "\n\n".join(p for p in parts if p)


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
        head += f"  \n{quiet(md(message.subject))}"
    return f"---\n\n{head}" if rule else head
