"""What a page draws each second: the session's status and journal, and views derived from them.

A fragment rerun reads the status and the journal (both advance the cached engine to the clock's
time) and rebuilds the derived views only when the journal has grown: they are memoised in the
browser session by (session id, journal length).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

import streamlit as st

from app_pages.common import outage
from app_pages.common.service import service
from simulator.scenario import LoadedScenario, load_scenario_text
from simulator.session import SessionError, SessionStatus, mask
from simulator.ui.visible import player_entries

T = TypeVar("T")
MEMO_KEY = "_live_memo"


@dataclass(frozen=True)
class Snapshot:
    status: SessionStatus
    entries: list[dict[str, Any]]  # the whole journal so far: facilitator only
    hidden: frozenset[str] = frozenset()  # journal ids the facilitator hid

    @property
    def length(self) -> tuple[int, int]:
        """What the memoised views depend on: the journal's length and how many are hidden."""
        return (len(self.entries), len(self.hidden))


def snapshot(session_id: str) -> Snapshot | None:
    """The session now, or None when the store cannot answer: the caller's panel then returns,
    and the message stands in its place (`outage.report`, never a traceback, never `st.stop()`,
    which would skip the rest of a full page run). The first read that succeeds after an outage
    redraws the whole page (`outage.recovered`)."""
    try:
        svc = service()
        status = svc.status(session_id)
        snap = Snapshot(status, svc.journal(session_id).entries, svc.hidden(session_id))
    except SessionError as exc:
        outage.report(exc)
        return None
    outage.recovered()
    return snap


def visible(snap: Snapshot) -> list[dict[str, Any]]:
    """The player-visible journal (hidden entries' words withheld), memoised."""
    return memo(snap, "visible", lambda: mask(player_entries(snap.entries), snap.hidden))


def memo(snap: Snapshot, name: str, build: Callable[[], T]) -> T:
    """`build()` once per journal length for this session and view name."""
    store: dict[str, tuple[tuple[int, int], Any]] = st.session_state.setdefault(MEMO_KEY, {})
    key = f"{snap.status.session_id}:{name}"
    found = store.get(key)
    if found is not None and found[0] == snap.length:
        return found[1]
    value = build()
    store[key] = (snap.length, value)
    return value


@st.cache_resource(show_spinner=False, max_entries=64)
def _scenario(session_id: str, sha256: str) -> LoadedScenario:
    record = service().session(session_id)
    return load_scenario_text(record.scenario_text, record.scenario_file)


def scenario_of(session_id: str) -> LoadedScenario:
    record = service().session(session_id)
    return _scenario(session_id, record.scenario_sha256)


def scenario_or_wait(session_id: str) -> LoadedScenario | None:
    """The session's scenario for a page's full run; when the store does not answer, the outage
    message and a retry that redraws the page once it does (`outage.wait_for`), and None."""
    try:
        return scenario_of(session_id)
    except SessionError as exc:
        outage.report(exc)
        outage.wait_for(lambda: service().status(session_id))
        return None
