"""The report's layout, once for every format: sections made of a few plain block types that the
Markdown and HTML renderers turn into text. Text in blocks is plain (participants' words
included); renderers escape it."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from simulator.durations import format_clock, format_duration
from simulator.report.charts import LEGEND
from simulator.report.model import SECTIONS, WHAT_IF_MISSING, Durations, Report, WhatIfData
from simulator.roles import role_title
from simulator.scoring import ScoreItem


@dataclass(frozen=True)
class Paragraph:
    text: str


@dataclass(frozen=True)
class Bullets:
    items: tuple[str, ...]


@dataclass(frozen=True)
class Table:
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


@dataclass(frozen=True)
class Subheading:
    text: str


@dataclass(frozen=True)
class ChartsBlock:
    """Where the charts go; each renderer decides how (files, inline SVG, or a note)."""


@dataclass(frozen=True)
class WhatIfChartBlock:
    """Where the what-if chart goes (`report.what_if`); drawn like the charts."""


Block = Paragraph | Bullets | Table | Subheading | ChartsBlock | WhatIfChartBlock


@dataclass(frozen=True)
class Section:
    title: str
    blocks: tuple[Block, ...]


INTRO = (
    "A blameless postmortem draft generated from the exercise journal. It describes what "
    "happened, what the system made easy or hard and what the process can learn; it does not "
    "judge people. Times are simulated time since the exercise started (T+mm:ss), with the "
    "time of day on the scenario's clock next to them."
)


def clock(t: float | None) -> str:
    return "never" if t is None else format_clock(t)


def duration(seconds: float | None) -> str:
    return "—" if seconds is None else format_duration(max(0.0, seconds))


def format_value(value: float | str | None, unit: str) -> str:
    """A measured value or target for the score table."""
    if value is None:
        return "—"
    if isinstance(value, str):
        return value
    if unit == "s":
        sign = "-" if value < 0 else ""
        return sign + format_duration(abs(value))
    if unit == "ratio":
        return f"{value:.0%}"
    return f"{value:g}"


def _count(value: float) -> str:
    return f"{round(value):,}"


# ---------------------------------------------------------------- sections


def summary_section(r: Report) -> Section:
    return Section("Summary", (Paragraph(r.summary),))


def attendees_section(r: Report) -> Section:
    when = r.date or "not recorded (a headless run, not a live session)"
    head = Paragraph(
        f"Date played: {when}. On the scenario's clock the exercise began at {r.starts_at} "
        "(T+00:00)."
    )
    rows = tuple((a.name, a.role) for a in r.attendees)
    if not rows:
        return Section("Date and attendees", (head, Paragraph("No attendees recorded.")))
    return Section("Date and attendees", (head, Table(("Attendee", "Role"), rows)))


def note_links_section(r: Report) -> Section:
    intro = Paragraph(
        "Each key event and the scribe's note that recorded it: a note counts only if it names "
        "the event's subject (the alert, the action, the severity...) or its time; late notes "
        "earn less."
    )
    if not r.note_links:
        return Section("Timeline notes and key events", (intro, Paragraph("No key events.")))
    rows = tuple(
        (f"{n.clock} ({n.time_of_day})", n.event, n.note or "—", n.credit) for n in r.note_links
    )
    table = Table(("Time", "Key event", "Note that recorded it", "Credit"), rows)
    return Section("Timeline notes and key events", (intro, table))


def contributing_section(r: Report) -> Section:
    if not r.contributing_factors:
        text = "The scenario lists none; add the ones the team found in the discussion."
        return Section("Contributing factors", (Paragraph(text),))
    return Section("Contributing factors", (Bullets(r.contributing_factors),))


def five_whys_section(r: Report) -> Section:
    if not r.five_whys:
        return Section("Five whys", (Paragraph("No root-cause chain to start from."),))
    rows = tuple((str(n), why, because) for n, (why, because) in enumerate(r.five_whys, 1))
    intro = Paragraph("Seeded from the scenario's root-cause chain; extend it in the discussion.")
    return Section("Five whys", (intro, Table(("#", "Why?", "Because"), rows)))


def duration_section(r: Report) -> Section:
    d = r.durations
    if d.impact_start is None:
        impact = "none"
    else:
        until = _impact_until(d)
        impact = f"{clock(d.impact_start)} to {until} ({duration(r.impact.impact_seconds)})"
    to_resolve = (
        duration(d.resolved - d.detected)
        if d.resolved is not None and d.detected is not None
        else "—"
    )
    rows = (
        ("Exercise length", _exercise_length(d)),
        ("Customer impact (ground truth)", impact),
        ("Detected", f"{clock(d.detected)} ({r.score.milestones.detection_source})"),
        ("Resolved", clock(d.resolved)),
        ("Detection to resolve", to_resolve),
    )
    return Section("Duration", (Table(("Measure", "Time"), rows),))


def _impact_until(d: Durations) -> str:
    if not d.impact_ongoing:
        return clock(d.impact_end)
    if d.ended_early is not None:
        return f"the early end at {clock(d.ended_early)} (still ongoing)"
    return "the end (ongoing)"


def _exercise_length(d: Durations) -> str:
    length = duration(d.exercise_seconds)
    if d.extended_from is not None:
        length += (
            f" (the scenario's {duration(d.extended_from)}, extended by the facilitator to "
            f"{clock(d.scenario_seconds)})"
        )
    if d.ended_early is None:
        return length
    runs = f"; the scenario runs {duration(d.scenario_seconds)}" if d.scenario_seconds else ""
    return f"{length} (ended early by the facilitator{runs})"


def severity_section(r: Report) -> Section:
    s = r.severity
    declared = f"{s.declared} at {clock(s.declared_at)}" if s.declared else "never declared"
    text = f"Expected {s.expected}; declared {declared}. Scoring: {s.explanation}."
    return Section("Severity", (Paragraph(text),))


def impact_section(r: Report) -> Section:
    i = r.impact
    share = f"{i.failed_share:.2%}"
    items = [
        f"Requests during the exercise: about {_count(i.requests)}.",
        f"Failed requests: about {_count(i.failed)} ({share}): {_count(i.failed_5xx)} answered "
        f"5xx or timed out, {_count(i.rejected_429)} rejected with 429.",
        f"Customer impact by ground truth: {duration(i.impact_seconds)}"
        + (f" ({', '.join(i.breached)} past the SLO threshold)." if i.breached else "."),
        f"Error minutes (whole minutes whose mean breached an SLO threshold): {i.error_minutes}.",
    ]
    if i.orders_lost >= 1:
        items.append(
            f"Orders lost, against the pre-incident order rate: about {_count(i.orders_lost)}."
        )
    items.append(
        f"SLO error budget burned: {i.slo_budget_burned:.1%} of a {i.slo_days}-day budget "
        f"({_count(i.failed)} of {_count(i.slo_budget_requests)} allowed failures)."
    )
    assumption = (
        f"Assumption: a {i.slo_days}-day availability SLO of {i.slo_objective:.1%} counted in "
        f"requests, 5xx and 429 answers both counting as failures, with {i.slo_days} days of "
        f"traffic at the pre-incident rate of {i.baseline_rps:,.0f} requests/s. Counts are "
        "estimates: per-second rates times the tick."
    )
    return Section("Impact", (Bullets(tuple(items)), Paragraph(assumption)))


def timeline_section(r: Report) -> Section:
    rows = tuple(
        (f"{e.clock} ({e.time_of_day})" if e.time_of_day else e.clock, e.source, e.text)
        for e in r.timeline
    )
    note = Paragraph(
        "Ground-truth lines (faults, impact) were not visible to the players during the exercise."
    )
    return Section("Timeline", (note, Table(("Time", "Source", "Event"), rows)))


def root_cause_section(r: Report) -> Section:
    blocks: list[Block] = []
    for c in r.root_causes:
        began = f", began {clock(c.started)}" if c.started is not None else ""
        blocks.append(Subheading(f"{c.fault} ({c.type.replace('_', ' ')}{began})"))
        blocks.append(Paragraph(c.text))
        facts = [f"Fixed by: {', '.join(c.fixed_by)}."]
        if c.mitigated_by:
            facts.append(f"Buys time: {', '.join(c.mitigated_by)}.")
        if c.harmful:
            facts.append(f"Makes it worse: {', '.join(c.harmful)}.")
        blocks.append(Bullets(tuple(facts)))
    return Section("Root cause", tuple(blocks))


def analysis_sections(r: Report) -> Iterator[Section]:
    for a in r.analysis:
        yield Section(a.title, (Bullets(a.lines),))


def _listing(title: str, items: tuple[str, ...], empty: str) -> Section:
    return Section(title, (Bullets(items),) if items else (Paragraph(empty),))


ACTION_ITEMS = "Action items (improvement plan)"


def action_items_section(r: Report) -> Section:
    """The improvement plan's columns (issue 15 reuses them): issue, corrective action, owner,
    priority, due date, status."""
    rows = tuple(
        (str(n), a.issue or "—", a.text, a.owner or "—", a.priority, a.due or "—", a.status)
        for n, a in enumerate(r.action_items, 1)
    )
    header = ("#", "Issue", "Corrective action", "Owner", "Priority", "Due", "Status")
    if not rows:
        return Section(ACTION_ITEMS, (Paragraph("None: the facilitator's plan is empty."),))
    return Section(ACTION_ITEMS, (Table(header, rows),))


def score_section(r: Report) -> Section:
    s = r.score
    weights = ", ".join(f"{t.title.lower()} {t.weight:.0%}" for t in s.roles)
    head = Paragraph(
        f"Total {s.total:.1f}/100: the weighted mean of the role scores ({weights}). Team "
        f"score (every role counts the same): {s.team:.1f}/100."
    )
    roles = Table(
        ("Role", "Score", "Note"),
        tuple((t.title, f"{t.score:.1f}", t.reason) for t in s.roles),
    )
    items = Table(
        ("Role", "Item", "Measured", "Target", "Points", "Explanation"),
        tuple(_item_row(i) for i in s.items),
    )
    return Section("Score", (head, roles, items))


def _item_row(i: ScoreItem) -> tuple[str, ...]:
    role = {"ic": "IC", "comms_lead": "Comms", "scribe": "Scribe"}[i.role]
    points = f"{i.points:g}/{i.max_points:g}" if i.max_points else f"{i.points:g}"
    return (
        role,
        i.title,
        format_value(i.measured, i.unit),
        format_value(i.target, i.unit),
        points,
        i.explanation,
    )


def charts_section(r: Report) -> Section:
    return Section("Charts", (Paragraph(LEGEND), ChartsBlock()))


def discussion_section(r: Report) -> Section | None:
    if not r.discussion_questions:
        return None
    return Section("Discussion questions", (Bullets(r.discussion_questions),))


EXERCISE_TITLE = "Exercise objectives and evaluation"
FEEDBACK_TITLE = "Participant feedback"


def exercise_sections(r: Report) -> Iterator[Section]:
    """A tabletop's objectives (automatic evidence beside the evaluators' ratings, which never
    count in the score) and the participants' feedback; nothing when there were none."""
    ex = r.exercise
    if ex is None:
        return
    header = ("Objective", "Automatic evidence (score items)", "Evaluator ratings")
    rows = tuple(
        (
            o.text + (" (facilitator's)" if o.source == "facilitator" else ""),
            "; ".join(o.evidence) or "none linked",
            "; ".join(o.ratings) or "not rated",
        )
        for o in ex.objectives
    )
    intro = Paragraph(
        "Ratings use the four-point scale (performed without challenges, with some challenges, "
        "with major challenges, unable to be performed); they sit beside the score and never "
        "change it." + (" The exercise ran in step mode (a tabletop)." if ex.mode == "step" else "")
    )
    yield Section(EXERCISE_TITLE, (intro, Table(header, rows)))
    if ex.feedback:
        lines = tuple(
            (f.name, role_title(f.role), f"{f.rating}/5", f.comment or "no comment")
            for f in ex.feedback
        )
        summary = Paragraph(f"{len(ex.feedback)} responses, mean rating {ex.mean_feedback}/5.")
        yield Section(
            FEEDBACK_TITLE, (summary, Table(("Name", "Role", "Rating", "Comment"), lines))
        )
    else:
        yield Section(FEEDBACK_TITLE, (Paragraph("No participant left feedback."),))


