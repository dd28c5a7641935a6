"""The docs read from the registries: generated sections and the JSON Schema are up to date,
every fault type, system action and metric is documented, and the docs' YAML examples load."""

from __future__ import annotations

import importlib.util
import re
import sys
import textwrap
from pathlib import Path
from types import ModuleType

import pytest

from simulator.actions import SYSTEM_ACTIONS
from simulator.errors import ScenarioError
from simulator.faults import FAULT_TYPES
from simulator.metrics import METRIC_NAMES
from simulator.scenario import load_scenario_text
from simulator.scenario.service_models import Service
from simulator.selftest import self_test

ROOT = Path(__file__).resolve().parent.parent
REFERENCE = ROOT / "docs" / "reference"
HOW_TO = ROOT / "docs" / "how-to" / "write-a-scenario.md"
YAML_BLOCK = re.compile(r"```yaml\n(.*?)```", re.DOTALL)
GENERATED = re.compile(r"<!-- generated: .*? -->\n.*?<!-- end generated -->", re.DOTALL)


def _gen_docs() -> ModuleType:
    spec = importlib.util.spec_from_file_location("gen_docs", ROOT / "scripts" / "gen_docs.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["gen_docs"] = module
    spec.loader.exec_module(module)
    return module


gen_docs = _gen_docs()
doc_faults = importlib.import_module("doc_faults")  # beside it (gen_docs puts scripts/ on the path)


def _read(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def _section(text: str, heading: str) -> str:
    """The text under a Markdown heading, up to the next heading of the same or a higher level
    (lines in fenced code blocks are not headings)."""
    level = len(heading.split(" ", 1)[0])
    lines = text.split("\n")
    start = lines.index(heading) + 1
    fenced = False
    for index in range(start, len(lines)):
        line = lines[index]
        if line.startswith("```"):
            fenced = not fenced
        elif not fenced and re.match(rf"#{{1,{level}}} ", line):
            return "\n".join(lines[start:index])
    return "\n".join(lines[start:])


def _hand_written(text: str) -> str:
    return GENERATED.sub("", text)


# ---------------------------------------------------------------- generated sections


def test_generated_docs_and_schema_are_up_to_date() -> None:
    stale = [str(path.relative_to(ROOT)) for path in gen_docs.stale()]
    assert not stale, f"out of date: {', '.join(stale)}; regenerate with: {gen_docs.REGENERATE}"


def test_generated_files_cover_the_reference() -> None:
    names = {path.name for path in gen_docs.generated_files()}
    assert {"faults.md", "effects.md", "actions.md", "metrics.md"} <= names


def test_regenerating_rewrites_an_edited_section() -> None:
    text = _read(REFERENCE / "effects.md")
    edited = text.replace("| `slow_query` |", "| `slow_query_typo` |", 1)
    assert edited != text
    assert gen_docs.regenerate(edited) == text


def test_an_unknown_section_or_fault_type_is_an_error() -> None:
    with pytest.raises(gen_docs.DocsError, match="unknown generated section 'nope'"):
        gen_docs.regenerate("<!-- generated: nope -->\n<!-- end generated -->")
    with pytest.raises(gen_docs.DocsError, match="unknown fault type 'nope'"):
        gen_docs.regenerate("<!-- generated: fault nope -->\n<!-- end generated -->")


def test_check_mode_names_the_stale_file_and_the_command(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "x.md").write_text("<!-- generated: metrics -->\nold\n<!-- end generated -->\n")
    monkeypatch.setattr(gen_docs, "DOCS", docs)
    monkeypatch.setattr(gen_docs, "ROOT", tmp_path)
    monkeypatch.setattr(gen_docs, "SCHEMA_PATH", tmp_path / "schema.json")
    assert gen_docs.main(["--check"]) == 1
    out = capsys.readouterr().out
    assert f"docs/x.md is out of date; run: {gen_docs.REGENERATE}" in out
    assert gen_docs.main([]) == 0
    assert "`request_rate`" in (docs / "x.md").read_text()
    assert gen_docs.main(["--check"]) == 0


def test_parameter_meanings_come_from_descriptions_or_comments() -> None:
    missing = [
        f"{name}.{field}"
        for name, mechanism in FAULT_TYPES.items()
        for field in doc_faults.own_fields(mechanism.params)
        if not doc_faults.meaning(mechanism.params, field, {})
    ]
    assert not missing, (
        "fault parameters without a meaning for docs/reference/faults.md (add a comment above "
        f"the field or Field(description=...)): {', '.join(missing)}"
    )


# ---------------------------------------------------------------- everything is documented


@pytest.mark.parametrize("fault_type", list(FAULT_TYPES))
def test_every_fault_type_has_a_section_with_mechanics(fault_type: str) -> None:
    text = _read(REFERENCE / "faults.md")
    assert f"<!-- generated: fault {fault_type} -->" in text
    section = _hand_written(_section(text, f"## {fault_type}"))
    assert "Mechanics:" in section, f"faults.md: ## {fault_type} has no Mechanics paragraph"
    assert f"`{fault_type}`" in _read(REFERENCE / "effects.md")


def test_every_system_action_is_described_by_hand() -> None:
    described = _hand_written(_section(_read(REFERENCE / "actions.md"), "## System actions"))
    missing = [a for a in SYSTEM_ACTIONS if f"| `{a}` |" not in described]
    assert not missing, f"actions.md: no description of {', '.join(missing)}"


def test_every_metric_is_listed() -> None:
    text = _read(REFERENCE / "metrics.md")
    assert not [m for m in METRIC_NAMES if f"| `{m}` |" not in text]


def _fields(model: type) -> list[tuple[str, type]]:
    """(path, model) for every field of `service`, nested models included."""
    found = []
    for name, field in model.model_fields.items():  # type: ignore[attr-defined]
        found.append((name, model))
        inner = field.annotation
        for candidate in (inner, *getattr(inner, "__args__", ())):
            if isinstance(candidate, type) and hasattr(candidate, "model_fields"):
                found += [(f"{name}.{sub}", m) for sub, m in _fields(candidate)]
    return found


def test_every_service_key_is_in_the_scenario_format() -> None:
    text = _read(REFERENCE / "scenario-format.md")
    service = _section(text, "## service")
    missing = [
        path
        for path, _ in _fields(Service)
        if not re.search(rf"`[^`\n]*\b{path.rsplit('.', 1)[-1]}\b[^`\n]*`", service)
    ]
    assert not missing, f"scenario-format.md, ## service: no row for {', '.join(missing)}"


# ---------------------------------------------------------------- examples load

BASE = """\
version: 1
id: docs-example
title: A fault type's example
summary: Every resource the fault catalogue needs, and every system action allowed.
difficulty: beginner
severity: SEV2
duration: 45m
service:
  name: checkout
  replicas: 6
  workers_per_replica: 20
  service_time: 50ms
  traffic: {baseline_rps: 200}
  pool: {size_per_replica: 10}
  database: {max_connections: 200, cores: 8, other_load: 1}
  memory: {baseline_mb: 256, limit_mb: 512}
  cpu: {limit_cores: 1, per_request: 10ms}
  disk: {volume_mb: 2048}
  cache: {hit_ratio: 0.8, serve_stale_flag: serve-stale}
  queue: {name: orders}
  certificates: [{name: api-tls, covers: ingress, expires_in: 30d}]
  dependencies: [{name: payments, latency: 80ms}]
  feature_flags: {sdk-safe-retries: false, new-checkout: true, serve-stale: false}
  rate_limits: {clients: [{name: acme, share: 0.3, limit_rps: 200}]}
  history:
    deploys: [{version: "2.41.2", by: Sam Ortiz, change: "Faster cart page", ago: 2d}]
faults:
{faults}
actions:
{actions}
"""


def _scenario_with(faults_yaml: str) -> str:
    actions = "\n".join(f"  - action: {a}" for a in SYSTEM_ACTIONS)
    return BASE.replace("{faults}", textwrap.indent(faults_yaml, "  ")).replace(
        "{actions}", actions
    )


def _fault_example(fault_type: str) -> str:
    section = _section(_read(REFERENCE / "faults.md"), f"## {fault_type}")
    blocks = YAML_BLOCK.findall(section)
    assert len(blocks) == 1, f"faults.md: ## {fault_type} needs exactly one YAML example"
    return str(blocks[0])


@pytest.mark.parametrize("fault_type", list(FAULT_TYPES))
def test_fault_example_loads(fault_type: str) -> None:
    text = _scenario_with(_fault_example(fault_type))
    try:
        loaded = load_scenario_text(text, f"faults.md#{fault_type}")
    except ScenarioError as exc:
        pytest.fail(f"the {fault_type} example does not load:\n{exc}")
    [fault] = loaded.scenario.faults
    assert fault.type == fault_type


def test_the_base_scenario_rejects_a_broken_example() -> None:
    """The harness itself catches a bad example (an unknown table key)."""
    broken = _fault_example("slow_query").replace("share: 0.4", "shares: 0.4")
    with pytest.raises(ScenarioError, match="shares"):
        load_scenario_text(_scenario_with(broken), "broken.yaml")


def _slow_database_scenario() -> str:
    section = _section(_read(HOW_TO), "## Model a slow database")
    return "".join(YAML_BLOCK.findall(section))


def test_the_slow_database_walkthrough_validates() -> None:
    loaded = load_scenario_text(_slow_database_scenario(), "write-a-scenario.md")
    [fault] = loaded.scenario.faults
    assert fault.type == "slow_query"
    assert loaded.scenario.service.database.cores is not None
    exprs = " ".join(alert.expr for alert in loaded.scenario.alerts)
    assert "db_query_time_ms" in exprs and "pool_waiting" in exprs


def test_the_slow_database_walkthrough_passes_its_self_test() -> None:
    """What the walk-through says the scenario does (alerts, the fix, the harmful pool size) is
    what `gameday check` measures."""
    checks = self_test(load_scenario_text(_slow_database_scenario(), "orders-slow-query.yaml"))
    failed = [
        f"{c.name}: expected {c.expected}, measured {c.measured}" for c in checks if not c.passed
    ]
    names = {c.name for c in checks}
    assert {
        "fix: dropped-index fixed_by revert_migration",
        "fix: dropped-index fixed_by add_index(table=orders)",
        "harmful: dropped-index harmful set_pool_size(size=30)",
        "ideal response: impact ends",
    } <= names
    assert not failed, "\n".join(failed)
