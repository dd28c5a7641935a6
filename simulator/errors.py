"""The exception tree. Every error a user can cause is a `GamedayError` with a clear message.

GamedayError                 anything the user can fix; the CLI prints it, never a traceback
├── ScenarioError            a scenario file is invalid; carries every Problem found
├── ActionsFileError         an actions file (YAML list of stamped actions) is invalid
├── ActionRefused            an action was refused (unknown, bad parameters, not allowed)
└── JournalError             a journal file cannot be read
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One problem in an input file, located by line and column (1-based)."""

    file: str
    line: int
    column: int
    path: str
    message: str
    got: object = None
    has_got: bool = False
    suggestion: str | None = None

    def format(self) -> str:
        """`file:line:col: error: path: problem (got value); did you mean 'x'?`"""
        text = f"{self.file}:{self.line}:{self.column}: error: "
        if self.path:
            text += f"{self.path}: "
        text += self.message
        if self.has_got:
            text += f" (got {format_got(self.got)})"
        if self.suggestion is not None:
            text += f"; did you mean '{self.suggestion}'?"
        return text


def format_got(value: object, limit: int = 60) -> str:
    """Show a bad value compactly: strings quoted, long values cut."""
    text = repr(value) if isinstance(value, str) else _plain(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _plain(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return str(value)


class GamedayError(Exception):
    """Base of every error caused by user input."""


class _ProblemsError(GamedayError):
    def __init__(self, problems: list[Problem]) -> None:
        self.problems = list(problems)
        super().__init__("\n".join(p.format() for p in self.problems))


class ScenarioError(_ProblemsError):
    """A scenario file has one or more problems; `problems` lists them in file order."""


class ActionsFileError(_ProblemsError):
    """An actions file has one or more problems."""


class ActionRefused(GamedayError):
    """An action cannot be applied; the message says why."""


class JournalError(GamedayError):
    """A journal cannot be read."""
