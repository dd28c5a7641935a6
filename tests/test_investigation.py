"""Investigation commands for the modelled resources: each output reflects the model's state at
the moment asked, agrees with the metrics of that moment, and follows the fix.

Each test runs a small scenario from tests/scenarios/ to a moment where the resource is in a known
state (before the fault, during it, after the fix) and reads the command's output there.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from simulator.commands import COMMAND_KINDS
from simulator.engine.core import Engine
from simulator.engine.investigation import RENDERERS, investigate
from simulator.engine.state import POD_TERMINATED
from simulator.scenario import load_scenario_text
from simulator.scenario.schema import Command

SCENARIOS = Path(__file__).parent / "scenarios"
MINUTE = 60.0


def engine_for(name: str, seed: int = 7) -> Engine:
    path = SCENARIOS / f"{name}.yaml"
    return Engine(load_scenario_text(path.read_text(encoding="utf-8"), path.name), seed)


def run(engine: Engine, command: str) -> list[str]:
    """The output of the scenario's command `command`, now."""
    wanted = next(c for c in engine.scenario.commands if c.name == command)
    return investigate(engine, wanted)


def at(engine: Engine, t: float) -> Engine:
    engine.advance(t)
    return engine


def act(engine: Engine, action: str, **params: object) -> None:
    entry = engine.act("ic", action, params)
    assert entry.get("outcome") != "refused", entry


def table(lines: list[str], sep: str = "|") -> list[list[str]]:
    """Rows of a psql-style table (cells split on `sep`, stripped)."""
    return [[cell.strip() for cell in line.split(sep)] for line in lines if line.count(sep) >= 3]


# ---------------------------------------------------------------- the registry


def test_every_command_kind_has_exactly_one_renderer():
    assert sorted(RENDERERS) == sorted(COMMAND_KINDS)


def test_the_scenario_format_takes_its_kinds_from_the_registry_names():
    annotation = Command.model_fields["kind"].annotation
    assert tuple(annotation.__args__) == COMMAND_KINDS  # type: ignore[union-attr]


# ---------------------------------------------------------------- database


def statement_rows(engine: Engine) -> list[tuple[float, float, str]]:
    """(calls per minute, mean ms, query) of each pg_stat_statements row."""
    rows = table(run(engine, "statements"))[1:]
    return [(float(r[0]), float(r[1]), r[3]) for r in rows]


def test_pg_stat_statements_shows_the_slow_query_first_and_agrees_with_the_metric():
    engine = at(engine_for("database"), 1 * MINUTE)
    before = statement_rows(engine)
    assert not any("FROM orders WHERE customer_id" in q for _, _, q in before)
    at(engine, 5 * MINUTE)
    rows = statement_rows(engine)
    calls, slow_ms, query = rows[0]
    assert "FROM orders WHERE customer_id" in query
    assert all(slow_ms > 5 * ms for _, ms, _ in rows[1:])
    mean = sum(c * ms for c, ms, _ in rows) / sum(c for c, _, _ in rows)
    assert mean == pytest.approx(engine.metric("db_query_time_ms"), rel=0.01)
    share_of_calls = calls / sum(c for c, _, _ in rows)
    assert share_of_calls == pytest.approx(0.3, abs=0.01)  # the fault's `share`


def test_pg_stat_statements_after_add_index_has_no_slow_row():
    engine = at(engine_for("database"), 5 * MINUTE)
    act(engine, "add_index", table="orders")
    at(engine, 8 * MINUTE)
    rows = statement_rows(engine)
    assert not any("FROM orders WHERE customer_id" in q for _, _, q in rows)
    assert len({ms for _, ms, _ in rows}) == 1  # every statement at the ordinary time


def test_pg_locks_shows_the_migration_holding_the_lock_until_it_is_killed():
    engine = at(engine_for("database"), 1 * MINUTE)
    assert run(engine, "locks")[-1] == "(0 rows)"
    at(engine, 5 * MINUTE)
    lines = run(engine, "locks")
    holder = next(line for line in lines if "AccessExclusiveLock" in line)
    assert "2026_03_02_01" in holder and "| t " in holder and "3m" in holder
    waiting = next(line for line in lines if "RowExclusiveLock" in line)
    count = int(re.search(r"(\d+) x our queries", waiting).group(1))  # type: ignore[union-attr]
    assert count == round(engine.metric("db_lock_waits")) and count > 0
    assert "50ms" in waiting
    act(engine, "kill_queries", filter="long_running")
    at(engine, 6 * MINUTE)
    assert run(engine, "locks")[-1] == "(0 rows)"
    assert engine.metric("db_lock_waits") == 0.0


