"""Scoring a forked session: only what happened after the fork counts.

A fork (a `forked_from` entry at `at`) starts with the parent's actions before `at` replayed. What
the players did then is the parent's, so each item is judged by one of three rules (the table in
docs/reference/fork.md), chosen per item key in `FORK_RULES`:

- a milestone (`Milestone`: acknowledge, declare, severity, roles, escalation, mitigate, resolve,
  first update, status page): settled before the fork (its evidence is stamped before `at`), it
  is marked "before the fork": not earned, not lost, out of the totals. A clock that started
  before the fork and stopped after it is measured from the fork.
- an aggregate over evidence (`AfterOnly`: harmful actions, hands on the keyboard, stakeholder
  replies, update cadence, completeness, promises, impact truth; the scribe's coverage and
  decisions): scored again on the journal with the players' entries before the fork left out
  (the scribe's view also leaves out the key events before the fork); when nothing after the
  fork is left to judge but there was something before, the item is "before the fork".

A journal without a `forked_from` entry is scored as it is.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from functools import cached_property
from typing import Protocol

from simulator.durations import format_clock
from simulator.journal import Journal
from simulator.journal_kinds import PLAYER_KINDS
from simulator.scoring.items import credit, credit_words, duration
from simulator.scoring.model import ScoreItem
from simulator.scoring.reading import Context, accepted_actions
from simulator.scoring.rubric import REQUIRED_ROLES

BEFORE = "before the fork"
ItemsOf = Callable[[Context], Iterable[ScoreItem]]


def fork_moment(journal: Journal) -> float | None:
    """The sim time a forked session was forked at, or None for a session that was not."""
    entry = next(journal.of_kind("forked_from"), None)
    return None if entry is None else float(entry.get("at", entry["t"]))


@dataclass(frozen=True)
class ForkView:
    """The fork's full context, its moment and the items scored again on the after-fork
    journals (computed once, when a rule first asks)."""

    context: Context
    at: float
    items_of: ItemsOf

    @cached_property
    def after(self) -> dict[str, ScoreItem]:
        return self._rescored(_after_fork(self.context.journal, self.at, keep_ground_truth=True))

    @cached_property
    def after_strict(self) -> dict[str, ScoreItem]:
        return self._rescored(_after_fork(self.context.journal, self.at, keep_ground_truth=False))

    def _rescored(self, journal: Journal) -> dict[str, ScoreItem]:
        context = replace(self.context, journal=journal)
        return {item.key: item for item in self.items_of(context)}


class ForkRule(Protocol):
    def __call__(self, item: ScoreItem, view: ForkView) -> ScoreItem: ...


def before_fork(item: ScoreItem, at: float, why: str) -> ScoreItem:
    """An item settled before the fork: 0 of 0 points, out of the totals, saying why."""
    return replace(
        item,
        points=0.0,
        max_points=0.0,
        applicable=False,
        explanation=f"{BEFORE} at {format_clock(at)}: {why}; not earned, not lost",
    )


@dataclass(frozen=True)
class Milestone:
    """An item settled by one moment (`evidence`); `timed`: its clock is measured from the fork
    when it started before it."""

    evidence: Callable[[Context], float | None]
    timed: bool = False

    def __call__(self, item: ScoreItem, view: ForkView) -> ScoreItem:
        when = self.evidence(view.context)
        if when is not None and when < view.at:
            return before_fork(item, view.at, f"settled at {format_clock(when)}")
        if self.timed and when is not None:
            return _from_the_fork(item, when, view)
        return item


@dataclass(frozen=True)
class AfterOnly:
    """An item over many pieces of evidence, judged on what came after the fork only."""

    strict: bool = False  # the scribe's view: key events before the fork left out too

    def __call__(self, item: ScoreItem, view: ForkView) -> ScoreItem:
        after = (view.after_strict if self.strict else view.after).get(item.key, item)
        if after.measured is None and item.measured is not None:
            return before_fork(item, view.at, "everything it judges came before")
        return replace(after, explanation=f"{after.explanation} (after the fork)")


def _from_the_fork(item: ScoreItem, when: float, view: ForkView) -> ScoreItem:
    """A timed item whose clock started before the fork: measured from the fork instead."""
    if item.unit != "s" or not isinstance(item.measured, int | float) or item.max_points <= 0:
        return item
    started = when - float(item.measured)
    if started >= view.at or not isinstance(item.target, int | float):
        return item
    measured = when - view.at
    fraction = credit(measured, float(item.target), view.context.rubric.decay_multiple)
    note = (
        f"; its clock started at {format_clock(started)}, before the fork, so it is measured "
        f"from the fork at {format_clock(view.at)}: {duration(measured)}, {credit_words(fraction)}"
    )
    return replace(
        item,
        measured=round(measured, 3),
        points=round(item.max_points * fraction, 2),
        explanation=item.explanation + note,
    )


def _after_fork(journal: Journal, at: float, keep_ground_truth: bool) -> Journal:
    """The journal without the players' entries before `at` (and, not `keep_ground_truth`,
    without anything but metrics before it)."""

    def kept(entry: dict[str, object]) -> bool:
        kind = entry["kind"]
        if kind in ("header", "metrics") or float(entry["t"]) >= at:  # type: ignore[arg-type]
            return True
        return keep_ground_truth and kind not in PLAYER_KINDS and kind != "action.harmful"

    return Journal([e for e in journal.entries if kept(e)])


def _first(name: str) -> Callable[[Context], float | None]:
    def first(c: Context) -> float | None:
        done = accepted_actions(c.journal, name)
        return done[0].t if done else None

    return first


def _last_declare(c: Context) -> float | None:
    done = accepted_actions(c.journal, "declare")
    return done[-1].t if done else None


def _roles_named(c: Context) -> float | None:
    """When the last required role was named (None until all are)."""
    named: dict[str, float] = {}
    for a in accepted_actions(c.journal, "assign_role"):
        named.setdefault(str(a.params.get("role")), a.t)
    return (
        max(named[r] for r in REQUIRED_ROLES) if all(r in named for r in REQUIRED_ROLES) else None
    )


def _escalation_settled(c: Context) -> float | None:
    """The first escalation after detection, else the mitigation (no escalation owed after)."""
    detected = c.m.detection if c.m.detection is not None else 0.0
    escalated = [a.t for a in accepted_actions(c.journal, "escalate") if a.t >= detected]
    return escalated[0] if escalated else c.m.mitigated


FORK_RULES: dict[str, ForkRule] = {
    "acknowledge": Milestone(lambda c: c.m.acknowledged, timed=True),
    "declare": Milestone(lambda c: c.m.declared, timed=True),
    "severity": Milestone(_last_declare),
    "roles": Milestone(_roles_named),
    "escalation": Milestone(_escalation_settled),
    "mitigate": Milestone(lambda c: c.m.mitigated, timed=True),
    "resolve": Milestone(lambda c: c.m.resolved, timed=True),
    "first_update": Milestone(_first("status_update"), timed=True),
    "status_page": Milestone(_first("status_page"), timed=True),
    "harmful": AfterOnly(),
    "hands_on_keyboard": AfterOnly(),
    "stakeholder_replies": AfterOnly(),
    "update_cadence": AfterOnly(),
    "update_completeness": AfterOnly(),
    "update_promises": AfterOnly(),
    "impact_truth": AfterOnly(),
    "scribe_coverage": AfterOnly(strict=True),
    "scribe_decisions": AfterOnly(strict=True),
}


def after_the_fork(
    items: Iterable[ScoreItem], context: Context, items_of: ItemsOf
) -> tuple[ScoreItem, ...]:
    """`items` judged by FORK_RULES when the journal is a fork's; as they are otherwise."""
    at = fork_moment(context.journal)
    if at is None:
        return tuple(items)
    view = ForkView(context, at, items_of)
    return tuple(_judged(item, view) for item in items)


def _judged(item: ScoreItem, view: ForkView) -> ScoreItem:
    if not item.applicable:
        return item
    rule = FORK_RULES.get(item.key)
    return item if rule is None else rule(item, view)
