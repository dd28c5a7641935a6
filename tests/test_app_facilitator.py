"""AppTest: the facilitator console (clock controls, participants, ground truth, hints, notes,
injects, end)."""

from __future__ import annotations

from urllib.parse import parse_qs

import pyarrow as pa
import pytest

from tests.app_helpers import (
    click,
    enabled_keys,
    keys,
    make_game,
    page_for,
    page_text,
    run,
    shown,
    submit,
    use_app_store,
)


@pytest.fixture
def app_store(tmp_path, monkeypatch):
    yield from use_app_store(tmp_path, monkeypatch)


FAC_KEYS = {"fac_start", "fac_speed_box", "fac_inject_send", "fac_note_save"}


def status(game):
    return game.service.status(game.session_id)


def test_lobby_shows_start_participants_and_join_details(app_store):
    game = make_game(app_store, start=False)
    at = page_for(game, "facilitator")
    assert FAC_KEYS | {"fac_hint_send"} <= keys(at)
    assert "fac_pause" not in enabled_keys(at) and "fac_end" not in enabled_keys(at)
    text = page_text(at)
    for name, role in (("Ada", "Incident commander"), ("Olu", "Observer"), ("Tom", "Scribe")):
        assert name in text and role in text
    assert game.code in [m.value for m in at.metric]
    assert "T+00:00" in text and "Lobby" in text
    assert "ends at T+45:00 · in the scenario it is" in text  # not "scenario time 13:30"


def test_start_pause_resume_and_speed(app_store):
    game = make_game(app_store, start=False)
    at = page_for(game, "facilitator")
    click(at, "fac_start")
    assert status(game).state == "running"
    assert {"fac_pause", "fac_skip_1m", "fac_skip_5m", "fac_end"} <= keys(at)
    click(at, "fac_pause")
    assert status(game).state == "paused"
    assert "fac_resume" in enabled_keys(at)
    click(at, "fac_resume")
    assert status(game).state == "running"
    at.selectbox(key="fac_speed_box").set_value(5)
    run(at)  # the speed applies on change: no second click
    assert status(game).speed == 5.0
    assert "Running at 5x" in page_text(at)
    assert at.selectbox(key="fac_speed_box").value == 5
    assert len([s for s in at.selectbox if s.label == "Speed"]) == 1


def test_skip_ahead_by_one_five_and_a_custom_duration(app_store):
    game = make_game(app_store)
    at = page_for(game, "facilitator")
    before = status(game).sim_time
    click(at, "fac_skip_1m")
    click(at, "fac_skip_5m")
    at.text_input(key="fac_skip_custom").input("90s")
    click(at, "fac_skip_go")
    assert status(game).sim_time >= before + 60 + 300 + 90
    at.text_input(key="fac_skip_custom").input("soon")
    click(at, "fac_skip_go")
    assert shown(at.error, "skip") and shown(at.error, "duration")


def test_ground_truth_notes_and_hints_are_on_the_facilitator_console(app_store, shipped):
    game = make_game(app_store, skip=16 * 60)
    at = page_for(game, "facilitator")
    scenario = shipped["pool-exhaustion.yaml"].scenario
    text = page_text(at)
    assert " ".join(scenario.faults[0].root_cause.split()) in text
    assert "CUSTOMER IMPACT" in text and "Active" in text
    assert "rollback (target=deploy)" in text  # which fix works
    impact = [d for c in at.get("vega_lite_chart") for d in c.proto.datasets if d.name == "impact"]
    assert impact and all(pa.ipc.open_stream(d.data.data).read_all().num_rows for d in impact)
    for note in scenario.facilitation.notes:
        assert " ".join(note.split()) in text
    for hint in scenario.facilitation.hints:
        assert hint.text in text


def test_release_a_scripted_hint_and_a_custom_one(app_store, shipped):
    game = make_game(app_store, skip=20 * 60)
    at = page_for(game, "facilitator")
    hint = shipped["pool-exhaustion.yaml"].scenario.facilitation.hints[0]
    click(at, "fac_hint_release_0")
    assert [h["text"] for h in game.journal_kinds("hint")] == [hint.text]
    assert "fac_hint_release_0" not in keys(at)
    assert "Released" in page_text(at)
    at.text_input(key="fac_hint_text").input("Check the deploy history.")
    submit(at, "fac_hint_send")
    assert [h["text"] for h in game.journal_kinds("hint")][-1] == "Check the deploy history."


def test_ad_hoc_inject(app_store):
    game = make_game(app_store)
    at = page_for(game, "facilitator")
    at.selectbox(key="fac_inject_channel").set_value("email")
    at.text_input(key="fac_inject_sender").input("CFO")
    at.text_input(key="fac_inject_subject").input("Revenue?")
    at.text_area(key="fac_inject_text").input("How much have we lost?")
    submit(at, "fac_inject_send")
    injects = [e for e in game.journal_kinds("inject") if e.get("adhoc")]
    assert [(i["channel"], i["sender"], i["subject"], i["text"]) for i in injects] == [
        ("email", "CFO", "Revenue?", "How much have we lost?")
    ]
    assert shown(at.success, "Inject sent")
    submit(at, "fac_inject_send")  # empty form: asks, stores nothing
    assert shown(at.error, "Fill in")
    assert len([e for e in game.journal_kinds("inject") if e.get("adhoc")]) == 1


