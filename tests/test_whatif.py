"""What if: counterfactual runs of a played exercise (simulator/whatif)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from simulator.cli import main
from simulator.engine import Engine, run_script
from simulator.journal import read_journal
from simulator.scenario import LoadedScenario, load_scenario
from simulator.scenario.schema import ScriptedAction
from simulator.selftest.claims import trials
from simulator.selftest.runs import BASE_SERIES, summarize
from simulator.whatif import plan, what_if
from simulator.whatif.costs import cost_of, error_budget, noticeable
from simulator.whatif.runner import run_specs

ROOT = Path(__file__).resolve().parent.parent
SHIPPED = sorted((ROOT / "scenarios").glob("*.yaml"))
LATE = 240.0  # the team in these tests takes every system action this much after the ideal


def slow_team(loaded: LoadedScenario) -> list[ScriptedAction]:
    """The scenario's ideal response with every action after the first page LATE later: a team
    that acts right but slowly, so there is room to move the fix earlier."""
    scenario = loaded.scenario
    actions = scenario.expect.ideal_response.actions
    first = min((a.at for a in actions if a.action != "acknowledge"), default=0.0)
    late = [
        a.model_copy(update={"at": min(a.at + LATE, scenario.duration - 60)}) if a.at > first else a
        for a in actions
    ]
    return late


def fix_earlier_costs(loaded: LoadedScenario, seed: int) -> tuple[float, float, str]:
    journal = run_script(loaded, seed, slow_team(loaded))
    p = plan(journal)
    earlier = [v for v in p.variants if v.key.key == "fix" and v.change == "earlier"]
    assert earlier, f"{loaded.scenario.id}: no earlier time for the fix"
    results = run_specs(p.played.loaded, [p.actual, earlier[0].spec])
    scenario = loaded.scenario
    budget = error_budget(results[p.actual], scenario)
    actual = cost_of(results[p.actual], scenario, budget, scenario.duration).failed_requests
    moved = cost_of(results[earlier[0].spec], scenario, budget, scenario.duration).failed_requests
    return actual, moved, earlier[0].key.evidence


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.stem)
def test_moving_the_fix_earlier_never_costs_more(path: Path) -> None:
    loaded = load_scenario(path)
    actual, moved, evidence = fix_earlier_costs(loaded, seed=1)
    assert moved <= actual, (path.stem, evidence, actual, moved)


def harmful_plays(loaded: LoadedScenario, seed: int) -> list[tuple[str, list[ScriptedAction]]]:
    """Each harmful claim as `gameday check` proves it: the harmful action at the claim's first
    time, then every lasting fix a few minutes later."""
    scenario = loaded.scenario
    impact = summarize(run_script(loaded, seed, []), BASE_SERIES).impact
    start = impact[0][0] if impact else None
    plays = []
    for trial in trials(scenario, seed, start):
        if trial.claim.group == "harmful" and trial.slot is not None:
            harmed = trial.runs[1]
            plays.append((trial.claim.ref.action, [s.scripted() for s in harmed.steps]))
    return plays


HARMFUL = [p for p in SHIPPED if any(f.harmful for f in load_scenario(p).scenario.faults)]


@pytest.mark.parametrize("path", HARMFUL, ids=lambda p: p.stem)
def test_removing_a_harmful_action_never_costs_more(path: Path) -> None:
    """Removing the harmful action never leaves customers measurably worse off (more failed
    requests than the margin the what-if calls "no measurable difference")."""
    loaded = load_scenario(path)
    plays = harmful_plays(loaded, seed=1)
    assert plays
    seen: set[str] = set()
    end = loaded.scenario.duration
    for action, actions in plays:
        if action in seen:  # one time per harmful action keeps the test short
            continue
        seen.add(action)
        journal = run_script(loaded, 1, actions)
        p = plan(journal)
        removed = [v for v in p.variants if v.key.key == "harmful"]
        assert [v.key.action.step.action for v in removed] == [action]
        results = run_specs(p.played.loaded, [p.actual, removed[0].spec])
        budget = error_budget(results[p.actual], loaded.scenario)
        actual = cost_of(results[p.actual], loaded.scenario, budget, end)
        without = cost_of(results[removed[0].spec], loaded.scenario, budget, end)
        worse = without.failed_requests - actual.failed_requests
        assert worse <= 0 or not noticeable(worse, results[p.actual], loaded.scenario, end), (
            path.stem,
            action,
            actual,
            without,
        )


@pytest.fixture
def gameday_cli(capsys):
    def run(*argv: str) -> tuple[int, str, str]:
        code = main([str(a) for a in argv])
        out, err = capsys.readouterr()
        return code, out, err

    return run


def test_figures_match_a_plain_simulate_of_the_edited_action_file(tmp_path, gameday_cli) -> None:
    """Every finding's cost is what `gameday simulate --actions` of its edited file gives."""
    path = ROOT / "scenarios" / "pool-exhaustion.yaml"
    loaded = load_scenario(path)
    journal = run_script(loaded, 5, slow_team(loaded))
    result = what_if(journal)
    p = plan(journal)
    assert len(result.findings) == len(p.variants) >= 4
    for variant, found in zip(p.variants, result.findings, strict=True):
        actions = tmp_path / "actions.yaml"
        rows = [
            {
                "at": f"{round(s.at * 1000)}ms",
                "role": s.role,
                "action": s.action,
                "params": dict(s.params),
            }
            for s in variant.spec.steps
        ]
        actions.write_text(yaml.safe_dump(rows))
        out = tmp_path / "run.jsonl"
        code, _, err = gameday_cli(
            "simulate", str(path), "--seed", "5", "--actions", str(actions), "--out", str(out)
        )
        assert code == 0, err
        summary = summarize(read_journal(out), BASE_SERIES)
        budget = error_budget(summarize(journal, BASE_SERIES), loaded.scenario)
        # the file rounds metrics to 4 decimals; the figures agree to that precision
        simulated = cost_of(summary, loaded.scenario, budget, loaded.scenario.duration).to_dict()
        assert simulated == pytest.approx(found.cost.to_dict(), rel=1e-7)


