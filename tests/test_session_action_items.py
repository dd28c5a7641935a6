"""The facilitator's action items (the improvement plan, issue 10 Build 7 / issue 15): stored in
the session store on both backends (surviving a restart), checked when saved (a refusal keeps the
saved plan), and used by `gameday report --session` in every format instead of the derived ones;
`gameday session action-items` lists, exports and sets them."""

from __future__ import annotations

import csv
import io
import json
import re

import pytest

from simulator.cli import main
from simulator.plan import PlanItem
from simulator.report import build_report, render, render_pdf, seeded_plan, with_plan
from simulator.session import SessionError, SessionService, Store
from tests.pdf_pages import pdf_text
from tests.session_fixtures import join_all
from tests.session_helpers import POOL, FakeClock

EDITED = [
    {
        "issue": "The pool alert paged 9 minutes late",
        "action": "Page on pool saturation above 90% for 2m",
        "owner": "Priya (platform)",
        "priority": "high",
        "due": "2026-12-15",
        "status": "in progress",
    },
    {"issue": "", "action": "Write the pool runbook's diagnosis steps", "owner": "Lin"},
]


@pytest.fixture
def ended(service, clock):
    created = service.create(POOL, seed=11)
    sid, secret = created.session_id, created.facilitator_secret
    players = join_all(service, created)
    service.start(sid, secret)
    clock.advance(600)
    service.act(sid, players["ic"].id, "declare", {"severity": "SEV1"})
    service.end(sid, secret)
    return sid, secret


def test_saved_rows_round_trip_and_survive_a_restart(service, store_url, ended):
    sid, secret = ended
    assert service.action_items(sid) is None  # none saved: the report derives them
    saved = service.save_action_items(sid, secret, EDITED)
    expected = (
        PlanItem(**EDITED[0]),
        PlanItem("", "Write the pool runbook's diagnosis steps", "Lin", "medium", "", "open"),
    )
    assert saved == expected
    assert service.action_items(sid) == expected
    restarted = SessionService(Store(store_url), FakeClock())  # a new process on the same store
    assert restarted.action_items(sid) == expected
    restarted.save_action_items(sid, secret, [])  # emptied: saved, not "never edited"
    assert service.action_items(sid) == ()
    restarted.store.close()


@pytest.mark.parametrize(
    ("rows", "problem"),
    [
        ([{"action": "  "}], "action item 1: the corrective action is empty"),
        (
            [EDITED[0], {**EDITED[0], "due": "15/12/2026"}],
            "action item 2: due date must look like 2026-12-31 (got '15/12/2026')",
        ),
        ([{"action": "x", "due": "2026-02-30"}], "action item 1: due date must look like 2026-"),
        ([{"action": "x", "priority": "urgent"}], "1: priority must be one of high, medium, low"),
        ([{"action": "x", "status": "closed"}], "1: status must be one of open, in progress, done"),
        ([{"action": "x", "colour": "red"}], "action item 1: unknown field 'colour'"),
        ([{"action": "x" * 501}], "action item 1: action is longer than 500 characters"),
    ],
)
def test_bad_rows_are_refused_and_the_saved_plan_is_kept(service, ended, rows, problem):
    sid, secret = ended
    service.save_action_items(sid, secret, EDITED)
    with pytest.raises(SessionError, match=re.escape(problem)):
        service.save_action_items(sid, secret, rows)
    assert service.action_items(sid) == (
        PlanItem(**EDITED[0]),
        PlanItem("", "Write the pool runbook's diagnosis steps", "Lin"),
    )


def test_only_the_facilitator_and_only_after_the_end(service, session, clock):
    sid, secret = session.session_id, session.facilitator_secret
    service.start(sid, secret)
    with pytest.raises(SessionError, match="edited after the exercise has ended"):
        service.save_action_items(sid, secret, EDITED)
    service.end(sid, secret)
    with pytest.raises(SessionError, match="secret"):
        service.save_action_items(sid, "wrong", EDITED)
    assert service.action_items(sid) is None


def test_the_report_uses_the_saved_items_in_every_format(service, ended, tmp_path):
    sid, secret = ended
    journal = service.debrief_journal(sid)
    derived = build_report(journal)
    seeded = seeded_plan(derived)
    assert seeded and all(p.issue and p.owner and p.due for p in seeded)
    service.save_action_items(sid, secret, EDITED)
    report = with_plan(derived, service.action_items(sid))
    md = render(report, "md")
    assert "## Action items (improvement plan)" in md
    assert "| 1 | The pool alert paged 9 minutes late | Page on pool saturation above 90% " in md
    assert "Priya (platform) | high | 2026\\-12-15 | in progress |" in md
    assert seeded[0].action not in md  # the derived items are gone
    html = render(report, "html")
    assert "Page on pool saturation above 90% for 2m" in html and "Priya (platform)" in html
    items = json.loads(render(report, "json"))["action_items"]
    assert items[0]["owner"] == "Priya (platform)" and items[0]["status"] == "in progress"
    assert items[1]["text"] == "Write the pool runbook's diagnosis steps"
    pdf = tmp_path / "report.pdf"
    pdf.write_bytes(render_pdf(report))
    text = pdf_text(pdf)
    start = text.index("Action items (improvement plan)")
    plan = text[start : text.index("Total ", start)]  # up to the Score section
    for word in ("Priya", "(platform)", "2026-12-15", "saturation", "Lin", "runbook's"):
        assert word in plan, word  # table cells wrap: look for their words


@pytest.fixture
def gameday(store_url, monkeypatch, capsys):
    monkeypatch.setenv("GAMEDAY_DATABASE_URL", store_url)

    def run(*argv: object) -> tuple[int, str, str]:
        code = main([str(a) for a in argv])
        out, err = capsys.readouterr()
        return code, out, err

    return run


def test_the_command_line_lists_sets_and_exports(gameday, service, ended, tmp_path):
    sid, secret = ended
    code, out, _ = gameday("session", "action-items", sid)
    listed = json.loads(out)
    assert code == 0 and listed["saved"] is False and listed["items"]
    plan = tmp_path / "plan.csv"
    with plan.open("w", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(EDITED[0]))
        writer.writeheader()
        writer.writerow(EDITED[0])
    code, out, err = gameday("session", "action-items", sid, "--set", plan, "--secret", secret)
    assert code == 0, err
    code, out, _ = gameday("session", "action-items", sid, "--csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert rows == [EDITED[0]]
    report = tmp_path / "report.md"
    assert gameday("report", "--session", sid, "--no-whatif", "--out", report)[0] == 0
    assert "Priya (platform) | high | 2026\\-12-15 | in progress" in report.read_text()
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps([{"action": "x", "due": "soon"}]))
    code, _, err = gameday("session", "action-items", sid, "--set", bad, "--secret", secret)
    assert code == 1 and "action item 1: due date must look like 2026-12-31 (got 'soon')" in err
    assert "Traceback" not in err
    assert service.action_items(sid) == (PlanItem(**EDITED[0]),)
    bad.write_text("{not json")
    code, _, err = gameday("session", "action-items", sid, "--set", bad, "--secret", secret)
    assert code == 2 and "not JSON" in err
