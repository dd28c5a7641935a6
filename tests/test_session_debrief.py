"""What a live session's journal tells scoring and the report: solo practice, and an early end."""

from __future__ import annotations

import pytest

from simulator.journal import SESSION_END, early_end, is_solo, played
from simulator.report import build_report, render
from simulator.scoring import SOLO_REASON, score
from simulator.session import SessionService
from tests.session_helpers import POOL, FakeClock

END_AT = 1200.0  # T+20:00: the pool scenario's impact began at T+11:07 and is still going


def _played_solo(service: SessionService, clock: FakeClock, solo: bool) -> str:
    created = service.create(POOL, seed=2, solo=solo)
    sid, secret = created.session_id, created.facilitator_secret
    player = service.join(sid, created.join_code, "Sam", "ic")
    service.start(sid, secret)
    service.skip(sid, secret, 840.0)
    for action, params in (("acknowledge", {}), ("declare", {"severity": "SEV1"})):
        clock.advance(30)
        service.act(sid, player.id, action, params)
    service.end(sid, secret)
    return sid


def test_solo_journal_says_so_and_roles_are_not_applicable(service, clock):
    journal = service.journal(_played_solo(service, clock, solo=True))
    assert journal.header["session"]["solo"] is True and is_solo(journal)
    result = score(journal)
    roles = result.item("roles")
    assert (roles.applicable, roles.points, roles.max_points) == (False, 0.0, 0.0)
    assert roles.explanation == f"not applicable: {SOLO_REASON}"
    team = score(service.journal(_played_solo(service, clock, solo=False)))
    # left out of the totals, not a free 10 points
    assert result.role("ic").max_points == team.role("ic").max_points - 10.0
    report = build_report(journal, result)
    assert not any("Name the incident roles" in line for line in report.to_improve)
    assert not any("Name the incident roles" in line for line in report.went_well)
    assert not any(a.source == "score: Name the incident roles" for a in report.action_items)


def test_team_session_still_scores_naming_roles(service, clock):
    journal = service.journal(_played_solo(service, clock, solo=False))
    assert journal.header["session"]["solo"] is False and not is_solo(journal)
    roles = score(journal).item("roles")
    assert (roles.applicable, roles.points, roles.max_points) == (True, 0.0, 10.0)


def _ended_early(service: SessionService) -> str:
    created = service.create(POOL, seed=2)
    sid, secret = created.session_id, created.facilitator_secret
    service.start(sid, secret)
    service.skip(sid, secret, END_AT)
    service.end(sid, secret)
    return sid


def test_early_end_is_journaled_and_the_rest_is_not_the_players(service):
    journal = service.journal(_ended_early(service))
    assert journal.entries[-1]["kind"] == "end" and journal.entries[-1]["t"] == 2700.0
    marker = next(journal.of_kind(SESSION_END))
    assert (marker["t"], marker["by"], marker["scenario_end"]) == (END_AT, "facilitator", 2700.0)
    assert early_end(journal) == END_AT
    cut = played(journal)
    assert cut.entries[-1] is marker
    assert all(e["t"] <= END_AT for e in cut.entries)


def test_score_and_report_stop_where_the_exercise_ended(service):
    journal = service.journal(_ended_early(service))
    result = score(journal)
    m = result.milestones
    assert (m.end, m.ended_early, m.impact_ongoing) == (END_AT, END_AT, True)
    assert "impact lasted to the early end at T+20:00" in result.item("mitigate").explanation
    report = build_report(journal, result)
    assert report.durations.exercise_seconds == END_AT
    assert report.durations.ended_early == END_AT
    impact = report.impact
    assert impact.impact_seconds == pytest.approx(END_AT - m.impact_start)
    assert impact.error_minutes <= 20
    assert impact.requests == pytest.approx(_requests_up_to(journal, END_AT))
    assert max(e.t for e in report.timeline) == END_AT
    sentence = "The exercise ended early at T+20:00 (the scenario runs 45m), while customer impact"
    assert sentence + " was still ongoing" in report.summary
    text = render(report, "md")
    assert "impact was still ongoing when the exercise was ended early at T+20:00" in text
    assert "T+45:00" not in text.replace("runs to T+45:00", "")


def _requests_up_to(journal, end: float) -> float:
    """Requests in the ticks before the end (the engine had run up to, not including, `end`)."""
    return sum(e["values"]["request_rate"] for e in journal.of_kind("metrics") if e["t"] < end)
