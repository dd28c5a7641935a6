"""The facilitator's tabletop panel: step mode on or off, "Advance to the next moment", what the
step revealed (ground truth included), the decisions waiting for the advance, and the master
scenario events list (MSEL) as a checklist with what is expected of the players at each moment.

Like the clock controls, the buttons apply in `on_click` callbacks with an idempotency key, and
the panel is a fragment redrawn from the live state, so every facilitator tab follows it."""

from __future__ import annotations

from typing import Any

import streamlit as st

from app_pages.common import live
from app_pages.common.identity import Identity
from app_pages.common.looks import md
from app_pages.common.service import service
from simulator.durations import format_clock
from simulator.roles import role_short
from simulator.session import SessionError
from simulator.tabletop import MselRow

ERROR_KEY = "tabletop_error"
SHOWN = ("inject", "alert.firing", "page.triggered", "page.escalated", "hint", "fault.start")
SHOWN_TRUTH = ("fault.end", "impact.start", "impact.end")


def _apply(what: str, call: Any) -> None:
    try:
        call()
        st.session_state.pop(ERROR_KEY, None)
    except SessionError as exc:
        st.session_state[ERROR_KEY] = f"Could not {what}: {exc}"


def _advance(who: Identity, key: str) -> None:
    """`key` names the step the button was drawn at: Streamlit may call a fragment's button
    callback again on the fragment's next timed run, and every facilitator tab may click it; the
    idempotency key makes all of those one advance."""
    secret = who.secret or ""
    _apply("advance", lambda: service().advance(who.session_id, secret, key))


def _switch(who: Identity, step: bool, key: str) -> None:
    secret = who.secret or ""
    _apply("switch the mode", lambda: service().set_mode(who.session_id, secret, step, key))


def _mode_changes(entries: tuple[dict[str, Any], ...] | list[dict[str, Any]]) -> int:
    return sum(1 for e in entries if e["kind"] == "exercise.mode")


def _entry_line(entry: dict[str, Any]) -> str:
    kind = entry["kind"]
    what = (
        entry.get("text")
        or entry.get("alert")
        or entry.get("fault")
        or entry.get("subject")
        or entry.get("page")
        or ""
    )
    sender = f" from {md(str(entry['sender']))}" if entry.get("sender") else ""
    return f"`{format_clock(entry['t'])}` **{kind}**{sender}: {md(str(what)[:200])}"


def revealed(entries: tuple[dict[str, Any], ...] | list[dict[str, Any]]) -> list[str]:
    """What the latest step revealed (all of it: the facilitator sees ground truth too)."""
    steps = [e for e in entries if e["kind"] == "step"]
    if not steps:
        return []
    last = steps[-1]
    return [
        _entry_line(e)
        for e in entries
        if last["since"] < e["t"] <= last["t"] and e["kind"] in (*SHOWN, *SHOWN_TRUTH)
    ]


def waiting(entries: tuple[dict[str, Any], ...] | list[dict[str, Any]], count: int) -> list[str]:
    """The decisions waiting for the advance (the last `count` decision entries)."""
    if count <= 0:
        return []
    found = [e for e in entries if e["kind"] == "decision"][-count:]
    return [
        f"{role_short(e['role'])}: {e['action'].replace('_', ' ')} {md(str(e['params'] or ''))}"
        for e in found
    ]


@st.fragment(run_every="2s")
def render(who: Identity) -> None:
    """The mode switch, the step controls and the MSEL (facilitator console)."""
    snap = live.snapshot(who.session_id)
    if snap is None or who.secret is None:
        return
    status = snap.status
    ended = status.state == "ended"
    st.subheader("Tabletop", anchor=False)
    with st.container(horizontal=True, vertical_alignment="center", gap="small"):
        if status.step:
            st.button(
                "Advance to the next moment",
                key="fac_advance",
                type="primary",
                icon=":material/skip_next:",
                disabled=ended or status.state != "paused",
                on_click=_advance,
                args=(who, f"advance-from-{status.steps}"),
            )
            st.markdown(
                f"Step **{status.steps}** at **{format_clock(status.sim_time)}**"
                f" · {status.decisions} decision(s) waiting"
            )
        st.button(
            "Switch to live mode" if status.step else "Switch to step mode",
            key="fac_mode",
            disabled=ended,
            on_click=_switch,
            args=(who, not status.step, f"mode-{_mode_changes(snap.entries)}"),
        )
    problem = st.session_state.get(ERROR_KEY)
    if problem:
        st.error(md(problem))
    if status.step:
        shown = revealed(snap.entries)
        if shown:
            st.markdown("**Revealed at this step:**\n\n" + "\n".join(f"- {s}" for s in shown))
        decisions = waiting(snap.entries, status.decisions)
        if decisions:
            st.markdown(
                "**Decisions waiting (applied at this step's time on Advance):**\n\n"
                + "\n".join(f"- {d}" for d in decisions)
            )
        msel_table(service().master_events(who.session_id), key="fac_msel")
    else:  # a live game day: the switch only (the checklist reads the journal: step mode's)
        st.caption(
            "Step mode makes this a tabletop: the clock waits at each moment while the group "
            "talks, and the master scenario events list appears here."
        )


def _cell(text: str) -> str:
    return md(text).replace("|", "\\|").replace("\n", " ")


def msel_table(rows: list[MselRow], key: str) -> None:
    """The MSEL as a checklist (ticked from the journal), a Markdown table so a screen reader
    reads it row by row."""
    lines = [
        "| Done | When | Moment | Expected player action | Learning point |",
        "|---|---|---|---|---|",
    ]
    for row in rows:
        mark = "☑ done" if row.done else "☐"
        cells = (row.when, row.moment, row.expected, row.learning)
        lines.append(f"| {mark} | " + " | ".join(_cell(c) for c in cells) + " |")
    with st.container(key=key):
        st.markdown("**Master scenario events list**")
        st.markdown("\n".join(lines))
