"""Loading scenario files: shape problems, actions files, and what a load returns.

Hostile input and YAML-level problems are in test_scenario_hostile_input.py.

Expected messages are complete, with line and column; line numbers refer to the `#N` comments in
`tests/fixtures/minimal.yaml` unless a test builds its own text.
"""

from __future__ import annotations

import dataclasses
import hashlib
from pathlib import Path

import pytest
from scenario_text import MINIMAL, MINIMAL_LINES, MINIMAL_PATH, edit, problems

from simulator.errors import ActionsFileError, ScenarioError
from simulator.scenario import (
    LoadedScenario,
    Scenario,
    load_actions_file,
    load_scenario,
    load_scenario_text,
)
from simulator.scenario.schema import ScriptedAction

# ---------------------------------------------------------------- a valid file


def test_minimal_fixture_loads() -> None:
    loaded = load_scenario(MINIMAL_PATH)
    assert isinstance(loaded, LoadedScenario)
    assert isinstance(loaded.scenario, Scenario)
    assert loaded.scenario.id == "minimal-leak"
    assert loaded.scenario.alerts[0].for_ == 120.0
    assert loaded.filename == str(MINIMAL_PATH)
    assert loaded.text == MINIMAL
    assert loaded.sha256 == hashlib.sha256(MINIMAL.encode("utf-8")).hexdigest()


def test_fixture_line_comments_are_true() -> None:
    for number, line in enumerate(MINIMAL.splitlines(), start=1):
        if "#" in line and number > 1:
            assert line.rstrip().endswith(f"#{number}"), f"line {number}: {line!r}"


def test_loaded_scenario_is_frozen() -> None:
    loaded = load_scenario_text(MINIMAL, "minimal.yaml")
    with pytest.raises(dataclasses.FrozenInstanceError):
        loaded.text = ""  # type: ignore[misc]


def test_action_shorthand_means_action_mapping() -> None:
    scenario = load_scenario_text(MINIMAL, "minimal.yaml").scenario
    assert scenario.faults[0].mitigated_by[0].action == "restart_pods"


def test_anchors_and_merge_keys_work() -> None:
    text = edit(
        ("  - alert: HighErrorRatio", "  - &rule\n    alert: HighErrorRatio"),
        (
            "      summary: Error ratio above 5%",
            "      summary: Error ratio above 5%\n"
            "  - <<: *rule\n"
            "    alert: HighErrorRatioAgain\n"
            "    for: 5m",
        ),
    )
    alerts = load_scenario_text(text, "m.yaml").scenario.alerts
    assert [a.alert for a in alerts] == ["HighErrorRatio", "HighErrorRatioAgain"]
    assert [a.for_ for a in alerts] == [120.0, 300.0]
    assert alerts[1].expr == alerts[0].expr


def test_yaml_keys_stay_text() -> None:
    # `on` would be a boolean in YAML 1.1; as a key it stays the name the author wrote.
    text = edit(("    new_checkout: true", "    on: true"))
    assert load_scenario_text(text, "m.yaml").scenario.service.feature_flags == {"on": True}


def test_byte_order_mark_is_accepted(tmp_path: Path) -> None:
    path = tmp_path / "bom.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + MINIMAL.encode("utf-8"))
    assert load_scenario(path).scenario.id == "minimal-leak"


# ---------------------------------------------------------------- shape problems (pydantic)


def test_unknown_key_points_at_the_key_with_suggestion() -> None:
    assert problems(edit(("    for: 2m", "    fro: 2m"))) == [
        "minimal.yaml:49:5: error: alerts[0].fro: unknown key; did you mean 'for'?"
    ]


def test_unknown_top_level_key() -> None:
    assert problems(edit(("summary: A small", "sumary: A small"))) == [
        "minimal.yaml:2:1: error: summary: missing required key",
        "minimal.yaml:5:1: error: sumary: unknown key; did you mean 'summary'?",
    ]


def test_unknown_key_inside_a_fault_drops_the_union_tag() -> None:
    assert problems(edit(("    leaked_per_1k_requests: 5", "    leaked_per_1k_request: 5"))) == [
        "minimal.yaml:33:5: error: faults[0].leaked_per_1k_requests: missing required key",
        "minimal.yaml:37:5: error: faults[0].leaked_per_1k_request: unknown key; "
        "did you mean 'leaked_per_1k_requests'?",
    ]


def test_unknown_key_without_a_close_match() -> None:
    assert problems(edit(("  hints:", "  zzz:"))) == [
        "minimal.yaml:81:3: error: facilitation.zzz: unknown key"
    ]


