"""Clock controls for whoever holds the facilitator secret (the facilitator, or a solo player):
start, pause, resume, speed 1x-10x, skip ahead (1m, 5m or a duration), end."""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from app_pages.common import live
from app_pages.common.identity import Identity
from app_pages.common.looks import md
from app_pages.common.service import service
from simulator.durations import parse_duration
from simulator.session import SessionError, StoredEvent

SPEEDS = tuple(range(1, 11))
SKIPS = (("1m", 60.0), ("5m", 300.0))


@st.fragment
def render(who: Identity, prefix: str) -> None:
    """Keys start with `prefix` (`fac` on the facilitator console, `solo` on a solo console)."""
    if who.secret is None:
        return
    status = live.snapshot(who.session_id).status
    state = status.state
    svc, sid, secret = service(), who.session_id, who.secret
    with st.container(horizontal=True, vertical_alignment="bottom", gap="small"):
        if state == "lobby" and st.button(
            "Start", key=f"{prefix}_start", type="primary", icon=":material/play_arrow:"
        ):
            _do(prefix, lambda: svc.start(sid, secret))
        if state == "running" and st.button(
            "Pause", key=f"{prefix}_pause", icon=":material/pause:"
        ):
            _do(prefix, lambda: svc.pause(sid, secret))
        if state == "paused" and st.button(
            "Resume", key=f"{prefix}_resume", type="primary", icon=":material/play_arrow:"
        ):
            _do(prefix, lambda: svc.resume(sid, secret))
        if state != "ended":
            _speed(who, prefix, status.speed)
        if state in ("running", "paused"):
            _skips(who, prefix)
    if state in ("running", "paused"):
        _end(who, prefix)
    problem = st.session_state.get(f"{prefix}_problem")
    if problem:
        st.error(md(problem))


def _speed(who: Identity, prefix: str, current: float) -> None:
    index = SPEEDS.index(int(current)) if int(current) in SPEEDS else 0
    speed = st.selectbox(
        "Speed", SPEEDS, index=index, key=f"{prefix}_speed", format_func=lambda s: f"{s}x", width=90
    )
    if st.button("Set speed", key=f"{prefix}_speed_set"):
        _do(prefix, lambda: service().set_speed(who.session_id, who.secret or "", float(speed)))


def _skips(who: Identity, prefix: str) -> None:
    for label, seconds in SKIPS:
        if st.button(f"Skip {label}", key=f"{prefix}_skip_{label}", icon=":material/fast_forward:"):
            _do(prefix, lambda s=seconds: service().skip(who.session_id, who.secret or "", s))
    custom = st.text_input(
        "Skip by", key=f"{prefix}_skip_custom", placeholder="e.g. 90s, 10m", width=110
    )
    if st.button("Skip", key=f"{prefix}_skip_go"):
        try:
            seconds = parse_duration(custom or "")
        except ValueError as exc:
            st.session_state[f"{prefix}_problem"] = f"skip: {exc} (got {custom!r})"
            return
        _do(prefix, lambda: service().skip(who.session_id, who.secret or "", seconds))


def _end(who: Identity, prefix: str) -> None:
    with st.container(horizontal=True, vertical_alignment="center"):
        sure = st.checkbox("I want to end the exercise now", key=f"{prefix}_end_confirm")
        if st.button(
            "End exercise", key=f"{prefix}_end", disabled=not sure, icon=":material/flag:"
        ):
            _do(prefix, lambda: service().end(who.session_id, who.secret or ""))


def _do(prefix: str, control: Callable[[], StoredEvent]) -> None:
    """Run a clock control; on success rerun the page, so every panel shows the new state."""
    try:
        control()
    except SessionError as exc:
        st.session_state[f"{prefix}_problem"] = str(exc)
        return
    st.session_state.pop(f"{prefix}_problem", None)
    st.rerun()