def test_migration_history_shows_the_migration_and_its_revert():
    engine = at(engine_for("database"), 1 * MINUTE)
    assert "no migrations" in run(engine, "migrations")[-1]
    at(engine, 5 * MINUTE)
    row = run(engine, "migrations")[1]
    assert row.split()[:2] == ["2026_03_02_01", "09:02:00"]
    assert "applied" in row and "ci-deploy" in row
    act(engine, "revert_migration")
    at(engine, 6 * MINUTE)
    assert "reverted" in run(engine, "migrations")[1]


# ---------------------------------------------------------------- cache


def cache_values(engine: Engine) -> dict[str, str]:
    return dict(line.split(":", 1) for line in run(engine, "cache") if ":" in line)


def test_cache_stats_follow_the_flush_and_the_warm_up():
    engine = at(engine_for("cache"), 1 * MINUTE)
    warm = cache_values(engine)
    assert float(warm["keyspace_hit_ratio"]) == pytest.approx(0.9, abs=0.001)
    assert warm["misses_above_usual_per_sec"] == "0"
    at(engine, 3 * MINUTE)
    cold = cache_values(engine)
    hit = float(cold["keyspace_hit_ratio"])
    assert hit == pytest.approx(engine.metric("cache_hit_ratio"), abs=0.001)
    assert hit < 0.3
    assert float(cold["keyspace_misses_per_sec"]) > 5 * float(warm["keyspace_misses_per_sec"])
    act(engine, "warm_cache")
    at(engine, 12 * MINUTE)
    assert float(cache_values(engine)["keyspace_hit_ratio"]) > 0.85


# ---------------------------------------------------------------- CPU


def top_rows(engine: Engine) -> dict[str, tuple[int, str]]:
    """Pod name -> (throttled %, node) from `top_pods`."""
    rows = {}
    for line in run(engine, "top"):
        match = re.match(r"^(search-\S+)\s+\S+\s+\S+\s+\d+%\s+(\d+)%\s+(\S+)$", line)
        if match:
            rows[match.group(1)] = (int(match.group(2)), match.group(3))
    return rows


def test_top_pods_shows_the_pod_on_the_noisy_node_throttled():
    engine = at(engine_for("cpu"), 1 * MINUTE)
    assert {throttled for throttled, _ in top_rows(engine).values()} == {0}
    at(engine, 5 * MINUTE)
    rows = top_rows(engine)
    on_a = [throttled for throttled, node in rows.values() if node == "node-a"]
    others = [throttled for throttled, node in rows.values() if node != "node-a"]
    assert on_a and min(on_a) > 30 and max(others) == 0
    mean = sum(throttled for throttled, _ in rows.values()) / len(rows) / 100
    assert mean == pytest.approx(engine.metric("cpu_throttled_ratio"), abs=0.01)
    node_line = next(line for line in run(engine, "top") if line.startswith("node-a "))
    assert "70%" in node_line
    act(engine, "drain_node", node="node-a")
    at(engine, 10 * MINUTE)
    rows = top_rows(engine)
    assert "node-a" not in {node for _, node in rows.values()}
    assert {throttled for throttled, _ in rows.values()} == {0}


# ---------------------------------------------------------------- disk


def df_use(engine: Engine) -> list[int]:
    return [int(m.group(1)) for line in run(engine, "disk") if (m := re.search(r"(\d+)%  /", line))]


def test_df_shows_the_volumes_filling_then_the_evicted_pods():
    engine = at(engine_for("disk"), 30.0)
    assert max(df_use(engine)) < 15
    while engine.metric("disk_utilization") < 0.97:
        at(engine, engine.env.now + 10.0)
        assert engine.metric("pod_evictions") == 0
    uses = df_use(engine)
    assert uses[0] == max(uses) >= 97  # the fullest pod first
    assert not any("Evicted" in line for line in run(engine, "disk"))
    while engine.metric("pod_evictions") == 0:
        at(engine, engine.env.now + 10.0)
    lines = run(engine, "disk")
    evicted = [line.split()[0] for line in lines if " Evicted " in line]
    assert evicted
    gone = {p.name for p in engine.state.pods if p.state == POD_TERMINATED}
    assert set(evicted) <= gone
    assert max(df_use(engine)) < 50  # the replacements start with empty volumes


