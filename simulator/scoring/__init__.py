"""Score a run from its journal alone, never the engine (rubric: docs/reference/scoring.md)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

from simulator.journal import Journal, played
from simulator.scoring.command import attribute, command_holders, handovers, holder_at
from simulator.scoring.comms import (
    COMMS_ITEMS,
    NO_COMMS_REASON,
    missing_fields,
    no_communication,
    score_first_update,
    score_impact_truth,
    score_status_page,
    score_update_cadence,
    score_update_completeness,
    score_update_promises,
    update_gaps,
)
from simulator.scoring.fork import BEFORE, FORK_RULES, after_the_fork, fork_moment
from simulator.scoring.incident_commander import (
    IC_ITEMS,
    SOLO_REASON,
    score_acknowledge,
    score_declare,
    score_escalation,
    score_hands_on_keyboard,
    score_harmful,
    score_mitigate,
    score_resolve,
    score_roles,
    score_severity,
    severity_fraction,
)
from simulator.scoring.items import credit, credit_words
from simulator.scoring.model import RoleScore, Score, ScoreItem, score_to_dict
from simulator.scoring.notes import KeyEvent, NoteMatch
from simulator.scoring.reading import (
    ActionRecord,
    Context,
    Milestones,
    accepted_actions,
    check_journal,
    detection,
    end_time,
    first_landed,
    impact_ongoing_at_end,
    lasting_impact_end,
    milestones,
    mitigation,
    scenario_of,
)
from simulator.scoring.replies import Question, questions, unanswered
from simulator.scoring.rubric import (
    DEFAULT_ACKNOWLEDGE,
    DEFAULT_DECAY_MULTIPLE,
    DEFAULT_DECLARE,
    DEFAULT_ESCALATE_WITHIN,
    DEFAULT_HARMFUL_PENALTY,
    DEFAULT_MITIGATE,
    DEFAULT_RESOLVE,
    DEFAULT_SCRIBE_WINDOW,
    DETECTION_GRACE,
    ESCALATION_SEVERITIES,
    FIRST_UPDATE_BY_SEVERITY,
    LOW_SEVERITY_FIRST_UPDATE,
    LOW_SEVERITY_UPDATE_INTERVAL,
    MINUTE,
    POINTS,
    REQUIRED_ROLES,
    ROLE_TITLES,
    ROLE_WEIGHTS,
    STATUS_PAGE_SEVERITIES,
    UPDATE_FIELDS,
    UPDATE_INTERVAL_BY_SEVERITY,
    UPDATE_INTERVAL_LOW,
    Rubric,
    rubric_for,
)
from simulator.scoring.scribe import (
    SCRIBE_ITEMS,
    describe_match,
    key_events,
    note_matches,
    score_scribe,
    score_scribe_decisions,
)

__all__ = [
    "BEFORE",
    "COMMS_ITEMS",
    "DEFAULT_ACKNOWLEDGE",
    "DEFAULT_DECAY_MULTIPLE",
    "DEFAULT_DECLARE",
    "DEFAULT_ESCALATE_WITHIN",
    "DEFAULT_HARMFUL_PENALTY",
    "DEFAULT_MITIGATE",
    "DEFAULT_RESOLVE",
    "DEFAULT_SCRIBE_WINDOW",
    "DETECTION_GRACE",
    "ESCALATION_SEVERITIES",
    "FIRST_UPDATE_BY_SEVERITY",
    "FORK_RULES",
    "IC_ITEMS",
    "LOW_SEVERITY_FIRST_UPDATE",
    "LOW_SEVERITY_UPDATE_INTERVAL",
    "MINUTE",
    "NO_COMMS_REASON",
    "POINTS",
    "REQUIRED_ROLES",
    "ROLE_TITLES",
    "ROLE_WEIGHTS",
    "SCRIBE_ITEMS",
    "SOLO_REASON",
    "STATUS_PAGE_SEVERITIES",
    "UPDATE_FIELDS",
    "UPDATE_INTERVAL_BY_SEVERITY",
    "UPDATE_INTERVAL_LOW",
    "ActionRecord",
    "KeyEvent",
    "Milestones",
    "NoteMatch",
    "Question",
    "RoleScore",
    "Rubric",
    "Score",
    "ScoreItem",
    "accepted_actions",
    "after_the_fork",
    "attribute",
    "check_journal",
    "command_holders",
    "credit",
    "credit_words",
    "describe_match",
    "detection",
    "end_time",
    "first_landed",
    "fork_moment",
    "handovers",
    "holder_at",
    "impact_ongoing_at_end",
    "key_events",
    "lasting_impact_end",
    "milestones",
    "missing_fields",
    "mitigation",
    "note_matches",
    "questions",
    "role_scores",
    "rubric_for",
    "scenario_of",
    "score",
    "score_acknowledge",
    "score_declare",
    "score_escalation",
    "score_first_update",
    "score_hands_on_keyboard",
    "score_harmful",
    "score_impact_truth",
    "score_mitigate",
    "score_resolve",
    "score_roles",
    "score_scribe",
    "score_scribe_decisions",
    "score_severity",
    "score_status_page",
    "score_to_dict",
    "score_update_cadence",
    "score_update_completeness",
    "score_update_promises",
    "severity_fraction",
    "unanswered",
    "update_gaps",
]


def _all_items(c: Context) -> Iterator[ScoreItem]:
    for fn in (*IC_ITEMS, *COMMS_ITEMS, *SCRIBE_ITEMS):
        yield fn(c)


def _zero(item: ScoreItem, reason: str) -> ScoreItem:
    return replace(item, points=0.0, explanation=f"{reason}: no credit")


def role_scores(items: tuple[ScoreItem, ...], no_comms: bool) -> tuple[RoleScore, ...]:
    """Each role's points as a score out of 100 (clamped); 0 for the comms lead if `no_comms`."""
    scores = []
    for role, title in ROLE_TITLES.items():
        mine = [i for i in items if i.role == role]
        points = sum(i.points for i in mine)
        max_points = sum(i.max_points for i in mine)
        value = max(0.0, min(100.0, 100.0 * points / max_points)) if max_points else 100.0
        reason = _role_reason(mine, value)
        if role == "comms_lead" and no_comms:
            value, reason = 0.0, NO_COMMS_REASON
        weight = ROLE_WEIGHTS[role]
        scores.append(RoleScore(role, title, round(value, 1), points, max_points, weight, reason))
    return tuple(scores)


