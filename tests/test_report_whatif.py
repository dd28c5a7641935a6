"""The report's "What if" section (issue 14, item 1): the cost-of-delay sentences, a chart per
key action and the team's mark between the best possible response and none, in Markdown, HTML,
JSON and PDF; `--no-whatif` leaves it out; the runs are kept in the what-if cache by journal
hash, so the debrief and the report compute them once."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from simulator.cli import main
from simulator.engine import run_script
from simulator.journal import Journal, read_journal
from simulator.report import build_report, render
from simulator.scenario import load_scenario
from simulator.whatif import cached_what_if, report_data, stored_what_if, what_if
from simulator.whatif.cache import journal_key
from tests.conftest import ROOT, SCENARIO_DIR
from tests.pdf_pages import colour_ratio, pdf_text, render_pages
from tests.test_whatif import slow_team

POOL = SCENARIO_DIR / "pool-exhaustion.yaml"
LOOK = ROOT / "test-artifacts" / "pdf-whatif"  # git-ignored: the rendered pages, to look at


@pytest.fixture(scope="module")
def journal_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A team that acted right but four minutes late: every key action has somewhere to move."""
    loaded = load_scenario(POOL)
    path = tmp_path_factory.mktemp("whatif-report") / "slow.jsonl"
    run_script(loaded, 2, slow_team(loaded)).write(path)
    return path


@pytest.fixture(scope="module")
def expected(journal_file: Path):
    """The what-if computed afresh (not from the cache)."""
    return what_if(read_journal(journal_file), jobs=1)


def _section(markdown: str) -> str:
    found = re.search(r"^## What if\n(.*?)^## ", markdown, re.S | re.M)
    assert found, "no What if section"
    return found.group(1)


def test_markdown_has_the_sentences_the_table_and_the_chart(journal_file, expected, tmp_path):
    out = tmp_path / "report.md"
    assert main(["report", str(journal_file), "--out", str(out), "--jobs", "1"]) == 0
    section = _section(out.read_text(encoding="utf-8"))
    assert expected.findings
    for finding in expected.findings:
        assert finding.sentence in " ".join(section.split())
    assert f"Your response: {round(expected.played.failed_requests):,} failed requests" in section
    assert "| Key action (failed requests) | Earlier | As played | Later | Removed |" in section
    assert "![What if:" in section and "(report-charts/what-if.svg)" in section
    svg = (tmp_path / "report-charts" / "what-if.svg").read_text(encoding="utf-8")
    assert svg.lstrip().startswith("<?xml") and "Failed requests per key action" in svg
    assert "your response" in svg


def test_no_whatif_leaves_it_out(journal_file, tmp_path):
    out = tmp_path / "report.md"
    (tmp_path / "report-charts").mkdir()
    (tmp_path / "report-charts" / "what-if.svg").write_text("stale", encoding="utf-8")
    assert main(["report", str(journal_file), "--out", str(out), "--no-whatif"]) == 0
    section = _section(out.read_text(encoding="utf-8"))
    assert "The what-if runs are not in this report" in section
    assert not (tmp_path / "report-charts" / "what-if.svg").exists()


def test_html_draws_the_chart_inline(journal_file, expected, tmp_path):
    out = tmp_path / "report.html"
    assert main(["report", str(journal_file), "--format", "html", "--out", str(out)]) == 0
    page = out.read_text(encoding="utf-8")
    section = page[page.index('<section id="what-if">') :]
    section = section[: section.index("</section>")]
    figure = re.search(
        r'<figure class="what-if" aria-label="What if:[^"]*">(.*?)</figure>', section, re.S
    )
    assert figure and "<svg" in figure.group(1) and "<rect" in figure.group(1)
    assert 'id="w-' in figure.group(1)  # its ids scoped apart from the metric charts'
    for finding in expected.findings:
        assert finding.sentence.replace("'", "&#x27;") in section


