"""`gameday score` and `gameday report` from the command line."""

from __future__ import annotations

import json

import pytest

from simulator.cli import main
from tests.scoring_helpers import POOL, ideal_journal


@pytest.fixture(scope="module")
def journal_file(tmp_path_factory):
    path = tmp_path_factory.mktemp("journals") / "pool.jsonl"
    ideal_journal(POOL).write(path)
    return path


def test_score_prints_json(journal_file, capsys):
    assert main(["score", str(journal_file)]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["scenario_id"] == "pool-exhaustion"
    assert 0 <= data["total"] <= 100
    assert {r["role"] for r in data["roles"]} == {"ic", "comms_lead", "scribe"}
    assert all(item["explanation"] for item in data["items"])


@pytest.mark.parametrize("fmt", ["md", "json", "html"])
def test_report_to_a_file(journal_file, tmp_path, capsys, fmt):
    out = tmp_path / f"report.{fmt}"
    assert main(["report", str(journal_file), "--format", fmt, "--out", str(out)]) == 0
    assert capsys.readouterr().out == ""
    text = out.read_text()
    assert "Root cause" in text
    if fmt == "md":
        assert (tmp_path / "report-charts" / "error_ratio.svg").exists()
    if fmt == "json":
        assert json.loads(text)["scenario"]["id"] == "pool-exhaustion"
    if fmt == "html":
        assert text.startswith("<!DOCTYPE html>") and "<svg" in text


def test_report_markdown_to_stdout(journal_file, capsys):
    assert main(["report", str(journal_file)]) == 0
    captured = capsys.readouterr()
    assert captured.out.startswith("# After-action report")
    assert "left out" in captured.err


def test_missing_journal_is_a_usage_error(tmp_path, capsys):
    assert main(["score", str(tmp_path / "nope.jsonl")]) == 2
    assert "no such journal file" in capsys.readouterr().err
    assert main(["report", str(tmp_path)]) == 2
    assert "is a directory" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("not json\n", "not JSON"),
        ("", "first line must be the header"),
        ('{"t": 0, "kind": "header"}\n', "no embedded scenario"),
        ('{"t": 0, "kind": "header", "scenario": {"text": "version: 1\\n"}}\n', "invalid"),
    ],
)
@pytest.mark.parametrize("command", ["score", "report"])
def test_bad_journal_is_a_clear_error(tmp_path, capsys, content, message, command):
    bad = tmp_path / "bad.jsonl"
    bad.write_text(content)
    assert main([command, str(bad)]) == 1
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err


def test_unwritable_output_is_a_clear_error(journal_file, tmp_path, capsys):
    out = tmp_path / "missing-dir" / "report.html"
    assert main(["report", str(journal_file), "--format", "html", "--out", str(out)]) == 1
    assert "cannot write report" in capsys.readouterr().err


def test_unknown_format_is_a_usage_error(journal_file, capsys):
    assert main(["report", str(journal_file), "--format", "pdf"]) == 2
