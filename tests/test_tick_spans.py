"""Spans of ticks (engine/tick_span.py, kernel/span.py) give the journal of running every tick
in Python, bit for bit: on every shipped scenario with no response and the ideal one, with
random action scripts, and when the run is advanced in slices. Also the pieces they rest on:
the journal's deferred metrics entries and the normal feeds' look-ahead."""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from unittest.mock import patch

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from simulator.engine import Engine, run_script
from simulator.engine.kernel.layout import T_FLIPPED
from simulator.engine.tick_span import TickSpans
from simulator.journal import DeferredMetrics, Journal
from simulator.narrative import Narrator
from simulator.rng import Streams
from tests.conftest import SHIPPED
from tests.test_random_play import HORIZON, scripted_actions, sliced_run

SEED = 3  # the goldens and the fallback test cover seeds 1 and 2


@contextmanager
def tick_by_tick() -> Iterator[None]:
    with patch.object(TickSpans, "enabled", False):
        yield


@contextmanager
def counting_spans(counts: Counter[str]) -> Iterator[None]:
    """Count the spans run, their ticks, and the ones that stopped for Python."""
    run = TickSpans._run

    def counted(self: TickSpans, limit: float) -> bool:
        before = self.engine.model.rows.count
        ran = run(self, limit)
        if ran:
            counts["spans"] += 1
            counts["ticks"] += self.engine.model.rows.count - before
            counts["flips"] += int(self._span[T_FLIPPED])
            counts["ooms"] += bool(self.engine.model.outcome.oom)
            counts["evictions"] += bool(self.engine.model.outcome.evicted)
        return ran

    with patch.object(TickSpans, "_run", counted):
        yield


@pytest.mark.parametrize("name", SHIPPED)
def test_spans_give_the_journal_of_tick_by_tick(shipped, name):
    loaded = shipped[name]
    ideal = loaded.scenario.expect.ideal_response.actions
    for actions in ((), ideal):
        counts: Counter[str] = Counter()
        with counting_spans(counts):
            spans = run_script(loaded, SEED, actions)
        with tick_by_tick():
            ticks = run_script(loaded, SEED, actions)
        assert spans.to_jsonl() == ticks.to_jsonl()


def test_spans_run_most_ticks_and_stop_for_what_needs_python(shipped):
    """The comparison above is only worth something if spans ran, through the impact starting
    and ending, OOM kills and evictions."""
    counts: Counter[str] = Counter()
    with counting_spans(counts):
        engine = Engine(shipped["memory-leak.yaml"], SEED)
        engine.finish()
    assert counts["ticks"] > 0.8 * engine.model.rows.count
    assert counts["flips"] > 0 and counts["ooms"] > 0
    counts.clear()
    with counting_spans(counts):
        Engine(shipped["disk-full-debug-logging.yaml"], SEED).finish()
    assert counts["evictions"] > 0  # a span stopped for a full volume


