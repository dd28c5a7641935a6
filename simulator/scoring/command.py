"""Who held command when: the incident commander's items are the role's, and when command changed
hands during the exercise each one names the person who held it at the moment it measures.

The session's header lists its attendees (`session.attendees`: the role each holds at the end,
`joined_as` when they joined in another one, `joined_shadow` when they joined as a shadow); the
journal's `roster` entries (a facilitator's reassignment or removal, an IC's `transfer_command`)
say when a role changed. The IC at the start is the first attendee who joined as the IC and not
as a shadow.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable
from dataclasses import replace

from simulator.durations import format_clock
from simulator.journal import Journal, session_info
from simulator.scoring.model import ScoreItem
from simulator.scoring.reading import Context, accepted_actions

Holder = tuple[float, str | None]  # (from this time, the IC's name or None: nobody)


def command_holders(journal: Journal) -> list[Holder]:
    """Who held the IC role from when, in time order (empty when the journal does not say)."""
    attendees = [a for a in session_info(journal).get("attendees") or [] if isinstance(a, dict)]
    first = next(
        (
            str(a.get("name"))
            for a in attendees
            if a.get("joined_as", a.get("role")) == "ic" and not a.get("joined_shadow")
        ),
        None,
    )
    holders: list[Holder] = [(0.0, first)]
    for entry in journal.of_kind("roster"):
        t, name = float(entry["t"]), str(entry.get("name"))
        if entry.get("role") == "ic":
            holders.append((t, name))
        elif entry.get("previous") == "ic" and holders[-1][1] == name:
            holders.append((t, None))
    return holders


def holder_at(holders: list[Holder], t: float) -> str | None:
    """The IC at `t` (a change at `t` counts from `t` on)."""
    found: str | None = None
    for since, name in holders:
        if since <= t:
            found = name
    return found


def _moments(c: Context) -> dict[str, Callable[[], float | None]]:
    """When each IC item's measured thing happened."""
    escalations = accepted_actions(c.journal, "escalate")
    return {
        "acknowledge": lambda: c.m.acknowledged,
        "declare": lambda: c.m.declared,
        "severity": lambda: c.m.declared,
        "escalation": lambda: escalations[0].t if escalations else None,
        "mitigate": lambda: c.m.mitigated,
        "resolve": lambda: c.m.resolved,
    }


def attribute(items: Iterable[ScoreItem], c: Context) -> tuple[ScoreItem, ...]:
    """The items, with each timed IC item naming who held command at its moment, when command
    changed hands during the run (otherwise the items as they are)."""
    holders = command_holders(c.journal)
    items = tuple(items)
    if len(holders) < 2:
        return items
    moments = _moments(c)
    out = []
    for item in items:
        moment = moments.get(item.key, lambda: None)() if item.role == "ic" else None
        if moment is not None:
            name = holder_at(holders, moment) or "nobody"
            item = replace(
                item, explanation=f"{item.explanation} (by {name}, IC at {format_clock(moment)})"
            )
        out.append(item)
    return tuple(out)


def handovers(journal: Journal) -> list[str]:
    """Each change of command in words, for the debrief and the report."""
    holders = command_holders(journal)
    return [
        f"{format_clock(t)}: {name or 'nobody'} took command from {before or 'nobody'}"
        for (_, before), (t, name) in itertools.pairwise(holders)
    ]
