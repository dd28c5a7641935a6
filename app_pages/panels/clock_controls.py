"""Clock controls for whoever holds the facilitator secret (the facilitator, or a solo player):
start, pause, resume, speed 1x-10x, skip ahead (1m, 5m or a duration), end.

The controls are a one-second fragment (`_controls`) that draws the whole row from the live
state, so every tab of every facilitator follows the session within a second: another tab's
Start enables Pause here, the natural end disables everything. Each button applies its control
in an `on_click` callback, which Streamlit runs before the fragment's rerun: no `st.rerun()` is
ever raised (a fragment run cut short by `st.rerun()`, racing the page's other one-second
fragments on a busy server, left the page without the row of controls until a reload; a full
rerun raised from a fragment to follow another tab dropped the row's changed elements, Start
and the Speed box, in a browser test).

The Speed box's key names the speed it was drawn for (`fac_speed_at_3`, inside a container keyed
`fac_speed`): when another tab changes the speed, the next redraw draws a new box showing the
session's speed. A box's pick applies only when it differs from the speed the box was drawn for
and the session still runs at that speed (`_pick_speed`): a run already on its way when the row
redrew still carries the old boxes' values, and Streamlit calls their on_change again; without
the check two tabs set the speed back and forth.

A skip that would pass the scenario's end is not applied at once: the controls ask first
("Skip and end" or "Cancel")."""

from __future__ import annotations

import uuid
from collections.abc import Callable

import streamlit as st

from app_pages.common import live
from app_pages.common.identity import Identity
from app_pages.common.looks import md
from app_pages.common.retrying import with_backoff
from app_pages.common.service import service
from simulator.durations import format_clock, format_duration, parse_duration
from simulator.session import SessionError, SessionStatus, StoredEvent, StoreError

SPEEDS = tuple(range(1, 11))
SKIPS = (("1m", 60.0), ("5m", 300.0))
Control = Callable[[str], StoredEvent]
"""A clock control, called with its click's idempotency key."""


def last_key(prefix: str) -> str:
    return f"{prefix}_last_clock"


def render(who: Identity, prefix: str) -> None:
    """Keys start with `prefix` (`fac` on the facilitator console, `solo` on a solo console).

    Every control is drawn in every state, disabled where it does not apply: the page keeps the
    same elements from run to run. (Swapping Start for Pause in place left the browser, now and
    then, without the new button until the next interaction.)"""
    if who.secret is None:
        return
    _controls(who, prefix)


@st.fragment(run_every="1s")
def _controls(who: Identity, prefix: str) -> None:
    """The row, redrawn each second from the live state (a click reruns only this fragment:
    its callback applies the control first, so the redraw shows the new state)."""
    snap = live.snapshot(who.session_id)
    if snap is not None:
        status = snap.status
        st.session_state[last_key(prefix)] = (status.state, status.speed, status.step)
    last = st.session_state.get(last_key(prefix))
    if last is None:  # the store was down from the first run on: the outage message says so
        _problem(prefix)
        return
    # During an outage the controls stay as they were last seen, rather than vanish (a widget
    # that comes back after being gone would fire its on_change again: the speed box re-sent its
    # value) or turn disabled: a click during the outage is tried, and when the store does not
    # take it the row says "not stored" and offers Retry (its idempotency key makes a retry safe).
    state, speed, step = last
    live_clock = state in ("running", "paused")
    with st.container(horizontal=True, vertical_alignment="bottom", gap="small"):
        # step mode (tabletop panel): the clock moves with Advance, so Resume stays disabled
        _clock_buttons(who, prefix, "stepping" if step and state == "paused" else state)
        _speed(who, prefix, speed, disabled=state == "ended")
        _skips(who, prefix, disabled=not live_clock)
    _end(who, prefix, disabled=not live_clock)
    _skip_question(who, prefix, snap.status if snap is not None else None)
    _problem(prefix)


