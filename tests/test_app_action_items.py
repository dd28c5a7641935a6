"""AppTest: the facilitator edits the action items (the improvement plan) on the debrief; the
table, the saved plan and the report downloads show the edit; a bad date says why and keeps
both what was typed and what was saved; players see the table without the form."""

from __future__ import annotations

import pytest

from simulator.plan import PlanItem
from simulator.report import build_report, seeded_plan
from tests.app_helpers import click, keys, make_game, page_for, page_text, use_app_store


@pytest.fixture
def ended(tmp_path, monkeypatch):
    stores = use_app_store(tmp_path, monkeypatch)
    game = make_game(next(stores), skip=16 * 60)
    game.service.act(game.session_id, game.people["ic"], "declare", {"severity": "SEV1"})
    game.service.end(game.session_id, game.secret)
    yield game
    next(stores, None)


def plan_table(at):
    return next(t.value for t in at.table if "corrective action" in t.value.columns)


def test_the_facilitator_edits_an_item_and_the_report_shows_it(ended):
    at = page_for(ended, "facilitator")
    derived = plan_table(at)
    assert ended.service.action_items(ended.session_id) is None
    at.selectbox(key="plan_pick").set_value(0).run()
    at.text_input(key="plan_action").input("Page on pool saturation above 90% for 2m")
    at.text_input(key="plan_owner").input("Priya (platform)")
    at.text_input(key="plan_due").input("2026-12-15")
    at.selectbox(key="plan_status").set_value("in progress")
    click(at, "plan_save")
    saved = ended.service.action_items(ended.session_id)
    seeded = seeded_plan(build_report(ended.service.debrief_journal(ended.session_id)))
    assert saved is not None and len(saved) == len(derived) == len(seeded)
    assert saved[0] == PlanItem(
        seeded[0].issue,
        "Page on pool saturation above 90% for 2m",
        "Priya (platform)",
        seeded[0].priority,
        "2026-12-15",
        "in progress",
    )
    assert saved[1:] == seeded[1:]  # the other derived rows, saved as they were
    table = plan_table(at)
    assert "Priya" in table["owner"].iloc[0] and table["status"].iloc[0] == "in progress"
    assert "Saved by the facilitator" in page_text(at)
    from app_pages.common.debrief_data import debrief  # what the downloads render

    report = debrief(ended.session_id, for_facilitator=True)
    assert "Page on pool saturation above 90% for 2m" in report.markdown()
    assert "Priya (platform)" in report.html()


def test_add_and_delete_items(ended):
    at = page_for(ended, "facilitator")
    count = len(plan_table(at))
    at.selectbox(key="plan_pick").set_value(-1).run()  # New item
    at.text_input(key="plan_issue").input("Nobody knew who owned the pool settings")
    at.text_input(key="plan_action").input("Name an owner for the pool settings")
    click(at, "plan_save")
    assert len(plan_table(at)) == count + 1
    assert ended.service.action_items(ended.session_id)[-1].action == (
        "Name an owner for the pool settings"
    )
    at.selectbox(key="plan_pick").set_value(0).run()
    click(at, "plan_delete")
    assert len(plan_table(at)) == count
    assert len(ended.service.action_items(ended.session_id)) == count


def test_a_bad_date_or_an_empty_action_says_why_and_keeps_everything(ended):
    at = page_for(ended, "facilitator")
    at.selectbox(key="plan_pick").set_value(0).run()
    at.text_input(key="plan_owner").input("Lin")
    click(at, "plan_save")
    before = ended.service.action_items(ended.session_id)
    at.text_input(key="plan_due").input("next friday")
    click(at, "plan_save")
    assert "action item 1: due date must look like 2026-12-31 (got 'next friday')" in page_text(at)
    assert at.text_input(key="plan_due").value == "next friday"  # what was typed stays
    assert ended.service.action_items(ended.session_id) == before  # what was saved stays
    at.text_input(key="plan_due").input("")
    at.text_input(key="plan_action").input("   ")
    click(at, "plan_save")
    assert "action item 1: the corrective action is empty" in page_text(at)
    assert ended.service.action_items(ended.session_id) == before
    assert not at.exception


def test_players_see_the_table_without_the_form(ended):
    at = page_for(ended, "ic")
    assert len(plan_table(at)) > 0
    assert not {"plan_save", "plan_pick", "plan_action"} & keys(at)