def test_missing_key_points_at_the_parent_mapping() -> None:
    text = edit(("    root_cause: A release leaves connections idle in transaction.", "    x: 1"))
    assert problems(text) == [
        "minimal.yaml:33:5: error: faults[0].root_cause: missing required key",
        "minimal.yaml:36:5: error: faults[0].x: unknown key",
    ]


def test_missing_fault_type() -> None:
    assert problems(edit(("    type: connection_leak", "    note: x"))) == [
        "minimal.yaml:33:5: error: faults[0].type: missing required key"
    ]


def test_unknown_fault_type_suggests() -> None:
    from simulator.faults import FAULT_TYPES

    listed = ", ".join(repr(name) for name in FAULT_TYPES)
    assert problems(edit(("type: connection_leak", "type: conection_leak"))) == [
        f"minimal.yaml:34:11: error: faults[0].type: expected one of {listed} "
        "(got 'conection_leak'); did you mean 'connection_leak'?"
    ]


def test_bad_literal_lists_the_choices() -> None:
    assert problems(edit(("difficulty: beginner", "difficulty: hard"))) == [
        "minimal.yaml:6:13: error: difficulty: expected one of 'beginner', 'intermediate', "
        "'advanced' (got 'hard')"
    ]


def test_bad_literal_suggests_other_case() -> None:
    assert problems(edit(("severity: SEV2", "severity: sev2"))) == [
        "minimal.yaml:7:11: error: severity: expected one of 'SEV1', 'SEV2', 'SEV3', 'SEV4' "
        "(got 'sev2'); did you mean 'SEV2'?"
    ]


def test_unsupported_version() -> None:
    assert problems(edit(("version: 1", "version: 2"))) == [
        "minimal.yaml:2:10: error: version: expected 1 (got 2)"
    ]


def test_unknown_action_in_shorthand() -> None:
    assert problems(edit(("      - restart_pods", "      - restart_pod"))) == [
        "minimal.yaml:42:9: error: faults[0].mitigated_by[0].action: unknown action "
        "(got 'restart_pod'); did you mean 'restart_pods'?"
    ]


def test_unknown_action_in_second_list_item() -> None:
    text = edit(
        (
            "        params: {target: deploy}",
            "        params: {target: deploy}\n      - action: rolback",
        )
    )
    assert problems(text) == [
        "minimal.yaml:41:17: error: faults[0].fixed_by[1].action: unknown action "
        "(got 'rolback'); did you mean 'rollback'?"
    ]


def test_action_reference_must_be_name_or_mapping() -> None:
    assert problems(edit(("      - restart_pods", "      - 5"))) == [
        "minimal.yaml:42:9: error: faults[0].mitigated_by[0]: expected an action name or a "
        "mapping such as {action: rollback} (got 5)"
    ]


def test_bad_duration() -> None:
    assert problems(edit(("    for: 2m", "    for: soon"))) == [
        "minimal.yaml:49:10: error: alerts[0].for: expected a duration like '250ms', '90s', "
        "'5m' or '1h30m' (got 'soon')"
    ]


def test_plain_number_is_not_a_duration() -> None:
    assert problems(edit(("  service_time: 50ms", "  service_time: 50"))) == [
        "minimal.yaml:13:17: error: service.service_time: expected a duration like '250ms', "
        "'90s', '5m' or '1h30m' (got 50)"
    ]


def test_zero_is_a_duration() -> None:
    scenario = load_scenario_text(edit(("    for: 2m", "    for: 0")), "m.yaml").scenario
    assert scenario.alerts[0].for_ == 0.0


def test_expected_a_number() -> None:
    assert problems(edit(("    baseline_rps: 100", "    baseline_rps: lots"))) == [
        "minimal.yaml:15:19: error: service.traffic.baseline_rps: expected a number (got 'lots')"
    ]


def test_expected_a_whole_number() -> None:
    assert problems(edit(("  replicas: 3", "  replicas: 2.5"))) == [
        "minimal.yaml:11:13: error: service.replicas: expected a whole number (got 2.5)"
    ]


def test_expected_at_least_one() -> None:
    assert problems(edit(("  replicas: 3", "  replicas: 0"))) == [
        "minimal.yaml:11:13: error: service.replicas: expected at least 1 (got 0)"
    ]


def test_bounds() -> None:
    text = edit(
        ("        share: 0.5", "        share: 1.5"),
        ("    baseline_rps: 100", "    baseline_rps: 0"),
    )
    assert problems(text) == [
        "minimal.yaml:15:19: error: service.traffic.baseline_rps: expected more than 0 (got 0)",
        "minimal.yaml:31:16: error: service.rate_limits.clients[0].share: expected at most 1 "
        "(got 1.5)",
    ]


