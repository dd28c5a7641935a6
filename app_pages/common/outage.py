"""When the session store does not answer: say so in place, keep the rest of the page, and redraw
the whole page by itself once the store answers again.

A one-second fragment that cannot read the store draws the message where its panel was and
returns; it must not `st.stop()`: on a full run the first fragment runs inline, and stopping there
skipped every panel and control below it, while afterwards only the fragments reran, so the
controls never came back without a reload. Instead the tab remembers the outage (`DOWN_KEY`) and
the first read that succeeds afterwards reruns the whole app, which redraws every panel and
control and clears the messages the outage left.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import ParamSpec

import streamlit as st

from simulator.session import SessionError, StoreError
from simulator.ui.text import escape_markdown

DOWN_KEY = "_store_down"
P = ParamSpec("P")


def report(exc: Exception) -> None:
    """Draw the outage message in place and remember that the store was down."""
    st.session_state[DOWN_KEY] = str(exc)
    st.warning(
        "The session store is not answering, so this panel cannot update: "
        f"{escape_markdown(exc)}. The page redraws by itself when the store is back; "
        "nothing you typed is lost.",
        icon=":material/cloud_off:",
    )


def was_down() -> bool:
    return DOWN_KEY in st.session_state


def recovered() -> None:
    """Call after a successful read: the first one after an outage redraws the whole page."""
    if st.session_state.pop(DOWN_KEY, None) is not None:
        st.rerun(scope="app")


def wait_for(probe: Callable[[], object]) -> None:
    """For a full run that cannot draw the page at all (the store is down while the page loads):
    the message, and a small fragment that tries `probe` every two seconds and reruns the whole
    app once it answers. The caller stops its run after this."""
    st.session_state.setdefault(DOWN_KEY, "the store did not answer")
    _retry(probe)


@st.fragment(run_every="2s")
def _retry(probe: Callable[[], object]) -> None:
    try:
        probe()
    except SessionError as exc:
        report(exc)
        return
    recovered()


def guarded(render: Callable[P, None]) -> Callable[P, None]:
    """A panel that reads the store itself: a `StoreError` draws the outage message in place of
    the panel (never a traceback) and lets the rest of the page run. Goes under `@st.fragment`."""

    @functools.wraps(render)
    def panel(*args: P.args, **kwargs: P.kwargs) -> None:
        try:
            render(*args, **kwargs)
        except StoreError as exc:
            report(exc)

    return panel
