"""Stakeholder questions answered: each message the scenario marks `expects_reply` against the
first reply to it (by the IC or the comms lead), with the smooth decay of every other deadline.

The item belongs to the IC (who owns the incident's stakeholders, whoever types the answer) and
is judged only when some message in the run expected a reply; otherwise it is left out (0 of 0).
"""

from __future__ import annotations

from dataclasses import dataclass

from simulator.durations import format_clock
from simulator.journal import Journal
from simulator.scoring.items import credit, credit_words, duration, make_item, not_applicable_item
from simulator.scoring.model import ScoreItem
from simulator.scoring.reading import Context, accepted_actions

KEY, TITLE = "stakeholder_replies", "Stakeholder questions answered"


@dataclass(frozen=True)
class Question:
    """A message that expected a reply, and the first reply to it (None: never answered)."""

    id: str
    sender: str
    t: float
    within: float
    replied: float | None

    @property
    def due(self) -> float:
        return self.t + self.within


def questions(journal: Journal) -> list[Question]:
    """Every message that expected a reply, in arrival order, with its first reply."""
    replies = accepted_actions(journal, "reply")
    found = []
    for e in journal.of_kind("inject"):
        within = e.get("expects_reply")
        if not isinstance(within, int | float) or isinstance(within, bool):
            continue
        t = float(e["t"])
        first = next((r.t for r in replies if r.params.get("to") == e.get("id") and r.t >= t), None)
        found.append(Question(str(e.get("id")), str(e.get("sender") or ""), t, within, first))
    return found


def unanswered(journal: Journal) -> list[Question]:
    """Messages that expected a reply and got none by the end of the run."""
    return [q for q in questions(journal) if q.replied is None]


def _judged(q: Question, end: float) -> bool:
    """An unanswered message whose reply was not yet due when the run ended is not judged."""
    return q.replied is not None or end >= q.due


def _fraction(q: Question, multiple: float) -> float:
    return 0.0 if q.replied is None else credit(q.replied - q.t, q.within, multiple)


def _words(q: Question, multiple: float) -> str:
    head = f"{q.id} from {q.sender} at {format_clock(q.t)}"
    if q.replied is None:
        return f"{head} never answered (due {format_clock(q.due)}): no credit"
    fraction = credit_words(_fraction(q, multiple))
    took, target = duration(q.replied - q.t), duration(q.within)
    return f"{head} answered after {took} (target {target}): {fraction}"


def score_stakeholder_replies(c: Context) -> ScoreItem:
    """The mean credit over the messages that expected a reply (each: full credit when answered
    within its `within`, falling to none at the rubric's decay multiple of it)."""
    judged = [q for q in questions(c.journal) if _judged(q, c.m.end)]
    if not judged:
        why = "no message in this run expected a reply (or none was due before the end)"
        return not_applicable_item(KEY, "ic", TITLE, None, why)
    multiple = c.rubric.decay_multiple
    fraction = sum(_fraction(q, multiple) for q in judged) / len(judged)
    answered = sum(1 for q in judged if q.replied is not None)
    detail = "; ".join(_words(q, multiple) for q in judged)
    return make_item(
        KEY,
        "ic",
        TITLE,
        measured=round(fraction, 4),
        target=1.0,
        fraction=fraction,
        explanation=(
            f"{answered} of {len(judged)} message(s) that expected a reply answered, "
            f"{fraction:.0%} of the credit ({detail}): {credit_words(fraction)}"
        ),
        unit="ratio",
    )
