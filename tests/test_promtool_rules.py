"""Real Prometheus agrees with our alert evaluator: `promtool test rules` over the rule file
`gameday export-rules` writes and the unit-test file `gameday promtool-test` writes, for every
shipped scenario (no response and the ideal response, so alerts both fire and resolve). A
deliberately broken evaluator (an off-by-one `for:`) must make promtool fail."""

from __future__ import annotations

import dataclasses
import subprocess
from pathlib import Path

import pytest

from simulator.engine import run_script
from simulator.journal import Journal
from simulator.prometheus.promtool import unit_test_file
from simulator.prometheus.rules import rule_file
from simulator.scenario import LoadedScenario
from simulator.scenario.loader import dump_yaml
from tests.conftest import SHIPPED
from tests.system_tools import require_tool

pytestmark = pytest.mark.slow


def promtool_test(tmp_path: Path, loaded: LoadedScenario, journal: Journal) -> str:
    """Write the rule and test files for `journal`; run promtool on them; its output if it
    passed, else fail with it."""
    result = run_promtool(tmp_path, loaded, journal)
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


def run_promtool(
    tmp_path: Path, loaded: LoadedScenario, journal: Journal
) -> subprocess.CompletedProcess[str]:
    promtool = require_tool("promtool")
    scenario = loaded.scenario
    rules = tmp_path / f"{scenario.id}.rules.yml"
    rules.write_text(dump_yaml(rule_file(scenario)), encoding="utf-8")
    test = tmp_path / f"{scenario.id}.test.yml"
    test.write_text(dump_yaml(unit_test_file(scenario, journal, rules.name)), encoding="utf-8")
    return subprocess.run(
        [promtool, "test", "rules", test.name],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def with_rules(loaded: LoadedScenario, **changes: float) -> LoadedScenario:
    """The scenario with every alert rule's fields shifted by `changes` (seconds added)."""
    scenario = loaded.scenario
    alerts = [
        rule.model_copy(update={k: getattr(rule, k) + v for k, v in changes.items()})
        for rule in scenario.alerts
    ]
    return dataclasses.replace(loaded, scenario=scenario.model_copy(update={"alerts": alerts}))


def firing_count(journal: Journal) -> tuple[int, int]:
    fired = sum(1 for _ in journal.of_kind("alert.firing"))
    resolved = sum(1 for _ in journal.of_kind("alert.resolved"))
    return fired, resolved


@pytest.mark.parametrize("name", SHIPPED)
@pytest.mark.parametrize("response", ["no-response", "ideal"])
def test_promtool_agrees_with_our_evaluator(shipped, tmp_path, name, response):
    loaded = shipped[name]
    expect = loaded.scenario.expect
    actions = expect.ideal_response.actions if response == "ideal" and expect else []
    journal = run_script(loaded, 1, actions)
    if response == "none":  # an ideal response may be quick enough that nothing fires
        assert firing_count(journal)[0] > 0, "the run must fire alerts, or the test proves nothing"
    assert "SUCCESS" in promtool_test(tmp_path, loaded, journal)


def test_shipped_runs_cover_resolving_alerts(shipped):
    """The ideal responses resolve the alerts they fire, so promtool checks resolution times too;
    an ideal response may act before anything fires (a slow degradation), but most do not."""
    covered = []
    for loaded in shipped.values():
        assert loaded.scenario.expect is not None
        journal = run_script(loaded, 1, loaded.scenario.expect.ideal_response.actions)
        fired, resolved = firing_count(journal)
        assert fired == 0 or resolved > 0, loaded.scenario.id
        covered += [loaded.scenario.id] if resolved > 0 else []
    assert len(covered) >= 0.75 * len(shipped), covered


def test_keep_firing_for_agrees_with_promtool(shipped, tmp_path):
    """`keep_firing_for` counts from the first evaluation where the condition stopped holding."""
    loaded = with_rules(shipped["pool-exhaustion.yaml"], keep_firing_for=60.0)
    journal = run_script(loaded, 1, loaded.scenario.expect.ideal_response.actions)
    assert firing_count(journal)[1] > 0
    assert "SUCCESS" in promtool_test(tmp_path, loaded, journal)


def test_an_off_by_one_for_in_our_evaluator_makes_promtool_fail(shipped, tmp_path):
    """The break on purpose: our evaluator waits one evaluation interval longer than `for:`
    says (the run uses shifted rules), while the rule file keeps the scenario's `for:`."""
    loaded = shipped["pool-exhaustion.yaml"]
    interval = loaded.scenario.paging.evaluation_interval
    broken_run = run_script(with_rules(loaded, for_=interval), 1)
    result = run_promtool(tmp_path, loaded, broken_run)
    assert result.returncode != 0
    assert "FAILED" in result.stdout + result.stderr
    assert "CheckoutHighErrorRatio" in result.stdout + result.stderr
