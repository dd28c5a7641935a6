"""Hiding abusive entries: the facilitator hides a participant's action entry (a timeline note, a
status update, a status-page message, ...) by its journal id.

A `hide` event is stored in the log (never deleted, never edited: the log keeps what was typed);
players' pages and every report show the entry with its free-text parameters replaced by
`HIDDEN_TEXT`; the facilitator sees the entry marked hidden. Scoring is not changed: the action
was taken, only its words are withheld.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from typing import Any

from simulator.actions import ACTIONS

HIDE = "hide"
HIDDEN_TEXT = "[hidden by the facilitator]"


def free_text_params(action: str) -> tuple[str, ...]:
    """The parameters of an action that hold a participant's own words (text with no choices)."""
    spec = ACTIONS.get(action)
    if spec is None:
        return ()
    return tuple(p.name for p in spec.params if p.type == "str" and not p.choices and not p.refers)


def hideable(entry: Mapping[str, Any]) -> bool:
    """An action entry with some free text in it."""
    if entry.get("kind") != "action" or not entry.get("id"):
        return False
    params = entry.get("params") or {}
    return any(params.get(name) for name in free_text_params(str(entry.get("action", ""))))


def masked(entry: Mapping[str, Any]) -> dict[str, Any]:
    """A copy of the entry with its free text withheld and `hidden: true`."""
    params = dict(entry.get("params") or {})
    for name in free_text_params(str(entry.get("action", ""))):
        if name in params:
            params[name] = HIDDEN_TEXT
    return {**entry, "params": params, "hidden": True}


def mask(entries: Iterable[dict[str, Any]], hidden: Collection[str]) -> list[dict[str, Any]]:
    """The entries with the hidden ones masked (the others as they are, not copied)."""
    if not hidden:
        return list(entries)
    return [masked(e) if e.get("id") in hidden and hideable(e) else e for e in entries]
