"""Semantic checks: cross-references, uniqueness, times, numeric relations.

Each case edits the valid minimal fixture (`tests/fixtures/minimal.yaml`, lines marked `#N`) and
asserts every message in full. The checks of the `expect` block are in
test_scenario_expect_checks.py, those of injects and text placeholders in
test_scenario_inject_checks.py.
"""

from __future__ import annotations

import pytest
from scenario_text import MINIMAL, MINIMAL_LINES, WITH_EXPECT, check, edit, problems

from simulator.scenario import load_scenario_text
from simulator.scenario.checks import check_scenario
from simulator.scenario.locations import Locations


def test_minimal_fixture_and_expect_block_are_valid() -> None:
    assert MINIMAL_LINES == 83
    load_scenario_text(MINIMAL, "minimal.yaml")
    load_scenario_text(WITH_EXPECT, "minimal.yaml")


def test_check_scenario_on_its_own() -> None:
    # The loader runs check_scenario after validation; it can also run on any Scenario.
    scenario = load_scenario_text(MINIMAL, "m.yaml").scenario
    assert check_scenario(scenario, Locations({}, ""), "m.yaml") == []
    broken = scenario.model_copy(update={"duration": 60.0})
    assert [p.format() for p in check_scenario(broken, Locations({}, ""), "m.yaml")] == [
        "m.yaml:1:1: error: faults[0].at: after the end of the scenario (duration 1m) (got '5m')",
        "m.yaml:1:1: error: injects[0].at: after the end of the scenario (duration 1m) (got '10m')",
        "m.yaml:1:1: error: injects[1].when.after: after the end of the scenario (duration 1m) "
        "(got '8m')",
        "m.yaml:1:1: error: facilitation.hints[0].at: after the end of the scenario "
        "(duration 1m) (got '15m')",
    ]


# ---------------------------------------------------------------- alert expressions


def test_expression_error_points_into_a_plain_scalar() -> None:
    assert check(("[5m]) > 0.05", "[5m]) >> 0.05")) == [
        "minimal.yaml:48:43: error: alerts[0].expr: expected a number or a metric name (got '>')"
    ]


@pytest.mark.parametrize("quote", ['"', "'"])
def test_expression_error_points_into_a_quoted_scalar(quote: str) -> None:
    expr = "avg_over_time(error_ratio[5m]) >> 0.05"
    quoted = f"expr: {quote}{expr}{quote}"
    assert check(("expr: avg_over_time(error_ratio[5m]) > 0.05", quoted)) == [
        "minimal.yaml:48:44: error: alerts[0].expr: expected a number or a metric name (got '>')"
    ]


@pytest.mark.parametrize("indicator", [">-", "|"])
def test_expression_error_points_into_a_block_scalar(indicator: str) -> None:
    lines = MINIMAL.splitlines()
    lines[47] = f"    expr: {indicator}\n      avg_over_time(error_ratio[5m])\n      >> 0.05"
    assert problems("\n".join(lines) + "\n") == [
        "minimal.yaml:50:8: error: alerts[0].expr: expected a number or a metric name (got '>')"
    ]


def test_expression_must_be_a_condition() -> None:
    assert check(("expr: avg_over_time(error_ratio[5m]) > 0.05", "expr: error_ratio * 2")) == [
        "minimal.yaml:48:11: error: alerts[0].expr: expected a comparison such as "
        "'error_ratio > 0.05'"
    ]


def test_unknown_metric_with_suggestion() -> None:
    assert check(("(error_ratio[5m])", "(eror_ratio[5m])")) == [
        "minimal.yaml:48:25: error: alerts[0].expr: unknown metric (got 'eror_ratio'); "
        "did you mean 'error_ratio'?"
    ]


def test_unknown_bare_metric() -> None:
    assert check(("[5m]) > 0.05", "[5m]) > 0.05 or http_errors > 1")) == [
        "minimal.yaml:48:52: error: alerts[0].expr: unknown metric (got 'http_errors')"
    ]


def test_unknown_function_with_suggestion() -> None:
    assert check(("expr: avg_over_time(", "expr: avg_overtime(")) == [
        "minimal.yaml:48:11: error: alerts[0].expr: unknown function 'avg_overtime'; "
        "did you mean 'avg_over_time'?"
    ]


