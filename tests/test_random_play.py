"""Generated play: random action scripts against every shipped scenario, and random journals
against scoring and the report.

The scripts take any action (coordination or system) with boundary parameters (each numeric
parameter at its minimum, its maximum, or just outside; each name one the scenario defines, or
one it does not), at random times, by random roles, allowed or not. Whatever the players do, the
engine must hold its invariants (`tests/invariants.py`), advancing in slices must give the same
journal as one shot, and scoring and the report must never crash.
"""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from simulator.actions import ACTIONS, ParamSpec
from simulator.engine import Engine, run_script
from simulator.errors import JournalError
from simulator.journal import Journal
from simulator.journal_kinds import ENTRY_KINDS, entry_problem
from simulator.report import build_report, render_html, render_json, render_markdown
from simulator.roles import ROLES
from simulator.scenario import LoadedScenario
from simulator.scenario.names import names_of
from simulator.scenario.schema import ScriptedAction
from simulator.scoring import score
from tests.conftest import SHIPPED
from tests.invariants import metric_problems

pytestmark = pytest.mark.slow

# Each run is a whole engine run (0.1-0.3 s): a few examples per scenario keep the module near
# half a minute; `GAMEDAY_HYPOTHESIS_PROFILE=thorough` runs twenty times as many.
EXAMPLES = 6
SETTINGS = settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
HORIZON = 20 * 60.0  # scripts act within the first 20 minutes; runs stop there


def boundary_value(spec: ParamSpec, scenario_names: list[str]) -> st.SearchStrategy[Any]:
    """Values at and just past a parameter's edges, and of the wrong type."""
    if spec.type == "bool":
        return st.sampled_from([True, False, "yes"])
    if spec.type in ("int", "float"):
        edges = [v for v in (spec.minimum, spec.maximum) if v is not None]
        near = [e + d for e in edges for d in (-1, 0, 1)] or [0, 1, 10**6]
        values = [int(v) if spec.type == "int" else float(v) for v in near]
        return st.sampled_from([*values, -1, "many"])
    if spec.choices:
        return st.sampled_from([*spec.choices, "not-a-choice", ""])
    if spec.type == "duration":
        return st.sampled_from(["0s", "1s", "30m", "24h", "soon", ""])
    names = scenario_names or ["nothing-named"]
    return st.sampled_from([*names, "not-in-this-scenario", "", "x" * 300])


@st.composite
def scripted_actions(draw: st.DrawFn, loaded: LoadedScenario) -> list[ScriptedAction]:
    scenario = loaded.scenario
    count = draw(st.integers(min_value=0, max_value=6))
    script = []
    for _ in range(count):
        name = draw(st.sampled_from(sorted(ACTIONS)))
        params: dict[str, Any] = {}
        for spec in ACTIONS[name].params:
            if spec.required or draw(st.booleans()):
                names = names_of(scenario, spec.refers) if spec.refers else []
                params[spec.name] = draw(boundary_value(spec, names))
        at = draw(st.floats(min_value=0.0, max_value=HORIZON, allow_nan=False))
        role = draw(st.sampled_from(ROLES))
        script.append(ScriptedAction.model_construct(at=at, role=role, action=name, params=params))
    return script


def sliced_run(loaded: LoadedScenario, seed: int, script: list[ScriptedAction], cuts: list[float]):
    """The same script, with the engine advanced through extra stops (as a live session does)."""
    engine = Engine(loaded, seed)
    stops = [(a.at, 1, a) for a in script] + [(c, 0, None) for c in cuts]
    for at, _, action in sorted(stops, key=lambda stop: stop[:2]):
        engine.advance(at)
        if action is not None:
            engine.act(action.role, action.action, dict(action.params))
    engine.advance(HORIZON + engine.dt / 2)
    return engine.journal


def scored_and_reported(journal: Journal) -> None:
    report = build_report(journal)
    assert score(journal).team is not None
    for render in (render_markdown, render_html, render_json):
        assert render(report)


@pytest.mark.parametrize("name", SHIPPED)
@SETTINGS
@given(data=st.data())
def test_random_scripts_hold_every_invariant(shipped, name, data) -> None:
    loaded = shipped[name]
    seed = data.draw(st.integers(min_value=0, max_value=2**31 - 1), label="seed")
    script = data.draw(scripted_actions(loaded), label="script")
    journal = run_script(loaded, seed, script, until=HORIZON)
    assert metric_problems(loaded, journal) == []
    actions = [e for e in journal.entries if e["kind"] == "action"]
    assert len(actions) == len(script)  # every action answered: accepted, refused or rejected
    times = [e["t"] for e in journal.entries]
    assert times == sorted(times)


@pytest.mark.parametrize("name", SHIPPED)
@SETTINGS
@given(data=st.data())
def test_advancing_in_slices_equals_one_shot(shipped, name, data) -> None:
    loaded = shipped[name]
    seed = data.draw(st.integers(min_value=0, max_value=1000), label="seed")
    script = data.draw(scripted_actions(loaded), label="script")
    cuts = data.draw(
        st.lists(st.floats(min_value=0.0, max_value=HORIZON, allow_nan=False), max_size=8),
        label="cuts",
    )
    one_shot = run_script(loaded, seed, script, until=HORIZON)
    assert sliced_run(loaded, seed, script, cuts).entries == one_shot.entries


@pytest.mark.parametrize("name", SHIPPED)
@settings(max_examples=EXAMPLES, deadline=None, derandomize=True)
@given(data=st.data())
def test_random_play_never_crashes_scoring_or_the_report(shipped, name, data) -> None:
    loaded = shipped[name]
    script = data.draw(scripted_actions(loaded), label="script")
    journal = run_script(loaded, 1, script, until=HORIZON)
    scored_and_reported(journal)


KINDS = st.one_of(st.sampled_from(sorted(ENTRY_KINDS)), st.text(max_size=12))
JSON_SCALARS = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), st.text(max_size=20)
)
FIELD_NAMES = sorted({f for k in ENTRY_KINDS.values() for f in k.required} | {"text", "severity"})
ENTRY_FIELDS = st.dictionaries(
    st.sampled_from(FIELD_NAMES),
    st.one_of(JSON_SCALARS, st.dictionaries(st.text(max_size=8), JSON_SCALARS, max_size=3)),
    max_size=8,
)


@settings(max_examples=80, deadline=None, derandomize=True)
@given(extra=st.lists(st.tuples(st.floats(0, 2700), KINDS, ENTRY_FIELDS), max_size=25))
def test_random_journal_entries_never_crash_scoring_or_the_report(shipped, extra) -> None:
    """Entries of known and unknown kinds with missing, extra and mistyped fields, spliced into a
    real journal: scoring and every report format answer, or scoring refuses the journal with a
    located message when an entry lacks what its kind requires; never another exception."""
    base = run_script(shipped[SHIPPED[0]], 1, until=120.0)
    entries = list(base.entries[:-1])
    entries += [{**fields, "t": t, "kind": kind} for t, kind, fields in extra]
    entries[1:] = sorted(entries[1:], key=lambda e: e["t"])
    journal = Journal(entries)
    broken = [e for e in entries if entry_problem(e)]
    if broken:
        with pytest.raises(JournalError, match="journal line"):
            score(journal)
    else:
        scored_and_reported(journal)
