"""The after-action report (DESIGN section 8): a blameless postmortem draft built from a journal
and its score, rendered as Markdown, JSON or self-contained HTML.

`build_report(journal)` is pure; the `render_*` functions return text (`render_pdf` bytes);
`write_report` is the one place that touches files (the Markdown charts go beside the .md as SVG
files). Like scoring, the report reads journals only and never imports the engine.

The "What if" section shows a cost of delay computed elsewhere (`simulator.whatif`, which runs
the engine) and passed in as `WhatIfData`.

Modules: `model` (the data), `impact`, `timeline`, `analysis`, `charts`, `whatif_chart`,
`build`, `document` (the layout shared by the renderers), `markdown`, `html`, `jsonout`, `pdf`
(the HTML typeset by WeasyPrint), `plan` (the facilitator's saved action items in place of the
derived ones; `simulator.plan` checks them).
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from simulator.errors import GamedayError
from simulator.metrics import METRIC_NAMES
from simulator.plan import PRIORITIES, STATUSES, PlanItem
from simulator.report.analysis import ADVICE
from simulator.report.build import build_report
from simulator.report.charts import render_svg
from simulator.report.document import format_value
from simulator.report.html import render_html
from simulator.report.jsonout import render_json, report_to_dict
from simulator.report.markdown import WHAT_IF_CHART, render_markdown
from simulator.report.model import SECTIONS, TIMELINE_SOURCES, Report, WhatIfBar, WhatIfData
from simulator.report.pdf import render_pdf
from simulator.report.plan import PLAN_SOURCE, seeded_plan, with_plan
from simulator.report.timeline import build_timeline
from simulator.report.whatif_chart import render_what_if_svg

Format = Literal["md", "json", "html", "pdf"]
FORMATS: tuple[str, ...] = ("md", "json", "html", "pdf")

__all__ = [
    "ADVICE",
    "FORMATS",
    "PLAN_SOURCE",
    "PRIORITIES",
    "SECTIONS",
    "STATUSES",
    "TIMELINE_SOURCES",
    "PlanItem",
    "Report",
    "WhatIfBar",
    "WhatIfData",
    "build_report",
    "build_timeline",
    "format_value",
    "render",
    "render_html",
    "render_json",
    "render_markdown",
    "render_pdf",
    "report_to_dict",
    "seeded_plan",
    "with_plan",
    "write_report",
]


def render(report: Report, fmt: Format) -> str:
    """The report as text in one format; Markdown without charts (they need files). PDF is not
    text: use `render_pdf`."""
    if fmt == "pdf":
        raise ValueError("PDF is binary: use render_pdf(report)")
    if fmt == "json":
        return render_json(report)
    if fmt == "html":
        return render_html(report)
    return render_markdown(report)


def charts_dir_for(path: Path) -> str:
    """`incident.md` keeps its charts in `incident-charts/`."""
    return f"{path.stem}-charts"


def write_report(report: Report, fmt: Format, path: Path, charts_dir: str | None = None) -> None:
    """Write the report to `path`; for Markdown also the chart SVGs into `charts_dir` (relative to
    the report's directory; default `<stem>-charts`)."""
    try:
        if fmt == "pdf":
            path.write_bytes(render_pdf(report))
            return
        if fmt == "md":
            directory = charts_dir or charts_dir_for(path)
            _write_charts(report, path.parent / directory)
            text = render_markdown(report, directory)
        else:
            text = render(report, fmt)
        path.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise GamedayError(f"{path}: cannot write report: {exc.strerror}") from None


def _write_charts(report: Report, directory: Path) -> None:
    directory.mkdir(parents=True, exist_ok=True)
    wanted = {chart.metric for chart in report.charts}
    for name in METRIC_NAMES:  # drop charts of an earlier report that this one does not draw
        stale = directory / f"{name}.svg"
        if name not in wanted and stale.exists():
            stale.unlink()
    what_if = directory / f"{WHAT_IF_CHART}.svg"
    if report.what_if is not None and report.what_if.bars:
        what_if.write_text(render_what_if_svg(report.what_if), encoding="utf-8")
    elif what_if.exists():
        what_if.unlink()
    windows = report.impact.impact_windows
    for chart in report.charts:
        svg = render_svg(chart, report.markers, windows)
        (directory / f"{chart.metric}.svg").write_text(svg, encoding="utf-8")
