"""The plain-Python side of issue 17: announcements, tab titles, charts as text."""

from __future__ import annotations

from simulator.ui.announce import announcements, document_title, latest
from simulator.ui.chart_text import above_since, describe, format_reading, readout
from simulator.ui.series import Series


def page_entry(t, kind, page="P1", target="primary on-call"):
    return {"t": t, "kind": kind, "page": page, "alert": "HighErrors", "target": target}


JOURNAL = [
    {"t": 10.0, "kind": "metrics", "values": {}},
    {"t": 60.0, "kind": "alert.pending", "alert": "HighErrors", "severity": "critical"},
    {"t": 120.0, "kind": "alert.firing", "alert": "HighErrors", "severity": "critical"},
    page_entry(120.0, "page.triggered"),
    {"t": 130.0, "kind": "action", "action": "escalate", "role": "ic", "outcome": "refused"},
    page_entry(420.0, "page.escalated", target="secondary on-call"),
    {
        "t": 450.0,
        "kind": "action",
        "action": "escalate",
        "role": "ic",
        "outcome": "accepted",
        "params": {"team": "database team"},
    },
    page_entry(500.0, "page.acknowledged"),
]


def test_announcements_are_new_pages_re_pages_escalations_and_alerts():
    assert [(a.t, a.text) for a in announcements(JOURNAL)] == [
        (120.0, "Alert firing: HighErrors (critical)."),
        (120.0, "New page P1: HighErrors, paging primary on-call."),
        (420.0, "Re-page: P1 (HighErrors) not acknowledged, now paging secondary on-call."),
        (450.0, "Escalation: IC paged database team."),
    ]


def test_the_live_region_holds_the_latest_time_with_news_and_changes_only_with_news():
    assert latest(JOURNAL[:2]) == ""  # pending alerts and metrics are not news
    at_page = latest(JOURNAL[:4])
    assert at_page == (
        "T+02:00: Alert firing: HighErrors (critical). "
        "New page P1: HighErrors, paging primary on-call."
    )
    assert latest(JOURNAL[:5]) == at_page  # a refused escalation: nothing new to say
    assert latest(JOURNAL).startswith("T+07:30: Escalation: IC paged database team.")
    assert latest(JOURNAL) == latest([*JOURNAL, {"t": 600.0, "kind": "metrics"}])


def test_document_title_counts_the_waiting_pages():
    assert document_title("Incident console") == "Incident console — Game day"
    assert document_title("Incident console", ("P2",)) == "(1) Page P2 — Incident console"
    assert document_title("Incident console", ("P1", "P3")) == (
        "(2) Page P1, P3 — Incident console"
    )


def series(values, unit="ratio"):
    times = tuple(60.0 * (i + 1) for i in range(len(values)))
    return Series("error_ratio", "Error ratio (%)", unit, times, tuple(values))


def test_a_chart_is_described_by_its_latest_value_and_threshold():
    rising = series([0.001, 0.02, 0.5, 0.97])
    assert above_since(rising, 0.05) == 180.0
    assert describe(rising, 0.05) == (
        "Error ratio (%): 97.0 % at T+04:00, above the 5.0 % SLO threshold since T+03:00."
    )
    assert describe(series([0.5, 0.01]), 0.05) == (
        "Error ratio (%): 1.0 % at T+02:00, below the 5.0 % SLO threshold."
    )
    assert describe(series([0.2]), None) == "Error ratio (%): 20.0 % at T+01:00."
    assert describe(series([]), 0.05) == "Error ratio (%): no data yet."


def test_readout_and_units():
    assert format_reading(1234.4, "ms") == "1,234 ms"
    assert format_reading(12.25, "req/s") == "12.2 req/s"
    assert format_reading(3.0, "count") == "3 count"
    assert format_reading(0.25, "ratio") == "25.0 %"
    latency = Series("latency_p99_ms", "Latency p99 (ms)", "ms", (60.0,), (2500.0,))
    assert readout([series([0.97]), latency], [0.05, None]) == (
        "Latest: Error ratio (%) 97.0 % (SLO 5.0 %) · Latency p99 (ms) 2,500 ms"
    )
    assert readout([series([])], [None]) == "Latest: no data yet."
