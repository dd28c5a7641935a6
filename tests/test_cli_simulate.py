"""`gameday simulate`, `gameday check` and `gameday bench` from the command line."""

from __future__ import annotations

import json

from simulator.cli import main
from tests.conftest import SCENARIO_DIR

POOL = str(SCENARIO_DIR / "pool-exhaustion.yaml")


def test_simulate_writes_a_journal_to_stdout(capsys):
    assert main(["simulate", POOL, "--until", "2m", "--seed", "4"]) == 0
    lines = capsys.readouterr().out.splitlines()
    header = json.loads(lines[0])
    assert header["kind"] == "header"
    assert header["seed"] == 4
    assert header["scenario"]["id"] == "pool-exhaustion"
    assert sum(json.loads(line)["kind"] == "metrics" for line in lines) == 120


def test_simulate_out_file_with_actions(tmp_path, capsys):
    actions = tmp_path / "actions.yaml"
    actions.write_text(
        "- {at: 1m, role: ic, action: declare, params: {severity: SEV2, title: checkout}}\n"
        "- {at: 2m, role: ic, action: rollback, params: {target: deploy}}\n"
    )
    out = tmp_path / "journal.jsonl"
    assert (
        main(["simulate", POOL, "--actions", str(actions), "--until", "3m", "--out", str(out)]) == 0
    )
    entries = [json.loads(line) for line in out.read_text().splitlines()]
    taken = [(e["t"], e["action"], e["outcome"]) for e in entries if e["kind"] == "action"]
    assert taken == [(60.0, "declare", "accepted"), (120.0, "rollback", "accepted")]
    assert capsys.readouterr().out == ""


def test_bad_actions_file_gets_located_errors(tmp_path, capsys):
    actions = tmp_path / "actions.yaml"
    actions.write_text(
        "- {at: 12m, role: ic, action: rollbak, params: {target: deploy}}\n"
        "- {at: 2h, role: ic, action: rollback, params: {target: deploy}}\n"
    )
    assert main(["simulate", POOL, "--actions", str(actions)]) == 1
    err = capsys.readouterr().err.splitlines()
    assert err == [
        f"{actions}:1:31: error: [0].action: unknown action (got 'rollbak'); "
        "did you mean 'rollback'?",
        f"{actions}:2:8: error: [1].at: after the end of the scenario (duration 45m) (got '2h')",
    ]


def test_simulate_usage_errors(capsys):
    assert main(["simulate", "no/such.yaml"]) == 2
    assert "no such file or directory: no/such.yaml" in capsys.readouterr().err
    assert main(["simulate", POOL, "--until", "5x"]) == 2
    assert "expected a duration like" in capsys.readouterr().err


def test_check_prints_a_table_and_passes_for_a_shipped_scenario(capsys):
    assert main(["check", POOL]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[0].split() == ["RESULT", "SCENARIO", "CHECK", "EXPECTED", "MEASURED"]
    assert "FAIL" not in out
    assert "0 failed" in out
