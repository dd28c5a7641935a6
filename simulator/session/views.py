"""What reads return: plain frozen records, with `to_dict()` for JSON."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class CreatedSession:
    """What the facilitator gets back once: the secret is not stored, only its hash."""

    session_id: str
    join_code: str
    facilitator_secret: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "session_id": self.session_id,
            "join_code": self.join_code,
            "facilitator_secret": self.facilitator_secret,
        }


@dataclass(frozen=True)
class PageView:
    id: str
    alert: str
    status: str
    triggered_at: float
    level: int


@dataclass(frozen=True)
class SessionStatus:
    """A session as it stands now (reading it advances the engine to the clock's time)."""

    session_id: str
    scenario_id: str
    title: str
    state: str  # lobby, running, paused, ended
    sim_time: float
    duration: float
    speed: float
    solo: bool
    time_up: bool
    firing: tuple[str, ...]
    open_pages: tuple[PageView, ...]
    last_seq: int
    step: bool = False  # step mode (a tabletop): the clock moves only when the facilitator advances
    steps: int = 0  # step mode: the steps revealed so far
    decisions: int = 0  # step mode: decisions waiting for the next advance

    def to_dict(self) -> dict[str, Any]:
        data = dict(self.__dict__)
        data["firing"] = list(self.firing)
        data["open_pages"] = [dict(p.__dict__) for p in self.open_pages]
        return data


@dataclass(frozen=True)
class LiveRead:
    """One refresh of a live page: the status, the journal entries from index `since` on (the
    whole journal is `length` long) and the ids the facilitator hid, from one read of the store.
    The entries are the engine's own dicts, shared: readers must not change them."""

    status: SessionStatus
    since: int
    entries: tuple[dict[str, Any], ...]
    length: int
    hidden: frozenset[str]


@dataclass(frozen=True)
class SessionSummary:
    """One line of the session list: the clock only (no engine is built for a list)."""

    session_id: str
    scenario_id: str
    state: str
    sim_time: float
    duration: float
    speed: float
    solo: bool
    participants: int
    created_at: float

    def to_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


@dataclass(frozen=True)
class MetricsReading:
    """A session's simulated metrics at its current sim time (the newest tick), for `/metrics`."""

    session_id: str
    scenario_id: str
    service: str
    state: str
    sim_time: float
    speed: float
    values: dict[str, float]
    firing: tuple[str, ...] = ()
    actions: dict[tuple[str, str], int] = field(default_factory=dict)  # (role, action): accepted
