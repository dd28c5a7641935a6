"""AppTest: the Start page (create, join, solo practice), the router and who-you-are in the URL."""

from __future__ import annotations

import pytest

from simulator.scenario import load_scenario
from tests.app_helpers import (
    click,
    keys,
    make_game,
    new_app,
    page_text,
    run,
    shown,
    submit,
    use_app_store,
)
from tests.conftest import SCENARIO_DIR


@pytest.fixture
def app_store(tmp_path, monkeypatch):
    yield from use_app_store(tmp_path, monkeypatch)


START_KEYS = {
    "create_scenario",
    "create_seed",
    "create_speed",
    "create_submit",
    "join_session",
    "join_code",
    "join_name",
    "join_role",
    "join_secret",
    "join_submit",
    "practice_scenario",
    "practice_name",
    "practice_speed",
    "practice_submit",
}


def test_start_page_offers_create_join_and_practice(app_store):
    at = run(new_app())
    assert keys(at) >= START_KEYS
    text = page_text(at)
    assert "Run a game day" in text and "Join a session" in text and "Practise solo" in text
    assert "players" in text  # the picked scenario's card: team size, never the severity
    assert not any(f"SEV{n}" in text for n in range(1, 5))
    assert at.query_params == {}


def test_start_shows_the_briefing_not_the_facilitator_summary(app_store):
    at = run(new_app())
    text = " ".join(page_text(at).split())
    picked = at.selectbox(key="create_scenario").value
    scenario = load_scenario(SCENARIO_DIR / f"{picked}.yaml").scenario
    assert scenario.briefing is not None
    assert " ".join(scenario.briefing.text.split()) in text
    assert " ".join(scenario.summary.split()) not in text


def test_create_session_shows_credentials_and_the_facilitator_console(app_store):
    at = run(new_app())
    at.selectbox(key="create_scenario").set_value("pool-exhaustion")
    at.number_input(key="create_seed").set_value(7)
    at.slider(key="create_speed").set_value(3)
    submit(at, "create_submit")
    session_id = at.query_params["session"]
    assert "participant" not in at.query_params
    assert "secret" not in at.query_params and at.query_params["as"] == "facilitator"
    codes = [m.value for m in at.metric]
    assert session_id in codes and len(codes[0]) == 8  # join code and session id, large
    (secret,) = [c.value for c in at.code if len(c.value) == 33 and c.value.isalnum()]
    assert "Facilitator console" in page_text(at)
    assert "fac_start" in keys(at)
    from simulator.session import open_service

    record = open_service(app_store).session(session_id)
    assert (record.scenario_id, record.seed, record.speed) == ("pool-exhaustion", 7, 3.0)
    open_service(app_store).events(session_id, secret)  # the secret on the page is the real one


def test_join_as_incident_commander_opens_the_console(app_store):
    game = make_game(app_store, roles=(), start=False)
    at = run(new_app())
    at.text_input(key="join_session").input(game.session_id)
    at.text_input(key="join_code").input(game.code.lower())  # codes are case-insensitive
    at.text_input(key="join_name").input("Grace")
    at.selectbox(key="join_role").set_value("ic")
    submit(at, "join_submit")
    assert at.query_params["session"] == game.session_id
    joined = game.service.participants(game.session_id)
    assert [(p.name, p.role) for p in joined] == [("Grace", "ic")]
    assert at.query_params["participant"] == joined[0].id
    text = page_text(at)
    assert "Incident console" in text and "Waiting for the facilitator" in text


def test_wrong_join_code_is_refused_with_a_message(app_store):
    game = make_game(app_store, roles=(), start=False)
    at = run(new_app())
    at.text_input(key="join_session").input(game.session_id)
    at.text_input(key="join_code").input("WRONGCOD")
    at.text_input(key="join_name").input("Grace")
    submit(at, "join_submit")
    assert shown(at.error, "wrong join code")
    assert "session" not in at.query_params
    assert game.service.participants(game.session_id) == []


def _try_join(at, session_id: str, code: str, name: str) -> None:
    at.text_input(key="join_session").input(session_id)
    at.text_input(key="join_code").input(code)
    at.text_input(key="join_name").input(name)
    submit(at, "join_submit")


