"""Clock controls for whoever holds the facilitator secret (the facilitator, or a solo player):
start, pause, resume, speed 1x-10x, skip ahead (1m, 5m or a duration), end.

The controls are drawn by the page's script (not in the one-second fragment: an open list such
as Speed would close every second), and each button applies its control in an `on_click`
callback, which Streamlit runs before the script. They follow the live state in every tab of
every facilitator: the page's one-second fragment calls `follow()`, which reruns the whole page
when the state or speed the controls were drawn for is no longer the session's (another tab
pressed Start, the natural end came). Every control is drawn in every state, disabled where it
does not apply, so the page keeps the same elements from run to run.

A skip that would pass the scenario's end is not applied at once: the controls ask first
("Skip and end" or "Cancel")."""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from app_pages.common.identity import Identity
from app_pages.common.looks import md
from app_pages.common.service import service
from simulator.durations import format_clock, format_duration, parse_duration
from simulator.session import SessionError, SessionStatus, StoredEvent

SPEEDS = tuple(range(1, 11))
SKIPS = (("1m", 60.0), ("5m", 300.0))
Control = Callable[[], StoredEvent]


def drawn_key(prefix: str) -> str:
    return f"{prefix}_controls_drawn"


def follow(who: Identity, prefix: str, status: SessionStatus) -> None:
    """From the page's one-second fragment: rerun the whole page when the controls were drawn
    for another state or speed than the session's now."""
    if who.secret is None:
        return
    drawn = st.session_state.get(drawn_key(prefix))
    now = (status.state, status.speed)
    if drawn is not None and drawn != now:
        st.session_state[drawn_key(prefix)] = now  # one rerun per change, never a loop
        st.rerun()


def remember(prefix: str, status: SessionStatus) -> None:
    """Call in the page's script before its fragments and the controls: the state the controls
    are drawn for, and the Speed box set to the session's speed (a keyed widget keeps its own
    value otherwise: another tab's change would not show)."""
    st.session_state[drawn_key(prefix)] = (status.state, status.speed)
    if int(status.speed) in SPEEDS:
        st.session_state[f"{prefix}_speed"] = int(status.speed)


def render(who: Identity, prefix: str, status: SessionStatus) -> None:
    """Keys start with `prefix` (`fac` on the facilitator console, `solo` on a solo console);
    `status` is the one `remember()` got in this run."""
    if who.secret is None:
        return
    state = status.state
    live_clock = state in ("running", "paused")
    with st.container(horizontal=True, vertical_alignment="bottom", gap="small"):
        _clock_buttons(who, prefix, state)
        _speed(who, prefix, status.speed, disabled=state == "ended")
        _skips(who, prefix, status, disabled=not live_clock)
    _end(who, prefix, disabled=not live_clock)
    _skip_question(who, prefix, status, live_clock)
    problem = st.session_state.get(f"{prefix}_problem")
    with st.container(key=f"{prefix}_problem_slot"):
        if problem:
            st.error(md(problem))


def _clock_buttons(who: Identity, prefix: str, state: str) -> None:
    svc, sid, secret = service(), who.session_id, who.secret or ""
    buttons = (
        ("Start", "start", "lobby", ":material/play_arrow:", lambda: svc.start(sid, secret)),
        ("Pause", "pause", "running", ":material/pause:", lambda: svc.pause(sid, secret)),
        ("Resume", "resume", "paused", ":material/play_arrow:", lambda: svc.resume(sid, secret)),
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
    """The box shows the session's speed: `remember()` put it in the widget's state."""
    key = f"{prefix}_speed"

    def set_speed() -> StoredEvent:
        speed = float(st.session_state.get(key) or SPEEDS[0])
        return service().set_speed(who.session_id, who.secret or "", speed)

    st.selectbox(
        "Speed",
        SPEEDS,
        key=key,
        format_func=lambda s: f"{s}x",
        width=90,
        disabled=disabled,
        on_change=_do,
        args=(prefix, set_speed),
        help="applies as soon as you pick it",
    )


def _skips(who: Identity, prefix: str, status: SessionStatus, disabled: bool) -> None:
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


ASK_KEY = "{prefix}_skip_ask"


def _skip(who: Identity, prefix: str, seconds: float) -> None:
    """Skip now, or ask first when the skip would pass the scenario's end (it would end it)."""
    try:
        status = service().status(who.session_id)
    except SessionError as exc:
        st.session_state[f"{prefix}_problem"] = str(exc)
        return
    if status.sim_time + seconds >= status.duration:
        st.session_state[ASK_KEY.format(prefix=prefix)] = seconds
        st.session_state.pop(f"{prefix}_problem", None)
        return
    _do(prefix, lambda: service().skip(who.session_id, who.secret or "", seconds))


def _skip_question(who: Identity, prefix: str, status: SessionStatus, live_clock: bool) -> None:
    """Asks before a skip that would pass the end; always drawn (empty when nothing is asked),
    so the fragment keeps its shape."""
    key = ASK_KEY.format(prefix=prefix)
    seconds = st.session_state.get(key)
    with st.container(key=f"{prefix}_skip_question"):
        if seconds is None or not live_clock:
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
    st.session_state.pop(ASK_KEY.format(prefix=prefix), None)
    _do(prefix, lambda: service().skip(who.session_id, who.secret or "", seconds))


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
            args=(prefix, lambda: service().end(who.session_id, who.secret or "")),
        )


def _do(prefix: str, control: Control) -> None:
    """A button's callback: apply the clock control, or keep the session's refusal to show it.
    The run that follows draws the whole page with the new state (no `st.rerun` needed)."""
    try:
        control()
    except SessionError as exc:
        st.session_state[f"{prefix}_problem"] = str(exc)
        return
    st.session_state.pop(f"{prefix}_problem", None)
