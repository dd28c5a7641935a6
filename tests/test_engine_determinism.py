"""Same scenario, seed and actions: byte-identical journal. Slices equal one shot."""

from __future__ import annotations

import random

import pytest

from simulator.engine import Engine, run_script
from simulator.scenario import LoadedScenario
from tests.conftest import SHIPPED


def ideal_actions(loaded: LoadedScenario):
    assert loaded.scenario.expect is not None
    return list(loaded.scenario.expect.ideal_response.actions)


@pytest.mark.parametrize("name", SHIPPED)
def test_same_inputs_give_byte_identical_journals(shipped, name):
    loaded = shipped[name]
    first = run_script(loaded, 7, ideal_actions(loaded)).to_jsonl()
    second = run_script(loaded, 7, ideal_actions(loaded)).to_jsonl()
    assert first == second


@pytest.mark.parametrize("name", SHIPPED)
def test_different_seed_gives_different_metrics(shipped, name):
    loaded = shipped[name]
    a = [e["values"] for e in run_script(loaded, 1).entries if e["kind"] == "metrics"]
    b = [e["values"] for e in run_script(loaded, 2).entries if e["kind"] == "metrics"]
    assert len(a) == len(b)
    assert a != b


def run_in_slices(loaded: LoadedScenario, seed: int, cuts: list[float]) -> str:
    """Advance through arbitrary cut points, applying each stamped action when it is due."""
    engine = Engine(loaded, seed)
    pending = sorted(ideal_actions(loaded), key=lambda a: a.at)
    for cut in sorted(cuts):
        while pending and pending[0].at <= cut:
            action = pending.pop(0)
            engine.advance(action.at)
            engine.act(action.role, action.action, dict(action.params))
        engine.advance(cut)
    for action in pending:
        engine.advance(action.at)
        engine.act(action.role, action.action, dict(action.params))
    return engine.finish().to_jsonl()


@pytest.mark.parametrize("name", SHIPPED)
@pytest.mark.parametrize("slicing", ["every-7s", "random", "on-action-times"])
def test_advancing_in_slices_equals_one_shot(shipped, name, slicing):
    loaded = shipped[name]
    duration = loaded.scenario.duration
    if slicing == "every-7s":
        cuts = [7.0 * i for i in range(1, int(duration // 7))]
    elif slicing == "random":
        rng = random.Random(name)
        cuts = [rng.uniform(0, duration) for _ in range(40)]
    else:
        cuts = [a.at for a in ideal_actions(loaded)]
    one_shot = run_script(loaded, 3, ideal_actions(loaded)).to_jsonl()
    assert run_in_slices(loaded, 3, cuts) == one_shot


def test_actions_at_the_same_time_keep_their_order(shipped):
    loaded = shipped[SHIPPED[0]]
    engine = Engine(loaded, 1)
    engine.advance(60)
    engine.act("ic", "acknowledge")
    engine.act("ic", "declare", {"severity": "SEV2", "title": "checkout errors"})
    kinds = [(e["t"], e["action"]) for e in engine.journal.of_kind("action")]
    assert kinds == [(60.0, "acknowledge"), (60.0, "declare")]