def test_private_notes_stay_out_of_the_journal(app_store):
    game = make_game(app_store)
    at = page_for(game, "facilitator")
    at.text_input(key="fac_note_text").input("IC hesitated over the rollback")
    submit(at, "fac_note_save")
    assert "IC hesitated over the rollback" in page_text(at)
    notes = [e for e in game.service.events(game.session_id, game.secret) if e.kind == "note"]
    assert len(notes) == 1
    assert "hesitated" not in game.service.journal(game.session_id).to_jsonl()


def test_end_needs_confirmation_then_the_debrief_comes_first(app_store):
    game = make_game(app_store)
    at = page_for(game, "facilitator")
    assert at.button(key="fac_end").disabled
    at.checkbox(key="fac_end_confirm").check()
    run(at)
    click(at, "fac_end")
    assert status(game).state == "ended"
    again = page_for(game, "facilitator")  # a fresh visit lands on the debrief
    assert "debrief_download_md" in keys(again)


def test_controls_show_the_sessions_refusal(app_store):
    game = make_game(app_store)
    at = page_for(game, "facilitator")
    at.text_input(key="fac_skip_custom").input("0s")
    click(at, "fac_skip_go")
    assert shown(at.error, "cannot skip") and shown(at.error, "positive duration")


def test_a_state_change_elsewhere_shows_on_the_next_run(app_store):
    game = make_game(app_store)
    at = page_for(game, "facilitator")
    game.service.pause(game.session_id, game.secret)  # another facilitator tab paused
    run(at)
    assert "fac_resume" in enabled_keys(at) and "fac_pause" not in enabled_keys(at)


def join_details(at):
    found = [e for e in at.expander if e.label.startswith("Join details")]
    assert len(found) == 1, [e.label for e in at.expander]
    return found[0]


def test_join_details_are_open_in_the_lobby_and_folded_once_started(app_store):
    game = make_game(app_store, start=False)
    at = page_for(game, "facilitator")
    assert join_details(at).proto.expanded
    click(at, "fac_start")
    assert not join_details(at).proto.expanded
    assert game.secret in page_text(at)  # still there, a click away
    assert not join_details(page_for(game, "facilitator")).proto.expanded


def test_the_end_offers_the_debrief_with_who_you_are(app_store):
    game = make_game(app_store)
    at = page_for(game, "facilitator")
    at.checkbox(key="fac_end_confirm").check()
    run(at)
    click(at, "fac_end")
    links = [link for link in at.get("page_link") if link.proto.label == "Open the debrief"]
    assert len(links) == 1
    assert parse_qs(links[0].proto.query_string) == {  # the tab keeps the secret, not the URL
        "session": [game.session_id],
        "as": ["facilitator"],
    }


def test_real_tools_settings_and_a_delivery_error(app_store):
    from simulator.integrations.delivery import Target

    game = make_game(app_store)
    at = page_for(game, "facilitator")
    assert {"fac_tools_alertmanager", "fac_tools_webhook", "fac_tools_save"} <= keys(at)
    assert "Nothing delivered yet." in page_text(at)
    at.text_input(key="fac_tools_alertmanager").input("alertmanager:9093")
    submit(at, "fac_tools_save")
    assert "alertmanager_url: expected an http:// or https:// URL" in page_text(at)
    assert not game.service.integrations(game.session_id, game.secret).enabled
    at.text_input(key="fac_tools_alertmanager").input("http://127.0.0.1:9/")
    submit(at, "fac_tools_save")
    assert "Forwarding saved." in page_text(at)
    settings = game.service.integrations(game.session_id, game.secret)
    assert settings.alertmanager_url == "http://127.0.0.1:9/"
    # what the forwarder in `gameday serve` reports when the receiver is down
    failing = Target("alertmanager", "http://127.0.0.1:9/api/v2/alerts", failures=3)
    failing.last_error = "cannot reach http://127.0.0.1:9/api/v2/alerts: [Errno 111] refused"
    game.service.report_delivery(game.session_id, failing.report())
    at = page_for(game, "facilitator")
    text = page_text(at)
    assert "alertmanager: delivery failing since T+" in text
    assert "[Errno 111] refused. Retrying with backoff; the game is not affected." in text


def test_after_the_natural_end_no_control_stays_enabled(app_store):
    """The clock reached the scenario's end by itself (no End pressed): nothing may apply."""
    game = make_game(app_store, start=True)
    at = page_for(game, "facilitator")
    assert {"fac_pause", "fac_skip_1m", "fac_skip_5m", "fac_skip_go"} <= enabled_keys(at)
    game.service.skip(game.session_id, game.secret, 45 * 60)
    assert status(game).state == "ended"
    run(at)
    live_controls = {"fac_start", "fac_pause", "fac_resume", "fac_skip_1m", "fac_skip_5m"}
    assert not (live_controls | {"fac_skip_go", "fac_end", "fac_speed_box"}) & enabled_keys(at)


