"""Journals for the scoring tests: engine runs of the shipped scenarios (the ideal response, a
slow one) and hand-made journals with the pool scenario's header."""

from __future__ import annotations

import copy
import functools
from typing import Any

from simulator.engine import run_script
from simulator.journal import Journal
from simulator.scenario import LoadedScenario, load_scenario
from simulator.scenario.schema import ScriptedAction
from tests.conftest import SCENARIO_DIR

POOL = "pool-exhaustion.yaml"
COMMS = ("status_update", "status_page")


@functools.cache
def loaded(name: str) -> LoadedScenario:
    return load_scenario(SCENARIO_DIR / name)


def ideal_actions(name: str) -> list[ScriptedAction]:
    expect = loaded(name).scenario.expect
    assert expect is not None
    return list(expect.ideal_response.actions)


def run(name: str, actions: list[ScriptedAction]) -> Journal:
    return run_script(loaded(name), 1, sorted(actions, key=lambda a: a.at))


@functools.cache
def cached_ideal(name: str) -> Journal:
    return run(name, ideal_actions(name))


def ideal_journal(name: str) -> Journal:
    """The ideal scripted response at seed 1 (a copy: tests may change it)."""
    return copy.deepcopy(cached_ideal(name))


def act(at: float, role: str, action: str, params: dict[str, Any] | None = None) -> ScriptedAction:
    return ScriptedAction(at=f"{at:g}s", role=role, action=action, params=params or {})


def slow_actions(name: str) -> list[ScriptedAction]:
    """The ideal response, but coordination comes 12 minutes later (or just before the end), the
    status page and scribe notes are forgotten."""
    end = loaded(name).scenario.duration - 60.0
    slowed = []
    for a in ideal_actions(name):
        if a.action in ("status_page", "timeline_note"):
            continue
        at = a.at if a.action not in _COORDINATION else min(a.at + 720.0, end)
        slowed.append(act(at, a.role, a.action, dict(a.params)))
    return slowed


_COORDINATION = ("acknowledge", "declare", "assign_role", "status_update", "resolve", "escalate")


def hand_journal(
    entries: list[dict[str, Any]], text: str | None = None, end: float = 2700.0
) -> Journal:
    """A journal with the pool scenario's header (or `text`) and the given entries."""
    header = copy.deepcopy(cached_ideal(POOL).header)
    if text is not None:
        header["scenario"]["text"] = text
    body = sorted(entries, key=lambda e: e["t"])
    return Journal([header, *body, {"t": end, "kind": "end", "impact_ongoing": False}])


def action(t: float, name: str, role: str = "ic", outcome: str = "accepted", **params: Any) -> dict:
    n = int(t)
    return {
        "t": t,
        "kind": "action",
        "id": f"A{n}",
        "role": role,
        "action": name,
        "params": params,
        "outcome": outcome,
    }


def page(t: float, page_id: str = "P1") -> dict[str, Any]:
    return {"t": t, "kind": "page.triggered", "page": page_id, "alert": "CheckoutHighErrorRatio"}