# ---------------------------------------------------------------- TLS


def test_tls_check_before_and_after_expiry_and_after_renewal():
    engine = at(engine_for("edge"), 1 * MINUTE)
    lines = run(engine, "tls")
    assert "issuer=C = US, O = Let's Encrypt, CN = R11" in lines
    assert "notAfter=Mar  7 10:00:00 2026 GMT" in lines  # 5 days from the start at 10:00
    assert "Verify return code: 0 (ok)" in lines
    assert any(line.startswith("days left: 5.0;") for line in lines)
    at(engine, 6 * MINUTE)
    lines = run(engine, "tls")
    assert "notAfter=Mar  2 10:03:00 2026 GMT" in lines  # expired at the fault's onset
    assert "Verify return code: 10 (certificate has expired, 3m ago)" in lines
    failing = float(re.search(r"([\d.]+) handshakes/s", "\n".join(lines)).group(1))  # type: ignore[union-attr]
    assert failing == pytest.approx(engine.metric("tls_handshake_errors"), abs=0.1) and failing > 0
    act(engine, "renew_certificate", certificate="shop-tls")
    at(engine, 8 * MINUTE)
    lines = run(engine, "tls")
    assert "Verify return code: 0 (ok)" in lines
    assert "notBefore=Mar  2 10:06:10 2026 GMT" in lines  # issued when the renewal landed
    assert "notAfter=May 31 10:06:10 2026 GMT" in lines  # for 90 days
    assert "renewed 1 times" in lines[-1]


def test_tls_check_without_target_checks_every_certificate():
    engine = at(engine_for("edge"), 6 * MINUTE)
    lines = run(engine, "tls-all")
    subjects = [line for line in lines if line.startswith("subject=")]
    assert subjects == ["subject=CN = shop.example.com", "subject=CN = payments.internal"]
    assert lines.count("Verify return code: 0 (ok)") == 1


# ---------------------------------------------------------------- DNS


def wrong_share(lines: list[str]) -> int | None:
    match = re.search(r"(\d+)% of answers now point at", "\n".join(lines))
    return int(match.group(1)) if match else None


def test_dig_shows_the_bad_record_spreading_over_the_ttl_and_the_rollback():
    engine = at(engine_for("edge"), 4 * MINUTE)
    healthy = run(engine, "dig-payments")
    assert sum(1 for line in healthy if "\tIN\tA\t" in line) == 3
    assert wrong_share(healthy) is None
    at(engine, 5 * MINUTE + 150.0)  # half the 5m TTL after the change
    half = run(engine, "dig-payments")
    assert sum(1 for line in half if "\tIN\tA\t" in line) == 4
    assert wrong_share(half) == 25
    at(engine, 12 * MINUTE)
    assert wrong_share(run(engine, "dig-payments")) == 50
    act(engine, "rollback", target="config")
    at(engine, 14 * MINUTE)
    assert run(engine, "dig-payments") == healthy


# ---------------------------------------------------------------- queue


def lag_rows(engine: Engine) -> list[tuple[int, int, bool]]:
    """(partition, lag, stalled) per partition."""
    rows = []
    for line in run(engine, "lag"):
        parts = line.split()
        if parts and parts[0] == "order-events":
            rows.append((int(parts[1]), int(parts[4]), "(stalled" in line))
    return rows


def test_consumer_lag_shows_one_stalled_partition_with_a_growing_lag():
    engine = at(engine_for("queue"), 1 * MINUTE)
    assert not any(stalled for _, _, stalled in lag_rows(engine))
    at(engine, 5 * MINUTE)
    first = lag_rows(engine)
    stalled = [(p, lag) for p, lag, s in first if s]
    assert len(stalled) == 1 and len(first) == 6
    assert sum(lag for _, lag, _ in first) == pytest.approx(engine.metric("queue_backlog"), abs=6)
    at(engine, 8 * MINUTE)
    later = dict((p, lag) for p, lag, _ in lag_rows(engine))
    partition, lag = stalled[0]
    assert later[partition] > lag * 1.5
    act(engine, "skip_message")
    at(engine, 9 * MINUTE)
    assert not any(s for _, _, s in lag_rows(engine))


# ---------------------------------------------------------------- static and live lines