def test_empty_list_where_one_item_is_needed() -> None:
    head = MINIMAL.splitlines()[:31]  # everything before `faults:` (line 32)
    assert problems("\n".join([*head, "faults: []"]) + "\n") == [
        "minimal.yaml:32:9: error: faults: expected at least 1 item (got a list)"
    ]


def test_identifier_pattern() -> None:
    assert problems(edit(("id: minimal-leak", "id: Minimal Leak"))) == [
        "minimal.yaml:3:5: error: id: expected an identifier: lowercase letters, digits, '_', "
        "'.' and '-', starting with a letter or digit (got 'Minimal Leak')"
    ]


def test_alert_name_pattern() -> None:
    assert problems(edit(("alert: HighErrorRatio  ", "alert: 5xxHigh  "))) == [
        "minimal.yaml:47:12: error: alerts[0].alert: expected an alert name: letters, digits "
        "and '_', not starting with a digit (got '5xxHigh')"
    ]


def test_bad_mapping_key_points_at_the_key() -> None:
    assert problems(edit(("    new_checkout: true", "    New Checkout: maybe"))) == [
        "minimal.yaml:27:5: error: service.feature_flags.New Checkout: expected an identifier: "
        "lowercase letters, digits, '_', '.' and '-', starting with a letter or digit "
        "(got 'New Checkout')",
        "minimal.yaml:27:19: error: service.feature_flags.New Checkout: expected true or false "
        "(got 'maybe')",
    ]


def test_text_given_a_number() -> None:
    assert problems(edit(("title: Minimal connection leak", "title: 1.10"))) == [
        "minimal.yaml:4:8: error: title: expected text; put numbers and true/false in quotes "
        "to keep them as text (got 1.1)"
    ]


def test_expected_a_list_and_a_mapping() -> None:
    text = edit(
        ("  traffic:", "  traffic: 10"),
        ("    baseline_rps: 100", "  # no traffic mapping"),
        ("  dependencies:", "  dependencies: payments"),
        ("    - name: payments", "  # no dependency list"),
        ("      latency: 80ms", "  # no dependency list"),
    )
    assert problems(text) == [
        "minimal.yaml:14:12: error: service.traffic: expected a mapping (got 10)",
        "minimal.yaml:23:17: error: service.dependencies: expected a list (got 'payments')",
    ]


def test_param_value_of_the_wrong_type_is_one_problem() -> None:
    assert problems(edit(("params: {target: deploy}", "params: {target: [deploy]}"))) == [
        "minimal.yaml:40:26: error: faults[0].fixed_by[0].params.target: expected text, "
        "true/false or a number (got a list)"
    ]


def test_every_problem_is_reported_in_file_order() -> None:
    text = edit(
        ("    for: 2m", "    for: soon"),
        ("difficulty: beginner", "difficulty: hard"),
        ("  replicas: 3", "  replicas: 0"),
        ("    fixed_by:", "    fixd_by:"),
    )
    assert [message.split(": error: ")[0] for message in problems(text)] == [
        "minimal.yaml:6:13",
        "minimal.yaml:11:13",
        "minimal.yaml:38:5",
        "minimal.yaml:49:10",
    ]


def test_problems_are_problem_objects() -> None:
    with pytest.raises(ScenarioError) as info:
        load_scenario_text(edit(("severity: SEV2", "severity: sev2")), "m.yaml")
    (problem,) = info.value.problems
    assert (problem.line, problem.column, problem.path, problem.got, problem.suggestion) == (
        7,
        11,
        "severity",
        "sev2",
        "SEV2",
    )


def test_fixture_has_the_lines_the_tests_assume() -> None:
    assert MINIMAL_LINES == 83


# ---------------------------------------------------------------- actions files


@pytest.fixture
def scenario() -> Scenario:
    return load_scenario_text(MINIMAL, "minimal.yaml").scenario


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "actions.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def action_problems(path: Path, scenario: Scenario) -> list[str]:
    with pytest.raises(ActionsFileError) as info:
        load_actions_file(path, scenario)
    return [problem.format() for problem in info.value.problems]


