"""The after-action report as PDF: the self-contained HTML report typeset by WeasyPrint, with a
print stylesheet (A4 pages, numbered, charts and table rows never split across pages).

WeasyPrint draws the inline SVG charts itself; nothing is fetched from the network (the HTML has
no external assets, and a URL fetcher that refuses everything makes sure of it).
"""

from __future__ import annotations

from typing import Any, NoReturn

from simulator.errors import GamedayError
from simulator.report.html import render_html
from simulator.report.model import Report

PRINT_STYLE = """
@page { size: A4; margin: 16mm 14mm 18mm;
  @bottom-left { content: string(report-title); font: 8pt sans-serif; color: #6b7385; }
  @bottom-right { content: "page " counter(page) " of " counter(pages);
    font: 8pt sans-serif; color: #6b7385; } }
body { background: #fff; font-size: 10pt; font-family: "DejaVu Sans", sans-serif; }
main { max-width: none; padding: 0; }
h1 { string-set: report-title content(); }
h2, h3 { break-after: avoid; }
figure, .scores, tr { break-inside: avoid; }
table { font-size: 8.5pt; }
"""


def render_pdf(report: Report) -> bytes:
    """The report as PDF bytes."""
    from weasyprint import CSS, HTML

    document = HTML(string=render_html(report), url_fetcher=_no_fetching)
    return document.write_pdf(stylesheets=[CSS(string=PRINT_STYLE)])


def _no_fetching(url: str, *args: Any, **kwargs: Any) -> NoReturn:
    raise GamedayError(f"the PDF report fetches nothing (asked for {url})")
