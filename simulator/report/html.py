"""A self-contained HTML report: one file, inline CSS and inline SVG charts, no external assets.
Every piece of text is HTML-escaped (participants type free text into notes and updates)."""

from __future__ import annotations

import html
import re
from collections.abc import Iterator

from simulator.report.charts import render_svg, strip_xml_prolog
from simulator.report.clean import printable
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
from simulator.report.whatif_chart import ALT_TEXT, render_what_if_svg

STYLE = """
body{font:15px/1.5 system-ui,-apple-system,"Segoe UI",sans-serif;color:#1d2330;margin:0;
background:#f6f7f9}
main{max-width:1060px;margin:0 auto;padding:24px 32px 64px;background:#fff}
h1{font-size:26px;margin:8px 0 4px}h2{font-size:20px;margin:32px 0 8px;
border-bottom:1px solid #dde1e7;padding-bottom:4px}h3{font-size:16px;margin:18px 0 6px}
.sub{color:#4a5364}.scores{display:flex;gap:12px;flex-wrap:wrap;margin:16px 0}
.card{border:1px solid #dde1e7;border-radius:6px;padding:8px 14px;min-width:120px}
.card b{display:block;font-size:22px}table{border-collapse:collapse;width:100%;font-size:13px;
margin:8px 0}th,td{border:1px solid #dde1e7;padding:4px 6px;text-align:left;vertical-align:top}
th{background:#f0f2f5}code{background:#f0f2f5;padding:0 3px;border-radius:3px}
figure{margin:12px 0}svg{max-width:100%;height:auto}
tr.ground-truth td{background:#fff6f6}tr.comms td{background:#f5f9ff}
tr.scribe td{background:#f7fbf3}
"""

_CODE = re.compile(r"`([^`]+)`")
_ID = re.compile(r'\bid="([^"]+)"')
_HREF = re.compile(r'href="#([^"]+)"')
_URL = re.compile(r"url\(#([^)]+)\)")


def text(value: str) -> str:
    """Escape, then show `code spans` as <code>."""
    return _CODE.sub(r"<code>\1</code>", html.escape(printable(value), quote=True))


def _table(block: Table) -> Iterator[str]:
    yield "<table><thead><tr>"
    yield "".join(f"<th>{text(h)}</th>" for h in block.header)
    yield "</tr></thead><tbody>"
    for row in block.rows:
        css = row[1].replace(" ", "-") if block.header[:2] == ("Time", "Source") else ""
        attr = f' class="{html.escape(css)}"' if css else ""
        yield f"<tr{attr}>" + "".join(f"<td>{text(c)}</td>" for c in row) + "</tr>"
    yield "</tbody></table>"


def scope_ids(svg: str, prefix: str) -> str:
    """Prefix every id in one SVG and the references to them: several charts inline in one page
    must not share ids (matplotlib derives them from the content, so equal axes collide)."""
    svg = _ID.sub(lambda m: f'id="{prefix}{m.group(1)}"', svg)
    svg = _HREF.sub(lambda m: f'href="#{prefix}{m.group(1)}"', svg)
    return _URL.sub(lambda m: f"url(#{prefix}{m.group(1)})", svg)


def _charts(report: Report) -> Iterator[str]:
    windows = report.impact.impact_windows
    for number, chart in enumerate(report.charts, start=1):
        svg = strip_xml_prolog(render_svg(chart, report.markers, windows))
        svg = scope_ids(svg, f"c{number}-")
        yield f'<figure aria-label="{html.escape(chart.title)}">{svg}</figure>'


def _block(block: Block, report: Report) -> Iterator[str]:
    if isinstance(block, Paragraph):
        yield f"<p>{text(block.text)}</p>"
    elif isinstance(block, Bullets):
        yield "<ul>" + "".join(f"<li>{text(i)}</li>" for i in block.items) + "</ul>"
    elif isinstance(block, Table):
        yield from _table(block)
    elif isinstance(block, Subheading):
        yield f"<h3>{text(block.text)}</h3>"
    elif isinstance(block, ChartsBlock):
        yield from _charts(report)
    elif isinstance(block, WhatIfChartBlock) and report.what_if is not None:
        svg = scope_ids(strip_xml_prolog(render_what_if_svg(report.what_if)), "w-")
        yield f'<figure class="what-if" aria-label="{html.escape(ALT_TEXT)}">{svg}</figure>'


def _score_cards(report: Report) -> str:
    cards = [f'<div class="card">Total<b>{report.score.total:.0f}</b></div>']
    cards += [
        f'<div class="card">{html.escape(r.title)}<b>{r.score:.0f}</b></div>'
        for r in report.score.roles
    ]
    return '<div class="scores">' + "".join(cards) + "</div>"


def render_html(report: Report) -> str:
    head = (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{html.escape(title(report))}</title><style>{STYLE}</style></head><body><main>"
    )
    body = [
        f"<h1>{text(title(report))}</h1>",
        f'<p class="sub">{text(subtitle(report))}</p>',
        _score_cards(report),
    ]
    for section in document(report):
        slug = section.title.lower().replace(" ", "-")
        body.append(f'<section id="{slug}"><h2>{html.escape(section.title)}</h2>')
        for block in section.blocks:
            body.extend(_block(block, report))
        body.append("</section>")
    return head + "\n".join(body) + "</main></body></html>\n"
