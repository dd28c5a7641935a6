"""The after-action report: sections, escaping, charts, impact, purity, import rules."""

from __future__ import annotations

import ast
import json
import re
from pathlib import Path

import pytest

from simulator.report import SECTIONS, build_report, render, write_report
from simulator.report.charts import chart_figure, render_svg
from simulator.report.impact import SLO_DAYS, SLO_OBJECTIVE
from simulator.report.markdown import CHARTS_OMITTED
from simulator.scoring import score
from tests.conftest import ROOT, SHIPPED
from tests.scoring_helpers import (
    POOL,
    act,
    hand_journal,
    ideal_actions,
    ideal_journal,
    loaded,
    page,
    run,
)

SCRIPT = "<script>alert('pwned')</script>"


@pytest.fixture(scope="module")
def pool_report():
    return build_report(ideal_journal(POOL))


@pytest.mark.parametrize("name", SHIPPED)
def test_every_format_has_every_section(name):
    report = build_report(ideal_journal(name))
    markdown = render(report, "md")
    for section in SECTIONS:
        assert f"\n## {section}\n" in markdown
    page = render(report, "html")
    for section in SECTIONS:
        assert f"<h2>{section}</h2>" in page
    data = json.loads(render(report, "json"))
    assert data["score"]["total"] == report.score.total
    assert len(data["timeline"]) == len(report.timeline) > 0
    assert data["root_causes"][0]["text"]


def test_report_reads_like_a_postmortem(pool_report):
    markdown = render(pool_report, "md")
    scenario = loaded(POOL).scenario
    assert pool_report.scenario_title in markdown
    assert " ".join(scenario.faults[0].root_cause.split()) in markdown
    assert "Expected SEV1" in markdown
    assert "T+" in markdown and "blameless" in markdown.lower()
    for key in ("acknowledge", "declare", "mitigate", "resolve"):
        assert pool_report.score.item(key).explanation.split(";")[0] in markdown
    assert pool_report.action_items


def test_facilitator_notes_and_hints_stay_out(pool_report):
    scenario = loaded(POOL).scenario
    texts = [render(pool_report, fmt) for fmt in ("md", "html", "json")]
    for secret in [*scenario.facilitation.notes, *(h.text for h in scenario.facilitation.hints)]:
        fragment = " ".join(secret.split())[:60]
        assert all(fragment not in text for text in texts)


def test_discussion_questions_only_for_the_facilitator(pool_report):
    questions = loaded(POOL).scenario.facilitation.discussion_questions
    assert pool_report.discussion_questions == ()
    assert questions[0] not in render(pool_report, "md")
    facilitator = build_report(ideal_journal(POOL), for_facilitator=True)
    assert "## Discussion questions" in render(facilitator, "md")
    assert questions[0] in render(facilitator, "md")


def test_participant_text_is_escaped():
    actions = [
        *ideal_actions(POOL),
        act(20 * 60, "scribe", "timeline_note", {"text": SCRIPT, "tag": "action_item"}),
        act(
            21 * 60,
            "comms_lead",
            "status_update",
            {"status": "identified", "impact": SCRIPT, "actions": "a | b", "next_update": "15m"},
        ),
    ]
    report = build_report(run(POOL, actions))
    page = render(report, "html")
    assert SCRIPT not in page and "<script" not in page
    assert "&lt;script&gt;" in page
    markdown = render(report, "md")
    assert SCRIPT not in markdown and "&lt;script&gt;" in markdown
    assert "a \\| b" in markdown  # a pipe cannot break the timeline table
    assert any(SCRIPT in item.text for item in report.action_items)  # noted action item kept


def test_markdown_on_stdout_says_charts_are_left_out(pool_report):
    markdown = render(pool_report, "md")
    assert CHARTS_OMITTED in markdown
    assert ".svg" not in markdown


def test_markdown_file_gets_svg_charts_beside_it(pool_report, tmp_path):
    out = tmp_path / "incident.md"
    write_report(pool_report, "md", out)
    markdown = out.read_text()
    charts = tmp_path / "incident-charts"
    assert CHARTS_OMITTED not in markdown
    for chart in pool_report.charts:
        reference = f"incident-charts/{chart.metric}.svg"
        assert f"]({reference})" in markdown
        assert (tmp_path / reference).read_text().lstrip().startswith("<?xml")
    assert {p.stem for p in charts.iterdir()} == {c.metric for c in pool_report.charts}


def test_chart_choice_follows_the_scenario_alerts(pool_report):
    metrics = [c.metric for c in pool_report.charts]
    assert metrics[:3] == ["error_ratio", "latency_p99_ms", "request_rate"]
    assert "pool_utilization" in metrics  # CheckoutDbPoolSaturated fired
    assert {m.kind for m in pool_report.markers} >= {"alert", "action"}


