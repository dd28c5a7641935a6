"""Replay you can scrub (simulator/replay): the exercise at any moment, from its journal."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest

from simulator.engine import run_script
from simulator.journal import Journal
from simulator.journal_kinds import GROUND_TRUTH_KINDS
from simulator.replay import Replay
from simulator.scenario import LoadedScenario, load_scenario
from simulator.scenario.schema import ScriptedAction
from simulator.ui.series import default_metrics

ROOT = Path(__file__).resolve().parent.parent
SCENARIO = ROOT / "scenarios" / "pool-exhaustion.yaml"
SEED = 5


@pytest.fixture(scope="module")
def loaded() -> LoadedScenario:
    return load_scenario(SCENARIO)


@pytest.fixture(scope="module")
def actions(loaded: LoadedScenario) -> list[ScriptedAction]:
    return list(loaded.scenario.expect.ideal_response.actions)


@pytest.fixture(scope="module")
def journal(loaded: LoadedScenario, actions: list[ScriptedAction]) -> Journal:
    return run_script(loaded, SEED, actions)


def _fix_time(loaded: LoadedScenario, journal: Journal) -> float:
    return next(float(e["t"]) for e in journal.entries if e["kind"] == "fault.end")


@pytest.mark.parametrize("fraction", [0.1, 0.35, 0.5, 0.8])
def test_a_moment_is_what_a_run_stopped_there_shows(loaded, actions, journal, fraction):
    """The state at t from the stored journal equals the engine run only up to t (same seed,
    the actions taken by then): nothing is re-run, and nothing from after t shows."""
    replay = Replay(journal, for_facilitator=True)
    positions = replay.positions(5.0)
    t = positions[int(fraction * (len(positions) - 1))]
    stopped = run_script(loaded, SEED, [a for a in actions if a.at <= t], until=t)
    metrics = default_metrics(loaded.scenario)
    moment = replay.at(t, metrics)
    fresh = Replay(stopped, for_facilitator=True).at(t, metrics)
    assert moment.series == fresh.series
    assert moment.alerts == fresh.alerts
    assert moment.pages == fresh.pages
    assert moment.messages == fresh.messages
    assert moment.key_events == fresh.key_events
    assert moment.truth == fresh.truth
    assert moment.impact == fresh.impact
    assert all(s.times[-1] == t for s in moment.series)
    assert all(e.t <= t for e in moment.key_events)
    assert all(a.since <= t for a in moment.alerts)


def test_every_slider_position_is_a_tick(journal, loaded):
    replay = Replay(journal, for_facilitator=False)
    positions = replay.positions(5.0)
    assert positions[0] == replay.start and positions[-1] == replay.end
    assert replay.end == loaded.scenario.duration
    assert all(b > a for a, b in itertools.pairwise(positions))
    ticks = set(replay.ticks)
    assert set(positions) <= ticks
    metrics = default_metrics(loaded.scenario)
    for t in positions[::50]:
        assert {s.times[-1] for s in replay.at(t, metrics).series} == {t}


def test_the_lists_grow_with_time(journal, loaded):
    replay = Replay(journal, for_facilitator=False)
    metrics = default_metrics(loaded.scenario)
    first_page = next(float(e["t"]) for e in journal.entries if e["kind"] == "page.triggered")
    before, after = replay.at(first_page - 1, metrics), replay.at(first_page, metrics)
    assert not before.pages and [p.status for p in after.pages][:1] == ["triggered"]
    assert len(replay.at(replay.end, metrics).key_events) > len(after.key_events)
    ack = next(float(e["t"]) for e in journal.entries if e["kind"] == "page.acknowledged")
    assert replay.at(ack, metrics).pages[0].status == "acknowledged"


def test_a_participants_replay_holds_no_ground_truth(journal, loaded):
    replay = Replay(journal, for_facilitator=False)
    moment = replay.at(replay.end, default_metrics(loaded.scenario))
    assert moment.truth is None and moment.impact == ()
    assert not any(e.get("kind") in GROUND_TRUTH_KINDS for e in replay._entries)
    assert not any(e.get("kind") in ("header", "end") for e in replay._entries)


def test_the_facilitators_replay_shows_what_the_fix_did(journal, loaded):
    replay = Replay(journal, for_facilitator=True)
    metrics = default_metrics(loaded.scenario)
    fixed = _fix_time(loaded, journal)
    start = loaded.scenario.faults[0].at
    during, after = replay.at(fixed - 5, metrics), replay.at(fixed, metrics)
    assert during.truth is not None and after.truth is not None
    before = replay.at(start - 5, metrics).truth
    assert before is not None and before.faults[0].state == "scheduled"
    assert during.truth.faults[0].state == "active"
    assert after.truth.faults[0].state == "fixed"
    assert any("fixed by" in text for _, text in after.truth.faults[0].events)
    assert during.impact and all(start <= end <= fixed - 5 for start, end in during.impact)


def test_moments_are_cached(journal, loaded):
    replay = Replay(journal, for_facilitator=False)
    metrics = default_metrics(loaded.scenario)
    assert replay.at(600.0, metrics) is replay.at(600.0, metrics)


def test_an_early_end_ends_the_replay(journal, loaded):
    """After a facilitator's early end the engine only plays the scenario out: not replayed."""
    cut = next(i for i, e in enumerate(journal.entries) if float(e.get("t", 0)) > 1200.5)
    ended = Journal([*journal.entries[:cut], {"t": 1200.5, "kind": "session.end"}])
    ended.entries.extend(journal.entries[cut:])
    replay = Replay(ended, for_facilitator=True)
    assert replay.end == 1200.0 and replay.positions(5.0)[-1] == 1200.0
    assert replay.at(2000.0, default_metrics(loaded.scenario)).series[0].times[-1] == 1200.0
