"""What a page draws each second: the session's status and journal, and views derived from them.

The incident console uses `feed`: one read of the store per participant per refresh
(`SessionService.live`, which advances the cached engine to the clock's time and returns only the
journal entries the process has not taken yet), into the session's `LiveJournal`, shared by every
participant of the session in this process. Views are built from its events once per event
count (`LiveJournal.view`), and the charts from its running sums, so a refresh costs the same at
T+3h as at T+20m. Panels that refresh from the clock's read take the participant's latest feed
(`feed(..., max_age=...)`) instead of reading the store again.

The facilitator console still uses `snapshot`: the status and the whole journal, with views
memoised in the browser session by (session id, journal length).
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

import streamlit as st

from app_pages.common import outage
from app_pages.common.service import service
from simulator.scenario import LoadedScenario
from simulator.session import SessionError, SessionStatus, mask
from simulator.ui.live_journal import LiveJournal
from simulator.ui.visible import player_entries

T = TypeVar("T")
MEMO_KEY = "_live_memo"
FEED_KEY = "_live_feed"
REUSE = 1.5  # seconds a participant's latest read serves the panels that do not read themselves
LISTS_EVERY = "3s"  # the timeline, key events and incident log (they change when people act)
SAME_RUN = 0.25  # seconds within which a read is taken to belong to the same run of the page
JOURNALS = 256  # sessions whose live journal a process keeps


@dataclass(frozen=True)
class Feed:
    """One participant's latest refresh: the status and the session's shared live journal."""

    status: SessionStatus
    journal: LiveJournal
    taken: float  # time.monotonic() of the read


class _Journals:
    """The live journal of each session in this process (the least recently used forgotten)."""

    def __init__(self, capacity: int = JOURNALS) -> None:
        self.capacity = capacity
        self._found: OrderedDict[str, LiveJournal] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, session_id: str) -> LiveJournal:
        with self._lock:
            journal = self._found.get(session_id)
            if journal is None:
                journal = self._found[session_id] = LiveJournal()
                while len(self._found) > self.capacity:
                    self._found.popitem(last=False)
            self._found.move_to_end(session_id)
            return journal


@st.cache_resource(show_spinner=False)
def _journals() -> _Journals:
    return _Journals()


def feed(session_id: str, max_age: float = 0.0, report: bool = True) -> Feed | None:
    """The session now for a participant's page, or None when the store cannot answer (the
    outage message stands in the panel's place, as with `snapshot`). The participant's latest
    read serves again while it is younger than `max_age` seconds, so the panels of one run, and
    the panels that refresh from the one-second clock's read, never read the store again.
    `report=False` leaves the outage message to the panels (a page's first read of a run)."""
    latest = st.session_state.get(FEED_KEY)
    now = time.monotonic()
    if (
        isinstance(latest, Feed)
        and latest.status.session_id == session_id
        and now - latest.taken < max_age
    ):
        return latest
    journal = _journals().get(session_id)
    try:
        svc = service()
        read = svc.live(session_id, since=journal.length)
        if not journal.take(read):
            read = svc.live(session_id, since=journal.length)
            journal.take(read)
    except SessionError as exc:
        if report:
            outage.report(exc)
        return None
    found = Feed(read.status, journal, now)
    st.session_state[FEED_KEY] = found
    outage.recovered()
    return found


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


def scenario_of(session_id: str) -> LoadedScenario:
    """The session's scenario as the service parsed it for its engine (never parsed again)."""
    return service().scenario(session_id)


def scenario_or_wait(session_id: str) -> LoadedScenario | None:
    """The session's scenario for a page's full run; when the store does not answer, the outage
    message and a retry that redraws the page once it does (`outage.wait_for`), and None."""
    try:
        return scenario_of(session_id)
    except SessionError as exc:
        outage.report(exc)
        outage.wait_for(lambda: service().status(session_id))
        return None