def test_one_browsers_wrong_codes_do_not_stop_another_browser_joining(app_store):
    """Ten wrong codes lock out the browser that typed them (here: its tab, as AppTest has no
    address or cookie), not the session: a late joiner in another browser still gets in."""
    game = make_game(app_store, roles=(), start=False)
    guesser = run(new_app())
    for _ in range(10):
        _try_join(guesser, game.session_id, "WRONGCOD", "Mallory")
    assert shown(guesser.error, "too many wrong attempts: try again in 5m")
    _try_join(guesser, game.session_id, game.code, "Mallory")
    assert shown(guesser.error, "too many wrong join codes from here")
    late = run(new_app())
    _try_join(late, game.session_id, game.code, "Grace")
    assert late.query_params["session"] == game.session_id
    assert [p.name for p in game.service.participants(game.session_id)] == ["Grace"]


def test_join_with_missing_fields_asks_for_them(app_store):
    at = submit(run(new_app()), "join_submit")
    assert shown(at.error, "Fill in")


def test_join_as_facilitator_needs_the_secret(app_store):
    game = make_game(app_store, roles=(), start=False)
    at = run(new_app())
    at.text_input(key="join_session").input(game.session_id)
    at.text_input(key="join_code").input(game.code)
    at.text_input(key="join_name").input("Co-facilitator")
    at.selectbox(key="join_role").set_value("facilitator")
    at.text_input(key="join_secret").input("not-the-secret")
    submit(at, "join_submit")
    assert shown(at.error, "wrong facilitator secret")
    at.text_input(key="join_secret").input(game.secret)
    submit(at, "join_submit")
    assert "secret" not in at.query_params and at.query_params["as"] == "facilitator"
    assert "fac_start" in keys(at)


def test_solo_practice_starts_at_once_at_ten_times(app_store):
    at = run(new_app())
    at.selectbox(key="practice_scenario").set_value("retry-storm")
    at.text_input(key="practice_name").input("Lin")
    assert at.slider(key="practice_speed").value == 10
    submit(at, "practice_submit")
    from simulator.session import open_service

    status = open_service(app_store).status(at.query_params["session"])
    assert status.state == "running" and status.speed == 10.0 and status.solo
    found = keys(at)
    assert {"ic_declare", "comms_update_submit", "scribe_submit", "sysaction_submit"} <= found
    assert {"solo_pause", "solo_end"} <= found  # the solo player holds the clock


def test_a_refresh_keeps_you_in_your_session(app_store):
    game = make_game(app_store)
    at = run(new_app(session=game.session_id, participant=game.people["scribe"]))
    assert "scribe_submit" in keys(at)
    assert at.query_params["participant"] == game.people["scribe"]
    again = run(new_app(**at.query_params))  # a new browser session with the same URL
    assert "scribe_submit" in keys(again)


def test_a_bad_link_falls_back_to_start_with_a_warning(app_store):
    game = make_game(app_store)
    at = run(new_app(session=game.session_id, participant="p-nobody"))
    assert "create_submit" in keys(at)
    assert shown(at.warning, "Could not rejoin")
    assert "session" not in at.query_params
    at = run(new_app(session=game.session_id, secret="wrong"))
    assert shown(at.warning, "wrong facilitator secret")
    at = run(new_app(session="nosuchsess", secret="x"))
    assert "create_submit" in keys(at)


def test_leave_session_returns_to_start(app_store):
    game = make_game(app_store)
    at = run(new_app(session=game.session_id, participant=game.people["ic"]))
    click(at, "leave_session")
    assert "create_submit" in keys(at)
    assert at.query_params == {}


def test_a_join_link_fills_in_the_form(app_store):
    at = run(new_app(join="abc123", code="CODE2345"))
    assert at.text_input(key="join_session").value == "abc123"
    assert at.text_input(key="join_code").value == "CODE2345"


def test_pages_by_role(app_store):
    game = make_game(app_store)
    nobody = run(new_app())
    assert "library_check" in keys(run(nobody.switch_page("app_pages/library.py")))
    for hidden in ("app_pages/facilitator.py", "app_pages/console.py", "app_pages/debrief.py"):
        with pytest.raises(ValueError):
            nobody.switch_page(hidden)
    facilitator = run(new_app(session=game.session_id, secret=game.secret))
    assert "fac_end" in keys(facilitator)
    with pytest.raises(ValueError):
        facilitator.switch_page("app_pages/console.py")
    run(facilitator.switch_page("app_pages/debrief.py"))
    assert "opens when the exercise ends" in page_text(facilitator)
    player = run(new_app(session=game.session_id, participant=game.people["ic"]))
    for hidden in ("app_pages/facilitator.py", "app_pages/library.py", "app_pages/start.py"):
        with pytest.raises(ValueError):
            player.switch_page(hidden)
    run(player.switch_page("app_pages/debrief.py"))
    assert "opens when the exercise ends" in page_text(player)


