"""What the exercise looked like at one moment: the views every panel of the replay draws."""

from __future__ import annotations

from dataclasses import dataclass

from simulator.replay.pages import OPEN, PageState
from simulator.ui.alerts import AlertView
from simulator.ui.feed import Message
from simulator.ui.incident import ActionView, Incident, KeyEvent
from simulator.ui.series import ChartMarker, Series
from simulator.ui.truth import GroundTruth


@dataclass(frozen=True)
class Moment:
    t: float
    """The chosen sim time (seconds since the start)."""
    entries: int
    """How many journal entries had been written by then (those the viewer may see)."""
    series: tuple[Series, ...]
    """The dashboards' metrics, each ending at the last tick at or before `t`."""
    markers: tuple[ChartMarker, ...]
    impact: tuple[tuple[float, float], ...]
    """Customer-impact windows up to `t` (ground truth: empty in a participant's replay)."""
    alerts: tuple[AlertView, ...]
    pages: tuple[PageState, ...]
    messages: tuple[Message, ...]
    """Injects and released hints, newest first."""
    incident: Incident
    key_events: tuple[KeyEvent, ...]
    truth: GroundTruth | None
    """Each fault's state and what the actions did: the facilitator's replay only."""

    @property
    def open_pages(self) -> tuple[PageState, ...]:
        return tuple(p for p in self.pages if p.status in OPEN)

    @property
    def updates(self) -> tuple[ActionView, ...]:
        """Status updates and status-page posts, newest first."""
        posts = self.incident.updates + self.incident.status_posts
        return tuple(sorted(posts, key=lambda a: -a.t))

    @property
    def notes(self) -> tuple[ActionView, ...]:
        """The scribe's timeline entries, newest first."""
        return tuple(reversed(self.incident.notes))
