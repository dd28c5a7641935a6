"""The journal a player may see: DESIGN section 6, "facilitator-only content never reaches a
participant's page".

A whitelist of entry kinds (`simulator.journal_kinds`, audience `players`), so a kind added to
the engine later stays hidden until someone decides players may see it. Hidden: the header (it
embeds the whole scenario: root causes, notes, hints, command `reveals`), ground truth
(`fault.*`, `impact.*`, `action.harmful`) and the `end` entry.
Inject entries keep their `noise` flag in the journal; views never show it.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from simulator.journal_kinds import GROUND_TRUTH_KINDS, PLAYER_KINDS

Entry = dict[str, Any]


def player_entries(entries: Iterable[Entry]) -> list[Entry]:
    """The entries a player may see, in journal order."""
    return [e for e in entries if e.get("kind") in PLAYER_KINDS]


__all__ = ["GROUND_TRUTH_KINDS", "PLAYER_KINDS", "player_entries"]
