"""AppTest: the scenario studio (facilitator only): problems marked as you edit, one-click
suggestions, copy and diff, preview with every check, save and versions, hostile text."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from simulator.calibration import calibrate
from simulator.library import ScenarioLibrary
from simulator.scenario import load_scenario_text
from simulator.session import open_service
from simulator.studio import STUDIO_RUNS
from tests.app_helpers import click, make_game, page_for, page_text, run, use_app_store
from tests.conftest import ROOT, SCENARIO_DIR
from tests.studio_hostile import HOSTILE

POOL_TEXT = (SCENARIO_DIR / "pool-exhaustion.yaml").read_text(encoding="utf-8")


@pytest.fixture
def app_store(tmp_path, monkeypatch):
    yield from use_app_store(tmp_path, monkeypatch)


def studio(url: str, who: str = "facilitator"):
    game = make_game(url, start=False, roles=("ic",))
    at = page_for(game, who)
    return run(at.switch_page("app_pages/studio.py")), game


def copy_pool(at):
    at.selectbox(key="studio_start").set_value("pool-exhaustion")
    return click(at, "studio_open")


def edit(at, old: str, new: str):
    text = at.text_area(key="studio_text").value
    assert text.count(old) == 1, old
    at.text_area(key="studio_text").set_value(text.replace(old, new))
    return run(at)


def test_players_do_not_get_the_studio(app_store):
    game = make_game(app_store, start=False, roles=("ic",))
    at = page_for(game, "ic")
    with pytest.raises(ValueError, match="Could not find a navigation page"):
        at.switch_page("app_pages/studio.py")
    # Opened directly (its URL), the page itself refuses a player, and nobody at all.
    for params in ({"session": game.session_id, "participant": game.people["ic"]}, {}):
        page = AppTest.from_file(str(ROOT / "app_pages" / "studio.py"), default_timeout=60)
        page.query_params.update(params)
        page = run(page)
        assert "The studio is for facilitators" in page_text(page)
        assert not page.text_area


def test_a_copy_keeps_its_origin_and_diffs_against_it(app_store):
    at, _game = studio(app_store)
    at = copy_pool(at)
    assert "No problems" in page_text(at)
    at = edit(at, "size_per_replica: 20 ", "size_per_replica: 30 ")
    at = click(at, "studio_diff")
    diff = at.code[-1].value
    assert "-id: pool-exhaustion\n+id: pool-exhaustion-copy\n" in diff
    assert "-    size_per_replica: 20 " in diff and "+    size_per_replica: 30 " in diff


def test_problems_are_marked_and_a_suggestion_applies_in_one_click(app_store):
    at, _game = studio(app_store)
    at = copy_pool(at)
    at = edit(at, "type: connection_leak", "type: conection_leak")
    text = page_text(at)
    line = next(n for n, t in enumerate(POOL_TEXT.splitlines(), 1) if "type: connection_leak" in t)
    assert f"studio.yaml:{line}:11: error: faults[0].type: expected one of" in text
    assert "did you mean 'connection_leak'?" in text
    listing = at.code[-1].value.splitlines()
    marked = [line for line in listing if line.startswith(">>")]
    assert marked == [f">> {line:3d} |     type: conection_leak"]
    at = click(at, "studio_fix_0")
    assert "type: connection_leak" in at.text_area(key="studio_text").value
    assert "No problems" in page_text(at)


def test_preview_shows_the_failing_claim_with_its_numbers(app_store):
    at, _game = studio(app_store)
    at = copy_pool(at)
    at = edit(at, "size_per_replica: 20 ", "size_per_replica: 30 ")
    at = click(at, "studio_preview")
    table = at.dataframe[0].value
    failed = table[table["result"] == "FAIL"]
    row = failed[failed["check"] == "baseline healthy before the fault"].iloc[0]
    assert row["expected"] == "error_ratio < 1%"
    assert row["measured"].endswith("%") and float(row["measured"][:-1]) > 1.0
    charts = at.get("vega_lite_chart")
    assert len(charts) == 10  # error ratio and the 4 alert metrics (one is it), x 2 runs
    marks = [d for d in charts[0].proto.datasets if d.name == "markers"]
    assert marks  # alert firing times, injects and the fault onset
    at = edit(at, "size_per_replica: 30 ", "size_per_replica: 20 ")
    at = click(at, "studio_preview")
    assert set(at.dataframe[0].value["result"]) == {"pass"}


def test_save_versions_and_start_a_session(app_store):
    at, _game = studio(app_store)
    at = copy_pool(at)
    at = click(at, "studio_save")
    assert "Saved pool-exhaustion-copy version 1 in workspace default" in page_text(at)
    at = edit(at, "baseline_rps: 520", "baseline_rps: 500")
    at = click(at, "studio_save")
    assert "version 2" in page_text(at)
    lib = ScenarioLibrary(open_service(app_store).store, lambda: 0.0)
    versions = lib.versions("default", "pool-exhaustion-copy")
    assert [v.version for v in versions] == [1, 2]
    assert versions[0].text == POOL_TEXT.replace("id: pool-exhaustion", "id: pool-exhaustion-copy")
    assert lib.origin("default", "pool-exhaustion-copy").text == POOL_TEXT
    at.selectbox(key="studio_version_pool-exhaustion-copy").set_value(1)
    at = click(at, "studio_start_session")
    session_id = at.query_params["session"]
    pin = lib.pin(session_id)
    assert (pin.id, pin.version) == ("pool-exhaustion-copy", 1)
    assert open_service(app_store).session(session_id).scenario_text == versions[0].text


@pytest.mark.parametrize("text", HOSTILE)
def test_nothing_typed_crashes_the_page(app_store, text):
    at, _game = studio(app_store)
    at.text_area(key="studio_text").set_value(text)
    at = run(at)  # run() asserts that no exception reached the page
    assert "problem(s)" in page_text(at)
    assert at.button(key="studio_save").disabled


def test_every_claim_is_checked_on_demand(app_store):
    at, _game = studio(app_store)
    at = copy_pool(at)
    at = click(at, "studio_claims")
    table = at.dataframe[0].value
    names = list(table["check"])
    assert len(names) > 9  # the expect block's 9 checks and every fault's claims
    assert any("rollback" in n for n in names) and any("set_pool_size" in n for n in names)
    assert set(table["result"]) == {"pass"}


def test_difficulty_is_measured_on_demand_like_gameday_calibrate(app_store):
    at, _game = studio(app_store)
    at = copy_pool(at)
    at = click(at, "studio_measure")
    text = page_text(at)
    assert "Measured difficulty:" in text and "the author says beginner" in text
    figures = dict(at.dataframe[0].value.values.tolist())
    loaded = load_scenario_text(
        POOL_TEXT.replace("id: pool-exhaustion", "id: pool-exhaustion-copy", 1), "studio.yaml"
    )
    expected = calibrate([loaded], runs=STUDIO_RUNS, seed=1, jobs=1)[0]
    (line,) = [m.value for m in at.markdown if "Measured difficulty" in m.value]
    assert f"Measured difficulty: **{expected.grade}**" in line
    assert figures["runs that recovered"] == f"{expected.recovered_share:.0%}"


def test_a_bad_workspace_name_is_a_message(app_store):
    at, _game = studio(app_store)
    at.text_input(key="studio_workspace").set_value("Our Team!")
    at = click(at, "studio_save")
    assert "bad workspace name 'Our Team!'" in page_text(at)
