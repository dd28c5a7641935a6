"""A finished exercise replayed to any moment, from its stored journal alone.

The engine is deterministic and writes its journal in time order, so the state at sim time `t`
is the journal's prefix up to `t`; a session the facilitator ended early replays up to
that end (`simulator.journal.played`) (the same entries `SessionService.journal_at(t)` replays from
the event log, without re-running anything). A `Replay` indexes the journal once; each moment is
a fold over that prefix, kept in a small LRU so moving a slider back and forth is cheap.

Who is watching decides what is folded: a participant's replay is built from the player-visible
entries only (`simulator.ui.visible`), so no ground truth is in it at all; the facilitator's
adds the faults' states, what each action did and the customer-impact windows.
"""

from __future__ import annotations

import threading
from bisect import bisect_left, bisect_right
from collections import OrderedDict
from collections.abc import Sequence
from typing import Any

from simulator.journal import Journal, played
from simulator.replay.moment import Moment
from simulator.replay.pages import page_states
from simulator.scenario.schema import Scenario
from simulator.scoring.reading import scenario_of
from simulator.ui.alerts import alert_views
from simulator.ui.feed import messages
from simulator.ui.incident import incident_of, key_events
from simulator.ui.series import impact_windows, markers, series
from simulator.ui.truth import ground_truth
from simulator.ui.visible import player_entries

Entry = dict[str, Any]
CACHED_MOMENTS = 64
"""Moments kept per replay: a slider's recent positions and a play-through's neighbourhood."""


class Replay:
    """One journal, seen by a participant (`for_facilitator=False`) or the facilitator."""

    def __init__(self, journal: Journal, *, for_facilitator: bool) -> None:
        self.scenario: Scenario = scenario_of(journal)
        self.for_facilitator = for_facilitator
        lived = played(journal).entries  # up to a facilitator's early end, if any
        body = [e for e in lived if e.get("kind") not in ("header", "end")]
        self._entries: list[Entry] = body if for_facilitator else player_entries(body)
        self._times = [float(e["t"]) for e in self._entries]
        self.ticks: tuple[float, ...] = tuple(
            float(e["t"]) for e in self._entries if e.get("kind") == "metrics"
        )
        self._lock = threading.Lock()
        self._moments: OrderedDict[tuple[float, tuple[str, ...]], Moment] = OrderedDict()

    @property
    def start(self) -> float:
        return self.ticks[0] if self.ticks else 0.0

    @property
    def end(self) -> float:
        """The last moment there is data for (the exercise's end, or where it was ended)."""
        return self.ticks[-1] if self.ticks else 0.0

    def positions(self, step: float) -> list[float]:
        """Slider positions about every `step` seconds from the start to the end: the first
        tick at or after each multiple of `step` (and the last tick), so a chart's last point is
        exactly at the chosen time."""
        if not self.ticks:
            return [0.0]
        found: list[float] = []
        for k in range(int(self.end // step) + 1):
            index = bisect_left(self.ticks, k * step)
            if index < len(self.ticks) and (not found or self.ticks[index] > found[-1]):
                found.append(self.ticks[index])
        if found[-1] < self.end:
            found.append(self.end)
        return found

    def at(self, t: float, metrics: Sequence[str]) -> Moment:
        """The exercise as it stood at sim time `t`: every entry stamped at or before it."""
        key = (float(t), tuple(metrics))
        with self._lock:
            found = self._moments.get(key)
            if found is not None:
                self._moments.move_to_end(key)
                return found
        moment = self._fold(float(t), tuple(metrics))
        with self._lock:
            self._moments[key] = moment
            while len(self._moments) > CACHED_MOMENTS:
                self._moments.popitem(last=False)
        return moment

    def _fold(self, t: float, metrics: tuple[str, ...]) -> Moment:
        upto = self._entries[: bisect_right(self._times, t)]
        truth = ground_truth(self.scenario, upto, t) if self.for_facilitator else None
        impact = impact_windows(upto, t) if self.for_facilitator else []
        return Moment(
            t=t,
            entries=len(upto),
            series=tuple(series(upto, metrics)),
            markers=tuple(markers(upto)),
            impact=tuple(impact),
            alerts=tuple(alert_views(upto)),
            pages=tuple(page_states(upto)),
            messages=tuple(messages(upto)),
            incident=incident_of(upto),
            key_events=tuple(key_events(upto)),
            truth=truth,
        )
