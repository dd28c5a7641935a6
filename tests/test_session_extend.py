"""Extending a live session (issue 10): the facilitator moves the scenario's end later while the
session runs or is paused. The end is a journaled fact (`clock.extend` in the log, an `extend`
entry in the journal), so a rebuild replays it byte for byte; the run goes on past the old end
with metrics; the status, the report and the skip-past-the-end question use the new end."""

from __future__ import annotations

import pytest

from simulator.journal import scenario_end
from simulator.report import build_report
from simulator.report.markdown import render_markdown
from simulator.scoring import score
from simulator.session import ClockRefused
from tests.session_fixtures import join_all
from tests.session_helpers import POOL

D = 2700.0  # pool-exhaustion runs 45 minutes


def extended(service, session, clock, by: float = 600.0):
    sid, secret = session.session_id, session.facilitator_secret
    service.start(sid, secret)
    clock.advance(2400)
    service.extend(sid, secret, by)
    return sid, secret


def test_the_run_goes_on_past_the_old_end_with_metrics(service, session, clock):
    sid, _secret = extended(service, session, clock)
    status = service.status(sid)
    assert (status.state, status.duration) == ("running", D + 600.0)
    clock.advance(600)  # T+50:00: past the scenario's 45 minutes
    status = service.status(sid)
    assert (status.state, status.sim_time) == ("running", D + 300.0)
    clock.advance(400)
    status = service.status(sid)
    assert (status.state, status.sim_time, status.time_up) == ("ended", D + 600.0, True)
    journal = service.journal(sid)
    [entry] = list(journal.of_kind("extend"))
    assert (entry["t"], entry["end"], entry["previous"], entry["by"]) == (
        2400.0,
        D + 600.0,
        D,
        "facilitator",
    )
    ticks = [e["t"] for e in journal.of_kind("metrics")]
    assert max(ticks) >= D + 590.0 and any(D < t < D + 600.0 for t in ticks)
    assert journal.entries[-1]["kind"] == "end" and journal.entries[-1]["t"] == D + 600.0
    assert scenario_end(journal, D) == D + 600.0


def test_a_journal_with_an_extension_replays_byte_identical(service, session, clock):
    sid, secret = extended(service, session, clock, by=300.0)
    clock.advance(200)
    service.pause(sid, secret)
    service.extend(sid, secret, 120.0)  # paused: extends too
    service.resume(sid, secret)
    clock.advance(2000)
    live = service.journal(sid).to_jsonl()
    assert service.rebuild(sid).to_jsonl() == live
    assert [e["end"] for e in service.journal(sid).of_kind("extend")] == [D + 300.0, D + 420.0]
    assert service.journal(sid).entries[-1]["t"] == D + 420.0


def test_an_early_end_after_an_extension_names_the_new_end(service, session, clock):
    sid, secret = extended(service, session, clock)
    clock.advance(500)  # T+48:20, past the old end
    service.end(sid, secret)
    journal = service.journal(sid)
    [early] = list(journal.of_kind("session.end"))
    assert (early["t"], early["scenario_end"]) == (2900.0, D + 600.0)
    assert journal.entries[-1]["t"] == D + 600.0
    assert service.rebuild(sid).to_jsonl() == journal.to_jsonl()


def test_the_report_uses_the_new_end(service, session, clock):
    sid, _secret = extended(service, session, clock)
    clock.advance(1000)
    report = build_report(service.debrief_journal(sid))
    assert report.durations.scenario_seconds == D + 600.0
    assert report.durations.extended_from == D
    assert report.durations.exercise_seconds == D + 600.0
    text = render_markdown(report)
    assert "extended by the facilitator to T+55:00" in text
    assert "The facilitator extends the exercise to T+55:00" in text


@pytest.mark.parametrize(
    ("by", "problem"),
    [
        (0.0, "cannot extend: extend by a positive duration"),
        (-60.0, "cannot extend: extend by a positive duration"),
        (3601.0, "cannot extend: extend by at most 60 minutes at a time"),
    ],
)
def test_bad_extensions_are_refused_and_nothing_stored(service, session, clock, by, problem):
    sid, secret = session.session_id, session.facilitator_secret
    with pytest.raises(ClockRefused, match="cannot extend: the session has not started"):
        service.extend(sid, secret, 600.0)
    service.start(sid, secret)
    before = len(service.store.events(sid))
    with pytest.raises(ClockRefused, match=problem):
        service.extend(sid, secret, by)
    assert len(service.store.events(sid)) == before
    assert service.status(sid).duration == D


def test_no_extension_after_the_end(service, session, clock):
    sid, secret = session.session_id, session.facilitator_secret
    service.start(sid, secret)
    clock.advance(D + 1)
    with pytest.raises(ClockRefused, match="cannot extend: the session has ended"):
        service.extend(sid, secret, 600.0)
    service_end = service.journal(sid).entries[-1]
    assert (service_end["kind"], service_end["t"]) == ("end", D)


def test_scoring_deadlines_do_not_move(service, clock):
    """The same play with and without an extension scores the same: deadlines are measured from
    detection and the injects, not from the end."""
    scores = []
    for extend in (False, True):
        created = service.create(POOL, seed=11)
        sid, secret = created.session_id, created.facilitator_secret
        players = join_all(service, created)
        service.start(sid, secret)
        clock.advance(600)
        service.act(sid, players["ic"].id, "declare", {"severity": "SEV1"})
        if extend:
            service.extend(sid, secret, 900.0)
        clock.advance(1800)
        service.end(sid, secret)
        result = score(service.debrief_journal(sid))
        scores.append([(i.key, i.points, i.explanation) for i in result.items])
    assert scores[0] == scores[1]