def test_static_prints_its_own_lines_with_live_time_before_any_fault():
    engine = at(engine_for("database"), 1 * MINUTE)
    assert run(engine, "vendor-console") == [
        "Support case opened at 09:01:00; status: investigating",
        "Replication lag: 0 s",
    ]


def test_extra_lines_use_the_values_of_the_moment():
    engine = at(engine_for("database"), 1 * MINUTE)
    assert not any("slow query" in line for line in run(engine, "app-logs"))  # no fault yet
    at(engine, 5 * MINUTE)
    lines = run(engine, "app-logs")
    slow = next(line for line in lines if "WARN slow query" in line)
    assert slow.startswith("09:05:00 checkout-")
    assert f"({engine.metric('db_query_time_ms'):.1f} ms mean)" in slow
    assert f"waiting={engine.metric('pool_waiting'):.0f}" in slow
    assert any(line.startswith("09:00:00 ") and "migration started" in line for line in lines)


def test_a_command_needing_an_unmodelled_resource_prints_one_line():
    engine = at(engine_for("database"), 1 * MINUTE)
    for kind in ("cache_stats", "top_pods", "df", "tls_check", "dig", "consumer_lag"):
        command = Command(name=kind, kind=kind, description="x", reveals="x")
        lines = investigate(engine, command)
        assert len(lines) == 1 and "no service." in lines[0], lines


@pytest.mark.parametrize("name", ["database", "cache", "cpu", "disk", "edge", "queue"])
def test_outputs_are_deterministic_for_a_seed(name: str):
    def outputs() -> list[list[str]]:
        engine = at(engine_for(name, seed=3), 7 * MINUTE)
        return [investigate(engine, c) for c in engine.scenario.commands]

    assert outputs() == outputs()


def test_every_kind_is_documented_in_the_reference():
    docs = Path(__file__).parent.parent / "docs" / "reference"
    investigation = (docs / "investigation.md").read_text(encoding="utf-8")
    scenario_format = (docs / "scenario-format.md").read_text(encoding="utf-8")
    for kind in COMMAND_KINDS:
        headed = re.search(rf"^### (.* )?{kind}( .*)?$", investigation, re.MULTILINE)
        assert headed, f"docs/reference/investigation.md has no section for {kind}"
        assert f"| `{kind}` |" in scenario_format, f"scenario-format.md's table lacks {kind}"


# The examples in docs/reference/investigation.md: heading -> (scenario, moment, command, actions).
# None as the moment: two minutes after the first eviction.
DOC_EXAMPLES: dict[str, tuple[str, float | None, str, list[tuple[float, str, dict]]]] = {
    "### pg_stat_statements": ("database", 300, "statements", []),
    "### pg_locks": ("database", 300, "locks", []),
    "### migration_history": ("database", 400, "migrations", [(300, "revert_migration", {})]),
    "### cache_stats": ("cache", 180, "cache", []),
    "### top_pods": ("cpu", 300, "top", []),
    "### df": ("disk", None, "disk", []),
    "### tls_check": ("edge", 420, "tls", []),
    "### dig": ("edge", 600, "dig-payments", []),
    "### consumer_lag": ("queue", 600, "lag", []),
    "### static": ("database", 300, "vendor-console", []),
    "### Live values in extra lines": ("database", 300, "app-logs", []),
}
DOC = Path(__file__).parent.parent / "docs" / "reference" / "investigation.md"


def example_output(name: str, moment: float | None, command: str, actions: list) -> str:
    engine = engine_for(name)
    for when, action, params in actions:
        act(at(engine, when), action, **params)
    if moment is None:
        while engine.metric("pod_evictions") == 0:
            at(engine, engine.env.now + 10.0)
        moment = engine.env.now + 2 * MINUTE
    return "```text\n" + "\n".join(run(at(engine, moment), command)) + "\n```\n"


def test_the_reference_examples_are_what_the_model_prints():
    text = DOC.read_text(encoding="utf-8")
    updated = text
    for heading, spec in DOC_EXAMPLES.items():
        start = updated.index("```text\n", updated.index(heading + "\n"))
        end = updated.index("```\n", start + 8) + 4
        updated = updated[:start] + example_output(*spec) + updated[end:]
    if os.environ.get("GAMEDAY_UPDATE_GOLDEN") == "1":
        DOC.write_text(updated, encoding="utf-8")
    assert updated == text, "stale examples; rewrite them with GAMEDAY_UPDATE_GOLDEN=1"
