"""The debrief's replay: a time slider over the whole exercise showing the dashboards, alerts,
pager, messages, status updates and the scribe's timeline as they stood at that moment, with
play at 1x-20x; the facilitator's adds the ground truth (simulator.replay).

The replay is a fragment: moving the slider redraws only it, from a `Replay` kept per session
and viewer (`st.cache_resource`), whose moments are folds of the stored journal. While playing,
the fragment reruns itself once a second at most (`run_every`) and moves the slider on; paused,
it has no timer at all, so an open debrief costs the server nothing.
"""

from __future__ import annotations

import math
from datetime import timedelta

import streamlit as st

from app_pages.common import charts
from app_pages.common.identity import Identity
from app_pages.common.looks import alert_state_md, md
from app_pages.panels import fork as fork_panel
from app_pages.panels import truth as truth_panel
from simulator.journal import Journal
from simulator.replay import Moment, Replay
from simulator.session import database_url
from simulator.ui import chart_text
from simulator.ui import series as ui_series
from simulator.ui.clock import format_clock

STEP = 5.0
"""Slider positions, in sim seconds."""
SPEEDS = (1, 2, 5, 10, 20)
DEFAULT_SPEED = 10
MIN_INTERVAL = 1.0
"""Seconds between redraws while playing, at least: the server's load, not the speed, decides."""
SHOWN = 6
"""Newest items drawn per list."""
T_KEY = "replay_t"
PLAYING_KEY = "replay_playing"
SPEED_KEY = "replay_speed"
CONTAINER = "replay"


@st.cache_resource(max_entries=32, show_spinner=False)
def _replay(
    url: str, session_id: str, for_facilitator: bool, hidden: frozenset[str], _journal: Journal
) -> Replay:
    """One replay per ended session, viewer kind and hidden set (its journal no longer
    changes)."""
    return Replay(_journal, for_facilitator=for_facilitator)


def interval(speed: int) -> float:
    """Seconds between redraws at `speed`: one slider step at a time, never faster than
    MIN_INTERVAL (then a redraw moves several steps)."""
    return max(MIN_INTERVAL, STEP / speed)


def render(
    session_id: str,
    journal: Journal,
    *,
    for_facilitator: bool,
    hidden: frozenset[str],
    fork_as: Identity | None = None,
) -> None:
    """`fork_as`: the facilitator, who gets "Fork from this moment" under the slider."""
    replay = _replay(database_url(), session_id, for_facilitator, hidden, journal)
    st.subheader("Replay", anchor=False)
    st.caption(
        "The exercise as it stood at any moment: pick a time or press Play. "
        + (
            "Your view adds the ground truth: each fault's state and what the actions did."
            if for_facilitator
            else "Everything shown is what the team could see at that time."
        )
    )
    playing = bool(st.session_state.get(PLAYING_KEY, False))
    speed = int(st.session_state.get(SPEED_KEY) or DEFAULT_SPEED)
    every = timedelta(seconds=interval(speed)) if playing else None
    st.fragment(_body, run_every=every)(replay, playing, speed, fork_as)


def _body(replay: Replay, playing: bool, speed: int, fork_as: Identity | None) -> None:
    with st.container(key=CONTAINER):
        _moment(replay, playing, speed, fork_as)


def _moment(replay: Replay, playing: bool, speed: int, fork_as: Identity | None) -> None:
    """`playing` and `speed` are what the fragment's timer was set up with."""
    positions = replay.positions(STEP)
    _advance(positions, playing)
    now_playing = bool(st.session_state.get(PLAYING_KEY, False))
    now_speed = int(st.session_state.get(SPEED_KEY) or DEFAULT_SPEED)
    if now_playing != playing or (playing and now_speed != speed):
        st.rerun(scope="app")  # start, stop or retime the fragment's timer
    _controls(positions)
    t = float(st.session_state[T_KEY])
    if fork_as is not None:
        fork_panel.render(fork_as, t)
    metrics = ui_series.default_metrics(replay.scenario)
    moment = replay.at(t, metrics)
    _dashboards(moment, replay)
    left, middle, right = st.columns(3)
    with left:
        _alerts(moment)
        _pager(moment)
    with middle:
        _messages(moment)
        _updates(moment)
    with right:
        _timeline(moment)
    if moment.truth is not None:
        truth_panel.render(moment.truth)


def _advance(positions: list[float], playing: bool) -> None:
    """Put the slider where it should be before it is drawn: on a position, and one redraw's
    worth further on while playing (stopping at the end)."""
    current = st.session_state.get(T_KEY)
    if not isinstance(current, float | int) or current not in positions:
        st.session_state[T_KEY] = _nearest(positions, current)
    if not playing or not st.session_state.get(PLAYING_KEY):
        return
    speed = int(st.session_state.get(SPEED_KEY) or DEFAULT_SPEED)
    steps = max(1, math.floor(speed * interval(speed) / STEP))
    index = positions.index(st.session_state[T_KEY]) + steps
    if index >= len(positions) - 1:
        index = len(positions) - 1
        st.session_state[PLAYING_KEY] = False
    st.session_state[T_KEY] = positions[index]


