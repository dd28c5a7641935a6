"""AppTest: the incident console for every role, and each action it offers."""

from __future__ import annotations

from urllib.parse import parse_qs

import pytest

from tests.app_helpers import (
    click,
    keys,
    make_game,
    new_app,
    page_for,
    page_text,
    run,
    shown,
    shown_texts,
    submit,
    use_app_store,
)


@pytest.fixture
def app_store(tmp_path, monkeypatch):
    yield from use_app_store(tmp_path, monkeypatch)


COMMAND = {"ic_declare", "ic_assign", "ic_escalate", "ic_mitigated", "ic_resolve"}
COMMS = {"comms_update_submit", "comms_page_submit", "comms_reply_submit"}
SCRIBE = {"scribe_text", "scribe_tag", "scribe_submit"}
INVESTIGATE = {"investigate_command", "investigate_run"}
SYSTEM = {"sysaction_pick", "sysaction_submit"}
CLOCK = {"solo_pause", "solo_end"}
ALL_ACTIONS = COMMAND | COMMS | SCRIBE | INVESTIGATE | SYSTEM | CLOCK | {"pager_ack"}
# An alert naming a scenario runbook gets a button opening it: reading, for everyone.
READ_ONLY = {
    "who_menu",
    "leave_session",
    "feed_channel",
    "dash_metrics",
    "runbook_CheckoutHighErrorRatio",
}

EXPECTED = {
    "ic": COMMAND | COMMS | SCRIBE | INVESTIGATE | SYSTEM | {"pager_ack"},
    "comms_lead": COMMS | SCRIBE | INVESTIGATE | {"pager_ack"},
    "scribe": SCRIBE | INVESTIGATE | {"pager_ack"},
    "tech_lead": SYSTEM | SCRIBE | INVESTIGATE | {"pager_ack"},
    "observer": set(),
    "solo": ALL_ACTIONS,
}


@pytest.fixture
def game(app_store):
    return make_game(app_store)


@pytest.fixture
def solo_game(app_store):
    return make_game(app_store, solo=True)


@pytest.fixture(scope="module")
def paged(tmp_path_factory):
    """One game 14 minutes in (the first page has fired) for the read-only role checks, and a
    solo game beside it in the same store."""
    with pytest.MonkeyPatch.context() as patch:
        stores = use_app_store(tmp_path_factory.mktemp("paged"), patch)
        url = next(stores)
        games = {
            "team": make_game(url, skip=16 * 60),
            "solo": make_game(url, skip=16 * 60, solo=True),
        }
        yield games
        next(stores, None)


@pytest.mark.parametrize("role", list(EXPECTED))
def test_each_role_gets_its_panels_and_only_those(role, paged):
    at = page_for(paged["solo" if role == "solo" else "team"], role)
    found = keys(at)
    assert EXPECTED[role] <= found
    assert not (ALL_ACTIONS - EXPECTED[role]) & found
    assert found >= READ_ONLY
    text = page_text(at)
    for panel in ("Pager", "Alerts", "Dashboards", "Messages", "Incident log", "T+14:"):
        assert panel in text
    assert "CheckoutHighErrorRatio" in text  # the page fired at about T+13:45
    assert len(at.get("vega_lite_chart")) >= 4


def test_observer_has_no_action_widget_at_all(paged):
    at = page_for(paged["team"], "observer")
    assert keys(at) == READ_ONLY | {"feed_channel"}
    assert not at.get("form")


def test_acknowledge_the_page(app_store):
    game = make_game(app_store, skip=16 * 60)
    at = page_for(game, "scribe")
    click(at, "pager_ack")
    assert [p.status for p in game.service.status(game.session_id).open_pages] == ["acknowledged"]
    assert shown(at.success, "acknowledge: accepted")
    run(at)  # the next refresh
    assert at.button(key="pager_ack").disabled  # nothing left to acknowledge


