"""The plain-Python helpers behind the pages (`simulator.ui`): no Streamlit involved."""

from __future__ import annotations

import pytest

from simulator.actions import ACTIONS
from simulator.ui import params as ui_params
from simulator.ui.alerts import alert_views
from simulator.ui.client_ids import ClientIds
from simulator.ui.clock import countdown, scenario_time_of_day
from simulator.ui.feed import messages
from simulator.ui.incident import incident_of, key_events, next_update_due
from simulator.ui.library import check_scenario_bytes, load_library, safe_filename
from simulator.ui.permissions import needs_confirmation, offered_system_actions, tabs_for
from simulator.ui.series import default_metrics, impact_windows, markers, series
from simulator.ui.text import escape_markdown, escape_markdown_lines
from simulator.ui.truth import ground_truth
from simulator.ui.visible import GROUND_TRUTH_KINDS, PLAYER_KINDS, player_entries
from tests.conftest import SCENARIO_DIR


def action(t, name, params=None, outcome="accepted", role="ic", **extra):
    return {
        "t": t,
        "kind": "action",
        "id": f"A{int(t)}",
        "role": role,
        "action": name,
        "params": params or {},
        "outcome": outcome,
        **extra,
    }


@pytest.mark.parametrize(
    "raw",
    ["**bold**", "<script>alert(1)</script>", "[x](http://e.com)", ":red[x]", "$x^2$", "# h"],
)
def test_escape_markdown_leaves_no_live_markup(raw):
    escaped = escape_markdown(raw)
    for char in "*<>[]():$#":
        assert char not in escaped.replace("\\" + char, "")


@pytest.mark.parametrize(
    "raw",
    ["**bold**\n<script>x</script>", "[x](http://e.com)\n\n:red[x]", "  # h\n$x$", "- a\n1. b"],
)
def test_escape_markdown_lines_keeps_lines_and_leaves_no_live_markup(raw):
    escaped = escape_markdown_lines(raw)
    for char in "*<>[]():$#-.":
        assert char not in escaped.replace("\\" + char, "")
    kept = [line for line in raw.splitlines() if line.strip()]
    assert escaped.count("  \n") + escaped.count("\n\n") == len(kept) - 1


def test_escape_markdown_lines_shape():
    assert escape_markdown_lines("a\nb\n\n\n  c") == "a  \nb\n\n\u00a0\u00a0c"
    assert escape_markdown_lines("\t x") == "\u00a0" * 5 + "x"
    assert escape_markdown_lines("") == escape_markdown_lines(None) == ""


def test_escape_markdown_defuses_autolinks():
    escaped = escape_markdown("mail a@b.com or www.x.org or https://x.org")
    assert "@\u200b" in escaped and "www\u200b" in escaped and ":\u200b" in escaped


def test_player_entries_drop_ground_truth_and_the_header():
    entries = [{"t": 0, "kind": "header"}] + [{"t": 1, "kind": k} for k in GROUND_TRUTH_KINDS]
    entries += [{"t": 2, "kind": "inject"}, {"t": 3, "kind": "end"}, {"t": 4, "kind": "new.kind"}]
    assert [e["kind"] for e in player_entries(entries)] == ["inject"]
    assert not PLAYER_KINDS & GROUND_TRUTH_KINDS


def test_alert_views_order_and_state():
    base = {"severity": "critical", "summary": "s", "runbook_url": None}
    entries = [
        {"t": 10, "kind": "alert.pending", "alert": "A", **base},
        {"t": 20, "kind": "alert.firing", "alert": "A", **base},
        {"t": 30, "kind": "alert.pending", "alert": "B", **base},
        {"t": 40, "kind": "alert.resolved", "alert": "A", **base},
        {"t": 50, "kind": "alert.firing", "alert": "C", **base},
    ]
    views = alert_views(entries)
    assert [(v.name, v.state) for v in views] == [
        ("C", "firing"),
        ("B", "pending"),
        ("A", "resolved"),
    ]
    assert views[2].fired_at == 20


def test_feed_newest_first_with_hints_and_no_noise_flag():
    entries = [
        {"t": 1, "kind": "inject", "channel": "chat", "sender": "a", "text": "x", "noise": True},
        {"t": 2, "kind": "hint", "text": "look"},
        {"t": 3, "kind": "inject", "channel": "email", "sender": "b", "subject": "s", "text": "y"},
    ]
    found = messages(entries)
    assert [m.channel for m in found] == ["email", "hint", "chat"]
    assert not hasattr(found[0], "noise")
    assert [m.text for m in messages(entries, "chat")] == ["x"]


def test_incident_state_and_next_update():
    entries = [
        action(60, "declare", {"severity": "SEV2"}),
        action(70, "declare", {"severity": "SEV1"}),
        action(80, "assign_role", {"role": "scribe", "name": "Tom"}),
        action(
            90,
            "status_update",
            {"status": "investigating", "next_update": "15m"},
            role="comms_lead",
        ),
        action(95, "resolve", outcome="refused", reason="no"),
        action(100, "mark_mitigated"),
    ]
    incident = incident_of(entries)
    assert (incident.severity, incident.declared_at) == ("SEV1", 60)
    assert incident.roles == {"scribe": "Tom"}
    assert incident.mitigated_at == 100 and incident.resolved_at is None
    assert next_update_due(incident) == 90 + 900
    assert incident.actions[0].describe() == "declare (severity=SEV2)"


