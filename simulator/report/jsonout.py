"""The machine-readable report: score, timeline and findings as JSON (chart series left out:
they are in the journal)."""

from __future__ import annotations

import json
from dataclasses import asdict
from typing import Any

from simulator.report.clean import printable
from simulator.report.model import Report
from simulator.scoring import score_to_dict

REPORT_FORMAT = 1


def report_to_dict(report: Report) -> dict[str, Any]:
    impact = {**asdict(report.impact), "failed": report.impact.failed}
    return {
        "format": REPORT_FORMAT,
        "scenario": {
            "id": report.scenario_id,
            "title": report.scenario_title,
            "service": report.service,
            "seed": report.seed,
        },
        "summary": report.summary,
        "date": report.date,
        "starts_at": report.starts_at,
        "attendees": [asdict(a) for a in report.attendees],
        "note_links": [asdict(n) for n in report.note_links],
        "contributing_factors": list(report.contributing_factors),
        "five_whys": [list(pair) for pair in report.five_whys],
        "lessons": list(report.lessons),
        "durations": asdict(report.durations),
        "severity": asdict(report.severity),
        "impact": impact,
        "score": score_to_dict(report.score),
        "timeline": [asdict(e) for e in report.timeline],
        "root_causes": [asdict(c) for c in report.root_causes],
        "analysis": {a.title.lower(): list(a.lines) for a in report.analysis},
        "went_well": list(report.went_well),
        "to_improve": list(report.to_improve),
        "action_items": [asdict(a) for a in report.action_items],
        "discussion_questions": list(report.discussion_questions),
        "charts": [c.metric for c in report.charts],
        "markers": [asdict(m) for m in report.markers],
        "what_if": None if report.what_if is None else asdict(report.what_if),
        "exercise": None if report.exercise is None else asdict(report.exercise),
    }


def _printable(value: Any) -> Any:
    """Every string in the tree without control characters (`clean.printable`): JSON escapes C0
    anyway, but not C1 (`\x9b` is a terminal's CSI)."""
    if isinstance(value, str):
        return printable(value)
    if isinstance(value, dict):
        return {printable(str(k)): _printable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_printable(v) for v in value]
    return value


def render_json(report: Report) -> str:
    return json.dumps(_printable(report_to_dict(report)), indent=2, ensure_ascii=False) + "\n"
