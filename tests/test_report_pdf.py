"""`gameday report --format pdf`: the after-action report as a PDF with its charts, rendered to
PNG pages (poppler's pdftoppm) and read back as text (pdftotext)."""

from __future__ import annotations

import shutil

import pytest

from simulator.cli import main
from simulator.report import build_report, render_pdf
from tests.conftest import ROOT, SCENARIO_DIR
from tests.pdf_pages import colour_ratio, ink_ratio, pdf_text, render_pages

pytestmark = pytest.mark.slow

POOL = str(SCENARIO_DIR / "pool-exhaustion.yaml")
LOOK = ROOT / "test-artifacts" / "pdf"  # git-ignored: the rendered pages, to look at


@pytest.fixture(scope="module")
def journal_file(tmp_path_factory):
    path = tmp_path_factory.mktemp("pdf") / "pool.jsonl"
    assert main(["simulate", POOL, "--seed", "1", "--out", str(path)]) == 0
    return path


def test_report_format_pdf_renders_pages_with_text_and_charts(journal_file, tmp_path):
    out = tmp_path / "report.pdf"
    assert main(["report", str(journal_file), "--format", "pdf", "--out", str(out)]) == 0
    assert out.read_bytes().startswith(b"%PDF-")
    text = pdf_text(out)
    assert "After-action report: Checkout errors climbing" in text
    for section in ("Summary", "Timeline", "Detection", "Charts", "Action items"):
        assert section in text, section
    assert "page 1 of" in text  # the print stylesheet's footer
    pages = render_pages(out, tmp_path / "pages")
    assert len(pages) >= 4
    assert all(ink_ratio(page) > 0.005 for page in pages), "a blank page"
    # the charts are drawn: their coloured lines and impact shading are on the last pages only
    colour = [colour_ratio(page) for page in pages]
    assert max(colour[-2:]) > 0.005, colour
    assert max(colour[:3]) < 0.001, colour
    shutil.rmtree(LOOK, ignore_errors=True)
    shutil.copytree(tmp_path / "pages", LOOK)


def test_pdf_without_out_is_a_usage_error(journal_file, capsys):
    assert main(["report", str(journal_file), "--format", "pdf"]) == 2
    assert "--format pdf writes a binary file: name it with --out FILE" in capsys.readouterr().err


def test_render_pdf_is_bytes_of_a_pdf(journal_file):
    from simulator.journal import read_journal

    report = build_report(read_journal(journal_file))
    assert render_pdf(report)[:5] == b"%PDF-"
