"""What every fault type shares: its parameters (a pydantic model), its mechanism (a class that
acts on the service model), and the vocabulary both use.

A fault type is one module in `simulator/faults/` holding two small classes: `XxxParams`, what a
scenario writes, and `Xxx(Mechanism)`, what the model does about it. The mechanism never ends the
fault by bookkeeping: the fault runner asks `present()` after every discrete change of the model
and records `fault.end` only when the mechanism is gone (a rollback removed the leaking release, a
certificate was renewed, the cache is warm again) or when a fault with a `duration` clears by
itself. `fixed_by`, `mitigated_by` and `harmful` are the scenario author's claims about the model,
which `gameday check` proves; they never change the model.

No simpy here: the engine owns time. Mechanisms read and change the service state through the
`World` the engine hands them, and contribute their per-tick perturbation to `Effects`.
"""

from __future__ import annotations

import typing
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Annotated, Any, ClassVar, Generic, Literal, Protocol, TypeVar

from pydantic import BeforeValidator, Field

from simulator.scenario.schema_base import (
    ActionName,
    Duration,
    Identifier,
    Model,
    ParamValue,
)
from simulator.scenario.service_models import DeployRecord

if TYPE_CHECKING:
    from simulator.effects import Effects
    from simulator.engine.state import ServiceState


def _action_match(value: Any) -> Any:
    """`rollback` is shorthand for `{action: rollback}`."""
    return {"action": value} if isinstance(value, str) else value


class ActionMatch(Model):
    """An action, optionally with the parameters that make it match (`{action: rollback,
    params: {target: deploy}}`)."""

    action: ActionName
    params: dict[str, ParamValue] = {}

    def matches(self, action: str, params: Mapping[str, Any]) -> bool:
        """Does an action taken match this entry? Names equal; text and booleans exactly;
        numbers in the entry are lower bounds (`{action: scale, params: {replicas: 16}}` matches
        scaling to 16 replicas or more); parameters left out match anything."""
        if self.action != action:
            return False
        for key, wanted in self.params.items():
            got = params.get(key)
            if isinstance(wanted, int | float) and not isinstance(wanted, bool):
                if isinstance(got, bool) or not isinstance(got, int | float) or got < wanted:
                    return False
            elif got != wanted:
                return False
        return True


ActionRef = Annotated[ActionMatch, BeforeValidator(_action_match)]


class IntensityStep(Model):
    """From `after` (since the fault's onset) the fault acts at `level` x its parameters."""

    after: Duration
    level: Annotated[float, Field(ge=0.0, le=10.0)]


class Intensity(Model):
    """How strongly a fault acts over time: a ramp up, a decay, or steps (all optional).

    `ramp`: from 0 to full strength over this long after onset. `decay`: after `decay_after`,
    strength halves every `decay`. `steps`: explicit levels from given offsets (the last applies
    to the end). Levels multiply the fault's rates and magnitudes.
    """

    ramp: Duration = 0.0
    decay: Duration = 0.0
    decay_after: Duration = 0.0
    steps: list[IntensityStep] = []

    def level(self, since_onset: float) -> float:
        level = 1.0
        if self.ramp > 0.0:
            level = min(1.0, max(0.0, since_onset / self.ramp))
        for step in self.steps:
            if since_onset >= step.after:
                level = step.level
        if self.decay > 0.0 and since_onset > self.decay_after:
            level *= 0.5 ** ((since_onset - self.decay_after) / self.decay)
        return level

    def changes(self) -> bool:
        return self.ramp > 0.0 or self.decay > 0.0 or bool(self.steps)


class FaultParams(Model):
    """Fields every fault has. Subclasses add their parameters and a `type` literal."""

    id: Identifier
    at: Duration
    duration: Duration | None = None
    root_cause: str
    intensity: Intensity | None = None
    fixed_by: list[ActionRef] = []
    mitigated_by: list[ActionRef] = []
    harmful: list[ActionRef] = []
    if TYPE_CHECKING:  # each subclass declares `type` as its own literal
        type: str

    # Class-level facts the validator and the docs read (not scenario fields):
    # the model resources the mechanism lives in (what a fix must touch) ...
    resources: ClassVar[frozenset[str]] = frozenset()
    # ... and the fields naming something in `service` (field -> what it names).
    references: ClassVar[dict[str, str]] = {}
    # The optional part of `service` the fault needs (`cache`, `queue`, `cpu`, `disk`...).
    requires: ClassVar[str | None] = None
    # True when the mechanism ends by itself (a failover completes) without a `duration`.
    self_limiting: ClassVar[bool] = False


def fault_type_literal(params: type[FaultParams]) -> str:
    """The `type` literal a parameters model declares (its name in scenarios and the registry)."""
    annotation = params.model_fields["type"].annotation
    return str(typing.get_args(annotation)[0])


class World(Protocol):
    """What a mechanism may use of the engine: the state, the clock, the journal, deploys."""

    state: ServiceState

    @property
    def now(self) -> float: ...

    def record(self, kind: str, **fields: Any) -> dict[str, Any]: ...

    def deploy(self, record: DeployRecord) -> str: ...

    def push_config(self, key: str, value: float | str, by: str, change: str) -> Any: ...

    def config_in_force(self, record: Any) -> bool: ...

    def later(self, delay: float, callback: Any) -> None: ...


EffectKind = Literal["fixes", "buys time", "hurts", "no effect"]


@dataclass(frozen=True)
class Effect:
    """One cell of the effects matrix: what an action does to a fault type, and why."""

    kind: EffectKind
    why: str


def fixes(why: str) -> Effect:
    return Effect("fixes", why)


def buys_time(why: str) -> Effect:
    return Effect("buys time", why)


def hurts(why: str) -> Effect:
    return Effect("hurts", why)


P = TypeVar("P", bound=FaultParams)


class Mechanism(Generic[P]):
    """The model side of one fault type. Subclasses set `params` and override what they need.

    `onset` changes the model at the fault's start (a deploy, a config push, a flushed cache);
    `contribute` adds the fault's per-tick perturbation while it acts; `present` says whether the
    mechanism is still in place; `gone` says why it is not, for the journal.
    """

    params: ClassVar[type[FaultParams]]
    effects: ClassVar[dict[str, Effect]] = {}
    summary: ClassVar[str] = ""

    def __init__(self, fault: P) -> None:
        self.fault = fault
        self.level = 1.0

    def onset(self, world: World) -> None:
        """Change the model when the fault starts (default: nothing beyond `contribute`)."""

    def contribute(self, world: World, fx: Effects) -> None:
        """Add this fault's perturbation to the tick's effects while it acts."""

    def present(self, world: World) -> bool:
        """Is the mechanism still in place? (default: until its duration, if any, runs out)"""
        return True

    def gone(self, world: World) -> str:
        """Why the mechanism is gone, in a few words, for `fault.end`."""
        return "the mechanism is gone"

    def changing(self, world: World) -> bool:
        """Does the contribution change with time right now (beyond `intensity`)? The runner
        then refreshes the effects every few seconds."""
        return False

    def expire(self, world: World) -> None:
        """The fault's `duration` ran out: undo what `onset` did that outlives `contribute`."""