def test_actions_file_loads(tmp_path: Path, scenario: Scenario) -> None:
    path = write(
        tmp_path,
        "- {at: 6m, role: tech_lead, action: investigate, params: {command: pg_stat_activity}}\n"
        "- at: 12m\n"
        "  role: ic\n"
        "  action: rollback\n"
        "  params: {target: deploy}\n"
        "- {at: 30m, role: ic, action: resolve}\n",
    )
    actions = load_actions_file(path, scenario)
    assert all(isinstance(action, ScriptedAction) for action in actions)
    assert [(a.at, a.role, a.action, a.params) for a in actions] == [
        (360.0, "tech_lead", "investigate", {"command": "pg_stat_activity"}),
        (720.0, "ic", "rollback", {"target": "deploy"}),
        (1800.0, "ic", "resolve", {}),
    ]


def test_actions_file_problems(tmp_path: Path, scenario: Scenario) -> None:
    path = write(
        tmp_path,
        "- {at: 31m, role: ic, action: resolve}\n"  # 1
        "- {at: 1m, role: icc, action: rollbak}\n"  # 2
        "- {at: 1m, role: scribe, action: rollback, params: {target: deploi}}\n"  # 3
        "- {at: 1m, role: ic, action: investigate, params: {command: pg_stat}}\n"  # 4
        "- {at: 1m, role: ic, action: scale, params: {replicas: 4}}\n"  # 5
        "- {at: 1m, role: ic, action: set_feature_flag, params: {flag: new_chekout}}\n"  # 6
        "- {at: 1m, role: scribe, action: timeline_note, params: {txt: hi}}\n"  # 7
        "- {at: soon, role: ic, action: acknowledge}\n",  # 8
    )
    assert action_problems(path, scenario) == [
        f"{path}:1:8: error: [0].at: after the end of the scenario (duration 30m) (got '31m')",
        f"{path}:2:18: error: [1].role: expected one of 'facilitator', 'ic', 'comms_lead', "
        "'scribe', 'tech_lead', 'observer', 'evaluator' (got 'icc'); did you mean 'ic'?",
        f"{path}:2:31: error: [1].action: unknown action (got 'rollbak'); did you mean 'rollback'?",
        f"{path}:3:18: error: [2].role: this role may not take 'rollback' (allowed: ic, "
        "tech_lead) (got 'scribe')",
        f"{path}:3:61: error: [2].params.target: expected one of 'deploy', 'config' "
        "(got 'deploi'); did you mean 'deploy'?",
        f"{path}:4:61: error: [3].params.command: unknown command (got 'pg_stat'); "
        "did you mean 'pg_stat_activity'?",
        f"{path}:5:30: error: [4].action: system action missing from the scenario's 'actions' "
        "list (got 'scale')",
        f"{path}:6:56: error: [5].params.enabled: missing required parameter",
        f"{path}:6:63: error: [5].params.flag: unknown feature flag (got 'new_chekout'); "
        "did you mean 'new_checkout'?",
        f"{path}:7:57: error: [6].params.text: missing required parameter",
        f"{path}:7:58: error: [6].params.txt: unknown parameter (parameters: text, tag); "
        "did you mean 'text'?",
        f"{path}:8:8: error: [7].at: expected a duration like '250ms', '90s', '5m' or '1h30m' "
        "(got 'soon')",
    ]


def test_actions_file_must_be_a_list(tmp_path: Path, scenario: Scenario) -> None:
    path = write(tmp_path, "at: 12m\nrole: ic\n")
    assert action_problems(path, scenario) == [
        f"{path}:1:1: error: the top level must be a list of actions such as "
        "'- {at: 12m, role: ic, action: rollback, params: {target: deploy}}' (got a mapping)"
    ]


def test_actions_file_hostile_input(tmp_path: Path, scenario: Scenario) -> None:
    path = write(tmp_path, "- {at: 1m\n")
    assert action_problems(path, scenario) == [
        f"{path}:2:1: error: YAML syntax: expected ',' or '}}', but got '<stream end>'"
    ]
    path.write_bytes(b"- \x00")
    assert action_problems(path, scenario) == [
        f"{path}:1:3: error: binary data (NUL byte); expected UTF-8 YAML text"
    ]
    path.write_text("")
    assert action_problems(path, scenario) == [
        f"{path}:1:1: error: empty document; expected a list of actions"
    ]


def test_unknown_validation_shapes_fall_back_to_the_raw_location() -> None:
    # If the models ever hold a type the loc walk does not know, messages still come out.
    from pydantic import BaseModel, ValidationError

    from simulator.scenario.locations import Locations
    from simulator.scenario.validation import validation_problems

    class Odd(BaseModel):
        value: int

    with pytest.raises(ValidationError) as info:
        Odd.model_validate({"value": "x"})
    (problem,) = validation_problems(info.value, object(), Locations({}, ""), "odd.yaml")
    assert problem.format() == "odd.yaml:1:1: error: value: expected a whole number (got 'x')"