def test_json_carries_the_figures(journal_file, expected, capsys):
    assert main(["report", str(journal_file), "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)["what_if"]
    assert data["sentences"] == [f.sentence for f in expected.findings]
    assert data["played"] == pytest.approx(expected.played.failed_requests, abs=1e-3)
    keys = [b["label"].split(":")[0] for b in data["bars"]]
    assert keys[:3] == ["acknowledge", "declare", "fix"]


@pytest.mark.slow
def test_pdf_page_shows_the_section_and_its_chart(journal_file, expected, tmp_path):
    out = tmp_path / "report.pdf"
    assert main(["report", str(journal_file), "--format", "pdf", "--out", str(out)]) == 0
    text = " ".join(pdf_text(out).split())
    assert "What if" in text and "Failed requests per key action" in text
    assert "You closed" in text or expected.standing is None
    pages = render_pages(out, tmp_path / "pages", dpi=80)
    page_texts = [" ".join(pdf_text_of_page(out, n).split()) for n in range(1, len(pages) + 1)]
    index = next(i for i, t in enumerate(page_texts) if "Failed requests per key action" in t)
    assert colour_ratio(pages[index]) > 0.002, "the what-if chart's bars are not drawn"
    shutil.rmtree(LOOK, ignore_errors=True)
    shutil.copytree(tmp_path / "pages", LOOK)


def pdf_text_of_page(pdf: Path, number: int) -> str:
    import subprocess

    from tests.system_tools import require_tool

    result = subprocess.run(
        [require_tool("pdftotext"), "-f", str(number), "-l", str(number), str(pdf), "-"],
        check=True,
        capture_output=True,
        text=True,
        timeout=60,
    )
    return result.stdout


def test_the_runs_are_cached_by_journal(journal_file, expected, tmp_path):
    journal = read_journal(journal_file)
    assert stored_what_if(journal, tmp_path) is None
    first = cached_what_if(journal, 1, directory=tmp_path)
    assert first.to_dict() == expected.to_dict()
    stored = tmp_path / f"{journal_key(journal)}.json"
    assert stored.exists()
    assert stored_what_if(journal, tmp_path) == first
    # A second call reads the file: what it holds is what comes back (no run).
    data = json.loads(stored.read_text(encoding="utf-8"))
    data["findings"][0]["sentence"] = "read from the cache"
    stored.write_text(json.dumps(data), encoding="utf-8")
    assert cached_what_if(journal, 1, directory=tmp_path).findings[0].sentence == (
        "read from the cache"
    )
    # Another journal (one more action) has another key; a torn file is a miss, not an error.
    other = Journal([*journal.entries[:-1], {**journal.entries[-1], "extra": 1}])
    assert journal_key(other) != journal_key(journal)
    stored.write_text("{not json", encoding="utf-8")
    assert stored_what_if(journal, tmp_path) is None


def test_report_data_groups_each_key_actions_variants(expected):
    data = report_data(expected)
    assert data.sentences == tuple(f.sentence for f in expected.findings)
    assert len(data.bars) == len({(f.key, f.action, f.taken_at) for f in expected.findings})
    fix = next(b for b in data.bars if b.label.startswith("fix:"))
    moved = next(f for f in expected.findings if f.key == "fix" and f.change == "earlier")
    assert fix.earlier == moved.cost.failed_requests
    assert fix.actual == expected.played.failed_requests


def test_the_section_renders_without_findings(journal_file):
    """A run where nothing was done: the section says so, with the scale."""
    loaded = load_scenario(POOL)
    idle = run_script(loaded, 2, [])
    data = report_data(what_if(idle, jobs=1))
    text = render(build_report(idle, what_if=data), "md")
    section = _section(text)
    assert "No key action to move" in section and "Your response:" in section


def test_a_journal_the_what_if_cannot_run_still_gets_its_report(journal_file, tmp_path, capsys):
    lines = journal_file.read_text(encoding="utf-8").splitlines(keepends=True)
    header = json.loads(lines[0])
    del header["seed"]
    bad = tmp_path / "no-seed.jsonl"
    bad.write_text(json.dumps(header) + "\n" + "".join(lines[1:]), encoding="utf-8")
    out = tmp_path / "report.md"
    assert main(["report", str(bad), "--out", str(out)]) == 0
    err = capsys.readouterr().err
    assert "the What if section is left out: journal header: seed" in err
    assert "Traceback" not in err
    assert "The what-if runs are not in this report" in _section(out.read_text(encoding="utf-8"))