def what_if_section(r: Report) -> Section:
    data = r.what_if
    if data is None:
        return Section("What if", (Paragraph(WHAT_IF_MISSING),))
    findings: Block = (
        Bullets(data.sentences)
        if data.sentences
        else Paragraph("No key action to move: nothing was acknowledged, declared or fixed.")
    )
    blocks: list[Block] = [Paragraph(_scale(data)), findings]
    if data.bars:
        blocks += [WhatIfChartBlock(), _what_if_table(data)]
    blocks.append(
        Paragraph(
            f"{data.runs} runs of the engine, each from the exercise's seed with one action "
            "moved or dropped and everything else as played."
        )
    )
    return Section("What if", tuple(blocks))


def _scale(data: WhatIfData) -> str:
    text = (
        f"What customers would have seen had one key action been taken at another time. Your "
        f"response: {_count(data.played)} failed requests; no response: "
        f"{_count(data.no_response)}"
    )
    if data.best is not None:
        text += f"; the best possible response: {_count(data.best)}"
    text += "."
    if data.standing is not None:
        text += f" You closed {data.standing:.0%} of the gap from no response to the best."
    return text


def _what_if_table(data: WhatIfData) -> Table:
    def cell(value: float | None) -> str:
        return "—" if value is None else _count(value)

    rows = tuple(
        (b.label, cell(b.earlier), cell(b.actual), cell(b.later), cell(b.removed))
        for b in data.bars
    )
    header = ("Key action (failed requests)", "Earlier", "As played", "Later", "Removed")
    return Table(header, rows)


def document(r: Report) -> tuple[Section, ...]:
    sections = [
        summary_section(r),
        attendees_section(r),
        duration_section(r),
        severity_section(r),
        impact_section(r),
        timeline_section(r),
        note_links_section(r),
        root_cause_section(r),
        contributing_section(r),
        five_whys_section(r),
        *analysis_sections(r),
        _listing("What went well", r.went_well, "Nothing scored full credit this time."),
        _listing("What to improve", r.to_improve, "Every scored item reached full credit."),
        _listing("Lessons learned", r.lessons, "None recorded: add the team's own."),
        action_items_section(r),
        score_section(r),
        *exercise_sections(r),
        what_if_section(r),
    ]
    discussion = discussion_section(r)
    if discussion is not None:
        sections.append(discussion)
    sections.append(charts_section(r))
    assert all(name in {s.title for s in sections} for name in SECTIONS)
    return tuple(sections)


def title(r: Report) -> str:
    return f"After-action report: {r.scenario_title}"


def subtitle(r: Report) -> str:
    seed = f", seed {r.seed}" if r.seed is not None else ""
    return f"Scenario `{r.scenario_id}`{seed}; service {r.service}. {INTRO}"
