"""The live page's journal (issue 13): one read a refresh (`SessionService.live`) grows a
`LiveJournal` in place; its views and chart series equal the ones built from the whole journal."""

from __future__ import annotations

import pytest

from simulator.engine import Engine
from simulator.metrics import METRIC_NAMES
from simulator.session import LiveRead, SessionStatus, mask
from simulator.ui.alerts import alert_views
from simulator.ui.announce import latest
from simulator.ui.feed import messages
from simulator.ui.incident import incident_of, key_events
from simulator.ui.live_journal import LiveJournal
from simulator.ui.series import markers, series
from simulator.ui.visible import player_entries
from tests.session_helpers import POOL

STATUS = SessionStatus("s", "pool", "t", "running", 0.0, 2700.0, 1.0, False, False, (), (), 0)


def read_from(entries: list[dict], since: int, hidden: frozenset[str] = frozenset()) -> LiveRead:
    return LiveRead(STATUS, since, tuple(entries[since:]), len(entries), hidden)


def grown(loaded, steps: list[float]) -> tuple[Engine, LiveJournal]:
    """An engine advanced in uneven steps, a live journal taking each step's new entries."""
    engine, journal = Engine(loaded, 3), LiveJournal()
    for t in steps:
        engine.advance(t)
        assert journal.take(read_from(engine.journal.entries, journal.length))
    return engine, journal


@pytest.fixture(scope="module")
def pool(shipped):
    return shipped[POOL.name]


def test_series_equal_the_whole_journal_ones(pool):
    engine, journal = grown(pool, [1.0, 7.5, 60.0, 61.0, 900.0, 1201.0, 2400.0])
    whole = series(player_entries(engine.journal.entries), METRIC_NAMES)
    kept = journal.series(METRIC_NAMES)
    assert [s.metric for s in kept] == [s.metric for s in whole]
    for a, b in zip(whole, kept, strict=True):
        assert a.times == b.times
        scale = max(1.0, *(abs(v) for v in a.values))
        assert all(abs(x - y) <= 1e-9 * scale for x, y in zip(a.values, b.values, strict=True))
        assert all(y >= 0.0 for y in b.values if all(x >= 0 for x in a.values))  # no -0.0%


def test_views_equal_the_whole_journal_ones(pool):
    engine, journal = grown(pool, [300.0, 301.0, 1500.0, 2400.0])
    visible = player_entries(engine.journal.entries)
    events = [e for e in visible if e["kind"] != "metrics"]
    assert journal.events() == events
    for build in (alert_views, incident_of, messages, key_events, markers, latest):
        assert journal.view(build.__name__, build) == build(visible)
    assert journal.ticks == sum(1 for e in visible if e["kind"] == "metrics")


def test_a_refresh_takes_only_the_new_entries(pool):
    engine, journal = grown(pool, [600.0])
    before = (journal.length, journal.ticks, journal.version)
    entries = engine.journal.entries
    assert journal.take(read_from(entries, 10))  # a read for an older `since`: nothing twice
    assert (journal.length, journal.ticks, journal.version) == before
    engine.advance(900.0)
    assert not journal.take(read_from(engine.journal.entries, journal.length + 5))  # a gap
    assert journal.length == before[0]
    assert journal.take(read_from(engine.journal.entries, journal.length))
    assert journal.length == len(engine.journal.entries)
    assert journal.ticks == before[1] + 300


def test_views_are_built_once_per_event_count(pool):
    engine, journal = grown(pool, [600.0])
    calls: list[int] = []

    def build(events: list[dict]) -> int:
        calls.append(len(events))
        return len(events)

    assert journal.view("count", build) == journal.view("count", build)
    assert len(calls) == 1
    quiet = 0
    for t in range(601, 661):  # a minute of ticks: most bring no event
        version = journal.version
        engine.advance(float(t))
        journal.take(read_from(engine.journal.entries, journal.length))
        journal.view("count", build)
        quiet += journal.version == version
    assert quiet > 0
    assert len(calls) == 1 + (60 - quiet)  # rebuilt on events only, never on a metrics tick


def test_hidden_entries_are_masked_in_the_views(pool):
    engine, journal = grown(pool, [120.0])
    note = engine.act("scribe", "timeline_note", {"text": "rude words", "tag": "note"}, "c1")
    engine.advance(130.0)
    hidden = frozenset({note["id"]})
    assert journal.take(read_from(engine.journal.entries, journal.length, hidden))
    shown = incident_of(journal.events()).notes
    assert [n.params["text"] for n in shown] == ["[hidden by the facilitator]"]
    expected = mask(player_entries(engine.journal.entries), hidden)
    assert journal.events() == [e for e in expected if e["kind"] != "metrics"]


def test_the_service_reads_status_new_entries_and_hidden_at_once(service, running, clock):
    created, _players = running
    sid = created.session_id
    first = service.live(sid)
    assert first.since == 0 and first.length == len(first.entries)
    assert first.status == service.status(sid)
    clock.advance(30)
    later = service.live(sid, since=first.length)
    whole = service.journal(sid).entries
    assert later.since == first.length
    assert list(later.entries) == whole[first.length : later.length]
    assert later.length == len(whole)
    assert later.hidden == frozenset()
    beyond = service.live(sid, since=10**9)
    assert beyond.entries == () and beyond.since == beyond.length
    assert service.scenario(sid) is service.scenario(sid)  # parsed once, shared
