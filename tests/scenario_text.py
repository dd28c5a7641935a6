"""Helpers for scenario-loading tests: the minimal fixture, edits to it, and the problems found.

`tests/fixtures/minimal.yaml` ends every line with its number (`#N`), so an expected message such as
`minimal.yaml:33:11: ...` can be read against the fixture directly. Edits replace text that occurs
exactly once, so they keep line numbers unless they add lines.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from simulator.errors import ScenarioError
from simulator.scenario import load_scenario_text

FIXTURES = Path(__file__).parent / "fixtures"
MINIMAL_PATH = FIXTURES / "minimal.yaml"
MINIMAL = MINIMAL_PATH.read_text(encoding="utf-8")
MINIMAL_LINES = len(MINIMAL.splitlines())


def edit(*replacements: tuple[str, str], text: str = MINIMAL) -> str:
    """Apply (old, new) replacements; each `old` must occur exactly once."""
    for old, new in replacements:
        assert text.count(old) == 1, f"{old!r} occurs {text.count(old)} times"
        text = text.replace(old, new)
    return text


def problems(text: str, filename: str = "minimal.yaml") -> list[str]:
    """The formatted problems of an invalid scenario text."""
    with pytest.raises(ScenarioError) as info:
        load_scenario_text(text, filename)
    return [problem.format() for problem in info.value.problems]
