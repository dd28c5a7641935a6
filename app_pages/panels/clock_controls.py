"""Clock controls for whoever holds the facilitator secret (the facilitator, or a solo player):
start, pause, resume, speed 1x-10x, skip ahead (1m, 5m or a duration), extend the end (by a
duration, at most 60 minutes at a time), end.

The controls are a one-second fragment (`_controls`) that draws the whole row from the live
state, so every tab of every facilitator follows the session within a second: another tab's
Start enables Pause here, the natural end disables everything. Each button applies its control
in an `on_click` callback, which Streamlit runs before the fragment's rerun: no `st.rerun()` is
ever raised (a fragment run cut short by `st.rerun()`, racing the page's other one-second
fragments on a busy server, left the page without the row of controls until a reload; a full
rerun raised from a fragment to follow another tab dropped the row's changed elements, Start
and the Speed box, in a browser test).

There is one Speed box, under one key (`fac_speed_box`), for the life of the page. Each redraw
sets its value to the session's speed when the two differ (another tab changed it, or a pick was
refused), so it always shows the live speed. It used to be keyed by the speed it showed
(`fac_speed_at_3`): every change of speed gave the box a new widget id at the same place, the
frontend keys a block's children by widget id, and a redraw cut short by the next one-second run
(Streamlit clears a fragment's stale elements only after a run that completed) left the old box
standing next to the new one: two Speed boxes, 3x and a stale 1x, for as long as the page was
busy.

A pick applies only when it is a pick (`_pick_speed`): it differs from the speed the box was
drawn with, the session still runs at that speed, and it is not the value the box showed before a
redraw replaced it (a run that was already on its way carries the box's old value; the frontend
confirms the new one on its next run). Without that two tabs set the speed back and forth.

A skip that would pass the scenario's end is not applied at once: the controls ask first
("Skip and end" or "Cancel")."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass

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
        _extend(who, prefix, disabled=not live_clock)
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


def speed_key(prefix: str) -> str:
    """The Speed box's one key."""
    return f"{prefix}_speed_box"


def _speed(who: Identity, prefix: str, current: float, disabled: bool) -> None:
    """The one Speed box, showing the live speed (see the module's docstring)."""
    shown = int(current) if int(current) in SPEEDS else SPEEDS[0]
    key, drawn, superseded = speed_key(prefix), f"{prefix}_speed_drawn", f"{prefix}_speed_old"
    incoming = st.session_state.get(key)
    if incoming == st.session_state.get(drawn):
        st.session_state.pop(superseded, None)  # the frontend has the value it was last sent
    if incoming != shown:
        if incoming is not None:
            st.session_state[superseded] = incoming
        st.session_state[key] = shown
    st.session_state[drawn] = shown
    with st.container(key=f"{prefix}_speed", width="content"):
        st.selectbox(
            "Speed",
            SPEEDS,
            key=key,
            format_func=lambda s: f"{s}x",
            width=90,
            disabled=disabled,
            on_change=_pick_speed,
            args=(who, prefix),
            help="applies as soon as you pick it",
        )


def _pick_speed(who: Identity, prefix: str) -> None:
    """Callback of the Speed box: apply the pick unless it is stale (see the module's
    docstring). A stale value changes nothing; the redraw that follows shows the live speed."""
    picked = st.session_state.get(speed_key(prefix))
    shown = st.session_state.get(f"{prefix}_speed_drawn")
    if picked is None or picked == shown or picked == st.session_state.get(f"{prefix}_speed_old"):
        return
    try:
        now = with_backoff(lambda: service().status(who.session_id))
    except SessionError as exc:
        st.session_state[f"{prefix}_problem"] = str(exc)
        return
    if shown is None or int(now.speed) != int(shown):
        return  # the session moved on since this box was drawn
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
    skip = TypedDuration("skip", "Skip by", "e.g. 90s, 10m", "Skip", None, "custom", "go")
    _typed_duration(who, prefix, skip, disabled, lambda seconds: _skip(who, prefix, seconds))


def _extend(who: Identity, prefix: str, disabled: bool) -> None:
    """Extend by a typed duration: the scenario's end moves later (the session refuses 0, more
    than 60 minutes at a time, and an exercise that has ended)."""
    sid, secret = who.session_id, who.secret or ""
    extend = TypedDuration("extend", "Extend by", "e.g. 10m", "Extend", ":material/more_time:")

    def apply(seconds: float) -> None:
        _do(prefix, lambda k: service().extend(sid, secret, seconds, k))

    _typed_duration(who, prefix, extend, disabled, apply)


@dataclass(frozen=True)
class TypedDuration:
    """A field for a duration and its button (Skip by, Extend by). Keys: `{prefix}_{name}_{box}`
    for the field, `{prefix}_{name}_{go}` for the button."""

    name: str
    label: str
    placeholder: str
    button: str
    icon: str | None
    box: str = "by"
    go: str = "go"


def _typed_duration(
    who: Identity,
    prefix: str,
    control: TypedDuration,
    disabled: bool,
    apply: Callable[[float], None],
) -> None:
    """The field and its button in one form: the typed text reaches the server with the click (or
    with Enter in the field), in one message. As a separate text box and button, a click that came
    while the page was busy could reach the server without the text committed, and was lost
    (found by the two-facilitator-tab browser test in CI)."""
    box = f"{prefix}_{control.name}_{control.box}"
    form = st.form(f"{prefix}_{control.name}_form", border=False, width="content")
    with form, st.container(horizontal=True, vertical_alignment="bottom", gap="small"):
        st.text_input(
            control.label,
            key=box,
            placeholder=control.placeholder,
            width=110,
            disabled=disabled,
        )
        st.form_submit_button(
            control.button,
            key=f"{prefix}_{control.name}_{control.go}",
            icon=control.icon,
            disabled=disabled,
            on_click=_typed,
            args=(prefix, control.name, box, apply),
        )


def _typed(prefix: str, name: str, box: str, apply: Callable[[float], None]) -> None:
    """Callback of a typed-duration button: parse the text, then apply it, or say what is wrong."""
    text = st.session_state.get(box) or ""
    try:
        seconds = parse_duration(text)
    except ValueError as exc:
        st.session_state[f"{prefix}_problem"] = f"{name}: {exc} (got {text!r})"
        return
    apply(seconds)


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