def test_declare_assign_escalate_mitigate_resolve(game):
    at = page_for(game, "ic")
    at.selectbox(key="ic_severity").set_value("SEV1")
    at.text_input(key="ic_title").input("Checkout failing")
    submit(at, "ic_declare")
    assert game.actions("declare")[0]["params"] == {"severity": "SEV1", "title": "Checkout failing"}
    assert "Severity: SEV1" in page_text(at)
    at.selectbox(key="ic_assign_role").set_value("comms_lead")
    at.text_input(key="ic_assign_name").input("Priya")
    submit(at, "ic_assign")
    assert game.actions("assign_role")[0]["params"] == {"role": "comms_lead", "name": "Priya"}
    at.text_input(key="ic_escalate_team").input("database team")
    submit(at, "ic_escalate")
    click(at, "ic_mitigated")
    click(at, "ic_resolve")
    names = [a["action"] for a in game.journal_kinds("action") if a["outcome"] == "accepted"]
    assert names == ["declare", "assign_role", "escalate", "mark_mitigated", "resolve"]
    assert "Resolved" in page_text(at)


def test_post_a_status_update_and_a_status_page_message(game):
    at = page_for(game, "comms_lead")
    at.selectbox(key="comms_status").set_value("identified")
    at.text_area(key="comms_impact").input("Most checkouts fail")
    at.text_area(key="comms_actions").input("Rolling back 2.42.0")
    at.selectbox(key="comms_next").set_value("30m")
    submit(at, "comms_update_submit")
    update = game.actions("status_update")[0]
    assert update["role"] == "comms_lead"
    assert update["params"] == {
        "status": "identified",
        "impact": "Most checkouts fail",
        "actions": "Rolling back 2.42.0",
        "next_update": "30m",
    }
    assert "Next status update due" in page_text(at)
    at.selectbox(key="comms_page_state").set_value("investigating")
    at.text_area(key="comms_page_message").input("Some payments fail.")
    submit(at, "comms_page_submit")
    assert game.actions("status_page")[0]["params"]["message"] == "Some payments fail."


def test_reply_to_a_stakeholder_message(app_store):
    game = make_game(app_store, skip=16 * 60)
    at = page_for(game, "comms_lead")
    picker = at.selectbox(key="comms_reply_to")
    assert any("Jess Okafor (Support Lead): Hey, we've had 23 tickets" in o for o in picker.options)
    picker.set_value("support-lead-tickets")
    at.text_area(key="comms_reply_text").input("Yes, SEV1; banner up, next update in 15 minutes")
    submit(at, "comms_reply_submit")
    (reply,) = game.actions("reply")
    assert reply["outcome"] == "accepted" and reply["role"] == "comms_lead"
    assert reply["params"] == {
        "to": "support-lead-tickets",
        "text": "Yes, SEV1; banner up, next update in 15 minutes",
    }
    run(at)
    text = page_text(at)
    assert "replied at T+16:" in text  # under the message in the feed
    assert "(replied)" in " ".join(at.selectbox(key="comms_reply_to").options)


def test_an_empty_reply_is_not_sent(game):
    at = page_for(game, "ic")
    submit(at, "comms_reply_submit")
    assert game.actions("reply") == []


def test_an_incomplete_update_is_not_sent(game):
    at = page_for(game, "comms_lead")
    at.text_area(key="comms_impact").input("Most checkouts fail")
    submit(at, "comms_update_submit")
    assert shown(at.error, "fill in actions")
    assert game.actions("status_update") == []


def test_scribe_note_with_a_tag(game):
    at = page_for(game, "scribe")
    at.text_area(key="scribe_text").input("Rollback decided")
    at.radio(key="scribe_tag").set_value("decision")
    submit(at, "scribe_submit")
    note = game.actions("timeline_note")[0]
    assert (note["role"], note["params"]) == (
        "scribe",
        {"text": "Rollback decided", "tag": "decision"},
    )
    assert any("Rollback decided" in t for t in shown_texts(at))
    assert "IC declared" not in page_text(at)


def test_investigate_shows_the_output(game):
    at = page_for(game, "tech_lead")
    at.selectbox(key="investigate_command").set_value("db-activity")
    submit(at, "investigate_run")
    [entry] = game.journal_kinds("investigation")
    assert entry["command"] == "db-activity"
    shown = "\n".join(c.value for c in at.code)
    assert entry["output"][0] in shown


