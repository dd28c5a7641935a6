"""Checking scenario text as it is typed, marking problems on their lines, applying a fix.

`check_text` runs exactly what `gameday validate` runs (the loader: text checks, YAML, schema,
semantic checks) and returns the located `Problem`s instead of raising. `marked_listing` is the
text with line numbers and, under each line with a problem, a caret at its column and the message,
as a compiler prints it. `apply_suggestion` replaces the bad value a problem points at with its
"did you mean" suggestion.
"""

from __future__ import annotations

from dataclasses import dataclass

from simulator.errors import Problem, ScenarioError
from simulator.scenario import LoadedScenario, load_scenario_text

MARK = ">>"


@dataclass(frozen=True)
class Checked:
    """The result of checking one text: the scenario when valid, else every problem."""

    loaded: LoadedScenario | None
    problems: tuple[Problem, ...]

    @property
    def valid(self) -> bool:
        return self.loaded is not None


def check_text(text: str, filename: str = "studio.yaml") -> Checked:
    """Validate `text` as `gameday validate` would a file of that name."""
    try:
        return Checked(load_scenario_text(text, filename), ())
    except ScenarioError as exc:
        return Checked(None, tuple(exc.problems))


def problem_lines(problems: tuple[Problem, ...]) -> dict[int, list[Problem]]:
    """Problems by line number, in file order."""
    by_line: dict[int, list[Problem]] = {}
    for problem in problems:
        by_line.setdefault(problem.line, []).append(problem)
    return by_line


def marked_listing(text: str, problems: tuple[Problem, ...], context: int | None = None) -> str:
    """`text` with line numbers; lines with a problem start with `>>` and are followed by a caret
    under the problem's column and its message. With `context`, only the lines within that many
    lines of a problem are shown, gaps as `...`."""
    lines = text.splitlines() or [""]
    by_line = problem_lines(problems)
    width = len(str(max(len(lines), *by_line))) if by_line else len(str(len(lines)))
    shown = _shown(len(lines), by_line, context)
    out: list[str] = []
    for number, line in enumerate(lines, start=1):
        if number not in shown:
            if number - 1 in shown:
                out.append("   ...")
            continue
        flag = MARK if number in by_line else "  "
        out.append(f"{flag} {number:>{width}} | {line}")
        for problem in by_line.get(number, []):
            out.append(_caret(width, problem))
    for number in sorted(n for n in by_line if n > len(lines)):  # at the very end of the text
        out += [f"{MARK} {number:>{width}} |", *(_caret(width, p) for p in by_line[number])]
    return "\n".join(out)


def _shown(count: int, by_line: dict[int, list[Problem]], context: int | None) -> set[int]:
    if context is None:
        return set(range(1, count + 1))
    return {n for line in by_line for n in range(line - context, line + context + 1)}


def _caret(width: int, problem: Problem) -> str:
    pad = " " * (max(problem.column, 1) - 1)
    return f"   {' ' * width} | {pad}^ {_message(problem)}"


def _message(problem: Problem) -> str:
    """The formatted problem without its `file:line:col: ` prefix."""
    return problem.format().split(": ", 1)[1]


def apply_suggestion(text: str, problem: Problem) -> str | None:
    """`text` with the bad value at the problem's line (from its column on) replaced by the
    suggestion; None when the problem has no suggestion or the value is not on that line."""
    bad = _bad_word(problem)
    if problem.suggestion is None or not bad:
        return None
    lines = text.splitlines(keepends=True)
    if not 1 <= problem.line <= len(lines):
        return None
    line = lines[problem.line - 1]
    start = line.find(bad, max(problem.column - 1, 0))
    if start < 0:
        start = line.find(bad)
    if start < 0:
        return None
    lines[problem.line - 1] = line[:start] + problem.suggestion + line[start + len(bad) :]
    return "".join(lines)


def _bad_word(problem: Problem) -> str:
    """The text the suggestion replaces: the bad value, or for an unknown key the key itself
    (the last part of the problem's path)."""
    if problem.has_got:
        return problem.got if isinstance(problem.got, str) else ""
    return problem.path.rsplit(".", 1)[-1].split("[", 1)[0]