def test_the_played_run_is_reproduced_and_the_scale_is_ordered() -> None:
    loaded = load_scenario(ROOT / "scenarios" / "pool-exhaustion.yaml")
    journal = run_script(loaded, 7, slow_team(loaded))
    result = what_if(journal, jobs=2)
    summary = summarize(journal, BASE_SERIES)
    budget = error_budget(summary, loaded.scenario)
    assert result.played == cost_of(summary, loaded.scenario, budget, loaded.scenario.duration)
    assert result.best is not None
    assert result.best.failed_requests < result.played.failed_requests
    assert result.played.failed_requests < result.no_response.failed_requests
    assert result.standing is not None and 0.0 < result.standing < 1.0
    keys = [(f.key, f.change) for f in result.findings]
    assert ("acknowledge", "earlier") not in keys or keys[0] == ("acknowledge", "earlier")
    assert ("fix", "earlier") in keys and ("fix", "later") in keys
    # The stop-gap (terminating the leaked connections) ends impact before the rollback lands,
    # so moving the rollback earlier saves little; taking the stop-gap at the page saves a lot.
    fix = next(f for f in result.findings if (f.key, f.change) == ("fix", "earlier"))
    assert fix.saved.failed_requests >= 0
    gap = next(f for f in result.findings if (f.key, f.change) == ("stop_gap", "earlier"))
    assert gap.measurable and gap.saved.failed_requests > 0
    assert gap.sentence.startswith(f"Taking {gap.action} at T+14:15, when the first page arrived,")
    assert "would have saved about" in gap.sentence
    later = next(f for f in result.findings if (f.key, f.change) == ("stop_gap", "later"))
    assert "would have cost about" in later.sentence and later.saved.failed_requests < 0
    dropped = next(f for f in result.findings if (f.key, f.change) == ("stop_gap", "removed"))
    assert dropped.sentence.startswith(f"Not taking the stop-gap {gap.action} at T+")


