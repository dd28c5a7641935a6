"""Exercise objectives (issue 15): the scenario field, checked like the rest of the schema
(file, line, column, the bad value, a did-you-mean); the four oldest scenarios declare some; the
facilitator adds their own; evaluators rate them on the four-point scale; participants leave
feedback at the end; the report shows it all beside the score, never in it."""

from __future__ import annotations

import pytest

from simulator.objectives import CAPABILITIES, ITEM_KEYS
from simulator.report import build_report, render
from simulator.scenario import load_scenario
from simulator.scoring import score
from simulator.scoring.rubric import POINTS
from simulator.session import AccessDenied, SessionError
from simulator.tabletop import Evidence, exercise_of, msel
from tests.conftest import SCENARIO_DIR
from tests.scenario_text import MINIMAL, problems
from tests.session_fixtures import join_all
from tests.session_helpers import POOL

OBJECTIVES = """\
objectives:
  - id: declare-fast
    text: Declare fast
    evidence: [declare, severity]
  - id: tell-people
    text: Keep people informed
    evidence: [comunications, status_pag]
"""


def test_the_evidence_vocabulary_follows_the_rubric() -> None:
    assert set(ITEM_KEYS) == set(POINTS)
    assert {k for keys in CAPABILITIES.values() for k in keys} <= set(ITEM_KEYS)


def test_unknown_evidence_is_located_with_a_suggestion() -> None:
    first = len(MINIMAL.splitlines()) + 1
    found = problems(MINIMAL + OBJECTIVES)
    assert found == [
        f"minimal.yaml:{first + 6}:16: error: objectives[1].evidence[0]: unknown evidence: "
        "expected a scoring item key or a capability (detection, triage, coordination, "
        "mitigation, communications, documentation; see "
        "docs/reference/scenario-format.md#objectives) (got 'comunications'); "
        "did you mean 'communications'?",
        f"minimal.yaml:{first + 6}:31: error: objectives[1].evidence[1]: unknown evidence: "
        "expected a scoring item key or a capability (detection, triage, coordination, "
        "mitigation, communications, documentation; see "
        "docs/reference/scenario-format.md#objectives) (got 'status_pag'); "
        "did you mean 'status_page'?",
    ]


def test_objective_ids_are_unique_and_evidence_is_required() -> None:
    first = len(MINIMAL.splitlines()) + 1
    duplicate = OBJECTIVES.replace("tell-people", "declare-fast")
    duplicate = duplicate.replace("[comunications, status_pag]", "[communications]")
    assert problems(MINIMAL + duplicate) == [
        f"minimal.yaml:{first + 4}:9: error: objectives[1].id: duplicate objective id (first "
        f"used on line {first + 1}) (got 'declare-fast')"
    ]
    empty = OBJECTIVES.replace("[comunications, status_pag]", "[]")
    assert problems(MINIMAL + empty) == [
        f"minimal.yaml:{first + 6}:15: error: objectives[1].evidence: expected at least 1 item "
        "(got a list)"
    ]


@pytest.mark.parametrize(
    "name", ["memory-leak", "pool-exhaustion", "rate-limit-misconfig", "retry-storm"]
)
def test_the_four_oldest_scenarios_declare_objectives(name: str) -> None:
    scenario = load_scenario(SCENARIO_DIR / f"{name}.yaml").scenario
    assert len(scenario.objectives) >= 3
    rows = msel(scenario, [])
    assert rows and not any(r.done for r in rows)
    assert any(r.kind == "alert" and r.at is None for r in rows)  # when the model says so


@pytest.fixture
def ended(service, clock):
    created = service.create(POOL, seed=11, step=True)
    players = join_all(service, created)
    evaluator = service.join(created.session_id, created.join_code, "Eve", "evaluator")
    service.start(created.session_id, created.facilitator_secret)
    return created, players, evaluator


def test_ratings_and_feedback_sit_beside_the_score(service, ended) -> None:
    created, players, eve = ended
    sid, secret = created.session_id, created.facilitator_secret
    for _ in range(4):
        service.advance(sid, secret)
    service.add_objective(sid, secret, "Use the runbook", ["documentation"])
    ids = [o.id for o in service.objectives(sid)]
    assert ids[-1] == "use-the-runbook" and ids[0] == "declare-fast"
    service.rate(sid, eve.id, "declare-fast", "M", "nobody declared")
    service.rate(sid, eve.id, "declare-fast", "S", "declared late")  # replaces the first
    service.rate(sid, eve.id, "use-the-runbook", "P")
    with pytest.raises(AccessDenied, match="only an evaluator rates"):
        service.rate(sid, players["ic"].id, "declare-fast", "P")
    with pytest.raises(SessionError, match="rating: expected one of P, S, M, U"):
        service.rate(sid, eve.id, "declare-fast", "great")
    with pytest.raises(SessionError, match="did you mean 'declare-fast'"):
        service.rate(sid, eve.id, "declare-fats", "P")
    with pytest.raises(SessionError, match="feedback opens when the exercise ends"):
        service.leave_feedback(sid, players["ic"].id, 5, "fun")
    refused = service.act(sid, eve.id, "acknowledge")
    assert refused.payload["reason"].startswith("evaluators watch and rate")
    service.end(sid, secret)
    service.leave_feedback(sid, players["ic"].id, 5, "Good pace")
    service.leave_feedback(sid, eve.id, 3, "")
    with pytest.raises(SessionError, match="rating: expected 1 to 5"):
        service.leave_feedback(sid, players["scribe"].id, 6)

    plain = service.debrief_journal(sid)
    journal = service.with_exercise(sid, plain)
    assert "exercise" not in plain.header
    exercise = exercise_of(journal)
    assert exercise.mode == "step"
    assert [(r.objective, r.rating) for r in exercise.ratings] == [
        ("declare-fast", "S"),
        ("use-the-runbook", "P"),
    ]
    assert [(f.name, f.rating) for f in exercise.feedback] == [("Ic", 5), ("Eve", 3)]
    result = score(plain)
    assert score(journal) == result  # ratings never change the score
    report = build_report(journal, result)
    assert report.score == result
    assert report.exercise is not None and report.exercise.mean_feedback == 4.0
    md = render(report, "md")
    assert "## Exercise objectives and evaluation" in md
    assert "Performed with some challenges (Eve): declared late" in md
    assert "Use the runbook (facilitator's)" in md
    assert "| Ic | Incident commander | 5/5 | Good pace |" in md
    html = render(report, "html")
    assert "Participant feedback" in html and "Performed without challenges (Eve)" in html
    assert '"exercise": {' in render(report, "json")
    assert build_report(plain, result).exercise is None


@pytest.mark.parametrize(
    ("points", "max_points", "applicable", "shown"),
    [
        (15.0, 15.0, True, "15/15"),
        (0.0, 10.0, True, "0/10"),
        (0.0, 0.0, True, "no penalty"),
        (-10.0, 0.0, True, "-10 (penalty)"),
        (0.0, 20.0, False, "not scored in this run"),
    ],
)
def test_an_evidence_result_reads_as_points_or_a_penalty(
    points: float, max_points: float, applicable: bool, shown: str
) -> None:
    evidence = Evidence("harmful", "Avoid harmful actions", points, max_points, "", applicable)
    assert evidence.result == shown
