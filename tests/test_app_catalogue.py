"""AppTest: the spoiler-free catalogue. Nothing of any scenario's answer key reaches a page that a
visitor or a participant can open: the Start page and the Scenario library as a visitor (every
scenario in scenarios/, whatever is shipped), and each scenario's incident console and debrief
before the end, late in the game with every hint due and none released. The facilitator reads the
answer key in the library; everyone reads the synopsis in the debrief once the exercise has ended.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from simulator.scenario import Scenario, load_scenario
from simulator.ui.catalogue import card, neutral_line
from tests.app_helpers import (
    answer_key,
    catalogue_leaks,
    leaks,
    make_game,
    new_app,
    normalise,
    page_for,
    page_text,
    run,
    use_app_store,
)
from tests.conftest import SCENARIO_DIR

SHIPPED = sorted(SCENARIO_DIR.glob("*.yaml"))
PRIVATE_NOTE = "PRIVATE facilitator note: plugh"


@pytest.fixture
def app_store(tmp_path, monkeypatch) -> Iterator[str]:
    yield from use_app_store(tmp_path, monkeypatch)


def scenario_of(path: Path) -> Scenario:
    return load_scenario(path).scenario


def library_as(at) -> object:
    return run(run(at).switch_page("app_pages/library.py"))


def test_library_shows_every_card_and_no_answer_key(app_store):
    at = library_as(new_app())
    text = page_text(at)
    assert "library_pick" not in {w.key for w in at.selectbox}  # no answer key picker
    assert not [c for c in at.code if "root_cause" in c.value]  # no YAML
    for path in SHIPPED:
        scenario = scenario_of(path)
        public = card(scenario)
        assert normalise(public.briefing) in text, path.name
        assert public.team_size in text
        assert not catalogue_leaks(text, scenario), (path.name, catalogue_leaks(text, scenario))
    table = at.dataframe[0].value
    assert list(table.columns) == ["id", "title", "difficulty", "duration", "team size"]
    assert set(table["id"]) == {scenario_of(p).id for p in SHIPPED}


def test_start_page_shows_each_scenario_without_its_answer_key(app_store):
    at = run(new_app())
    for path in SHIPPED:
        scenario = scenario_of(path)
        at.selectbox(key="create_scenario").set_value(scenario.id)
        at.selectbox(key="practice_scenario").set_value(scenario.id)
        text = page_text(run(at))
        assert normalise(card(scenario).briefing) in text, path.name
        assert not catalogue_leaks(text, scenario), (path.name, catalogue_leaks(text, scenario))


def test_the_leak_check_sees_the_answer_key(app_store):
    """The check above can fail: the facilitator's library page trips it."""
    game = make_game(app_store, start=False, roles=())
    at = library_as(new_app(session=game.session_id, secret=game.secret))
    at.selectbox(key="library_pick").set_value("pool-exhaustion")
    text = page_text(run(at))
    scenario = scenario_of(SCENARIO_DIR / "pool-exhaustion.yaml")
    found = catalogue_leaks(text, scenario)
    assert "summary" in found and "severity" in found and "facilitator note 0" in found
    assert "fix rollback of audit-transaction-leak" in found


BRIEFING = """\
briefing:
  text: Tuesday 13:20, the payments on-call pager goes off.
  on_call: ["Marta Silva: database on-call"]
  players: [2, 4]
"""


def test_a_briefing_is_shown_and_without_one_a_neutral_line(tmp_path, monkeypatch, app_store):
    shipped = (SCENARIO_DIR / "pool-exhaustion.yaml").read_text(encoding="utf-8")
    source = re.sub(r"\nbriefing:\n(?:[ #].*\n|\n)*", "\n", shipped)  # its own, taken out
    assert "briefing:" not in source
    briefed = source.replace("id: pool-exhaustion", "id: briefed", 1)
    briefed = briefed.replace("\ndifficulty:", "\n" + BRIEFING + "difficulty:", 1)
    folder = tmp_path / "scenarios"
    folder.mkdir()
    (folder / "briefed.yaml").write_text(briefed, encoding="utf-8")
    (folder / "plain.yaml").write_text(
        source.replace("id: pool-exhaustion", "id: plain", 1), encoding="utf-8"
    )
    monkeypatch.setenv("GAMEDAY_SCENARIO_DIR", str(folder))
    text = page_text(library_as(new_app()))
    assert "Tuesday 13:20, the payments on-call pager goes off." in text
    assert "On call: Marta Silva: database on-call" in text
    assert "2-4 players" in text and "1-5 players" in text
    plain = scenario_of(folder / "plain.yaml")
    assert normalise(neutral_line(plain)) in text
    assert "checkout-api (8 replicas in production)" in text
    assert not catalogue_leaks(text, plain)


def late(scenario: Scenario) -> float:
    """A time when every scripted hint is due (none released), before the end."""
    due = max((h.at for h in scenario.facilitation.hints), default=0.0) + 60.0
    return min(due, scenario.duration - 60.0)


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.stem)
def test_console_and_debrief_before_the_end_hold_no_answer_key(app_store, path):
    scenario = scenario_of(path)
    game = make_game(app_store, scenario=path.name, roles=("ic", "observer"))
    game.service.skip(game.session_id, game.secret, late(scenario))
    for command in scenario.commands:
        game.service.act(
            game.session_id, game.people["ic"], "investigate", {"command": command.name}
        )
    game.service.note(game.session_id, game.secret, PRIVATE_NOTE)
    hidden = {k: normalise(v) for k, v in answer_key(scenario).items()}
    hidden["private note"] = PRIVATE_NOTE
    for role in ("ic", "observer"):
        console = page_for(game, role)
        assert not leaks(page_text(console), hidden), (role, leaks(page_text(console), hidden))
        debrief = run(console.switch_page("app_pages/debrief.py"))
        text = page_text(debrief)
        assert "The debrief opens when the exercise ends" in text
        assert not leaks(text, hidden), (role, leaks(text, hidden))
    game.service.end(game.session_id, game.secret)
    after = page_text(run(page_for(game, "ic").switch_page("app_pages/debrief.py")))
    root_cause = f"root cause of {scenario.faults[0].id}"
    assert root_cause in leaks(after, hidden)  # once ended, the debrief tells the story