def test_html_is_self_contained_with_inline_charts(pool_report):
    page = render(pool_report, "html")
    assert page.count("<svg") == len(pool_report.charts)
    assert "<?xml" not in page
    for external in ('src="http', 'href="http', "<link", "@import", "<script"):
        assert external not in page


def test_inline_charts_do_not_share_ids(pool_report):
    page = render(pool_report, "html")
    ids = re.findall(r'\bid="([^"]+)"', page)
    assert len(ids) == len(set(ids))
    for ref in re.findall(r'(?:href="#|url\(#)([^")]+)', page):
        assert ref in ids


def test_charts_are_deterministic(pool_report):
    chart = pool_report.charts[0]
    windows = pool_report.impact.impact_windows
    assert render_svg(chart, pool_report.markers, windows) == render_svg(
        chart, pool_report.markers, windows
    )


def test_charts_fit_their_fixed_margins(pool_report):
    """Charts use fixed margins (no tight_layout pass): no axis label may fall off the figure."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    for chart in pool_report.charts:
        fig = chart_figure(chart, pool_report.markers, pool_report.impact.impact_windows)
        renderer = FigureCanvasAgg(fig).get_renderer()
        ax = fig.axes[0]
        assert ax.yaxis.get_tightbbox(renderer).x0 >= 0, chart.metric
        assert ax.xaxis.get_tightbbox(renderer).y0 >= 0, chart.metric
        assert ax.title.get_window_extent(renderer).y1 <= fig.bbox.height, chart.metric


def test_impact_adds_up(pool_report):
    journal = ideal_journal(POOL)
    tick = loaded(POOL).scenario.tick
    errors = sum(e["values"]["error_rate"] * tick for e in journal.of_kind("metrics"))
    impact = pool_report.impact
    assert impact.failed_5xx == pytest.approx(errors)
    budget = (1 - SLO_OBJECTIVE) * impact.baseline_rps * SLO_DAYS * 86_400
    assert impact.slo_budget_burned == pytest.approx(impact.failed / budget)
    assert impact.impact_seconds > 0 and impact.error_minutes > 0
    markdown = render(pool_report, "md")
    assert "30-day availability SLO of 99.9%" in markdown


def test_report_is_pure():
    journal = ideal_journal(POOL)
    before = journal.to_jsonl()
    first, second = build_report(journal), build_report(journal)
    assert render(first, "md") == render(second, "md")
    assert render(first, "json") == render(second, "json")
    assert journal.to_jsonl() == before


def test_a_hand_made_journal_without_metrics_still_renders():
    journal = hand_journal(
        [page(100), {"t": 50.0, "kind": "impact.start", "breached": ["error_ratio"]}]
    )
    report = build_report(journal)
    assert report.charts == ()
    for fmt in ("md", "json", "html"):
        assert "never resolved" in render(report, fmt)


def test_report_accepts_a_precomputed_score():
    journal = ideal_journal(POOL)
    result = score(journal)
    assert build_report(journal, result).score is result


def test_what_to_improve_comes_from_lost_points():
    actions = [a for a in ideal_actions(POOL) if a.action not in ("status_update", "status_page")]
    report = build_report(run(POOL, actions))
    improve = " ".join(report.to_improve)
    assert "First status update" in improve and "Public status page" in improve
    assert not any("status update" in line.lower() for line in report.went_well)


def test_an_early_end_after_impact_ended_is_reported_up_to_it():
    impact = [
        {"t": 600.0, "kind": "impact.start", "breached": ["error_ratio"]},
        {"t": 900.0, "kind": "impact.end", "started": 600.0},
        {"t": 1000.0, "kind": "session.end", "by": "facilitator", "scenario_end": 2700.0},
        {"t": 1500.0, "kind": "impact.start", "breached": ["error_ratio"]},  # not played
    ]
    report = build_report(hand_journal([page(650), *impact]))
    assert report.impact.impact_seconds == 300.0
    assert report.durations.exercise_seconds == 1000.0
    assert [e.clock for e in report.timeline][-1] == "T+16:40"
    assert "The exercise ended early at T+16:40 (the scenario runs 45m); this report" in (
        report.summary
    )
    assert "still ongoing" not in report.summary
    assert "ended early at T+16:40" in render(report, "md")


def _imports(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            names.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_scoring_and_report_never_import_the_engine():
    files = [
        *(ROOT / "simulator" / "scoring").glob("*.py"),
        *(ROOT / "simulator" / "report").glob("*.py"),
    ]
    for path in files:
        bad = {n for n in _imports(path) if n.startswith("simulator.engine") or n == "simpy"}
        assert not bad, f"{path.name} imports {bad}"