def test_key_events_are_observable_facts_only():
    entries = [
        {"t": 5, "kind": "fault.start", "fault": "f"},
        {"t": 10, "kind": "page.triggered", "page": "P1", "alert": "A"},
        {"t": 20, "kind": "page.acknowledged", "page": "P1", "by": "ic"},
        action(30, "rollback", {"target": "deploy"}),
        {"t": 40, "kind": "fault.end", "fault": "f", "by": "rollback"},
        {"t": 50, "kind": "impact.end"},
        action(60, "timeline_note", {"text": "x"}),
    ]
    texts = [e.text for e in key_events(entries)]
    assert texts == [
        "Page P1 triggered: A",
        "Page P1 acknowledged by IC",
        "IC started rollback (target=deploy)",
    ]


def test_series_buckets_and_markers():
    ticks = [
        {"t": float(i), "kind": "metrics", "values": {"error_ratio": float(i)}}
        for i in range(1, 11)
    ]
    [s] = series(ticks, ["error_ratio", "not_a_metric"], max_points=5)
    assert s.times == (2.0, 4.0, 6.0, 8.0, 10.0) and s.values == (1.5, 3.5, 5.5, 7.5, 9.5)
    marks = markers(
        [
            {"t": 3, "kind": "alert.firing", "alert": "A"},
            action(4, "restart_pods"),
            action(5, "declare"),
        ]
    )
    assert [(m.kind, m.t) for m in marks] == [("alert", 3), ("action", 4)]
    windows = impact_windows(
        [
            {"t": 1, "kind": "impact.start"},
            {"t": 3, "kind": "impact.end"},
            {"t": 5, "kind": "impact.start"},
        ],
        9,
    )
    assert windows == [(1.0, 3.0), (5.0, 9.0)]


def test_default_metrics_follow_the_alert_rules(shipped):
    metrics = default_metrics(shipped["pool-exhaustion.yaml"].scenario)
    assert metrics[:4] == ["error_ratio", "latency_p99_ms", "request_rate", "orders_per_minute"]
    assert "pool_utilization" in metrics and len(metrics) <= 6


def test_ground_truth(shipped):
    scenario = shipped["pool-exhaustion.yaml"].scenario
    fault = scenario.faults[0].id
    entries = [
        {"t": 180, "kind": "fault.start", "fault": fault, "type": "connection_leak"},
        {"t": 600, "kind": "impact.start", "breached": []},
        {
            "t": 900,
            "kind": "fault.mitigated",
            "fault": fault,
            "by": "restart_pods",
            "action_id": "A1",
        },
        {"t": 960, "kind": "hint", "text": scenario.facilitation.hints[0].text},
    ]
    truth = ground_truth(scenario, entries, now=1000)
    assert truth.faults[0].state == "relieved" and truth.faults[0].fixed_by == (
        "rollback (target=deploy)",
    )
    assert truth.impact_since == 600 and truth.impact_seconds == 400
    assert truth.hints[0].released_at == 960 and truth.hints[1].released_at is None


def test_tabs_follow_the_roles():
    assert tabs_for(("observer",)) == ["log"]
    assert tabs_for(("scribe",)) == ["timeline", "investigate", "log"]
    assert tabs_for(("comms_lead",)) == ["comms", "investigate", "timeline", "log"]
    assert tabs_for(("tech_lead",)) == ["investigate", "system", "timeline", "log"]
    assert tabs_for(("ic", "comms_lead", "scribe", "tech_lead"))[0] == "command"


def test_system_actions_and_confirmation(shipped):
    scenario = shipped["pool-exhaustion.yaml"].scenario
    assert offered_system_actions(scenario, ("scribe",)) == []
    offered = offered_system_actions(scenario, ("tech_lead",))
    assert offered == [s.action for s in scenario.actions]
    assert needs_confirmation(scenario, "rollback")  # confirm: true in the scenario
    assert not needs_confirmation(scenario, "set_feature_flag")
    assert ACTIONS["set_memory_limit"].risky and needs_confirmation(scenario, "set_memory_limit")


def test_action_fields_and_params(shipped):
    scenario = shipped["pool-exhaustion.yaml"].scenario
    [flag, enabled] = ui_params.fields("set_feature_flag", scenario)
    assert flag.kind == "select" and flag.options == tuple(scenario.service.feature_flags)
    assert enabled.kind == "bool"
    [size] = ui_params.fields("set_pool_size", scenario)
    assert (size.kind, size.default) == ("int", 20)
    assert ui_params.missing("status_update", {"status": "x", "impact": " "}) == [
        "impact",
        "actions",
    ]
    assert ui_params.build_params("scale", {"replicas": 12.0}) == {"replicas": 12}
    assert ui_params.build_params("declare", {"severity": "SEV1", "title": "  "}) == {
        "severity": "SEV1"
    }


def test_client_ids_dedupe_a_double_click_only():
    now = [0.0]
    ids = ClientIds(clock=lambda: now[0])
    first = ids.for_submit("p", "resolve", {})
    now[0] = 1.0
    assert ids.for_submit("p", "resolve", {}) == first
    assert ids.for_submit("p", "resolve", {"x": 1}) != first
    assert ids.for_submit("q", "resolve", {}) != first
    now[0] = 3.5
    assert ids.for_submit("p", "resolve", {}) != first


def test_clock_helpers():
    assert scenario_time_of_day(13.5, 125) == "13:32"
    assert countdown(725) == "12:05" and countdown(-190) == "-3:10" and countdown(3725) == "1:02:05"


def test_library_and_checks():
    library = load_library(SCENARIO_DIR)
    assert {e.id for e in library.entries} == {p.stem for p in SCENARIO_DIR.glob("*.yaml")}
    assert library.invalid == ()
    loaded, problems = check_scenario_bytes(b"version: 1\nid: x\ntitel: y\n", "dir/../a.yaml")
    assert loaded is None
    assert problems[-1] == "a.yaml:3:1: error: titel: unknown key; did you mean 'title'?"
    assert safe_filename("../../etc/passwd") == "passwd" and safe_filename("") == "pasted.yaml"
