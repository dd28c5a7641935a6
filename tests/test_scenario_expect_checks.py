"""Semantic checks of a scenario's `expect` block (its self-test): alert names, times, order,
the ideal response's actions and roles, and the unions in `stop_gaps`.

Each case edits the minimal fixture with EXPECT appended (lines marked `#N`, EXPECT from line 84)
and asserts every message in full.
"""

from __future__ import annotations

import pytest
from scenario_text import MINIMAL, WITH_EXPECT, edit, expect_check, problems

from simulator.scenario import load_scenario_text
from simulator.scenario.loader import load_actions_text

# ---------------------------------------------------------------- expect


def test_expect_alert_names_must_exist() -> None:
    assert expect_check(
        ("      - alert: HighErrorRatio", "      - alert: HighErrorRate"),
        ("    alerts_quiet: []", "    alerts_quiet: [Nope]"),
    ) == [
        "minimal.yaml:87:16: error: expect.no_response.alerts_fire[0].alert: unknown alert "
        "(got 'HighErrorRate'); did you mean 'HighErrorRatio'?",
        "minimal.yaml:89:20: error: expect.no_response.alerts_quiet[0]: unknown alert "
        "(defined in alerts: HighErrorRatio) (got 'Nope')",
    ]


def test_expect_times_after_the_end() -> None:
    text = edit(
        ("between: [5m, 15m]", "between: [5m, 35m]"),
        ("impact_starts_by: 10m", "impact_starts_by: 31m"),
        ("impact_ends_by: 20m ", "impact_ends_by: 40m "),
        ("harmful: {at: 10m}", "harmful: {at: 50m}"),
        ("stop_gaps: {at: 12m}", "stop_gaps: {at: 1h} "),
        text=WITH_EXPECT,
    )
    assert problems(text) == [
        "minimal.yaml:88:23: error: expect.no_response.alerts_fire[0].between[1]: after the end "
        "of the scenario (duration 30m) (got '35m')",
        "minimal.yaml:90:23: error: expect.no_response.impact_starts_by: after the end of the "
        "scenario (duration 30m) (got '31m')",
        "minimal.yaml:95:21: error: expect.ideal_response.impact_ends_by: after the end of the "
        "scenario (duration 30m) (got '40m')",
        "minimal.yaml:96:17: error: expect.harmful.at: after the end of the scenario (duration "
        "30m) (got '50m')",
        "minimal.yaml:97:19: error: expect.stop_gaps.at: after the end of the scenario (duration "
        "30m) (got '1h')",
    ]


def test_expect_time_order() -> None:
    assert expect_check(
        ("between: [5m, 15m]", "between: [15m, 5m]"),
        ("impact_ends_by: 20m", "impact_ends_by: 20m\n    impact_ends_after: 25m"),
    ) == [
        "minimal.yaml:88:18: error: expect.no_response.alerts_fire[0].between: expected the "
        "first time to be at or before the second (got a list)",
        "minimal.yaml:96:24: error: expect.ideal_response.impact_ends_after: expected at or "
        "before impact_ends_by (20m) (got '25m')",
    ]


def test_ideal_response_actions_are_checked() -> None:
    assert expect_check(
        ("{at: 8m, role: tech_lead,", "{at: 31m, role: scribe,"),
        ("{command: pg_stat_activity}", "{command: pg_stat}"),
        ("role: ic, action: rollback, params: {target: deploy}", "role: ic, action: rollback"),
    ) == [
        "minimal.yaml:93:14: error: expect.ideal_response.actions[0].at: after the end of the "
        "scenario (duration 30m) (got '31m')",
        "minimal.yaml:93:72: error: expect.ideal_response.actions[0].params.command: unknown "
        "command (got 'pg_stat'); did you mean 'pg_stat_activity'?",
        "minimal.yaml:94:9: error: expect.ideal_response.actions[1].params.target: missing "
        "required parameter",
    ]


def test_ideal_response_role_may_take_the_action() -> None:
    assert expect_check(("{at: 8m, role: tech_lead,", "{at: 8m, role: observer, ")) == [
        "minimal.yaml:93:24: error: expect.ideal_response.actions[0].role: this role may not "
        "take 'investigate' (allowed: ic, comms_lead, scribe, tech_lead) (got 'observer')"
    ]


def test_ideal_response_role_must_exist() -> None:
    assert expect_check(("{at: 10m, role: ic,", "{at: 10m, role: cto,")) == [
        "minimal.yaml:94:25: error: expect.ideal_response.actions[1].role: expected one of "
        "'facilitator', 'ic', 'comms_lead', 'scribe', 'tech_lead', 'observer', "
        "'evaluator' (got 'cto')"
    ]


def test_ideal_response_system_actions_must_be_enabled() -> None:
    assert expect_check(
        ("action: rollback, params: {target: deploy}}", "action: scale, params: {replicas: 0}}")
    ) == [
        "minimal.yaml:94:37: error: expect.ideal_response.actions[1].action: system action "
        "missing from the scenario's 'actions' list (got 'scale')",
        "minimal.yaml:94:63: error: expect.ideal_response.actions[1].params.replicas: expected "
        "at least 1 (got 0)",
    ]


def test_actions_text_uses_the_same_checks() -> None:
    scenario = load_scenario_text(MINIMAL, "minimal.yaml").scenario
    actions = load_actions_text("- {at: 1m, role: ic, action: acknowledge}\n", "a.yaml", scenario)
    assert [action.action for action in actions] == ["acknowledge"]


# ---------------------------------------------------------------- unions in expect


@pytest.mark.parametrize(
    ("relapses", "expected"),
    [
        (
            "5",
            "minimal.yaml:97:34: error: expect.stop_gaps.relapses: expected true/false or a "
            "list (got 5)",
        ),
        (
            "[rollbak]",
            "minimal.yaml:97:35: error: expect.stop_gaps.relapses[0]: unknown action "
            "(got 'rollbak'); did you mean 'rollback'?",
        ),
    ],
)
def test_union_of_bool_and_list(relapses: str, expected: str) -> None:
    assert expect_check(
        ("stop_gaps: {at: 12m}", f"stop_gaps: {{at: 12m, relapses: {relapses}}}")
    ) == [expected]


def test_a_fault_without_duration_needs_a_fix() -> None:
    without_fix = (
        "    fixed_by:                                                      #38\n"
        "      - action: rollback                                           #39\n"
        "        params: {target: deploy}                                   #40\n"
    )
    text = edit((without_fix, "    fixed_by: []  #38\n  #39\n  #40\n"))
    assert problems(text) == [
        "minimal.yaml:33:5: error: faults[0].fixed_by: a fault without a duration needs at least "
        "one fixed_by action"
    ]
