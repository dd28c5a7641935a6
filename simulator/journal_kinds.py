"""The catalogue of journal entry kinds: each kind's name, the fields readers rely on, and
who may see it. `docs/reference/journal-format.md` describes each one.

What derives from it: the kinds a player's page may show (`PLAYER_KINDS`, a whitelist, so a kind
added later stays hidden until its row says otherwise), the facilitator's ground truth
(`GROUND_TRUTH_KINDS`) and the check that a journal read from a file has each entry's required
fields (`entry_problem`). A test checks that every kind the code writes is here.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

Audience = Literal["players", "ground_truth", "internal"]


@dataclass(frozen=True)
class EntryKind:
    """`name` as journals spell it; `required` the fields readers rely on (writers add more:
    `journal-format.md` lists them); `audience`: `players` (shown on players' pages),
    `ground_truth` (the facilitator's view and the debrief) or `internal` (the header and the
    end: read by scoring and reports)."""

    name: str
    required: tuple[str, ...]
    audience: Audience


ENTRY_KINDS: dict[str, EntryKind] = {
    k.name: k
    for k in (
        EntryKind("header", (), "internal"),  # its fields are checked by `scenario_of`
        EntryKind("metrics", ("values",), "players"),
        EntryKind("alert.pending", ("alert",), "players"),
        EntryKind("alert.firing", ("alert",), "players"),
        EntryKind("alert.inactive", ("alert",), "players"),
        EntryKind("alert.resolved", ("alert",), "players"),
        EntryKind("page.triggered", ("page",), "players"),
        EntryKind("page.escalated", ("page",), "players"),
        EntryKind("page.acknowledged", ("page",), "players"),
        EntryKind("page.resolved", ("page",), "players"),
        EntryKind("inject", ("text",), "players"),
        EntryKind("hint", ("text",), "players"),
        EntryKind("action", ("id", "role", "action", "params", "outcome"), "players"),
        EntryKind("action.started", ("action_id",), "players"),
        EntryKind("action.effect", ("action_id",), "players"),
        EntryKind("investigation", ("command",), "players"),
        EntryKind("roster", ("change", "name", "role"), "players"),
        EntryKind("pod.oom_killed", ("pod",), "players"),
        EntryKind("pod.crashed", ("pod",), "players"),
        EntryKind("pod.evicted", ("pod",), "players"),
        EntryKind("migration.reverted", (), "players"),
        EntryKind("queue.purged", (), "players"),
        EntryKind("deploy.rollback", (), "players"),
        # Tabletops in step mode (simulator/session/steps.py).
        EntryKind("exercise.mode", ("mode",), "players"),
        EntryKind("step", ("n", "since", "moments"), "players"),
        EntryKind("decision", ("id", "role", "action", "params"), "players"),
        EntryKind("fault.start", ("fault",), "ground_truth"),
        EntryKind("fault.end", ("fault", "by"), "ground_truth"),
        # Written by version-1 engines before the open causal model; still read.
        EntryKind("fault.mitigated", ("fault", "by"), "ground_truth"),
        EntryKind("action.harmful", ("fault", "by"), "ground_truth"),
        EntryKind("impact.start", (), "ground_truth"),
        EntryKind("impact.end", (), "ground_truth"),
        EntryKind("session.end", (), "ground_truth"),
        EntryKind("extend", ("end",), "players"),
        # A session forked from a moment of another (session/fork.py): where and from what.
        EntryKind("forked_from", ("parent", "at", "parent_journal_sha256"), "players"),
        EntryKind("end", (), "internal"),
    )
}

PLAYER_KINDS: frozenset[str] = frozenset(
    k.name for k in ENTRY_KINDS.values() if k.audience == "players"
)
GROUND_TRUTH_KINDS: frozenset[str] = frozenset(
    k.name for k in ENTRY_KINDS.values() if k.audience == "ground_truth"
)


def entry_problem(entry: dict[str, Any]) -> str | None:
    """What is wrong with one journal entry's shape, or None: `t` a number, `kind` text, and
    the kind's required fields present. Unknown kinds pass (a newer writer may add kinds)."""
    t = entry.get("t")
    if isinstance(t, bool) or not isinstance(t, int | float):
        return "expected a number in field 't'"
    kind = entry.get("kind")
    if not isinstance(kind, str):
        return "expected text in field 'kind'"
    known = ENTRY_KINDS.get(kind)
    missing = [f for f in known.required if f not in entry] if known else []
    if missing:
        return f"{kind} entry without {', '.join(map(repr, missing))}"
    if kind == "metrics" and not isinstance(entry["values"], dict):
        return "metrics 'values' must be a mapping"
    return None


__all__ = [
    "ENTRY_KINDS",
    "GROUND_TRUTH_KINDS",
    "PLAYER_KINDS",
    "EntryKind",
    "entry_problem",
]