# ---------------------------------------------------------------- alerts


def test_alert_names_are_unique() -> None:
    second = (
        "      summary: Error ratio above 5%\n"
        "  - alert: HighErrorRatio\n"
        "    expr: error_ratio > 0.5\n"
        "    labels: {severity: page}\n"
        "    annotations: {summary: Worse}"
    )
    assert check(("      summary: Error ratio above 5%", second)) == [
        "minimal.yaml:53:12: error: alerts[1].alert: duplicate alert name (first used on line "
        "47) (got 'HighErrorRatio')"
    ]


def test_alert_labels_need_severity() -> None:
    assert check(("labels: {severity: critical}", "labels: {team: db}")) == [
        "minimal.yaml:50:13: error: alerts[0].labels.severity: missing required label"
    ]


# ---------------------------------------------------------------- ids and names


def test_fault_ids_are_unique() -> None:
    second = (
        "        params: {size: 50}\n"
        "  - id: leak\n"
        "    type: traffic_spike\n"
        "    at: 6m\n"
        "    root_cause: A marketing email.\n"
        "    multiplier: 2\n"
        "    fixed_by: [enable_load_shedding]"
    )
    assert check(("        params: {size: 50}", second)) == [
        "minimal.yaml:46:9: error: faults[1].id: duplicate fault id (first used on line 33) "
        "(got 'leak')",
        "minimal.yaml:51:16: error: faults[1].fixed_by[0].action: system action missing from "
        "the scenario's 'actions' list (got 'enable_load_shedding')",
    ]


def test_inject_ids_are_unique() -> None:
    assert check(("  - id: support-ticket", "  - id: vp-asks")) == [
        "minimal.yaml:59:9: error: injects[1].id: duplicate inject id (first used on line 54) "
        "(got 'vp-asks')"
    ]


def test_command_names_are_unique() -> None:
    second = (
        '      - "host {host} ok"\n'
        "  - name: pg_stat_activity\n"
        "    kind: logs\n"
        "    description: Recent logs.\n"
        "    reveals: Pool timeouts."
    )
    assert check(('      - "host {host} ok"', second)) == [
        "minimal.yaml:74:11: error: commands[1].name: duplicate command name (first used on "
        "line 68) (got 'pg_stat_activity')"
    ]


# ---------------------------------------------------------------- action references in faults


def test_fixed_by_param_value() -> None:
    assert check(("params: {target: deploy}", "params: {target: deploi}")) == [
        "minimal.yaml:40:26: error: faults[0].fixed_by[0].params.target: expected one of "
        "'deploy', 'config' (got 'deploi'); did you mean 'deploy'?"
    ]


def test_harmful_unknown_param_points_at_the_key() -> None:
    assert check(("params: {size: 50}", "params: {sise: 50}")) == [
        "minimal.yaml:45:18: error: faults[0].harmful[0].params.sise: unknown parameter "
        "(parameters: size); did you mean 'size'?"
    ]


def test_harmful_param_out_of_range() -> None:
    assert check(("params: {size: 50}", "params: {size: 5000}")) == [
        "minimal.yaml:45:24: error: faults[0].harmful[0].params.size: expected at most 1000 "
        "(got 5000)"
    ]


def test_match_patterns_may_leave_out_required_params() -> None:
    text = edit(("        params: {target: deploy}", "        params: {}"))
    load_scenario_text(text, "m.yaml")


def test_system_action_must_be_enabled_in_the_scenario() -> None:
    assert check(("      - restart_pods", "      - scale")) == [
        "minimal.yaml:42:9: error: faults[0].mitigated_by[0].action: system action missing "
        "from the scenario's 'actions' list (got 'scale')"
    ]


def test_a_claim_must_name_an_action_that_reaches_the_fault() -> None:
    assert check(("      - restart_pods", "      - escalate     ")) == [
        "minimal.yaml:42:9: error: faults[0].mitigated_by[0].action: 'escalate' cannot change a "
        "connection_leak fault: it acts on nothing in the model (a coordination action); the "
        "fault lives in database, pods, pool, release"
    ]


