"""Markdown rendering. Charts are separate SVG files referenced by relative path; without a
directory for them (output to stdout) the Charts section says they were left out."""

from __future__ import annotations

from collections.abc import Iterator

from simulator.report.clean import markdown_text
from simulator.report.document import (
    Block,
    Bullets,
    ChartsBlock,
    Paragraph,
    Subheading,
    Table,
    WhatIfChartBlock,
    document,
    subtitle,
    title,
)
from simulator.report.model import Report
from simulator.report.whatif_chart import ALT_TEXT

CHARTS_OMITTED = (
    "Charts are left out when the report is written to standard output; use "
    "`--out FILE.md` (charts as SVG files beside it) or `--format html`."
)


def escape(text: str) -> str:
    """Participants' text rendered literally: no live Markdown, links or HTML, no control
    characters (`clean.markdown_text`)."""
    return markdown_text(text)


def cell(text: str) -> str:
    return escape(text) or " "  # `|` is escaped too: a cell cannot break the table


WHAT_IF_CHART = "what-if"
"""The what-if chart's file name (without `.svg`) among the chart files."""


def chart_path(charts_dir: str, metric: str) -> str:
    return f"{charts_dir}/{metric}.svg"


def _table(block: Table) -> Iterator[str]:
    yield "| " + " | ".join(cell(h) for h in block.header) + " |"
    yield "|" + "|".join("---" for _ in block.header) + "|"
    for row in block.rows:
        yield "| " + " | ".join(cell(c) for c in row) + " |"


def _charts(report: Report, charts_dir: str | None) -> Iterator[str]:
    if charts_dir is None:
        yield f"_{CHARTS_OMITTED}_"
        return
    for chart in report.charts:
        alt = escape(chart.title)
        yield f"![{alt}]({chart_path(charts_dir, chart.metric)})"
        yield ""


def _block(block: Block, report: Report, charts_dir: str | None) -> Iterator[str]:
    if isinstance(block, Paragraph):
        yield escape(block.text)
    elif isinstance(block, Bullets):
        yield from (f"- {escape(item)}" for item in block.items)
    elif isinstance(block, Table):
        yield from _table(block)
    elif isinstance(block, Subheading):
        yield f"### {escape(block.text)}"
    elif isinstance(block, ChartsBlock):
        yield from _charts(report, charts_dir)
    elif isinstance(block, WhatIfChartBlock) and charts_dir is not None:
        yield f"![{escape(ALT_TEXT)}]({chart_path(charts_dir, WHAT_IF_CHART)})"


def render_markdown(report: Report, charts_dir: str | None = None) -> str:
    """The report as Markdown. `charts_dir` is the relative directory the chart SVGs are (or will
    be) written to; None leaves the charts out."""
    lines = [f"# {escape(title(report))}", "", escape(subtitle(report)), ""]
    for section in document(report):
        lines += [f"## {section.title}", ""]
        for block in section.blocks:
            lines += [*_block(block, report, charts_dir), ""]
    return "\n".join(lines).rstrip() + "\n"
