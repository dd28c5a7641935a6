"""The registries the model is built from: every fault type has its parameters and mechanism,
every system action its handler, and what the docs and the validator read from them is whole."""

from __future__ import annotations

import typing

from simulator.actions import ACTIONS, SYSTEM_ACTIONS
from simulator.engine.handlers import HANDLERS
from simulator.faults import FAULT_TYPES, FaultParams, Mechanism
from simulator.faults.base import fault_type_literal
from simulator.scenario.fault_models import Fault


def test_every_fault_type_has_parameters_and_a_mechanism() -> None:
    for name, mechanism in FAULT_TYPES.items():
        assert issubclass(mechanism, Mechanism), name
        assert issubclass(mechanism.params, FaultParams), name
        assert fault_type_literal(mechanism.params) == name
        assert mechanism.params.resources, f"{name} declares no resources"
        assert mechanism.summary, f"{name} has no summary"


def test_the_scenario_union_is_the_registry() -> None:
    union = typing.get_args(typing.get_args(Fault)[0])
    assert {fault_type_literal(p) for p in union} == set(FAULT_TYPES)


def test_every_system_action_has_a_handler_and_every_handler_an_action() -> None:
    assert set(HANDLERS) == set(SYSTEM_ACTIONS)


def test_every_system_action_reaches_some_resource() -> None:
    for name in SYSTEM_ACTIONS:
        assert ACTIONS[name].resources, f"{name} acts on nothing"


def test_effects_name_system_actions_that_reach_the_fault() -> None:
    for name, mechanism in FAULT_TYPES.items():
        lives_in = mechanism.params.resources | {"capacity"}
        for action, effect in mechanism.effects.items():
            assert action in SYSTEM_ACTIONS, f"{name}: unknown action {action}"
            assert set(ACTIONS[action].resources) & lives_in, f"{name}: {action} cannot reach it"
            assert effect.why, f"{name}: {action} says no why"