def _role_reason(items: list[ScoreItem], value: float) -> str:
    lost = [i for i in items if i.points < i.max_points]
    if not lost:
        return "every item at full credit"
    worst = min(lost, key=lambda i: i.points - i.max_points)
    return f"{value:.0f}/100; most points lost on {worst.title.lower()}"


def score(journal: Journal) -> Score:
    """Score a run from its journal alone (pure: the same journal gives the same Score).

    Clocks start at detection, never at the fault. `Score.total` is the weighted mean of the role
    scores (`ROLE_WEIGHTS`); `Score.team` is their plain mean. A run the facilitator ended early
    is scored up to that moment (`played`); items that do not apply to it are left out. A
    forked session counts only what happened after the fork (`fork.py`).
    """
    check_journal(journal)
    journal = played(journal)
    scenario = scenario_of(journal)
    context = Context(journal, scenario, rubric_for(scenario), milestones(journal, scenario))
    items = attribute(after_the_fork(_all_items(context), context, _all_items), context)
    no_comms = no_communication(context)
    if no_comms:
        items = tuple(
            _zero(i, NO_COMMS_REASON) if i.role == "comms_lead" and i.applicable else i
            for i in items
        )
    roles = role_scores(items, no_comms)
    total = sum(r.score * r.weight for r in roles) / sum(r.weight for r in roles)
    team = sum(r.score for r in roles) / len(roles)
    return Score(
        scenario_id=scenario.id,
        items=items,
        roles=roles,
        team=round(team, 1),
        total=round(total, 1),
        rubric=context.rubric,
        milestones=context.m,
    )