@pytest.mark.slow
@pytest.mark.parametrize("name", SHIPPED)
@settings(
    max_examples=4,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(data=st.data())
def test_random_scripts_give_the_same_journal_with_spans(shipped, name, data):
    loaded = shipped[name]
    seed = data.draw(st.integers(min_value=0, max_value=10_000), label="seed")
    script = data.draw(scripted_actions(loaded), label="script")
    cuts = data.draw(
        st.lists(st.floats(min_value=0.0, max_value=HORIZON, allow_nan=False), max_size=6),
        label="cuts",
    )
    with tick_by_tick():
        expected = run_script(loaded, seed, script, until=HORIZON).entries
    assert run_script(loaded, seed, script, until=HORIZON).entries == expected
    assert sliced_run(loaded, seed, script, cuts).entries == expected


def test_a_deferred_span_is_built_in_place_when_the_journal_is_read():
    built = []

    def build() -> list[dict[str, object]]:
        built.append(1)
        return [{"t": t, "kind": "metrics", "values": {"x": t}} for t in (1.0, 2.0)]

    journal = Journal([{"t": 0.0, "kind": "header"}])
    journal.defer(DeferredMetrics(lambda: [1.0, 2.0], build))
    journal.append(2.0, "alert.firing", alert="A")
    journal.add({"t": 3.0, "kind": "metrics", "values": {"x": 3.0}})
    assert list(journal.metric_times()) == [1.0, 2.0, 3.0]
    assert [e["kind"] for e in journal.events()] == ["header", "alert.firing"]
    assert [e["alert"] for e in journal.of_kind("alert.firing")] == ["A"]
    assert built == []  # none of those built the span
    assert [e["t"] for e in journal.entries] == [0.0, 1.0, 2.0, 2.0, 3.0]
    assert [e["kind"] for e in journal.of_kind("metrics")] == ["metrics"] * 3
    assert built == [1]  # once
    journal.defer(DeferredMetrics(lambda: [4.0, 5.0], build))
    assert len(journal.entries) == 7 and built == [1, 1]


def test_an_engine_journal_reads_the_same_before_and_after_it_is_built(shipped):
    engine = Engine(shipped["pool-exhaustion.yaml"], SEED)
    engine.advance(900.0)
    times = list(engine.journal.metric_times())
    events = list(engine.journal.events())
    entries = engine.journal.entries
    assert times == [e["t"] for e in entries if e["kind"] == "metrics"]
    assert events == [e for e in entries if e["kind"] != "metrics"]
    newest = [e for e in entries if e["kind"] == "metrics"][-1]
    assert engine.current_metrics() == newest["values"]


@given(
    seed=st.integers(min_value=0, max_value=2**32 - 1),
    steps=st.lists(
        st.tuples(st.sampled_from(["next", "next3", "ahead"]), st.integers(0, 5000)),
        max_size=40,
    ),
)
@settings(max_examples=60, deadline=None)
def test_a_normal_feed_looking_ahead_gives_the_values_of_drawing_one_by_one(seed, steps):
    feed, plain = Streams(seed).normals("noise"), Streams(seed).normals("noise")
    taken, expected = [], []
    for how, count in steps:
        if how == "next":
            taken.append(feed.next())
            expected.append(plain.next())
        elif how == "next3":
            taken.extend(feed.next3())
            expected.extend(plain.next3())
        else:
            values, first = feed.ahead(count)
            use = count // 2
            taken.extend(values[first : first + use].tolist())
            feed.skip(use)
            expected.extend(plain.next() for _ in range(use))
    assert taken == expected
    assert np.isfinite(taken).all()


def test_narrators_sharing_a_thread_s_faker_tell_their_own_stories():
    def story(narrator: Narrator) -> list[str]:
        return [narrator.draw(key, {}) for key in ("company", "ticket_id", "host", "name")]

    alone = [story(Narrator(seed, "api", ["api-0"], [])) for seed in (5, 6)]
    first, second = Narrator(5, "api", ["api-0"], []), Narrator(6, "api", ["api-0"], [])
    interleaved: list[list[str]] = [[], []]
    for key in ("company", "ticket_id", "host", "name"):
        interleaved[0].append(first.draw(key, {}))
        interleaved[1].append(second.draw(key, {}))
    assert interleaved == alone
    other: list[list[str]] = []
    thread = threading.Thread(target=lambda: other.append(story(Narrator(5, "api", ["api-0"], []))))
    thread.start()
    thread.join()
    assert other == [alone[0]]


@pytest.mark.parametrize("name", SHIPPED)
def test_spans_cover_every_resource_they_model(shipped, name):
    """Rate limiters, a database under load, caches, CPU limits, certificates, queues and
    ephemeral disks run in spans too (their journals are compared above)."""
    counts: Counter[str] = Counter()
    with counting_spans(counts):
        engine = Engine(shipped[name], SEED)
        engine.finish()
    assert counts["ticks"] > 0.5 * engine.model.rows.count
