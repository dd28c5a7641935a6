"""Team names on sessions, and cohorts: several teams on one scenario and seed, driven together
and compared against the noise between seeds (simulator.cohorts), on SQLite and PostgreSQL."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import text

from simulator.cli import main
from simulator.cohorts import (
    TOTAL,
    CohortError,
    CohortService,
    Spread,
    TeamResult,
    compare,
)
from simulator.session import SessionError, SessionService, Store
from tests.session_helpers import POOL

TEAMS = ("Red", "Blue", "Green")


@pytest.fixture
def cohorts(service):
    return CohortService(service)


@pytest.fixture
def sqlite_url(tmp_path):
    """For the tests that read sessions like any other (the comparison, the CLI): the store's
    two backends are covered by the tests above."""
    return f"sqlite:///{tmp_path / 'cohorts.db'}"


@pytest.fixture
def lite(sqlite_url, clock):
    store = Store(sqlite_url)
    yield SessionService(store, clock)
    store.close()


def _entries(service, session_id, kind):
    return [e for e in service.journal(session_id).entries if e["kind"] == kind]


# ------------------------------------------------------------------ team names


def test_a_session_keeps_its_team_name(service):
    named = service.create(POOL, seed=2, team="  Night shift ")
    plain = service.create(POOL, seed=2)
    assert service.team(named.session_id) == "Night shift"
    assert service.team(plain.session_id) is None
    assert service.create(POOL, team="   ").session_id  # blank: no name, not an error
    with pytest.raises(SessionError, match="team: control characters are not allowed"):
        service.create(POOL, team="a\x00b")
    with pytest.raises(SessionError, match=r"team: at most 60 characters \(got 61\)"):
        service.create(POOL, team="x" * 61)


def test_a_store_from_before_team_names_keeps_working(store_url, clock):
    store = Store(store_url)
    old = SessionService(store, clock).create(POOL, seed=3)
    with store.write() as conn:
        conn.execute(text("DROP TABLE session_teams"))  # as a store written before this change
    store.close()
    reopened = Store(store_url)
    try:
        service = SessionService(reopened, clock)
        assert service.team(old.session_id) is None
        assert service.team(service.create(POOL, team="Blue").session_id) == "Blue"
    finally:
        reopened.close()


# ------------------------------------------------------------------ creating and driving


def test_a_cohort_is_one_session_per_team_on_one_scenario_and_seed(service, cohorts):
    created = cohorts.create(POOL, [*TEAMS, ""], seed=9, speed=2, name="Tuesday")
    record = cohorts.cohort(created.cohort_id)
    assert [m.team for m in record.members] == list(TEAMS)
    assert record.name == "Tuesday" and record.seed == 9 and record.scenario_id == "pool-exhaustion"
    sessions = [service.session(m.session_id) for m in record.members]
    assert {s.seed for s in sessions} == {9} and len({s.scenario_sha256 for s in sessions}) == 1
    assert len({m.join_code for m in record.members}) == 3
    assert [service.team(m.session_id) for m in record.members] == list(TEAMS)
    # the cohort's secret opens every member session as facilitator
    first = record.members[0]
    service.join(
        first.session_id, first.join_code, "Fac", "facilitator", created.facilitator_secret
    )
    assert [c.id for c in cohorts.cohorts("pool-exhaustion")] == [created.cohort_id]


@pytest.mark.parametrize(
    ("teams", "message"),
    [
        (["Solo"], r"teams: expected 2 to 12 team names \(got 1\)"),
        ([f"T{i}" for i in range(13)], r"teams: expected 2 to 12 team names \(got 13\)"),
        (["Red", "red"], "teams: 'red' is entered twice"),
    ],
)
def test_bad_teams_are_refused_with_the_reason(cohorts, teams, message):
    with pytest.raises(CohortError, match=message):
        cohorts.create(POOL, teams)


def test_unknown_cohort_and_wrong_secret_are_refused(cohorts):
    created = cohorts.create(POOL, TEAMS[:2])
    with pytest.raises(CohortError, match="no cohort 'c-nope'"):
        cohorts.cohort("c-nope")
    with pytest.raises(CohortError, match="wrong facilitator secret"):
        cohorts.control(created.cohort_id, "guess", "start")
    with pytest.raises(CohortError, match="unknown control 'jump'"):
        cohorts.control(created.cohort_id, created.facilitator_secret, "jump")


def test_one_console_drives_every_team(service, cohorts, clock):
    created = cohorts.create(POOL, TEAMS, seed=4)
    cid, secret = created.cohort_id, created.facilitator_secret
    ids = [m.session_id for m in created.members]

    assert all(r.done for r in cohorts.control(cid, secret, "start"))
    assert {service.status(s).state for s in ids} == {"running"}
    assert all(r.done for r in cohorts.control(cid, secret, "speed", 5.0))
    clock.advance(60)
    assert {service.status(s).sim_time for s in ids} == {300.0}

    [only] = cohorts.inject(cid, secret, "chat", "VP Sales", "Red only, please", to="red")
    assert only.team == "Red" and only.done
    assert all(r.done for r in cohorts.inject(cid, secret, "email", "Support", "Everyone"))
    adhoc = {s: [e["text"] for e in _entries(service, s, "inject") if e.get("adhoc")] for s in ids}
    assert adhoc == {
        ids[0]: ["Red only, please", "Everyone"],
        ids[1]: ["Everyone"],
        ids[2]: ["Everyone"],
    }

    assert all(r.done for r in cohorts.control(cid, secret, "pause"))
    assert {service.status(s).state for s in ids} == {"paused"}
    assert all(r.done for r in cohorts.control(cid, secret, "end"))
    assert {service.status(s).state for s in ids} == {"ended"}
    # a control a session refuses is reported per team, and the others still run
    again = cohorts.control(cid, secret, "start")
    assert [r.done for r in again] == [False, False, False]
    assert "ended" in again[0].message


# ------------------------------------------------------------------ comparing


def _result(team, **points):
    return TeamResult(team, team.lower(), "ended", points)


def test_a_difference_counts_only_when_larger_than_the_seed_noise():
    results = [_result("A", total=60.0), _result("B", total=55.9), _result("C", total=56.0)]
    # the noise is the widest spread of any team: A's, 4.0 points
    noise = [{TOTAL: Spread(57.0, 61.0)}, {TOTAL: Spread(55.0, 56.0)}, {TOTAL: Spread(56, 56)}]
    [total] = compare(results, [], noise)
    assert total.noise == 4.0
    # A-B is 4.1 (counted); A-C is exactly 4.0 (not larger: not counted); B-C is 0.1
    assert [(d.ahead, d.behind, d.by) for d in total.differences] == [("A", "B", 4.1)]
    assert total.sentence(["A", "B", "C"]) == (
        "Total score: A ahead of B by 4.1 points, more than the seed noise (4.0 points)."
    )
    quiet = compare(results, [], [{TOTAL: Spread(50.0, 60.0)}])
    assert quiet[0].differences == ()
    assert "within the seed noise (10.0 points)" in quiet[0].sentence(["A", "B", "C"])


@pytest.fixture
def played_cohort(lite, clock):
    """Three teams: Red acknowledges and declares SEV1, Blue acknowledges late, Green does
    nothing; then the cohort is ended."""
    service, cohorts = lite, CohortService(lite)
    created = cohorts.create(POOL, TEAMS, seed=5, speed=10)
    cid, secret = created.cohort_id, created.facilitator_secret
    ic = {
        m.team: service.join(m.session_id, m.join_code, f"IC {m.team}", "ic")
        for m in created.members
    }
    by_team = {m.team: m.session_id for m in created.members}
    cohorts.control(cid, secret, "start")
    cohorts.control(cid, secret, "skip", 900.0)
    service.act(by_team["Red"], ic["Red"].id, "acknowledge")
    service.act(by_team["Red"], ic["Red"].id, "declare", {"severity": "SEV1"})
    cohorts.control(cid, secret, "skip", 900.0)
    service.act(by_team["Blue"], ic["Blue"].id, "acknowledge")
    cohorts.control(cid, secret, "end")
    return created


@pytest.mark.slow  # replays every team under other seeds
def test_the_cohort_debrief_compares_the_teams_item_by_item(lite, played_cohort):
    cohorts = CohortService(lite)
    debrief = cohorts.debrief(played_cohort.cohort_id, noise_seeds=2, jobs=1)
    assert debrief.team_names == TEAMS and debrief.all_ended
    assert debrief.seeds == (5, 6, 7)
    items = {i.key: i for i in debrief.items}
    red, blue, green = items["acknowledge"].points
    assert red is not None and blue is not None and green is not None
    assert red > blue > green or red > blue == green  # earlier acknowledgement, more points
    declare = items["declare"]
    assert declare.points[0] > declare.points[2]
    assert ("Red", "Green") in {(d.ahead, d.behind) for d in declare.differences}
    assert any("more than the seed noise" in s for s in debrief.sentences())
    summary = debrief.summary()  # the differences beyond the noise, then the rest in one line
    assert summary[0].startswith("Total score: Red ahead of") or summary[0].startswith(
        "Acknowledge the page: Red ahead of"
    )
    assert summary[-1].startswith("Within the seed noise (no team measurably better): ")
    assert "Name the incident roles" in summary[-1]
    rows = debrief.rows()
    assert rows[0]["item"] == "Total score" and set(TEAMS) <= set(rows[0])
    assert all(i.noise >= 0 for i in debrief.items)


@pytest.mark.slow  # replays every team under other seeds
def test_the_debrief_job_runs_in_the_background_once_per_state_of_the_logs(lite, played_cohort):
    cohorts = CohortService(lite)
    cid = played_cohort.cohort_id
    job = cohorts.debrief_job(cid, noise_seeds=1)
    assert cohorts.debrief_job(cid, noise_seeds=1) is job  # the logs did not change: one job
    state = job.wait(300)
    assert state.error is None and state.result is not None
    assert state.result == cohorts.debrief(cid, noise_seeds=1, jobs=1)
    with pytest.raises(CohortError):
        cohorts.debrief_job("nope")


@pytest.mark.slow  # replays every team under other seeds
def test_a_later_cohort_shows_the_earlier_ones(lite, played_cohort):
    cohorts = CohortService(lite)
    later = cohorts.create(POOL, ["Teal", "Amber"], seed=5)
    cohorts.control(later.cohort_id, later.facilitator_secret, "start")
    cohorts.control(later.cohort_id, later.facilitator_secret, "end")
    debrief = cohorts.debrief(later.cohort_id, noise_seeds=1, jobs=1)
    totals = [(p.team, p.current) for p in debrief.history if p.key == TOTAL]
    assert sorted(totals) == sorted(
        [("Teal", True), ("Amber", True), ("Red", False), ("Blue", False), ("Green", False)]
    )


# ------------------------------------------------------------------ command line


@pytest.mark.slow  # replays every team under other seeds
def test_cohort_commands(sqlite_url, monkeypatch, capsys):
    monkeypatch.setenv("GAMEDAY_DATABASE_URL", sqlite_url)

    def call(*argv: str) -> tuple[int, str]:
        code = main(list(argv))
        return code, capsys.readouterr().out

    code, out = call(
        "cohort", "create", str(POOL), "--team", "Red", "--team", "Blue", "--seed", "3"
    )
    assert code == 0
    created = json.loads(out)
    cid, secret = created["cohort_id"], created["facilitator_secret"]
    assert [m["team"] for m in created["members"]] == ["Red", "Blue"]
    assert call("cohort", "start", cid, "--secret", secret)[0] == 0
    code, out = call("cohort", "speed", cid, "4x", "--secret", secret)
    assert code == 0 and all(r["done"] for r in json.loads(out))
    code, out = call("cohort", "status", cid)
    assert [(s["team"], s["state"], s["speed"]) for s in json.loads(out)] == [
        ("Red", "running", 4.0),
        ("Blue", "running", 4.0),
    ]
    code, out = call(
        "cohort", "inject", cid, "--channel", "chat", "--sender", "VP", "--text", "ETA?",
        "--to", "Blue", "--secret", secret,
    )  # fmt: skip
    assert code == 0 and [r["team"] for r in json.loads(out)] == ["Blue"]
    assert call("cohort", "end", cid, "--secret", secret)[0] == 0
    code, out = call("cohort", "start", cid, "--secret", secret)
    assert code == 1 and not any(r["done"] for r in json.loads(out))
    code, out = call("cohort", "debrief", cid, "--seeds", "1")
    assert code == 0 and "Total score" in out and "seed noise over seeds 3, 4" in out
    assert call("cohort", "debrief", cid, "--seeds", "0")[0] == 2
    code, out = call("cohort", "list")
    assert [c["cohort_id"] for c in json.loads(out)] == [cid]
