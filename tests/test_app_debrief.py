"""AppTest: the debrief (scores with every item explained, charts, timeline, root cause,
downloads, discussion questions)."""

from __future__ import annotations

import json
import re
import time

import pytest

from tests.app_helpers import keys, make_game, page_for, page_text, use_app_store


@pytest.fixture(scope="module")
def ended(tmp_path_factory):
    """A game where the team did a little, then the facilitator ended it at T+20:00."""
    with pytest.MonkeyPatch.context() as patch:
        stores = use_app_store(tmp_path_factory.mktemp("debrief"), patch)
        url = next(stores)
        game = make_game(url, skip=16 * 60)
        act = game.service.act
        act(game.session_id, game.people["ic"], "acknowledge", client_id="c1")
        act(game.session_id, game.people["ic"], "declare", {"severity": "SEV1"}, client_id="c2")
        note = {"text": "Paged on **errors** <b>", "tag": "note"}
        act(game.session_id, game.people["scribe"], "timeline_note", note, client_id="c3")
        game.service.skip(game.session_id, game.secret, 6 * 60)
        game.service.end(game.session_id, game.secret)
        yield game
        next(stores, None)


def test_scores_per_role_and_team_with_every_item_explained(ended):
    at = page_for(ended, "facilitator")  # an ended session opens on the debrief
    labels = [m.label for m in at.metric]
    assert labels[:2] == ["Total", "Team"]
    assert {"Incident commander", "Communications lead", "Scribe"} <= set(labels)
    result = __import__("simulator.scoring", fromlist=["score"]).score(
        ended.service.debrief_journal(ended.session_id)
    )
    assert f"{result.total:.0f}/100" == at.metric[0].value
    text = page_text(at)
    for item in result.items:
        assert item.title in text
        assert " ".join(item.explanation.split()) in text
    tables = [t.value for t in at.table if "explanation" in t.value.columns]
    assert sum(len(t) for t in tables) == len(result.items)
    assert set(tables[0].columns) == {
        "measured",
        "target",
        "points",
        "explanation",
        "how to earn the points",
    }
    assert "acknowledge pages quickly" in text  # how to earn the points, for every item
    assert "no penalty" in text  # a penalty item with nothing deducted never reads as "0"


def test_debrief_shows_date_attendees_note_matches_and_action_items_with_owners(ended):
    at = page_for(ended, "facilitator")
    text = page_text(at)
    record = ended.service.session(ended.session_id)
    assert "Date and attendees" in text and "Played on 20" in text
    people = next(t.value for t in at.table if "role" in t.value.columns)
    names = {p.name for p in ended.service.participants(ended.session_id)}
    assert set(people.index) == names and record.id
    links = next(t.value for t in at.table if "key event" in t.value.columns)
    declared = links[links["key event"].str.startswith("declare")]
    assert len(declared) == 1 and declared["note that recorded it"].iloc[0] == "—"
    paged = links[links["key event"].str.startswith("page")]
    assert "Paged on" in paged["note that recorded it"].iloc[0]  # "Paged" names the page
    assert all(re.fullmatch(r"T\+\d\d:\d\d \(\d\d:\d\d:\d\d\)", t) for t in links.index)
    assert "Action items (improvement plan)" in text
    items = next(t.value for t in at.table if "owner" in t.value.columns)
    columns = ["issue", "corrective action", "owner", "priority", "due", "status"]
    assert list(items.columns) == columns
    player = page_for(ended, "ic")  # a player sees the same rows, without the form
    assert next(t.value for t in player.table if "owner" in t.value.columns).equals(items)
    assert "plan_save" in keys(at) and "plan_save" not in keys(player)
    assert items["owner"].str.len().min() > 0 and items["issue"].str.len().min() > 0
    assert set(items["priority"]) <= {"high", "medium", "low"} and "high" in set(items["priority"])
    assert items["due"].str.match(r"\d{4}-\d\d-\d\d").all()
    assert set(items["status"]) == {"open"}


def test_charts_timeline_root_cause_and_downloads(ended):
    at = page_for(ended, "facilitator")
    assert len(at.get("vega_lite_chart")) >= 3
    text = page_text(at)
    assert "Root cause" in text and "Timeline" in text
    timeline = next(d.value for d in at.dataframe if "event" in d.value.columns)
    assert {"time", "source", "event"} <= set(timeline.columns)
    assert (timeline["source"] == "ground truth").any()
    found = keys(at)
    assert {
        "debrief_download_md",
        "debrief_download_html",
        "debrief_download_pdf",
        "debrief_download_json",
    } <= found


def test_discussion_questions_for_the_facilitator_only(ended, shipped):
    questions = shipped["pool-exhaustion.yaml"].scenario.facilitation.discussion_questions
    facilitator = page_text(page_for(ended, "facilitator"))
    player = page_text(page_for(ended, "ic"))
    assert all(q in facilitator for q in questions)
    assert not any(q in player for q in questions)
    assert "Scores" in player and "Root cause" in player  # the root cause is shared once over


def test_report_downloads_render(ended):
    from app_pages.common.debrief_data import debrief

    at = page_for(ended, "ic")
    assert "debrief_download_json" in keys(at)
    data = debrief(ended.session_id, for_facilitator=False)
    assert data.markdown().startswith("# ")
    assert json.loads(data.json())["scenario"]["id"] == "pool-exhaustion"


def test_player_text_in_the_debrief_is_literal(ended):
    at = page_for(ended, "ic")
    timeline = next(d.value for d in at.dataframe if "event" in d.value.columns)
    assert timeline["event"].str.contains("Paged on **errors** <b>", regex=False).any()


def test_what_if_fills_in_after_the_debrief_opens(ended):
    """The debrief opens before the what-if runs finish (progress shown), then shows the scale
    and the sentences, the same as `what_if` of the session's journal."""
    from simulator.whatif import what_if

    at = page_for(ended, "ic")
    text = page_text(at)
    assert "What if" in text and "Scores" in text
    expected = what_if(ended.service.debrief_journal(ended.session_id), jobs=1)
    deadline = time.monotonic() + 120
    while "You closed" not in text and "No key action to move" not in text:
        assert time.monotonic() < deadline, "the what-if never filled in"
        time.sleep(0.5)
        text = page_text(page_for(ended, "ic"))
    assert "Your response" in text and "No response" in text
    for finding in expected.findings:
        assert " ".join(finding.sentence.split()) in text
    assert expected.findings  # the team acknowledged and declared late: there is something to move
    # The report downloads now carry the section, from the job's cached runs (none run again).
    from app_pages.common.debrief_data import debrief
    from simulator.whatif import stored_what_if

    assert stored_what_if(ended.service.debrief_journal(ended.session_id)) is not None
    report = " ".join(debrief(ended.session_id, for_facilitator=False).markdown().split())
    assert "## What if" in report and expected.findings[0].sentence in report
