"""`gameday calibrate`: players drawn from a scenario's own claims, figures that hold together,
and a result that does not depend on how many worker processes play the runs."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from simulator.calibration import calibrate, grade, load_grades
from simulator.calibration.figures import Outcome, summarise
from simulator.calibration.policies import draw_policies
from simulator.calibration.store import to_json
from simulator.cli import main
from simulator.scenario import load_scenario

SCENARIOS = Path(__file__).parent.parent / "scenarios"
PAIR = ("pool-exhaustion", "crash-loop-missing-env")
RUNS = 5


@pytest.fixture(scope="module")
def pair():
    return [load_scenario(SCENARIOS / f"{name}.yaml") for name in PAIR]


@pytest.fixture(scope="module")
def serial(pair):
    return calibrate(pair, runs=RUNS, seed=3, jobs=1)


def test_two_workers_find_exactly_what_one_finds(pair, serial) -> None:
    assert calibrate(pair, runs=RUNS, seed=3, jobs=2) == serial


def test_figures_hold_together(serial) -> None:
    for c, name in zip(serial, PAIR, strict=True):
        assert c.scenario == name and c.runs == RUNS
        assert 0.0 <= c.recovered_share <= 1.0
        assert list(c.impact_minutes) == sorted(c.impact_minutes)
        assert list(c.failed_requests) == sorted(c.failed_requests)
        assert c.impact_minutes[0] >= 0.0 and c.impact_minutes[2] <= c.duration_minutes
        assert c.grade in {"beginner", "intermediate", "advanced"}
        assert c.authored in {"beginner", "intermediate", "advanced"}
    # every pool-exhaustion run has impact: the leak fills the pools before anyone can act
    assert serial[0].impact_minutes[0] > 0.0


def test_players_only_take_actions_the_scenario_claims_about(pair) -> None:
    for loaded in pair:
        s = loaded.scenario
        claimed = {r.action for f in s.faults for r in (*f.fixed_by, *f.mitigated_by, *f.harmful)}
        players = draw_policies(s, detected_at=600.0, runs=50, seed=1)
        assert players == draw_policies(s, detected_at=600.0, runs=50, seed=1)
        assert players != draw_policies(s, detected_at=600.0, runs=50, seed=2)
        for p in players:
            assert {step.action for step in p.steps} <= claimed
            assert all(step.at < s.duration for step in p.steps)
        assert any(p.harmful for p in players) and any(p.stop_gap for p in players)
        assert any(p.fast_ack for p in players) and not all(p.fast_ack for p in players)


def test_the_grade_rule() -> None:
    assert grade(0.95, 0.2) == "beginner"
    assert grade(0.95, 0.35) == "intermediate"
    assert grade(0.7, 0.2) == "intermediate"
    assert grade(0.5, 0.1) == "advanced"
    assert grade(1.0, 0.6) == "advanced"


def test_delay_cost_is_the_slope_of_impact_on_fix_time() -> None:
    outcomes = [
        Outcome(True, 5.0 + 2.0 * m, 1000.0 * m, float(m), True, False, False) for m in range(10)
    ]
    c = summarise("x", "beginner", 2700.0, outcomes)
    assert c.impact_minutes_per_minute_of_delay == pytest.approx(2.0)
    assert c.failed_requests_per_minute_of_delay == pytest.approx(1000.0)
    assert c.harmful_extra_impact_minutes is None


def test_the_catalogue_reads_the_grades_back(serial, tmp_path) -> None:
    path = tmp_path / "calibration.json"
    path.write_text(to_json(serial, RUNS, 3))
    assert load_grades(path) == {c.scenario: c.grade for c in serial}
    path.write_text("{not json")
    assert load_grades(path) == {}
    assert load_grades(tmp_path / "missing.json") == {}


def test_the_command_writes_json_and_rejects_bad_input(tmp_path, capsys) -> None:
    out = tmp_path / "cal.json"
    args = [str(SCENARIOS / "crash-loop-missing-env.yaml"), "--runs", "2", "--jobs", "1"]
    assert main(["calibrate", *args, "--format", "json", "--output", str(out)]) == 0
    document = json.loads(out.read_text())
    assert document["runs"] == 2 and "crash-loop-missing-env" in document["scenarios"]
    assert main(["calibrate", *args[:1], "--runs", "0"]) == 2
    assert "expected 1 or more, got 0" in capsys.readouterr().err
    assert main(["calibrate", str(tmp_path / "nope.yaml")]) == 2
    assert "no such file or directory" in capsys.readouterr().err


def test_the_catalogue_badge_reads_the_file_beside_the_scenario(serial, tmp_path) -> None:
    from simulator.ui.calibration import measured_badge_text

    scenario = tmp_path / "pool-exhaustion.yaml"
    assert measured_badge_text(scenario, "pool-exhaustion") is None  # not calibrated: no badge
    (tmp_path / "calibration.json").write_text(to_json(serial, RUNS, 3))
    assert measured_badge_text(scenario, "pool-exhaustion") == f"measured: {serial[0].grade}"
    assert measured_badge_text(scenario, "unknown") is None
