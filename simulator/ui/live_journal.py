"""A session's journal as a live page keeps it: grown in place each refresh, never re-read whole.

A live page used to take the whole journal every second and rebuild every view from it: a
metrics entry arrives each simulated second, so every refresh was a new journal length and the
work grew with the session's length. A `LiveJournal` instead takes only the entries a refresh
adds (`SessionService.live(session_id, since=journal.length)`) and splits them:

- metrics ticks go into per-metric running sums, from which the dashboards' bucket means (the
  same buckets as `series.series`) come in time proportional to the number of buckets;
- every other entry the audience may see is an *event*; views over the events (alerts, incident,
  messages, markers, announcements) are built once per event count and hidden set, which changes
  when something happens, not every second.

One `LiveJournal` serves every page of the session in a process (it is shared, so it locks).
"""

from __future__ import annotations

import threading
from array import array
from collections.abc import Callable, Collection, Iterable, Sequence
from typing import Any, TypeVar

from simulator.metrics import METRIC_NAMES
from simulator.session import LiveRead, mask
from simulator.ui.series import INFO, MAX_POINTS, Series, metric_title
from simulator.ui.visible import PLAYER_KINDS

Entry = dict[str, Any]
T = TypeVar("T")
METRICS = "metrics"


class LiveJournal:
    """The entries of one session that `audience` admits, kept as events and metric sums."""

    def __init__(self, audience: Collection[str] | None = PLAYER_KINDS) -> None:
        """`audience`: the entry kinds kept (default: what players may see); None keeps all."""
        self.audience = None if audience is None else frozenset(audience)
        self._lock = threading.Lock()
        self._clear()

    def _clear(self) -> None:
        self.length = 0  # journal entries taken so far (of every kind)
        self.hidden: frozenset[str] = frozenset()
        self._events: list[Entry] = []
        self._times = array("d")  # each metrics tick's sim time
        # Running sums per metric: _sums[m][k] is the sum of its first k ticks.
        self._sums: dict[str, array[float]] = {m: array("d", [0.0]) for m in METRIC_NAMES}
        self._memo: dict[str, tuple[object, Any]] = {}

    # ------------------------------------------------------------------ growing

    def take(self, read: LiveRead) -> bool:
        """Add what `read` has beyond what is kept; False when it starts after the kept journal
        (a read for another `since`: read again from `length`)."""
        with self._lock:
            if read.since > self.length:
                return False
            if read.length < self.length:  # never happens (journals only grow): start over
                self._clear()
                return False
            self._add(read.entries[self.length - read.since :])
            self.length = max(self.length, read.since + len(read.entries))
            self.hidden = read.hidden
            return True

    def _add(self, entries: Iterable[Entry]) -> None:
        for entry in entries:
            kind = entry.get("kind")
            if kind == METRICS:
                self._tick(entry)
            elif self.audience is None or kind in self.audience:
                self._events.append(entry)

    def _tick(self, entry: Entry) -> None:
        values = entry.get("values") or {}
        self._times.append(float(entry["t"]))
        for name, sums in self._sums.items():
            sums.append(sums[-1] + float(values.get(name, 0.0)))

    # ------------------------------------------------------------------ views

    @property
    def version(self) -> tuple[int, int]:
        """What the event views depend on: how many events, and how many are hidden."""
        return (len(self._events), len(self.hidden))

    @property
    def ticks(self) -> int:
        return len(self._times)

    def events(self) -> list[Entry]:
        """The events in journal order, hidden entries' words withheld."""
        return self.view("_events", lambda events: events)

    def view(self, name: str, build: Callable[[list[Entry]], T]) -> T:
        """`build(events)` once per `version` (shared by every page of the session)."""
        return self.memo(name, self.version, lambda: build(self._masked()))

    def _masked(self) -> list[Entry]:
        return self.memo("_masked", self.version, lambda: mask(self._events, self.hidden))

    def memo(self, name: str, key: object, build: Callable[[], T]) -> T:
        """`build()` once per `key` for `name` (two pages may build it at once; either result is
        kept: they are equal)."""
        with self._lock:
            found = self._memo.get(name)
            if found is not None and found[0] == key:
                return found[1]
        value = build()
        with self._lock:
            self._memo[name] = (key, value)
        return value

    def series(self, metrics: Sequence[str], max_points: int = MAX_POINTS) -> list[Series]:
        """Like `series.series(journal, metrics, max_points)`: bucket means of each known metric,
        from the running sums (equal up to rounding)."""
        with self._lock:
            count = len(self._times)
            times = self._times
            sums = {m: self._sums[m] for m in metrics if m in self._sums}
        size = max(1, -(-count // max_points))
        starts = range(0, count, size)
        ends = [min(start + size, count) for start in starts]
        bucket_times = tuple(times[end - 1] for end in ends)
        result = []
        for name, running in sums.items():
            values = tuple(
                _mean(running, start, end) for start, end in zip(starts, ends, strict=True)
            )
            result.append(Series(name, metric_title(name), INFO[name].unit, bucket_times, values))
        return result


def _mean(running: array[float], start: int, end: int) -> float:
    """The mean of ticks start..end-1 from running sums; a difference within the sums' rounding
    is zero (a metric back at exactly 0 must not read as -0.0%)."""
    total = running[end] - running[start]
    if abs(total) <= 1e-12 * (abs(running[end]) + abs(running[start])):
        return 0.0
    return total / (end - start)
