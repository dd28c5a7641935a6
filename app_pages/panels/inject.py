"""An ad-hoc inject from the facilitator: a message on a channel from a sender."""

from __future__ import annotations

import streamlit as st

from app_pages.common.identity import Identity
from app_pages.common.looks import md
from app_pages.common.service import service
from simulator.session import SessionError
from simulator.ui.feed import CHANNEL_TITLES, HINT_CHANNEL

CHANNELS = [c for c in CHANNEL_TITLES if c != HINT_CHANNEL]


@st.fragment
def render(who: Identity) -> None:
    st.subheader("Send an inject", anchor=False)
    with st.form("fac_inject_form", clear_on_submit=True):
        channel = st.selectbox(
            "Channel", CHANNELS, key="fac_inject_channel", format_func=CHANNEL_TITLES.__getitem__
        )
        sender = st.text_input("From", key="fac_inject_sender", max_chars=120)
        subject = st.text_input("Subject (optional)", key="fac_inject_subject", max_chars=200)
        text = st.text_area("Message", key="fac_inject_text", height=100)
        if st.form_submit_button("Send inject", key="fac_inject_send", type="primary"):
            _send(who, channel, sender, subject, text)
    found = st.session_state.get("fac_inject_result")
    if found:
        ok, message = found
        (st.success if ok else st.error)(md(message))


def _send(who: Identity, channel: str, sender: str, subject: str, text: str) -> None:
    if not sender.strip() or not text.strip():
        st.session_state["fac_inject_result"] = (False, "Fill in who it is from and the message.")
        return
    try:
        service().inject(
            who.session_id,
            who.secret or "",
            channel,
            sender.strip(),
            text.strip(),
            subject=subject.strip() or None,
        )
    except SessionError as exc:
        st.session_state["fac_inject_result"] = (False, str(exc))
        return
    st.session_state["fac_inject_result"] = (True, "Inject sent.")