def _nearest(positions: list[float], value: object) -> float:
    if not isinstance(value, float | int):
        return positions[-1]
    return min(positions, key=lambda p: abs(p - float(value)))


def _toggle(positions: list[float]) -> None:
    playing = not st.session_state.get(PLAYING_KEY, False)
    if playing and st.session_state.get(T_KEY) == positions[-1]:
        st.session_state[T_KEY] = positions[0]  # play again from the start
    st.session_state[PLAYING_KEY] = playing


def _pause() -> None:
    st.session_state[PLAYING_KEY] = False


def _controls(positions: list[float]) -> None:
    playing = bool(st.session_state.get(PLAYING_KEY, False))
    with st.container(horizontal=True, vertical_alignment="bottom"):
        st.button(
            "Pause" if playing else "Play",
            key="replay_play",
            icon=":material/pause:" if playing else ":material/play_arrow:",
            on_click=_toggle,
            args=(positions,),
        )
        st.segmented_control(
            "Speed",
            SPEEDS,
            default=DEFAULT_SPEED,
            key=SPEED_KEY,
            format_func=lambda s: f"{s}×",
        )
    st.select_slider(
        "Moment of the exercise",
        options=positions,
        key=T_KEY,
        format_func=format_clock,
        on_change=_pause,
    )


def _dashboards(moment: Moment, replay: Replay) -> None:
    limits = chart_text.thresholds([s.metric for s in moment.series], replay.scenario)
    st.markdown(f"**Dashboards at {format_clock(moment.t)}**")
    grid = st.columns(3)
    for index, (s, threshold) in enumerate(zip(moment.series, limits, strict=True)):
        with grid[index % 3]:
            spec = charts.chart_spec(
                s,
                moment.markers,
                moment.impact,
                until=replay.end,
                height=130,
                threshold=threshold,
            )
            st.vega_lite_chart(spec, width="stretch", key=f"replay_chart_{s.metric}")
    st.caption(  # the charts in words: their accessible summary at this moment
        "  \n".join(
            md(chart_text.describe(s, threshold))
            for s, threshold in zip(moment.series, limits, strict=True)
        )
    )
    st.caption(charts.legend_caption(with_impact=bool(moment.truth)))


def _alerts(moment: Moment) -> None:
    st.markdown("**Alerts**")
    shown = [a for a in moment.alerts if a.state != "inactive"]
    if not shown:
        st.caption("No alerts had fired.")
    for alert in shown[:SHOWN]:
        st.markdown(
            f"{alert_state_md(alert.state)} {md(alert.name)} · since {format_clock(alert.since)}"
        )


def _pager(moment: Moment) -> None:
    st.markdown("**Pager**")
    pages = moment.open_pages
    if not pages:
        st.caption("No open pages.")
    for page in pages:
        colour = "red" if page.status == "triggered" else "orange"
        st.markdown(
            f":{colour}-badge[{page.status.upper()}] {md(page.id)} {md(page.alert)} · since "
            f"{format_clock(page.triggered_at)} · paging {md(page.target)}"
        )
    closed = len(moment.pages) - len(pages)
    if closed:
        st.caption(f"{closed} resolved")


def _messages(moment: Moment) -> None:
    st.markdown("**Messages**")
    if not moment.messages:
        st.caption("No messages yet.")
    for message in moment.messages[:SHOWN]:
        subject = f" · {md(message.subject)}" if message.subject else ""
        st.caption(f"{format_clock(message.t)} · {md(message.sender)}{subject}")
        st.text(_short(message.text))


def _updates(moment: Moment) -> None:
    st.markdown("**Status updates**")
    if not moment.updates:
        st.caption("No status update posted yet.")
    for post in moment.updates[:SHOWN]:
        what = "update" if post.action == "status_update" else "status page"
        state = post.params.get("status") or post.params.get("state")
        st.caption(f"{format_clock(post.t)} · {what} · {md(state)}")
        text = post.params.get("impact") or post.params.get("message") or ""
        st.text(str(text))


def _timeline(moment: Moment) -> None:
    st.markdown("**Scribe's timeline**")
    if not moment.notes:
        st.caption("No timeline entries yet.")
    for note in moment.notes[:SHOWN]:
        st.caption(f"{format_clock(note.t)} · {md(note.params.get('tag') or 'note')}")
        st.text(str(note.params.get("text", "")))
    st.markdown("**Key events**")
    events = moment.key_events[::-1][:SHOWN]
    if not events:
        st.caption("Nothing yet.")
    for event in events:
        st.text(f"{format_clock(event.t)}  {event.text}")


def _short(text: str, limit: int = 240) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
