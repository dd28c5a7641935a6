"""Rule files, PromQL rendering and the promtool test file, without running Prometheus."""

from __future__ import annotations

import pytest

from simulator.cli import main
from simulator.engine import run_script
from simulator.engine.history import MetricHistory, evaluate
from simulator.prometheus.promql import PromQLError, format_duration, to_promql
from simulator.prometheus.promtool import _runs, evaluation_times, unit_test_file
from simulator.prometheus.rules import literal, rule_file
from simulator.scenario.expr import parse_expr
from tests.conftest import SCENARIO_DIR

POOL = str(SCENARIO_DIR / "pool-exhaustion.yaml")


@pytest.mark.parametrize(
    ("expr", "promql"),
    [
        (
            "avg_over_time(error_ratio[5m]) > 0.05",
            'avg_over_time(gameday_error_ratio{scenario="s"}[5m]) > 0.05',
        ),
        (
            "increase(pod_restarts[15m]) > 2",
            'increase(gameday_pod_restarts_total{scenario="s"}[15m]) > 2.0',
        ),
        (
            "error_rate / request_rate > 0.1 and -latency_p99_ms < -500",
            '((gameday_error_rate{scenario="s"} / gameday_request_rate{scenario="s"}) > 0.1)'
            ' and ((0.0 - gameday_latency_p99_ms{scenario="s"}) < -500.0)',
        ),
        (
            "(error_ratio > 0.1 or pool_utilization > 0.9) and replicas_ready < 3",
            '((gameday_error_ratio{scenario="s"} > 0.1) or '
            '(gameday_pool_utilization{scenario="s"} > 0.9)) and '
            '(gameday_replicas_ready{scenario="s"} < 3.0)',
        ),
    ],
)
def test_expressions_become_promql(expr, promql):
    assert to_promql(parse_expr(expr), "s") == promql


def test_comparing_two_numbers_has_no_promql():
    with pytest.raises(PromQLError, match=r"cannot compare two plain numbers .*\(1.0 > 2.0\)"):
        to_promql(parse_expr("1 > 2"), "s")


@pytest.mark.parametrize(
    ("seconds", "text"), [(90, "90s"), (120, "2m"), (3600, "1h"), (5400, "90m"), (0.5, "500ms")]
)
def test_durations(seconds, text):
    assert format_duration(seconds) == text


def test_division_by_zero_follows_ieee_like_promql():
    history = MetricHistory({"error_rate", "request_rate"}, 1.0)
    history.record({"error_rate": 0.0, "request_rate": 0.0})
    # 0/0 is NaN: neither above nor below any threshold (it used to be +Inf, so "above")
    assert evaluate(parse_expr("error_rate / request_rate > 0.05"), history) == 0.0
    assert evaluate(parse_expr("error_rate / request_rate < 0.05"), history) == 0.0
    history.record({"error_rate": 3.0, "request_rate": 0.0})
    assert evaluate(parse_expr("error_rate / request_rate > 0.05"), history) == 1.0


def test_over_time_windows_include_both_ends_like_prometheus():
    history = MetricHistory({"error_ratio"}, 1.0)
    for value in range(10):
        history.record({"error_ratio": float(value)})
    # [t-3s, t] holds the last four one-second ticks: 6, 7, 8, 9
    assert evaluate(parse_expr("avg_over_time(error_ratio[3s]) == 7.5"), history) == 1.0
    assert evaluate(parse_expr("min_over_time(error_ratio[3s]) == 6"), history) == 1.0
    assert evaluate(parse_expr("increase(error_ratio[3s]) == 3"), history) == 1.0


def test_run_length_values():
    assert list(_runs([1.0, 1.0, 1.0, 2.5, 3.0, 3.0])) == ["1.0+0x2", "2.5", "3.0+0x1"]


def test_template_delimiters_stay_literal():
    assert literal("use {{ $value }}") == 'use {{"{{"}} $value {{"}}"}}'


