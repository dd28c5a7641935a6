"""The validator's side of investigation commands: a kind needs the resource it reads, targets
name what exists, `static` has its own output, and live placeholders are checked where they are
allowed (command output) and refused elsewhere, every problem located at the author's text."""

from __future__ import annotations

from simulator.scenario import load_scenario_text
from simulator.scenario.placeholders import live_field, placeholder_problems
from tests.scenario_text import check, edit, problems

KIND = "kind: pg_stat_activity "
REVEALS = "reveals: Many connections idle in transaction."
EXTRA = '"host {host} ok"'


def kind(name: str) -> tuple[str, str]:
    return KIND, f"kind: {name}".ljust(len(KIND))


def loads(*edits: tuple[str, str]) -> bool:
    """The edited fixture is a valid scenario (raises with its problems otherwise)."""
    return load_scenario_text(edit(*edits), "minimal.yaml") is not None


def test_a_kind_without_its_resource_is_rejected_at_the_kind():
    for name, needed in (
        ("cache_stats", "cache"),
        ("top_pods", "cpu"),
        ("df", "disk"),
        ("tls_check", "certificates"),
        ("consumer_lag", "queue"),
    ):
        assert check(kind(name)) == [
            f"minimal.yaml:69:11: error: commands[0].kind: a {name} command needs "
            f"service.{needed}, which is not defined (got '{name}')"
        ]


def test_dig_needs_a_dependency_and_one_that_exists():
    assert loads(kind("dig"))  # the fixture has `payments`
    no_deps = ("  dependencies:", "  dependencies: []")
    text = edit(no_deps, ("    - name: payments", "#"), ("      latency: 80ms", "#"), kind("dig"))
    assert problems(text) == [
        "minimal.yaml:69:11: error: commands[0].kind: a dig command needs "
        "service.dependencies, which is not defined (got 'dig')"
    ]
    target = (REVEALS, "reveals: x\n    target: paymnts")
    assert check(kind("dig"), target) == [
        "minimal.yaml:72:13: error: commands[0].target: unknown dependency (got 'paymnts'); "
        "did you mean 'payments'?"
    ]


def test_targets_only_where_a_kind_takes_one():
    assert check((REVEALS, "reveals: x\n    target: payments")) == [
        "minimal.yaml:72:13: error: commands[0].target: a pg_stat_activity command takes no target"
    ]


def test_static_needs_its_output_and_only_static_has_one():
    assert check(kind("static")) == [
        "minimal.yaml:69:11: error: commands[0].kind: a static command needs 'output' lines "
        "(got 'static')"
    ]
    assert loads(kind("static"), (REVEALS, "reveals: x\n    output: ['at {now}']"))
    assert check((REVEALS, "reveals: x\n    output: [hello]")) == [
        "minimal.yaml:72:5: error: commands[0].output: only a static command has 'output'"
    ]


def test_live_placeholders_in_extra_lines_are_checked_and_located():
    good = '"{now} {t-5m} {t+1h30m} {metric:pool_waiting} {metric:db_query_time_ms:.1f} {pod}"'
    assert loads((EXTRA, good))
    assert check((EXTRA, '"{now} {metric:pool_wating} {t-5x} {metric:error_ratio:zz}"')) == [
        "minimal.yaml:73:16: error: commands[0].extra_lines[0]: unknown metric "
        "(got 'pool_wating'); did you mean 'pool_waiting'?",
        "minimal.yaml:73:37: error: commands[0].extra_lines[0]: bad time offset "
        "(write {t-5m} or {t+30s}) (got '{t-5x}')",
        "minimal.yaml:73:44: error: commands[0].extra_lines[0]: bad number format "
        "(write e.g. {metric:pool_waiting:.0f}) (got 'zz')",
    ]
    assert check((EXTRA, '"{nw}"')) == [
        "minimal.yaml:73:10: error: commands[0].extra_lines[0]: unknown placeholder "
        "(got '{nw}'); did you mean 'now'?"
    ]


def test_live_placeholders_are_refused_in_injects():
    old = "text: Checkout fails for us."
    assert check((old, "text: Checkout fails at {now}.")) == [
        "minimal.yaml:66:29: error: injects[1].text: live values are only for investigation "
        "output (commands' extra_lines, output) (got '{now}')"
    ]


def test_live_field_parses_offsets_and_metric_formats():
    assert live_field("t-5m").offset == -300.0  # type: ignore[union-attr]
    assert live_field("t+1h30m").offset == 5400.0  # type: ignore[union-attr]
    metric = live_field("metric:pool_waiting:.0f")
    assert metric is not None and (metric.metric, metric.format) == ("pool_waiting", ".0f")
    assert live_field("t-soon") is None and live_field("metric:nope") is None
    assert placeholder_problems("{{now}} is literal", live=True) == []