def test_page_lists():
    from app_pages.common.identity import Identity
    from app_pages.common.nav import (
        COHORT,
        CONSOLE,
        DEBRIEF,
        FACILITATOR,
        LIBRARY,
        START,
        STUDIO,
        TRENDS,
        page_paths,
    )

    player = Identity("s", "p-1", role="ic")
    facilitator = Identity("s", secret="x")
    assert page_paths(None, False) == [START, LIBRARY, COHORT, TRENDS]
    assert page_paths(None, False, cohort=True) == [COHORT, START, LIBRARY, TRENDS]
    assert page_paths(facilitator, False) == [FACILITATOR, DEBRIEF, LIBRARY, STUDIO, TRENDS]
    assert page_paths(facilitator, True) == [DEBRIEF, FACILITATOR, LIBRARY, STUDIO, TRENDS]
    assert page_paths(player, False) == [CONSOLE, DEBRIEF]
    assert page_paths(player, True) == [DEBRIEF, CONSOLE]


def test_a_broken_store_is_a_message_not_a_traceback(tmp_path, monkeypatch):
    broken = tmp_path / "not-a-db.db"
    broken.write_text("this is not a database", encoding="utf-8")
    stores = use_app_store(tmp_path, monkeypatch)
    next(stores)
    monkeypatch.setenv("GAMEDAY_DATABASE_URL", f"sqlite:///{broken}")
    at = run(new_app())
    submit(at, "create_submit")
    assert shown(at.error, "not a database")
    at = run(new_app(session="abc", participant="p-x"))
    # the store, not the link, is at fault: say so, keep the link, redraw once the store answers
    assert shown(at.warning, "The session store is not answering")
    assert shown(at.warning, "not a database")
    assert at.query_params["session"] == "abc"
    next(stores, None)


def test_the_browser_is_known_by_its_xsrf_token_not_the_masked_cookie():
    """Two loads of one browser (the same token, masked afresh) are one client; another is not.
    The cookies are ones Streamlit set for one headless Chromium over two page loads."""
    from app_pages.common.client import xsrf_token

    first = xsrf_token("2|383901ba|c16ca36e2c605220378d12b7699ed9f0|1795998415")
    again = xsrf_token("2|0f841d3a|f6d1bfee1bdd4ea000300e375e23c570|1795998415")
    assert first == again == "f955a2d41459539a0fb4130d51a7d84a"
    assert xsrf_token("2|383901ba|c16ca36e2c605220378d12b7699ed9f1|1795998415") != first
    assert xsrf_token("not-a-tornado-cookie") == "not-a-tornado-cookie"


def test_a_loopback_address_tells_no_browser_apart():
    """Seen in a real browser: Streamlit reports `::ffff:127.0.0.1` for a local connection, which
    would have made every local browser (and every user behind a proxy on this host) one client."""
    from app_pages.common.client import remote_address

    for loopback in ("::ffff:127.0.0.1", "127.0.0.1", "::1", "127.8.0.1", "", None, "garbage"):
        assert remote_address(loopback) == ""
    assert remote_address("203.0.113.9") == "203.0.113.9"
    assert remote_address("::ffff:203.0.113.9") == "::ffff:203.0.113.9"


def test_the_facilitator_secret_leaves_the_address_bar_and_a_reload_says_what_to_do(app_store):
    game = make_game(app_store, roles=(), start=False)
    at = run(new_app(session=game.session_id, secret=game.secret))
    assert "fac_start" in keys(at)
    assert dict(at.query_params) == {"session": game.session_id, "as": "facilitator"}  # at once
    run(at)  # the tab keeps the secret in its session state: still the facilitator
    assert "fac_start" in keys(at) and "secret" not in at.query_params

    reloaded = run(new_app(**dict(at.query_params)))  # a reload: a new browser session
    assert "fac_start" not in keys(reloaded)
    assert shown(reloaded.warning, "This tab no longer holds the facilitator secret")
    assert shown(reloaded.warning, "Open your facilitator link (the one with the secret) again")
    assert "join_secret" in keys(reloaded) and "session" not in reloaded.query_params