def test_rule_file_labels_every_rule_as_a_drill(shipped):
    scenario = shipped["pool-exhaustion.yaml"].scenario
    group = rule_file(scenario)["groups"][0]
    assert group["interval"] == "15s"
    assert [r["alert"] for r in group["rules"]] == [a.alert for a in scenario.alerts]
    first = group["rules"][0]
    assert first["for"] == "2m"
    assert first["labels"] == {"severity": "critical", "team": "checkout", "drill": "true"}
    assert first["annotations"]["summary"].startswith("[drill] checkout-api")


def test_unit_test_file_expects_what_the_engine_fired(shipped):
    loaded = shipped["pool-exhaustion.yaml"]
    journal = run_script(loaded, 1)
    data = unit_test_file(loaded.scenario, journal, "x.rules.yml")
    test = data["tests"][0]
    assert data["rule_files"] == ["x.rules.yml"]
    assert test["interval"] == "1s"
    assert test["input_series"][0]["values"].startswith("_x2 ")
    fired = next(journal.of_kind("alert.firing"))
    at_fire = [
        case
        for case in test["alert_rule_test"]
        if case["alertname"] == fired["alert"] and case["eval_time"] == format_duration(fired["t"])
    ]
    assert len(at_fire) == 1 and len(at_fire[0]["exp_alerts"]) == 1
    before = format_duration(fired["t"] - 15)
    assert [
        case["exp_alerts"]
        for case in test["alert_rule_test"]
        if case["alertname"] == fired["alert"] and case["eval_time"] == before
    ] == [[]]
    assert evaluation_times(loaded.scenario, journal)[:2] == [15.0, 30.0]


def test_cli_export_rules(tmp_path):
    rules = tmp_path / "pool.rules.yml"
    assert main(["export-rules", POOL, "--out", str(rules)]) == 0
    assert "alert: CheckoutHighErrorRatio" in rules.read_text()


def test_cli_promtool_test_writes_the_file(tmp_path):
    out = tmp_path / "pool.test.yml"
    assert main(["promtool-test", POOL, "--seed", "2", "--out", str(out)]) == 0
    text = out.read_text()
    assert text.startswith("rule_files:\n- pool-exhaustion.rules.yml\n")
    assert "alert_rule_test:" in text


def test_cli_missing_scenario_is_a_clear_error(capsys):
    assert main(["export-rules", "nope.yaml"]) == 2
    assert "no such file or directory: nope.yaml" in capsys.readouterr().err
    assert main(["promtool-test", "nope.yaml"]) == 2


def test_cli_unwritable_output_is_a_clear_error(tmp_path, capsys):
    assert main(["export-rules", POOL, "--out", str(tmp_path / "no" / "dir.yml")]) == 1
    assert "cannot write the rule file" in capsys.readouterr().err


def test_grafana_dashboard_has_the_live_panels_and_annotations(shipped, tmp_path):
    import json

    from simulator.prometheus.grafana import dashboard
    from simulator.ui.series import default_metrics

    scenario = shipped["memory-leak.yaml"].scenario
    out = tmp_path / "board.json"
    assert (
        main(["grafana-dashboard", str(SCENARIO_DIR / "memory-leak.yaml"), "--out", str(out)]) == 0
    )
    board = json.loads(out.read_text())
    assert board == dashboard(scenario)
    titles = [p["title"] for p in board["panels"]]
    assert len(titles) == len(default_metrics(scenario)) and "Error ratio (%)" in titles
    exprs = [p["targets"][0]["expr"] for p in board["panels"]]
    assert 'gameday_error_ratio{scenario="memory-leak",session=~"$session"}' in exprs
    assert {a["name"] for a in board["annotations"]["list"]} == {"Game alerts", "Player actions"}
    positions = {(p["gridPos"]["x"], p["gridPos"]["y"]) for p in board["panels"]}
    assert len(positions) == len(board["panels"])  # no two panels on top of each other
    assert board["panels"][0]["fieldConfig"]["defaults"]["unit"] == "percentunit"


def test_cli_grafana_dashboard_missing_scenario(capsys):
    assert main(["grafana-dashboard", "nope.yaml"]) == 2
    assert "no such file or directory: nope.yaml" in capsys.readouterr().err
