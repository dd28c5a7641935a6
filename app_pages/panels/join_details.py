"""What the facilitator hands out: the session id and join code (large), a join link, and the
facilitator secret (needed to rejoin as facilitator; never give it to players).

Open in the lobby, when people are joining; folded once the exercise has started, so the secret is
not on the screen for the whole game day (it opens with a click). Each phase has its own expander
key, so the fold happens when the session starts even if the facilitator had it open."""

from __future__ import annotations

from urllib.parse import urlencode, urlsplit

import streamlit as st

from app_pages.common import outage, signin
from app_pages.common.identity import Identity
from app_pages.common.service import service


@st.fragment(run_every="1s")
@outage.guarded
def render(who: Identity) -> None:
    """A fragment of its own: the clock controls are a fragment too, so a Start (here or in
    another tab) reruns no full page; this one folds the details within a second of it."""
    svc = service()
    record = svc.session(who.session_id)
    lobby = svc.status(who.session_id).state == "lobby"
    with st.expander(
        "Join details: session id, join code, join link, facilitator secret",
        expanded=lobby,
        key=f"fac_join_details_{'lobby' if lobby else 'started'}",
        on_change="rerun",
        icon=":material/group_add:",
    ):
        code, sid = st.columns(2)
        code.metric("Join code", record.join_code)
        sid.metric("Session id", record.id)
        link = join_link(record.id, record.join_code)
        st.markdown("Join link for participants:")
        st.code(link, language=None)
        if signin.enabled():  # who.secret is this user's pass: it is no use to anyone else
            st.caption("Facilitators sign in with their company account: no secret to hand on.")
            return
        st.markdown("**Facilitator secret** (keep it to yourself: it controls the exercise):")
        st.code(who.secret or "", language=None)


def join_link(session_id: str, code: str) -> str:
    query = urlencode({"join": session_id, "code": code})
    url = st.context.url
    if not url:
        return f"/start?{query}"
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}/start?{query}"
