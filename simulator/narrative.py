"""Flavour text: names, companies, ticket ids, hosts. The only module that imports Faker.

A `Narrator` is seeded per run from a named stream, so the same seed always tells the same story.
"""

from __future__ import annotations

import itertools
import random
import threading
from collections.abc import Sequence
from typing import Any

PLACEHOLDERS: tuple[str, ...] = (
    "name",
    "first_name",
    "last_name",
    "company",
    "ticket_id",
    "host",
    "pod",
    "email",
    "customer",
    "incident_id",
    "ip",
)


_PER_THREAD = threading.local()
_CUMULATIVE: dict[int, tuple[Sequence[Any], tuple[float, ...], list[float]]] = {}


class _RunRandom(random.Random):
    """A run's own random state for Faker. `choices` keeps the cumulative weights it adds up:
    Faker's weighted draws (first and last names, company suffixes) pass the same population
    with its weights rebuilt on every call, and adding up thousands of weights was most of a
    draw. They are the very sums `random.choices` makes, so the draws are the same."""

    def choices(  # type: ignore[override]  # Faker passes tuples of floats
        self,
        population: Sequence[Any],
        weights: Sequence[float] | None = None,
        *,
        cum_weights: Sequence[float] | None = None,
        k: int = 1,
    ) -> list[Any]:
        if weights is not None and cum_weights is None:
            cum_weights = _cumulative(population, tuple(weights))
        return super().choices(population, cum_weights=cum_weights, k=k)


def _cumulative(population: Sequence[Any], weights: tuple[float, ...]) -> list[float]:
    kept = _CUMULATIVE.get(id(population))
    if kept is None or kept[0] is not population or kept[1] != weights:
        kept = (population, weights, list(itertools.accumulate(weights)))
        _CUMULATIVE[id(population)] = kept  # keeps the population alive: its id stays its own
    return kept[2]


def _shared_faker() -> Any:
    """This thread's Faker. Building one costs about 5 ms (a sixth of a 45-minute run), so runs
    share it; each brings its own seeded `random.Random` (`Narrator.fake`), which is all of a
    Faker's state that a draw moves. Per thread, as the app runs sessions on several."""
    fake = getattr(_PER_THREAD, "fake", None)
    if fake is None:
        from faker import Faker  # slow to import: only when a text first needs a value

        fake = _PER_THREAD.fake = Faker("en_US")
    return fake


class Narrator:
    """Fills placeholders with reproducible fake values."""

    def __init__(self, seed: int, service: str, pods: list[str], customers: list[str]) -> None:
        self._seed = seed
        self._service = service
        self._pods = pods
        self._customers = customers
        self._random: _RunRandom | None = None

    @property
    def fake(self) -> Any:
        """The thread's Faker, drawing from this narrator's own random state."""
        if self._random is None:  # as `Faker.seed_instance` seeds its own
            self._random = _RunRandom()
            self._random.seed(self._seed)
        fake = _shared_faker()
        fake.random = self._random
        return fake

    def values(self) -> dict[str, str]:
        """A fresh set of placeholder values, each drawn only when a text first asks for it.

        Faker costs most of a millisecond per full set of eleven values, and a text uses one or
        two. Values within one set agree with each other (`email` is built from `first_name`
        and `last_name`); the draws follow the order the texts ask in, so a seed still tells
        the same story.
        """
        return _LazyValues(self)

    def draw(self, key: str, values: dict[str, str]) -> str:
        """Draw placeholder `key` into `values` (with the values it must agree with)."""
        fake = self.fake
        if key in ("name", "first_name", "last_name", "email"):
            if "first_name" not in values:
                first, last = fake.first_name(), fake.last_name()
                values.update(first_name=first, last_name=last, name=f"{first} {last}")
            if key == "email":
                first, last = values["first_name"], values["last_name"]
                values["email"] = f"{first.lower()}.{last.lower()}@{fake.domain_name()}"
            return values[key]
        return self._single(key)

    def _single(self, key: str) -> str:
        fake = self.fake
        if key == "company":
            return str(fake.company())
        if key == "ticket_id":
            return f"#{fake.random_int(100000, 999999)}"
        if key == "host":
            return f"{self._service}-{fake.random_int(1, 12):02d}.prod.internal"
        if key == "pod":
            return str(fake.random_element(self._pods)) if self._pods else f"{self._service}-0"
        if key == "customer":
            return str(fake.random_element(self._customers or [fake.company()]))
        if key == "incident_id":
            return f"INC-{fake.random_int(1000, 9999)}"
        return str(fake.ipv4_private())  # "ip"

    def fill(self, text: str, values: dict[str, str]) -> str:
        try:
            return text.format_map(values)
        except (KeyError, IndexError, ValueError):
            return text  # validated scenarios never get here; keep raw text rather than crash


class _LazyValues(dict[str, str]):
    """Placeholder values drawn on first use (`str.format_map` asks through `__missing__`)."""

    def __init__(self, narrator: Narrator) -> None:
        super().__init__()
        self._narrator = narrator

    def __missing__(self, key: str) -> str:
        if key not in PLACEHOLDERS:
            raise KeyError(key)
        value = self._narrator.draw(key, self)
        self[key] = value
        return value
