"""The report's what-if chart: for each key action, the failed requests had it been taken
earlier, as played, later or not at all; under it, the team's failed requests on a bar from the
best possible response to no response. One SVG, drawn like the metric charts (matplotlib's
object API on the SVG canvas, fixed hash salt, no date: the same data gives the same SVG)."""

from __future__ import annotations

import io
from typing import TYPE_CHECKING

from simulator.report.model import WhatIfData

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.ticker import FuncFormatter

MAX_BARS = 10
"""Key actions drawn at most (the table lists them all)."""
VARIANTS = (
    ("earlier", "taken earlier", "#2e8540"),
    ("actual", "as played", "#5b6f8a"),
    ("later", "taken later", "#e08a00"),
    ("removed", "not taken", "#b0369d"),
)
ALT_TEXT = (
    "What if: failed requests per key action had it been taken earlier, as played, later or "
    "not at all, and the team's failed requests between the best possible response and none."
)


def render_what_if_svg(data: WhatIfData) -> str:
    from matplotlib import rc_context
    from matplotlib.backends.backend_svg import FigureCanvasSVG
    from matplotlib.figure import Figure

    bars = data.bars[:MAX_BARS]
    height = 1.3 + 0.42 * max(1, len(bars))
    fig = Figure(figsize=(9.0, height), dpi=100)
    FigureCanvasSVG(fig)
    top, bottom = fig.subplots(2, 1, height_ratios=(max(1, len(bars)) * 0.42, 0.9))
    fig.subplots_adjust(left=0.34, right=0.97, top=0.86, bottom=0.12, hspace=0.75)
    _per_action(top, data)
    _scale(bottom, data)
    buffer = io.StringIO()
    with rc_context({"svg.hashsalt": "gameday-report", "svg.fonttype": "none"}):
        fig.savefig(buffer, format="svg", metadata={"Date": None})
    return buffer.getvalue()


def _per_action(ax: Axes, data: WhatIfData) -> None:
    bars = data.bars[:MAX_BARS]
    size = 0.8 / len(VARIANTS)
    for offset, (field, label, colour) in enumerate(VARIANTS):
        ys = [i + (offset - 1.5) * size for i in range(len(bars))]
        values = [getattr(b, field) for b in bars]
        shown = [(y, v) for y, v in zip(ys, values, strict=True) if v is not None]
        ax.barh(
            [y for y, _ in shown],
            [v for _, v in shown],
            height=size,
            color=colour,
            label=label,
        )
    ax.set_yticks(range(len(bars)), [_short(b.label) for b in bars], fontsize=8)
    ax.invert_yaxis()
    ax.set_title("Failed requests per key action", fontsize=10, loc="left", pad=16)
    ax.xaxis.set_major_formatter(_thousands())
    ax.tick_params(axis="x", labelsize=8)
    ax.legend(fontsize=7, ncols=4, loc="lower right", bbox_to_anchor=(1.0, 1.0), frameon=False)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)


def _scale(ax: Axes, data: WhatIfData) -> None:
    worst = data.no_response
    best = data.best if data.best is not None else 0.0
    ax.barh([0], [worst - best], left=best, height=0.5, color="#e8ecf1")
    ax.plot([best], [0], marker="|", markersize=18, color="#2e8540")
    ax.plot([worst], [0], marker="|", markersize=18, color="#d62728")
    ax.plot([data.played], [0], marker="v", markersize=11, color="#1d2330")
    ax.annotate("your response", (data.played, 0.3), ha="center", fontsize=8)
    ax.annotate("best possible", (best, -0.55), ha="left", fontsize=8, color="#2e8540")
    ax.annotate("no response", (worst, -0.55), ha="right", fontsize=8, color="#d62728")
    ax.set_yticks([0], ["perfect → none"], fontsize=8)
    ax.set_ylim(-0.6, 0.8)
    low = min(best, data.played)
    ax.set_xlim(low - 0.05 * (worst - low + 1), max(worst, data.played) * 1.05 + 1)
    ax.xaxis.set_major_formatter(_thousands())
    ax.tick_params(axis="x", labelsize=8)
    ax.set_title("Failed requests: best possible response to no response", fontsize=10, loc="left")
    for side in ("top", "right", "left"):
        ax.spines[side].set_visible(False)


def _thousands() -> FuncFormatter:
    from matplotlib.ticker import FuncFormatter

    return FuncFormatter(lambda value, _pos: f"{value:,.0f}")


def _short(label: str, limit: int = 46) -> str:
    return label if len(label) <= limit else label[: limit - 1] + "…"