def _clock_buttons(who: Identity, prefix: str, state: str) -> None:
    svc, sid, secret = service(), who.session_id, who.secret or ""
    buttons = (
        ("Start", "start", "lobby", ":material/play_arrow:", lambda k: svc.start(sid, secret, k)),
        ("Pause", "pause", "running", ":material/pause:", lambda k: svc.pause(sid, secret, k)),
        (
            "Resume",
            "resume",
            "paused",
            ":material/play_arrow:",
            lambda k: svc.resume(sid, secret, k),
        ),
    )
    for label, name, when, icon, control in buttons:
        st.button(
            label,
            key=f"{prefix}_{name}",
            type="primary" if state == when and name != "pause" else "secondary",
            icon=icon,
            disabled=state != when,
            on_click=_do,
            args=(prefix, control),
        )


def _speed(who: Identity, prefix: str, current: float, disabled: bool) -> None:
    """A box keyed by the speed it shows (see the module's docstring)."""
    index = SPEEDS.index(int(current)) if int(current) in SPEEDS else 0
    shown = SPEEDS[index]
    key = f"{prefix}_speed_at_{shown}"
    with st.container(key=f"{prefix}_speed", width="content"):
        st.selectbox(
            "Speed",
            SPEEDS,
            index=index,
            key=key,
            format_func=lambda s: f"{s}x",
            width=90,
            disabled=disabled,
            on_change=_pick_speed,
            args=(who, prefix, key, shown),
            help="applies as soon as you pick it",
        )


def _pick_speed(who: Identity, prefix: str, key: str, shown: int) -> None:
    """Callback of the Speed box drawn for `shown`: apply the pick only when it differs from
    `shown` and the session still runs at `shown`. A fragment run already on its way when the
    page redrew carries the widgets' values as they were; Streamlit then calls this callback
    again for a box the page no longer draws (seen: one pick in one tab gave the speed events
    3, 3, 1, 3 across two tabs). Such a stale call changes nothing."""
    picked = st.session_state.get(key)
    if picked is None or int(picked) == shown:
        return
    try:
        now = with_backoff(lambda: service().status(who.session_id))
    except SessionError as exc:
        st.session_state[f"{prefix}_problem"] = str(exc)
        return
    if int(now.speed) != shown:
        return  # the session moved on: this box is stale
    sid, secret, speed = who.session_id, who.secret or "", float(picked)
    _do(prefix, lambda k: service().set_speed(sid, secret, speed, k))


def _skips(who: Identity, prefix: str, disabled: bool) -> None:
    for label, seconds in SKIPS:
        st.button(
            f"Skip {label}",
            key=f"{prefix}_skip_{label}",
            icon=":material/fast_forward:",
            disabled=disabled,
            on_click=_skip,
            args=(who, prefix, seconds),
        )
    custom = f"{prefix}_skip_custom"
    st.text_input("Skip by", key=custom, placeholder="e.g. 90s, 10m", width=110, disabled=disabled)
    st.button(
        "Skip",
        key=f"{prefix}_skip_go",
        disabled=disabled,
        on_click=_skip_by,
        args=(who, prefix, custom),
    )


def _skip_by(who: Identity, prefix: str, custom_key: str) -> None:
    """Callback of **Skip**: skip by the duration typed into `custom_key`."""
    text = st.session_state.get(custom_key) or ""
    try:
        seconds = parse_duration(text)
    except ValueError as exc:
        st.session_state[f"{prefix}_problem"] = f"skip: {exc} (got {text!r})"
        return
    _skip(who, prefix, seconds)


def _ask_key(prefix: str) -> str:
    return f"{prefix}_skip_ask"


def _skip(who: Identity, prefix: str, seconds: float) -> None:
    """Skip now, or ask first when the skip would reach the scenario's end (it would end it)."""
    try:
        status = with_backoff(lambda: service().status(who.session_id))
    except SessionError as exc:  # StoreError included: the problem line says so
        st.session_state[f"{prefix}_problem"] = str(exc)
        return
    if status.sim_time + seconds >= status.duration:
        st.session_state[_ask_key(prefix)] = seconds
        st.session_state.pop(f"{prefix}_problem", None)
        return
    _do(prefix, _skip_control(who, seconds))


