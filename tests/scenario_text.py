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


# Cases that need `expect` append EXPECT to the minimal fixture, from line 84 on.
EXPECT = """\
expect:                                                                           #84
  no_response:                                                                    #85
    alerts_fire:                                                                  #86
      - alert: HighErrorRatio                                                     #87
        between: [5m, 15m]                                                        #88
    alerts_quiet: []                                                              #89
    impact_starts_by: 10m                                                         #90
  ideal_response:                                                                 #91
    actions:                                                                      #92
      - {at: 8m, role: tech_lead, action: investigate, params: {command: pg_stat_activity}}
      - {at: 10m, role: ic, action: rollback, params: {target: deploy}}           #94
    impact_ends_by: 20m                                                           #95
  harmful: {at: 10m}                                                              #96
  stop_gaps: {at: 12m}                                                            #97
"""
WITH_EXPECT = MINIMAL + EXPECT


def check(*edits: tuple[str, str], text: str = MINIMAL) -> list[str]:
    return problems(edit(*edits, text=text))


def expect_check(*edits: tuple[str, str]) -> list[str]:
    return check(*edits, text=WITH_EXPECT)