def test_risky_action_needs_its_confirmation(game):
    at = page_for(game, "tech_lead")
    at.selectbox(key="sysaction_pick").set_value("set_pool_size")
    run(at)
    at.number_input(key="sysaction_set_pool_size_size").set_value(40)
    submit(at, "sysaction_submit_set_pool_size")
    assert shown(at.error, "tick the confirmation")
    assert game.actions("set_pool_size") == []
    at.number_input(key="sysaction_set_pool_size_size").set_value(40)
    at.checkbox(key="sysaction_confirm_set_pool_size").check()
    submit(at, "sysaction_submit_set_pool_size")
    [taken] = game.actions("set_pool_size")
    assert (taken["params"], taken["outcome"]) == ({"size": 40}, "accepted")


def test_plain_system_action_with_a_flag(game):
    at = page_for(game, "ic")
    at.selectbox(key="sysaction_pick").set_value("set_feature_flag")
    run(at)
    at.selectbox(key="sysaction_set_feature_flag_flag").set_value("holiday_banner")
    at.toggle(key="sysaction_set_feature_flag_enabled").set_value(False)
    submit(at, "sysaction_submit_set_feature_flag")
    [taken] = game.actions("set_feature_flag")
    assert taken["params"] == {"flag": "holiday_banner", "enabled": False}


def test_a_refused_action_shows_the_reason(app_store):
    lobby = make_game(app_store, start=False)
    at = page_for(lobby, "scribe")
    at.text_area(key="scribe_text").input("Too early")
    submit(at, "scribe_submit")
    assert shown(at.error, "refused: the session has not started")


def test_a_double_click_is_stored_once(game):
    at = page_for(game, "ic")
    click(at, "ic_mitigated")
    click(at, "ic_mitigated")  # the same action again within the double-click window
    assert len(game.actions("mark_mitigated")) == 1
    assert all(e["client_id"] for e in game.actions("mark_mitigated"))


def test_what_one_player_does_appears_for_another(game):
    scribe = page_for(game, "scribe")
    assert "IC declared SEV2" not in page_text(scribe)
    ic = page_for(game, "ic")
    ic.selectbox(key="ic_severity").set_value("SEV2")
    submit(ic, "ic_declare")
    run(scribe)  # the scribe's next refresh
    assert "IC declared SEV2" in page_text(scribe)  # in the key events to log


def test_solo_player_acts_in_every_role_and_holds_the_clock(solo_game):
    at = page_for(solo_game, "solo")
    at.text_area(key="scribe_text").input("Solo note")
    submit(at, "scribe_submit")
    at.selectbox(key="ic_severity").set_value("SEV1")
    submit(at, "ic_declare")
    roles = {a["action"]: a["role"] for a in solo_game.journal_kinds("action")}
    assert roles == {"timeline_note": "scribe", "declare": "ic"}
    click(at, "solo_pause")
    assert solo_game.service.status(solo_game.session_id).state == "paused"


def test_the_end_points_to_the_debrief(game):
    game.service.end(game.session_id, game.secret)
    at = page_for(game, "ic")  # lands on the debrief
    assert "debrief_download_md" in keys(at)
    run(at.switch_page("app_pages/console.py"))
    assert "The exercise has ended" in page_text(at)


def debrief_link_params(at) -> dict[str, list[str]]:
    """The query parameters of the page's "Open the debrief" link."""
    links = [link for link in at.get("page_link") if link.proto.label == "Open the debrief"]
    assert len(links) == 1, [link.proto.label for link in at.get("page_link")]
    return parse_qs(links[0].proto.query_string)


def test_the_debrief_link_keeps_who_you_are(game):
    """The link carries the session and the participant, like the address bar: a click that
    loads /debrief afresh (a new browser session, nothing in session state) is still you."""
    game.service.end(game.session_id, game.secret)
    at = page_for(game, "ic")
    run(at.switch_page("app_pages/console.py"))
    params = debrief_link_params(at)
    assert params == {"session": [game.session_id], "participant": [game.people["ic"]]}
    fresh = new_app(**{k: v[0] for k, v in params.items()})
    run(fresh.switch_page("app_pages/debrief.py"))
    assert "debrief_download_md" in keys(fresh)
    assert "Ada · Incident commander" in page_text(fresh)
