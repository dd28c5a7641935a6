"""A run's random state for Faker (`narrative._RunRandom`) draws what `random.Random` draws,
though it keeps the cumulative weights of a population it has seen."""

from __future__ import annotations

import random

from hypothesis import given, settings
from hypothesis import strategies as st

from simulator.narrative import _RunRandom

WEIGHTS = st.lists(st.floats(min_value=0.001, max_value=50.0), min_size=1, max_size=40)


@given(seed=st.integers(0, 2**32), weights=WEIGHTS, changed=WEIGHTS, k=st.integers(1, 5))
@settings(max_examples=150, deadline=None)
def test_weighted_choices_are_those_of_random_random(seed, weights, changed, k):
    population = tuple(range(len(weights)))
    ours, plain = _RunRandom(), random.Random()
    ours.seed(seed)
    plain.seed(seed)
    for _ in range(3):  # the same population and weights again: read from what was kept
        assert ours.choices(population, tuple(weights), k=k) == plain.choices(
            population, tuple(weights), k=k
        )
    new = tuple(changed[: len(population)]) + tuple(weights[len(changed) :])
    assert ours.choices(population, new, k=k) == plain.choices(population, new, k=k)
    assert ours.random() == plain.random()  # the streams stayed in step