def test_a_fix_must_act_where_the_mechanism_lives() -> None:
    problems = check(
        ("type: connection_leak", "type: dependency_brownout"),
        ("leaked_per_1k_requests: 5", "dependency: payments     "),
        ("      - action: rollback     ", "      - action: restart_pods "),
        ("        params: {target: deploy}", "        params: {}              "),
    )
    assert problems[0] == (
        "minimal.yaml:39:17: error: faults[0].fixed_by[0].action: 'restart_pods' cannot change a "
        "dependency_brownout fault: it acts on capacity, disk, memory, pods, pool; the fault "
        "lives in dependency, flags"
    )


def test_set_feature_flag_needs_a_known_flag() -> None:
    ref = "      - {action: set_feature_flag, params: {flag: new_chekout, enabled: false}}"
    assert check(("      - restart_pods", ref)) == [
        "minimal.yaml:42:51: error: faults[0].mitigated_by[0].params.flag: unknown feature flag "
        "(got 'new_chekout'); did you mean 'new_checkout'?"
    ]


def test_set_rate_limit_needs_a_known_client() -> None:
    ref = "      - {action: set_rate_limit, params: {client: globex, rps: 10}}"
    assert check(("      - restart_pods", ref)) == [
        "minimal.yaml:42:51: error: faults[0].mitigated_by[0].params.client: unknown rate-limit "
        "client (defined in service.rate_limits.clients: acme) (got 'globex')"
    ]


# ---------------------------------------------------------------- fault references


def references_only(problems: list[str]) -> list[str]:
    """The problems about a fault's reference fields (the claims are another test's business)."""
    return [p for p in problems if ".flag:" in p or ".dependency:" in p]


@pytest.mark.parametrize(
    ("fault_type", "fields"),
    [("memory_leak", "mb_per_1k_requests: 5"), ("retry_amplification", "max_attempts: 3")],
)
def test_fault_flag_must_exist(fault_type: str, fields: str) -> None:
    assert references_only(
        check(
            ("type: connection_leak", f"type: {fault_type}"),
            ("leaked_per_1k_requests: 5  ", f"{fields}\n    flag: new_chekout  "),
        )
    ) == [
        "minimal.yaml:38:11: error: faults[0].flag: unknown feature flag (got 'new_chekout'); "
        "did you mean 'new_checkout'?"
    ]


def test_dependency_brownout_dependency_must_exist() -> None:
    assert references_only(
        check(
            ("type: connection_leak", "type: dependency_brownout"),
            ("leaked_per_1k_requests: 5", "dependency: paymnts"),
        )
    ) == [
        "minimal.yaml:37:17: error: faults[0].dependency: unknown dependency (got 'paymnts'); "
        "did you mean 'payments'?"
    ]


def test_config_change_client_must_exist() -> None:
    assert check(
        ("type: connection_leak", "type: config_change"),
        ("leaked_per_1k_requests: 5  ", "setting: rate_limit\n    client: acne\n    value: 10  "),
    ) == [
        "minimal.yaml:38:13: error: faults[0].client: unknown rate-limit client (got 'acne'); "
        "did you mean 'acme'?"
    ]


def test_fault_references_when_nothing_is_defined() -> None:
    assert references_only(
        check(
            ("type: connection_leak", "type: dependency_brownout"),
            ("leaked_per_1k_requests: 5", "dependency: payments"),
            ("  dependencies:", "  dependencies: []"),
            ("    - name: payments", "  # (no dependencies)"),
            ("      latency: 80ms", "  # (no dependencies)"),
        )
    ) == [
        "minimal.yaml:37:17: error: faults[0].dependency: unknown dependency (none defined in "
        "service.dependencies) (got 'payments')"
    ]


# ---------------------------------------------------------------- times within the scenario


def test_times_after_the_end() -> None:
    assert check(
        ("    at: 5m  ", "    at: 31m "),
        ("    at: 10m ", "    at: 1h  "),
        ("      after: 8m", "      after: 45m"),
        ("    - at: 15m", "    - at: 30m1s"),
    ) == [
        "minimal.yaml:35:9: error: faults[0].at: after the end of the scenario (duration 30m) "
        "(got '31m')",
        "minimal.yaml:55:9: error: injects[0].at: after the end of the scenario (duration 30m) "
        "(got '1h')",
        "minimal.yaml:62:14: error: injects[1].when.after: after the end of the scenario "
        "(duration 30m) (got '45m')",
        "minimal.yaml:82:11: error: facilitation.hints[0].at: after the end of the scenario "
        "(duration 30m) (got '30m1s')",
    ]


