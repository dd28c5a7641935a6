"""The journal a player may see: DESIGN section 6, "facilitator-only content never reaches a
participant's page".

A whitelist of entry kinds, so a kind added to the engine later stays hidden until someone decides
players may see it. Hidden: the header (it embeds the whole scenario: root causes, notes, hints,
command `reveals`), ground truth (`fault.*`, `impact.*`, `action.harmful`) and the `end` entry.
Inject entries keep their `noise` flag in the journal; views never show it.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

Entry = dict[str, Any]

PLAYER_KINDS: frozenset[str] = frozenset(
    {
        "metrics",
        "alert.pending",
        "alert.firing",
        "alert.inactive",
        "alert.resolved",
        "page.triggered",
        "page.escalated",
        "page.acknowledged",
        "page.resolved",
        "inject",
        "hint",
        "action",
        "action.started",
        "action.effect",
        "investigation",
        "pod.oom_killed",
        "pod.evicted",
        "migration.reverted",
        "queue.purged",
        "deploy.rollback",
    }
)
GROUND_TRUTH_KINDS: frozenset[str] = frozenset(
    {"fault.start", "fault.end", "fault.mitigated", "impact.start", "impact.end", "action.harmful"}
)


def player_entries(entries: Iterable[Entry]) -> list[Entry]:
    """The entries a player may see, in journal order."""
    return [e for e in entries if e.get("kind") in PLAYER_KINDS]
