"""Facilitator-only content never reaches a participant's page (DESIGN section 6), and what
players or injects wrote is shown as text, never as markup.

Every participant role's console is rendered before the fault, after it, and late in the game
with every hint due but none released; the page's text (every string sent to the browser) must
contain no root cause, facilitator note, unreleased hint, discussion question, command `reveals`
or fault id.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pyarrow as pa
import pytest

from simulator.scenario import load_scenario
from tests.app_helpers import (
    Game,
    facilitator_only,
    keys,
    leaks,
    make_game,
    normalise,
    page_for,
    page_text,
    run,
    shown_texts,
    use_app_store,
)
from tests.conftest import SCENARIO_DIR

ROLES = ("ic", "comms_lead", "scribe", "tech_lead", "observer", "solo")
TIMES = (60.0, 16 * 60.0, 36 * 60.0)  # before the fault (T+3m), after it, every hint due
SCENARIOS = ("pool-exhaustion.yaml", "memory-leak.yaml")
HOSTILE = "<script>alert(1)</script> and **bold** and [link](http://evil.example) :red[x]"


def secrets_of(name: str) -> dict[str, str]:
    scenario = load_scenario(SCENARIO_DIR / name).scenario
    return {label: normalise(text) for label, text in facilitator_only(scenario).items()}


def impact_rows(chart: Any) -> int:
    """Rows of a chart's `impact` dataset (customer-impact windows)."""
    for dataset in chart.proto.datasets:
        if dataset.name == "impact":
            return pa.ipc.open_stream(dataset.data.data).read_all().num_rows
    return 0


def unescaped(markdown: str) -> str:
    """Markdown with every backslash-escaped character removed: what is left is live markup."""
    return re.sub(r"\\.", "", markdown)


@pytest.fixture(scope="module", params=SCENARIOS)
def played(request, tmp_path_factory) -> Iterator[tuple[str, dict[str, Game]]]:
    """A team game and a solo game of one scenario, with investigations run and a private
    facilitator note stored."""
    with pytest.MonkeyPatch.context() as patch:
        stores = use_app_store(tmp_path_factory.mktemp("leaks"), patch)
        url = next(stores)
        team = make_game(url, scenario=request.param)
        solo = make_game(url, scenario=request.param, solo=True)
        team.service.note(team.session_id, team.secret, "PRIVATE facilitator note xyzzy")
        yield request.param, {"team": team, "solo": solo}
        next(stores, None)


def investigate_everything(game: Game, who: str) -> None:
    for command in load_scenario(SCENARIO_DIR / game_scenario(game)).scenario.commands:
        game.service.act(
            game.session_id, game.people[who], "investigate", {"command": command.name}
        )


def game_scenario(game: Game) -> str:
    return game.service.session(game.session_id).scenario_id + ".yaml"


def test_no_facilitator_content_on_any_participant_console(played):
    name, games = played
    secrets = secrets_of(name)
    secrets["private note"] = "PRIVATE facilitator note xyzzy"
    pages = {}
    for role in ROLES:
        game = games["solo" if role == "solo" else "team"]
        pages[role] = page_for(game, role)
    now = 0.0
    for t in TIMES:
        for game in games.values():
            game.service.skip(game.session_id, game.secret, t - now)
        now = t
        if t > TIMES[0]:
            investigate_everything(games["team"], "tech_lead")
            investigate_everything(games["solo"], "solo")
        for role, at in pages.items():
            text = page_text(run(at))
            assert not leaks(text, secrets), (name, role, t, leaks(text, secrets))
            assert "[noise]" not in text and "adhoc" not in text
            for chart in at.get("vega_lite_chart"):
                assert impact_rows(chart) == 0, "impact shading is ground truth"
            if t > TIMES[0] and role != "observer":
                assert "(run by " in text  # the investigation outputs are shown


def test_a_released_hint_shows_and_only_that_one(played):
    name, games = played
    game = games["team"]
    hints = load_scenario(SCENARIO_DIR / name).scenario.facilitation.hints
    game.service.hint(game.session_id, game.secret, hints[0].text)
    text = page_text(page_for(game, "scribe"))
    assert normalise(hints[0].text) in text
    assert not any(normalise(h.text) in text for h in hints[1:])


def test_player_text_is_shown_literally(played):
    _, games = played
    game = games["team"]
    game.service.act(
        game.session_id, game.people["scribe"], "timeline_note", {"text": HOSTILE, "tag": "note"}
    )
    game.service.inject(game.session_id, game.secret, "chat", "**VP** <img src=x>", HOSTILE)
    for role in ("ic", "observer"):
        at = page_for(game, role)
        shown = shown_texts(at)  # the note and the inject body, read literally
        assert sum(t.count(HOSTILE) for t in shown) >= (2 if role == "ic" else 1), role
        for element in (*at.markdown, *at.caption):
            live = unescaped(element.value)
            for markup in ("<script>", "**bold**", "<img", "**VP**", "[link]("):
                assert markup not in live, (role, element.value)
        assert "**VP** <img src=x>" in page_text(at)  # the sender, escaped, reads the same
        for block in at.get("html"):  # our own scripts only: people's text never gets in
            assert "alert(1)" not in block.proto.body and "<img" not in block.proto.body


def test_observer_never_gets_an_action_widget(played):
    _, games = played
    at = page_for(games["team"], "observer")
    assert not {
        k
        for k in keys(at)
        if k.split("_")[0] in ("ic", "comms", "scribe", "sysaction", "investigate", "pager")
    }