def test_time_equal_to_the_duration_is_allowed() -> None:
    load_scenario_text(edit(("    - at: 15m", "    - at: 30m")), "m.yaml")


def test_missing_action_by_after_the_end() -> None:
    missing = "      after: 8m\n      missing_action: {action: status_update, by: 40m}"
    assert check(("      after: 8m", missing)) == [
        "minimal.yaml:63:51: error: injects[1].when.missing_action.by: after the end of the "
        "scenario (duration 30m) (got '40m')"
    ]


def test_fault_must_end_within_the_scenario() -> None:
    assert check(("    at: 5m  ", "    at: 5m\n    duration: 26m")) == [
        "minimal.yaml:36:15: error: faults[0].duration: the fault would end at 31m, after the "
        "end of the scenario (duration 30m) (got '26m')"
    ]


def test_tick_must_be_positive() -> None:
    assert check(("duration: 30m", "duration: 30m\ntick: 0")) == [
        "minimal.yaml:9:7: error: tick: expected more than 0 (got '0s')",
    ]


def test_duration_must_be_positive() -> None:
    messages = check(("duration: 30m", "duration: 0s"))
    assert messages[0] == "minimal.yaml:8:11: error: duration: expected more than 0 (got '0s')"
    assert all("after the end of the scenario (duration 0s)" in m for m in messages[1:])


# ---------------------------------------------------------------- paging, rate limits, memory


def test_page_severities_must_not_be_empty() -> None:
    assert problems(MINIMAL + "paging: {page_severities: []}\n") == [
        "minimal.yaml:84:27: error: paging.page_severities: expected at least 1 severity "
        "(got a list)"
    ]


def test_client_shares_must_not_exceed_one() -> None:
    more = "        share: 0.5\n      - name: globex\n        share: 0.6"
    assert check(("        share: 0.5", more)) == [
        "minimal.yaml:30:7: error: service.rate_limits.clients: client shares add up to more "
        "than 1 (got 1.1)"
    ]


def test_client_names_are_unique() -> None:
    more = "        share: 0.5\n      - name: acme\n        share: 0.1"
    assert check(("        share: 0.5", more)) == [
        "minimal.yaml:32:15: error: service.rate_limits.clients[1].name: duplicate client name "
        "(first used on line 30) (got 'acme')"
    ]


def test_memory_baseline_below_limit() -> None:
    assert check(("    baseline_mb: 256", "    baseline_mb: 512")) == [
        "minimal.yaml:21:18: error: service.memory.baseline_mb: expected less than limit_mb "
        "(512) (got 512)"
    ]


# ---------------------------------------------------------------- the actions list


def test_actions_list_holds_system_actions_once() -> None:
    assert check(
        ("  - action: set_feature_flag", "  - action: declare"),
        ("  - action: set_rate_limit", "  - action: rollback"),
    ) == [
        "minimal.yaml:78:13: error: actions[3].action: coordination actions are always allowed; "
        "list only system actions here (got 'declare')",
        "minimal.yaml:79:13: error: actions[4].action: duplicate action (first used on line 75) "
        "(got 'rollback')",
    ]


# ---------------------------------------------------------------- briefing


def test_briefing_is_optional_and_loads() -> None:
    text = edit(
        (
            "summary: A small scenario used by the loader tests.                #5",
            "summary: A small scenario.\nbriefing: {text: 'Tuesday 13:20, you are on call.', "
            "on_call: [You], players: [2, 4]}",
        ),
    )
    briefing = load_scenario_text(text, "minimal.yaml").scenario.briefing
    assert briefing is not None and briefing.players == [2, 4] and briefing.on_call == ["You"]


def test_briefing_team_size_must_be_ordered() -> None:
    assert check(
        (
            "summary: A small scenario used by the loader tests.                #5",
            "summary: A small scenario.\nbriefing: {text: On call., players: [5, 2]}",
        ),
    ) == [
        "minimal.yaml:6:37: error: briefing.players: expected [fewest, most] with fewest <= most "
        "(got '[5, 2]')"
    ]