def test_a_skip_past_the_end_asks_first(app_store):
    game = make_game(app_store, start=True, skip=40 * 60)
    at = page_for(game, "facilitator")
    click(at, "fac_skip_5m")  # T+40:00 + 5m reaches the end at T+45:00
    assert status(game).state == "running"
    assert "passes the end at T+45:00: the exercise would end" in page_text(at)
    click(at, "fac_skip_cancel")
    assert status(game).state == "running"
    assert "passes the end" not in page_text(at)
    click(at, "fac_skip_5m")
    click(at, "fac_skip_confirm")
    assert status(game).state == "ended"


def test_extend_moves_the_end_and_the_skip_question_follows(app_store):
    game = make_game(app_store, start=True, skip=40 * 60)
    at = page_for(game, "facilitator")
    at.text_input(key="fac_extend_by").input("10m")
    click(at, "fac_extend_go")
    assert status(game).duration == 55 * 60
    assert "ends at T+55:00 (extended from T+45:00)" in page_text(at)
    click(at, "fac_skip_5m")  # T+45:00 is no longer the end: no question
    assert "passes the end" not in page_text(at)
    assert status(game).state == "running" and status(game).sim_time >= 45 * 60
    at.text_input(key="fac_skip_custom").input("15m")
    click(at, "fac_skip_go")
    assert "passes the end at T+55:00: the exercise would end" in page_text(at)
    click(at, "fac_skip_cancel")


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("soon", "extend: expected a duration like"),
        ("0s", "cannot extend: extend by a positive duration"),
        ("2h", "cannot extend: extend by at most 60 minutes at a time"),
    ],
)
def test_a_bad_extension_says_why_and_changes_nothing(app_store, typed, message):
    game = make_game(app_store, start=True)
    at = page_for(game, "facilitator")
    at.text_input(key="fac_extend_by").input(typed)
    click(at, "fac_extend_go")
    assert message in page_text(at)
    assert status(game).duration == 45 * 60
    assert not at.exception


def test_extend_is_disabled_once_the_exercise_ended(app_store):
    game = make_game(app_store, start=True)
    game.service.end(game.session_id, game.secret)
    at = page_for(game, "facilitator")
    assert not {"fac_extend_go", "fac_extend_by"} & enabled_keys(at)


def test_the_speed_box_follows_a_speed_set_in_another_tab(app_store):
    game = make_game(app_store, start=True)
    at = page_for(game, "facilitator")
    assert at.selectbox(key="fac_speed_box").value == 1
    game.service.set_speed(game.session_id, game.secret, 4.0)  # another facilitator tab
    run(at)
    assert at.selectbox(key="fac_speed_box").value == 4
    assert [s.value for s in at.selectbox if s.label == "Speed"] == [4]  # one box, live speed
    run(at)  # the box does not send the old speed back
    assert status(game).speed == 4.0


def test_a_stale_speed_box_changes_nothing(app_store):
    """A box drawn for 1x whose value arrives after the session moved to 4x (a fragment run that
    was on its way) is ignored, and so is a box that sends back the speed it showed."""
    game = make_game(app_store, start=True)
    at = page_for(game, "facilitator")
    game.service.set_speed(game.session_id, game.secret, 4.0)  # another tab, unseen here yet
    at.selectbox(key="fac_speed_box").set_value(2)  # picked on the box still showing 1x
    run(at)
    assert status(game).speed == 4.0
    assert at.selectbox(key="fac_speed_box").value == 4  # the redraw shows the live speed
    at.selectbox(key="fac_speed_box").set_value(4)
    run(at)
    assert status(game).speed == 4.0
    at.selectbox(key="fac_speed_box").set_value(6)
    run(at)
    assert status(game).speed == 6.0


def test_the_old_value_of_a_redrawn_speed_box_changes_nothing(app_store):
    """After a redraw moved the box from 1x to 4x (another tab's pick), a run that left the
    browser before the redraw arrived still carries 1x: it is not a pick. Once the browser has
    confirmed 4x, picking 1x is a pick again."""
    game = make_game(app_store, start=True)
    at = page_for(game, "facilitator")
    game.service.set_speed(game.session_id, game.secret, 4.0)  # another facilitator tab
    run(at)
    assert at.selectbox(key="fac_speed_box").value == 4
    at.selectbox(key="fac_speed_box").set_value(1)  # the run already on its way
    run(at)
    assert status(game).speed == 4.0
    assert [s.value for s in at.selectbox if s.label == "Speed"] == [4]
    run(at)  # the browser confirms 4x
    at.selectbox(key="fac_speed_box").set_value(1)
    run(at)
    assert status(game).speed == 1.0
    speeds = [
        e.payload["value"]
        for e in game.service.store.events(game.session_id)
        if e.kind == "clock.speed"
    ]
    assert speeds == [4.0, 1.0]