def test_results_do_not_depend_on_jobs() -> None:
    loaded = load_scenario(ROOT / "scenarios" / "retry-storm.yaml")
    journal = run_script(loaded, 3, slow_team(loaded))
    one, two = what_if(journal, jobs=1), what_if(journal, jobs=2)
    assert json.dumps(one.to_dict()) == json.dumps(two.to_dict())


def test_a_run_with_no_response_has_nothing_to_move() -> None:
    loaded = load_scenario(ROOT / "scenarios" / "retry-storm.yaml")
    result = what_if(run_script(loaded, 1, []))
    assert result.findings == ()
    assert result.played == result.no_response
    assert result.standing == 0.0


def test_the_command_prints_sentences_and_json(tmp_path, gameday_cli) -> None:
    loaded = load_scenario(ROOT / "scenarios" / "retry-storm.yaml")
    path = tmp_path / "run.jsonl"
    run_script(loaded, 2, slow_team(loaded)).write(path)
    code, out, err = gameday_cli("whatif", str(path), "--jobs", "1")
    assert code == 0, err
    assert out.startswith("Your response ")
    assert "No response " in out and "Best possible " in out
    assert "of the gap from no response to the best." in out
    assert "- Acknowledging at T+" in out and "would have saved about" in out
    code, out, _ = gameday_cli("whatif", str(path), "--json", "--jobs", "2")
    data = json.loads(out)
    assert code == 0 and data["runs"] >= 5 and 0 < data["standing"] < 1
    assert {f["key"] for f in data["findings"]} >= {"acknowledge", "fix"}


def test_a_journal_without_its_scenario_gets_a_message(tmp_path, gameday_cli) -> None:
    path = tmp_path / "bare.jsonl"
    path.write_text('{"t": 0.0, "kind": "header", "format": 1, "seed": 1}\n')
    code, _, err = gameday_cli("whatif", str(path))
    assert code == 1
    assert "no embedded scenario text" in err and "Traceback" not in err
    code, _, err = gameday_cli("whatif", str(tmp_path / "missing.jsonl"))
    assert code == 2 and "no such journal file" in err


def test_an_extended_run_is_what_iffed_to_its_new_end() -> None:
    """A session extended by 10 minutes: every counterfactual runs to the new end, and the played
    run's cost is the journal's own to that end. Extending from the start (as the what-if does)
    gives the same run as extending at T+40, as a facilitator does."""
    loaded = load_scenario(ROOT / "scenarios" / "pool-exhaustion.yaml")
    scenario = loaded.scenario
    end = scenario.duration + 600
    engine = Engine(loaded, 7)
    for scripted in sorted(slow_team(loaded), key=lambda a: a.at):
        engine.advance(scripted.at)
        engine.act(scripted.role, scripted.action, dict(scripted.params))
    engine.advance(40 * 60)
    engine.extend(end, by="facilitator")
    journal = engine.finish()
    from_start = run_script(loaded, 7, slow_team(loaded), end=end)
    metrics = [e for e in journal.entries if e["kind"] == "metrics"]
    assert metrics == [e for e in from_start.entries if e["kind"] == "metrics"]
    assert metrics[-1]["t"] == end

    p = plan(journal)
    assert p.played.end == end and {spec.end for spec in p.specs} == {end}
    result = what_if(journal)
    summary = summarize(journal, BASE_SERIES)
    budget = error_budget(summary, scenario)
    assert result.played == cost_of(summary, scenario, budget, end)
    assert result.played != cost_of(summary, scenario, budget, scenario.duration)
    assert result.no_response.failed_requests > result.played.failed_requests
