"""The "did you mean" in error messages."""

from __future__ import annotations

import difflib
from collections.abc import Iterable


def did_you_mean(word: object, candidates: Iterable[object]) -> str | None:
    """The candidate closest to `word`, or None when nothing is close (or `word` is not text)."""
    if not isinstance(word, str):
        return None
    choices = [str(c) for c in candidates]
    matches = difflib.get_close_matches(word, choices, n=1, cutoff=0.6)
    if not matches:
        matches = [c for c in choices if c.lower() == word.lower()]
    return matches[0] if matches else None
