"""The comms lead's composer: a status update from the template (status, impact, actions, next
update), posts to the public status page, what was posted; and `due_line`, the countdown to the
next update due (drawn by the console's live panel)."""

from __future__ import annotations

import streamlit as st

from app_pages.common import acting, live
from app_pages.common.identity import Identity
from app_pages.common.looks import md, quiet
from simulator.actions import ACTIONS
from simulator.ui.clock import countdown, format_clock
from simulator.ui.feed import answerable, messages, replies
from simulator.ui.incident import Incident, incident_of, next_update_due
from simulator.ui.params import UPDATE_INTERVALS
from simulator.ui.permissions import may

SLOT = "comms"
STATES = ACTIONS["status_update"].params[0].choices
PAGE_STATES = ACTIONS["status_page"].params[0].choices


def due_line(incident: Incident, now: float) -> str:
    """When the next status update is due, as Markdown (our own words only). Plain text, redrawn
    every second: never an alert or live region, which a screen reader would read out on every
    refresh."""
    due = next_update_due(incident)
    if due is None:
        if incident.updates:
            return quiet("The last update promised no next update time.")
        return ":material/campaign: No status update posted yet."
    left = due - now
    if left < 0:
        text = f"Status update overdue by {countdown(-left)} (was due {format_clock(due)})"
        return f":red-badge[:material/timer: OVERDUE] {text}"
    text = f"Next status update due {format_clock(due)} (in {countdown(left)})"
    if left < 300:
        return f":orange-badge[:material/timer: SOON] {text}"
    return f":material/timer: {text}"


@st.fragment
def composer(who: Identity) -> None:
    left, right = st.columns(2)
    with left, st.form("comms_update_form", clear_on_submit=True):
        st.markdown("**Status update** (internal)")
        status = st.selectbox("Status", STATES, key="comms_status")
        impact = st.text_area("Impact: who is affected, how badly", key="comms_impact", height=80)
        actions = st.text_area("Actions: what we are doing", key="comms_actions", height=80)
        interval = st.selectbox("Next update in", UPDATE_INTERVALS, key="comms_next")
        if st.form_submit_button("Post update", key="comms_update_submit", type="primary"):
            _post_update(who, status, impact, actions, interval)
    with right, st.form("comms_page_form", clear_on_submit=True):
        st.markdown("**Public status page**")
        state = st.selectbox("State", PAGE_STATES, key="comms_page_state")
        message = st.text_area("Message to customers", key="comms_page_message", height=120)
        if st.form_submit_button("Post to status page", key="comms_page_submit"):
            if not message.strip():
                acting.say(SLOT, False, "status page: write the message first")
            else:
                acting.act(who, SLOT, "status_page", {"state": state, "message": message.strip()})
    acting.show(SLOT)
    if may(who.held, "reply"):
        reply_form(who)
    _posted(who)


REPLY_SLOT = "reply"


def reply_form(who: Identity) -> None:
    """Answer a stakeholder's message: pick it (newest first), write, send. The reply is an
    action naming the message's id; answered messages say so in the list."""
    found = live.feed(who.session_id)
    if found is None:
        return
    inbox = answerable(found.journal.view("messages", messages))
    answered = found.journal.view("replies", replies)
    with st.form("comms_reply_form", clear_on_submit=True):
        st.markdown("**Reply to a message**")
        if not inbox:
            st.caption("No stakeholder message has arrived yet.")
        ids = [m.id for m in inbox if m.id is not None]
        labels = {m.id: _reply_label(m.id, m.sender, m.t, m.text, answered) for m in inbox}
        picked = st.selectbox(
            "Message", ids, key="comms_reply_to", format_func=lambda i: labels.get(i, str(i))
        )
        text = st.text_area("Your reply", key="comms_reply_text", height=80)
        if st.form_submit_button("Send reply", key="comms_reply_submit"):
            if picked is None:
                acting.say(REPLY_SLOT, False, "reply: no message to answer yet")
            elif not text.strip():
                acting.say(REPLY_SLOT, False, "reply: write the reply first")
            else:
                acting.act(who, REPLY_SLOT, "reply", {"to": picked, "text": text.strip()})
    acting.show(REPLY_SLOT)


def _reply_label(
    message_id: str | None,
    sender: str,
    t: float,
    text: str,
    answered: dict[str, list[tuple[float, str]]],
) -> str:
    """`12:04 · Dana (VP Sales): Any ETA? ...`, with `(replied)` once answered."""
    short = " ".join(text.split())
    short = short if len(short) <= 60 else short[:57] + "..."
    done = " (replied)" if message_id in answered else ""
    return f"{format_clock(t)} · {sender}: {short}{done}"


def _post_update(who: Identity, status: str, impact: str, actions: str, interval: str) -> None:
    missing = [
        name for name, text in (("impact", impact), ("actions", actions)) if not text.strip()
    ]
    if missing:
        acting.say(SLOT, False, "status update: fill in " + " and ".join(missing))
        return
    params = {
        "status": status,
        "impact": impact.strip(),
        "actions": actions.strip(),
        "next_update": interval,
    }
    acting.act(who, SLOT, "status_update", params)


def _posted(who: Identity) -> None:
    found = live.feed(who.session_id)  # after a click: what it changed
    if found is None:
        return
    incident = found.journal.view("incident", incident_of)
    posts = sorted(incident.updates + incident.status_posts, key=lambda a: -a.t)
    if not posts:
        return
    st.markdown("**Posted so far**")
    for post in posts[:6]:
        p = post.params
        if post.action == "status_update":
            st.caption(f"{format_clock(post.t)} · update · {md(p.get('status'))}")
            st.text(
                f"Impact: {p.get('impact')}\nActions: {p.get('actions')}\n"
                f"Next update: {p.get('next_update', 'not given')}"
            )
        else:
            st.caption(f"{format_clock(post.t)} · status page · {md(p.get('state'))}")
            st.text(str(p.get("message", "")))
