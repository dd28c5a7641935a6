"""The after-action report as plain data: built once from a journal and a score, then rendered
as Markdown, JSON or HTML. Nothing here knows about output formats."""

from __future__ import annotations

from dataclasses import dataclass

from simulator.report.exercise import ExerciseReport
from simulator.scoring import Score


@dataclass(frozen=True)
class Impact:
    """What customers felt, estimated from the per-tick metrics.

    Failed requests are `error_rate` (5xx) and `rejected_rate` (429) times the tick, summed.
    The SLO budget assumes a 30-day, 99.9% availability objective measured in requests, with
    the 30 days' traffic taken at the pre-incident request rate (`baseline_rps`).
    """

    requests: float
    failed_5xx: float
    rejected_429: float
    failed_share: float
    error_minutes: int
    impact_seconds: float
    impact_windows: tuple[tuple[float, float | None], ...]
    breached: tuple[str, ...]
    baseline_rps: float
    orders_lost: float
    slo_objective: float
    slo_days: int
    slo_budget_requests: float
    slo_budget_burned: float

    @property
    def failed(self) -> float:
        return self.failed_5xx + self.rejected_429


@dataclass(frozen=True)
class Durations:
    """`exercise_seconds` is how long the exercise ran; `ended_early` is when a facilitator ended
    it before the scenario's `scenario_seconds` (None when it ran to the end). `scenario_seconds`
    is the end the run had (the scenario's duration, or later when the facilitator extended it;
    then `extended_from` is the scenario's own duration)."""

    exercise_seconds: float
    impact_start: float | None
    impact_end: float | None
    impact_ongoing: bool
    detected: float | None
    resolved: float | None
    ended_early: float | None = None
    scenario_seconds: float | None = None
    extended_from: float | None = None


@dataclass(frozen=True)
class SeverityFinding:
    expected: str
    declared: str | None
    declared_at: float | None
    explanation: str


@dataclass(frozen=True)
class TimelineEntry:
    """One line of the merged timeline; `source` is one of TIMELINE_SOURCES; `time_of_day` is
    the scenario's clock (`10:05:00`)."""

    t: float
    clock: str
    source: str
    text: str
    time_of_day: str = ""


TIMELINE_SOURCES = (
    "ground truth",
    "alert",
    "page",
    "inject",
    "action",
    "system",
    "comms",
    "scribe",
)


@dataclass(frozen=True)
class RootCause:
    fault: str
    type: str
    started: float | None
    text: str
    fixed_by: tuple[str, ...]
    mitigated_by: tuple[str, ...]
    harmful: tuple[str, ...]


@dataclass(frozen=True)
class AnalysisSection:
    title: str
    lines: tuple[str, ...]


@dataclass(frozen=True)
class ActionItem:
    """A follow-up (a row of the improvement plan): the corrective action (`text`), who owns it,
    where it came from, its priority (high, medium, low), when it is due (a date when the
    session's date is known, else a span), the `issue` it answers (what went wrong) and its
    `status` (open, in progress, done)."""

    text: str
    owner: str
    source: str
    priority: str = "medium"
    due: str = ""
    issue: str = ""
    status: str = "open"


@dataclass(frozen=True)
class Attendee:
    name: str
    role: str


@dataclass(frozen=True)
class NoteLink:
    """A key event and the scribe's note that recorded it (empty `note` when none did)."""

    t: float
    clock: str
    time_of_day: str
    event: str
    note: str
    credit: str


@dataclass(frozen=True)
class Marker:
    """A vertical line on every chart: an alert firing, a system action, a harmful action."""

    t: float
    kind: str
    label: str


@dataclass(frozen=True)
class ChartData:
    metric: str
    title: str
    unit: str
    times: tuple[float, ...]
    values: tuple[float, ...]
    threshold: float | None


@dataclass(frozen=True)
class WhatIfBar:
    """One key action's failed requests in the runs that moved or dropped it (None: that
    variant was not run, e.g. an acknowledgement is never taken later)."""

    label: str
    """`fix: rollback (target=deploy) at T+19:05`."""
    earlier: float | None
    actual: float
    later: float | None
    removed: float | None


@dataclass(frozen=True)
class WhatIfData:
    """The cost of delay (simulator.whatif) as the report shows it: the sentences, a bar per key
    action, and the team's failed requests between the best possible response and none."""

    sentences: tuple[str, ...]
    bars: tuple[WhatIfBar, ...]
    best: float | None
    played: float
    no_response: float
    standing: float | None
    runs: int


WHAT_IF_MISSING = (
    "The what-if runs are not in this report: it was written with `--no-whatif`, or before "
    "the runs finished. `gameday whatif` computes them."
)


@dataclass(frozen=True)
class Report:
    scenario_id: str
    scenario_title: str
    service: str
    seed: int | None
    summary: str
    durations: Durations
    severity: SeverityFinding
    impact: Impact
    timeline: tuple[TimelineEntry, ...]
    root_causes: tuple[RootCause, ...]
    analysis: tuple[AnalysisSection, ...]
    went_well: tuple[str, ...]
    to_improve: tuple[str, ...]
    action_items: tuple[ActionItem, ...]
    discussion_questions: tuple[str, ...]
    charts: tuple[ChartData, ...]
    markers: tuple[Marker, ...]
    score: Score
    date: str | None = None  # the day the session was played (None for a headless run)
    starts_at: str = ""  # T+00:00 on the scenario's clock (`10:00:00`)
    attendees: tuple[Attendee, ...] = ()
    note_links: tuple[NoteLink, ...] = ()
    contributing_factors: tuple[str, ...] = ()
    five_whys: tuple[tuple[str, str], ...] = ()  # (why, because)
    lessons: tuple[str, ...] = ()
    what_if: WhatIfData | None = None
    """The cost of delay; None when it was not computed (`--no-whatif`)."""
    exercise: ExerciseReport | None = None
    """A tabletop's objectives, evaluator ratings and feedback; None when there were none."""


SECTIONS = (
    "Summary",
    "Date and attendees",
    "Duration",
    "Severity",
    "Impact",
    "Timeline",
    "Timeline notes and key events",
    "Root cause",
    "Contributing factors",
    "Five whys",
    "Detection",
    "Response",
    "Resolution",
    "What went well",
    "What to improve",
    "Lessons learned",
    "Action items (improvement plan)",
    "Score",
    "What if",
    "Charts",
)
"""Section headings in order; every format renders each of them."""
