"""Replay of an event log with a hole in its `seq` (the store never leaves one; an edited or
partly restored log can): it replays what is there and warns, naming the missing events."""

from __future__ import annotations

import logging

from simulator.session import replay


def test_a_gap_in_the_sequence_replays_with_a_warning(service, running, caplog):
    created, players = running
    sid = created.session_id
    service.act(sid, players["ic"].id, "acknowledge")
    service.act(sid, players["scribe"].id, "timeline_note", {"text": "paged", "tag": "note"})
    events = service.store.events(sid)
    assert [e.seq for e in events] == [1, 2, 3]
    loaded = service._keeper.loaded_for(service.session(sid))
    whole = replay(loaded, 11, 1.0, events, session_id=sid)
    assert whole.gaps == []

    holed = [e for e in events if e.seq != 2]
    with caplog.at_level(logging.WARNING, logger="simulator.session.run"):
        run = replay(loaded, 11, 1.0, holed, session_id=sid)
    assert run.gaps == [(2, 2)]
    assert run.last_seq == events[-1].seq
    (message,) = [r.getMessage() for r in caplog.records]
    assert message == (
        f"event log of session {sid}: seq 3 follows 1 (events 2-2 missing); replaying what is there"
    )
