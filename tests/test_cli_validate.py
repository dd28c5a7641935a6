"""The `gameday` command line: `validate`, `scenarios`, usage errors, and the console script."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from scenario_text import MINIMAL, MINIMAL_PATH, edit

from simulator.cli import main


def write(directory: Path, name: str, text: str) -> Path:
    path = directory / name
    path.write_text(text, encoding="utf-8")
    return path


def test_validate_a_valid_file(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", str(MINIMAL_PATH)]) == 0
    assert capsys.readouterr().out == "1 file checked, 0 invalid\n"


def test_validate_prints_every_problem_and_a_summary(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write(tmp_path, "a-good.yaml", MINIMAL)
    bad = write(
        tmp_path,
        "b-bad.yml",
        edit(("difficulty: beginner", "difficulty: hard"), ("    for: 2m", "    fro: 2m")),
    )
    write(tmp_path, "notes.txt", "not a scenario")
    assert main(["validate", str(tmp_path)]) == 1
    captured = capsys.readouterr()
    assert captured.out == (
        f"{bad}:6:13: error: difficulty: expected one of 'beginner', 'intermediate', 'advanced' "
        "(got 'hard')\n"
        f"{bad}:49:5: error: alerts[0].fro: unknown key; did you mean 'for'?\n"
        "2 files checked, 1 invalid\n"
    )
    assert captured.err == ""


def test_validate_files_and_directories_together(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write(tmp_path, "one.yaml", MINIMAL)
    write(tmp_path, "two.yaml", MINIMAL)
    assert main(["validate", str(tmp_path), str(MINIMAL_PATH)]) == 0
    assert capsys.readouterr().out == "3 files checked, 0 invalid\n"


def test_validate_hostile_file_is_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    junk = tmp_path / "junk.yaml"
    junk.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    assert main(["validate", str(junk)]) == 1
    assert capsys.readouterr().out == (
        f"{junk}:3:1: error: binary data (NUL byte); expected UTF-8 YAML text\n"
        "1 file checked, 1 invalid\n"
    )


def test_validate_missing_path_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = tmp_path / "nope.yaml"
    assert main(["validate", str(MINIMAL_PATH), str(missing)]) == 2
    captured = capsys.readouterr()
    assert captured.err == f"gameday: error: no such file or directory: {missing}\n"
    assert captured.out == ""


def test_validate_empty_directory_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["validate", str(tmp_path)]) == 2
    assert capsys.readouterr().err == (
        f"gameday: error: no scenario files (*.yaml, *.yml) in directory: {tmp_path}\n"
    )


def test_validate_needs_a_path(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate"]) == 2
    assert capsys.readouterr().err.endswith(
        "gameday validate: error: the following arguments are required: PATH\n"
    )


def test_unknown_command_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validat"]) == 2
    assert "gameday: error: argument COMMAND: invalid choice: 'validat'" in capsys.readouterr().err


def test_no_command_prints_help(capsys: pytest.CaptureFixture[str]) -> None:
    assert main([]) == 2
    assert "validate" in capsys.readouterr().err


def test_help_exits_zero(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--help"]) == 0
    assert "usage: gameday" in capsys.readouterr().out


def test_scenarios_lists_a_table(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(tmp_path, "minimal.yaml", MINIMAL)
    other = edit(
        ("id: minimal-leak", "id: other"),
        ("title: Minimal connection leak", "title: Another one"),
        ("duration: 30m", "duration: 1h30m"),
        ("severity: SEV2", "severity: SEV1"),
    )
    write(tmp_path, "other.yaml", other)
    assert main(["scenarios", str(tmp_path)]) == 0
    assert capsys.readouterr().out == (
        "ID            TITLE                    SEVERITY  DURATION  DIFFICULTY\n"
        "minimal-leak  Minimal connection leak  SEV2      30m       beginner\n"
        "other         Another one              SEV1      1h30m     beginner\n"
    )


def test_scenarios_points_invalid_files_to_validate(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write(tmp_path, "good.yaml", MINIMAL)
    bad = write(tmp_path, "broken.yaml", "version: [\n")
    assert main(["scenarios", str(tmp_path)]) == 1
    assert capsys.readouterr().out == (
        "ID            TITLE                    SEVERITY  DURATION  DIFFICULTY\n"
        "minimal-leak  Minimal connection leak  SEV2      30m       beginner\n"
        f"invalid: {bad} (see: gameday validate {bad})\n"
    )


def test_scenarios_missing_directory(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["scenarios", str(tmp_path / "nope")]) == 2
    assert capsys.readouterr().err == f"gameday: error: no such directory: {tmp_path / 'nope'}\n"


def test_scenarios_empty_directory(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["scenarios", str(tmp_path)]) == 0
    assert capsys.readouterr().out == f"no scenario files (*.yaml, *.yml) in {tmp_path}\n"


def test_console_script(tmp_path: Path) -> None:
    script = Path(sys.executable).parent / "gameday"
    assert script.exists(), "install the project: .venv/bin/pip install -e '.[test]'"
    bad = write(tmp_path, "bad.yaml", edit(("severity: SEV2", "severity: sev2")))
    result = subprocess.run(
        [str(script), "validate", str(bad)], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 1
    assert result.stdout == (
        f"{bad}:7:11: error: severity: expected one of 'SEV1', 'SEV2', 'SEV3', 'SEV4' "
        "(got 'sev2'); did you mean 'SEV2'?\n"
        "1 file checked, 1 invalid\n"
    )
    assert "Traceback" not in result.stderr
