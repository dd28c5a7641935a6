"""`gameday check` on the command line: the table, the listed failures, seeds, jobs and --only."""

from __future__ import annotations

from pathlib import Path

import pytest

from simulator.cli import main
from simulator.cli.check import parse_seeds

SCENARIOS = Path(__file__).resolve().parents[1] / "scenarios"
POOL_FIX = "    fixed_by:\n      - {action: rollback, params: {target: deploy}}\n"


@pytest.fixture
def non_fix(tmp_path: Path) -> Path:
    """pool-exhaustion with restart_pods (a stop-gap) claimed as a fix."""
    text = (SCENARIOS / "pool-exhaustion.yaml").read_text(encoding="utf-8")
    path = tmp_path / "non-fix.yaml"
    path.write_text(text.replace(POOL_FIX, POOL_FIX + "      - restart_pods\n"), encoding="utf-8")
    return path


def test_a_non_fix_fails_check_and_every_failing_trial_is_listed(
    non_fix: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["check", str(non_fix), "--seeds", "4-5", "--only", "fix:", "--jobs", "2"]) == 1
    out = capsys.readouterr().out
    lines = out.splitlines()
    assert lines[0].split() == ["RESULT", "SCENARIO", "CHECK", "EXPECTED", "MEASURED"]
    row = next(line for line in lines if "fixed_by restart_pods" in line)
    assert row.startswith("FAIL 6/6  pool-exhaustion")  # 3 times x 2 seeds
    assert "PASS      pool-exhaustion  fix: audit-transaction-leak fixed_by rollback" in out
    listed = [line for line in lines if line.startswith("- pool-exhaustion: fix:")]
    assert len(listed) == 6
    assert listed[0].startswith(
        "- pool-exhaustion: fix: audit-transaction-leak fixed_by restart_pods (seed 4, at 4m): "
        "expected impact over for good by 15m (11m after 4m); measured impact lasts to the end"
    )
    assert "failed requests" in listed[0] and "s in breach" in listed[0]
    assert {line.split("(seed ")[1][:1] for line in listed} == {"4", "5"}
    assert lines[-1] == "2 checks, 1 passed, 1 failed (seeds 4, 5)"


def test_only_selects_rows_and_a_passing_check_exits_0(capsys: pytest.CaptureFixture[str]) -> None:
    path = str(SCENARIOS / "rate-limit-misconfig.yaml")
    assert main(["check", path, "--seed", "7", "--only", "set_rate_limit"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert [line.split()[0] for line in lines[1:-2]] == ["PASS"]
    assert "set_rate_limit(client=bigbox-retail, rps=400)" in lines[1]
    assert lines[-1] == "1 checks, 1 passed, 0 failed (seeds 7-9)"


@pytest.mark.parametrize(
    ("text", "seeds"),
    [("1-3", [1, 2, 3]), ("4", [4]), ("1,4, 9", [1, 4, 9]), ("2-3,1", [1, 2, 3])],
)
def test_seed_ranges(text: str, seeds: list[int]) -> None:
    assert parse_seeds(text) == seeds


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--seeds", "5-x"], "argument --seeds: expected seeds like 1-30 or 1,4,9, got '5-x'"),
        (["--seeds", "9-3"], "argument --seeds: empty range '9-3'"),
        (["--seeds", "1-5000"], "argument --seeds: more than 1000 seeds"),
        (["--jobs", "0"], "argument --jobs: expected 1 or more, got 0"),
        (["--jobs", "two"], "argument --jobs: expected a whole number, got 'two'"),
    ],
)
def test_bad_options_are_usage_errors(
    argv: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["check", *argv]) == 2
    assert message in capsys.readouterr().err