def _skip_control(who: Identity, seconds: float) -> Control:
    sid, secret = who.session_id, who.secret or ""
    return lambda k: service().skip(sid, secret, seconds, k)


def _skip_question(who: Identity, prefix: str, status: SessionStatus | None) -> None:
    """Asks before a skip that would pass the end; always drawn (empty when nothing is asked),
    so the page keeps its shape from run to run."""
    key = _ask_key(prefix)
    seconds = st.session_state.get(key)
    with st.container(key=f"{prefix}_skip_question"):
        if seconds is None or status is None or status.state not in ("running", "paused"):
            st.session_state.pop(key, None)
            return
        st.warning(
            md(
                f"Skipping {format_duration(seconds)} from {format_clock(status.sim_time)} passes "
                f"the end at {format_clock(status.duration)}: the exercise would end. Skip anyway?"
            ),
            icon=":material/warning:",
        )
        with st.container(horizontal=True):
            st.button(
                "Skip and end",
                key=f"{prefix}_skip_confirm",
                on_click=_confirmed_skip,
                args=(who, prefix, seconds),
            )
            st.button(
                "Cancel",
                key=f"{prefix}_skip_cancel",
                on_click=st.session_state.pop,
                args=(key, None),
            )


def _confirmed_skip(who: Identity, prefix: str, seconds: float) -> None:
    st.session_state.pop(_ask_key(prefix), None)
    _do(prefix, _skip_control(who, seconds))


def _end(who: Identity, prefix: str, disabled: bool) -> None:
    with st.container(horizontal=True, vertical_alignment="center"):
        sure = st.checkbox(
            "I want to end the exercise now", key=f"{prefix}_end_confirm", disabled=disabled
        )
        st.button(
            "End exercise",
            key=f"{prefix}_end",
            disabled=disabled or not sure,
            icon=":material/flag:",
            on_click=_do,
            args=(prefix, lambda k: service().end(who.session_id, who.secret or "", k)),
        )


def _do(prefix: str, control: Control, click: str | None = None) -> None:
    """A button's callback: apply the clock control, or keep the session's refusal to show it.
    The run that follows draws the whole page with the new state (no `st.rerun` needed). When the
    store did not take it, the message says so and the control waits for Retry or Dismiss.

    Each click gets one idempotency key (`click`), kept through the backoff retries and the Retry
    button: a control that reached the store although its answer was lost (a dropped connection
    after the commit) is not applied twice, so a lost answer never skips the clock twice."""
    click = click or uuid.uuid4().hex
    st.session_state.pop(f"{prefix}_failed", None)
    try:
        with_backoff(lambda: control(click))
    except StoreError as exc:
        st.session_state[f"{prefix}_problem"] = f"not stored: {exc}"
        st.session_state[f"{prefix}_failed"] = (control, click)
        return
    except SessionError as exc:
        st.session_state[f"{prefix}_problem"] = str(exc)
        return
    st.session_state.pop(f"{prefix}_problem", None)


def _problem(prefix: str) -> None:
    """The last control's refusal, or the store's failure with Retry and Dismiss."""
    problem = st.session_state.get(f"{prefix}_problem")
    if not problem:
        return
    st.error(md(problem))
    failed = st.session_state.get(f"{prefix}_failed")
    with st.container(horizontal=True):
        if failed is not None:
            st.button("Retry", key=f"{prefix}_retry", on_click=_do, args=(prefix, *failed))
        st.button("Dismiss", key=f"{prefix}_dismiss", on_click=_dismiss, args=(prefix,))


def _dismiss(prefix: str) -> None:
    st.session_state.pop(f"{prefix}_problem", None)
    st.session_state.pop(f"{prefix}_failed", None)
