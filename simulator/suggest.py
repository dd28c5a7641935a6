"""The "did you mean" of every error message: one rule for the scenario validator, the
expression parser, the action desk and the session checks."""

from __future__ import annotations

import difflib
from collections.abc import Iterable


def did_you_mean(word: object, candidates: Iterable[object]) -> str | None:
    """The candidate closest to `word`, or None when nothing is close (or `word` is not text).
    A candidate that differs only in case counts as close."""
    if not isinstance(word, str):
        return None
    choices = [str(c) for c in candidates]
    matches = difflib.get_close_matches(word, choices, n=1, cutoff=0.6)
    if not matches:
        matches = [c for c in choices if c.lower() == word.lower()]
    return matches[0] if matches else None


def did_you_mean_text(word: object, candidates: Iterable[object]) -> str:
    """`; did you mean 'x'?` to append to a message, or nothing."""
    close = did_you_mean(word, candidates)
    return f"; did you mean '{close}'?" if close else ""
