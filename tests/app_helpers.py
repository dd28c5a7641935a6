"""Helpers for the AppTests of the web pages (tests/test_app_*.py).

Each test gets its own SQLite store through `GAMEDAY_DATABASE_URL` (`use_app_store`, wrapped
by each test file's `app_store` fixture) and
a cleared `st.cache_resource`, so the app's cached service never leaks between tests. A `Game` is a
session set up through the Python API; `page_for` opens the app as one of its people, the way a
browser would after a refresh (who you are comes from the URL's query parameters).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from simulator.scenario import Scenario
from simulator.session import SessionService, open_service
from tests.conftest import ROOT, SCENARIO_DIR

APP = ROOT / "app.py"
TIMEOUT = 60
PLAYERS = ("ic", "comms_lead", "scribe", "tech_lead", "observer")
NAMES = {"ic": "Ada", "comms_lead": "Priya", "scribe": "Tom", "tech_lead": "Sam", "observer": "Olu"}


def use_app_store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """Body of each test file's `app_store` fixture: a fresh store, no cached service."""
    url = f"sqlite:///{tmp_path / 'app.db'}"
    monkeypatch.setenv("GAMEDAY_DATABASE_URL", url)
    st.cache_resource.clear()
    st.cache_data.clear()
    yield url
    st.cache_resource.clear()
    st.cache_data.clear()


@dataclass
class Game:
    service: SessionService
    session_id: str
    secret: str
    code: str
    people: dict[str, str] = field(default_factory=dict)  # role (or "solo") -> participant id

    def journal_kinds(self, kind: str) -> list[dict[str, Any]]:
        return [e for e in self.service.journal(self.session_id).entries if e["kind"] == kind]

    def actions(self, name: str) -> list[dict[str, Any]]:
        return [e for e in self.journal_kinds("action") if e["action"] == name]


def make_game(
    url: str,
    scenario: str = "pool-exhaustion.yaml",
    roles: tuple[str, ...] = PLAYERS,
    start: bool = True,
    skip: float = 0.0,
    solo: bool = False,
) -> Game:
    service = open_service(url)
    created = service.create(SCENARIO_DIR / scenario, seed=7, solo=solo)
    game = Game(service, created.session_id, created.facilitator_secret, created.join_code)
    if solo:
        game.people["solo"] = service.join(created.session_id, created.join_code, "Solo", "ic").id
    for role in roles if not solo else ():
        game.people[role] = service.join(
            created.session_id, created.join_code, NAMES[role], role
        ).id
    if start:
        service.start(created.session_id, created.facilitator_secret)
    if skip:
        service.skip(created.session_id, created.facilitator_secret, skip)
    return game


def new_app(**params: str) -> AppTest:
    at = AppTest.from_file(str(APP), default_timeout=TIMEOUT)
    at.query_params.update(params)
    return at


def page_for(game: Game, who: str) -> AppTest:
    """The app as `who` (a role, "solo" or "facilitator") of `game`, already run once."""
    if who == "facilitator":
        return run(new_app(session=game.session_id, secret=game.secret))
    params = {"session": game.session_id, "participant": game.people[who]}
    if who == "solo":
        params["secret"] = game.secret
    return run(new_app(**params))


def run(at: AppTest) -> AppTest:
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def click(at: AppTest, key: str) -> AppTest:
    at.button(key=key).click()
    return run(at)


def submit(at: AppTest, key: str) -> AppTest:
    """Press a form's submit button (`st.form_submit_button` with this key)."""
    at.button(key=key).click()
    return run(at)


# Keys of containers, not widgets: the console's work area, scroll boxes, action outcomes.
LAYOUT_KEYS = ("work_area", "scroll_", "outcome_", "sysaction_for_")


# Widgets keyed by the system action they belong to (`sysaction_submit_rollback`): `keys` names
# them without the action, since which action is picked first depends on the scenario.
PER_ACTION = ("sysaction_submit", "sysaction_confirm")


def keys(at: AppTest) -> set[str]:
    """Every widget key on the page (not the keys of layout containers: `LAYOUT_KEYS`; the
    per-action ones without their action: `PER_ACTION`)."""
    found: set[str] = set()
    for node in _walk(at._tree):
        key = getattr(node, "key", None)
        if isinstance(key, str) and not key.startswith(LAYOUT_KEYS):
            found.add(next((p for p in PER_ACTION if key.startswith(p + "_")), key))
    return found


def enabled_keys(at: AppTest) -> set[str]:
    """The keys of the widgets a person can use now (not disabled)."""
    found: set[str] = set()
    for node in _walk(at._tree):
        key = getattr(node, "key", None)
        if isinstance(key, str) and not getattr(node, "disabled", False):
            found.add(key)
    return found


def page_text(at: AppTest) -> str:
    """Every string the page sends to the browser (element and widget protos, table cells), one
    long text with Markdown escapes and zero-width spaces removed and whitespace collapsed."""
    parts: list[str] = []
    for node in _walk(at._tree):
        proto = getattr(node, "proto", None)
        if proto is not None:
            parts += _strings(proto)
        if type(node).__name__ in ("Dataframe", "Table"):
            parts += [str(v) for v in node.value.astype(str).to_numpy().ravel()]
            parts += [str(c) for c in node.value.columns]
            parts += [str(i) for i in node.value.index]
    return normalise(" ".join(parts))


def normalise(text: str) -> str:
    return " ".join(text.replace("\\", "").replace("\u200b", "").split())


def facilitator_only(scenario: Scenario) -> dict[str, str]:
    """What only the facilitator may see in a scenario, by a label for failure messages: root
    causes, fault ids, notes, hints (until released), discussion questions, command `reveals`."""
    found: dict[str, str] = {}
    for fault in scenario.faults:
        found[f"root cause of {fault.id}"] = fault.root_cause
        found[f"fault id {fault.id}"] = fault.id
    for index, note in enumerate(scenario.facilitation.notes):
        found[f"facilitator note {index}"] = note
    for index, hint in enumerate(scenario.facilitation.hints):
        found[f"hint {index}"] = hint.text
    for index, question in enumerate(scenario.facilitation.discussion_questions):
        found[f"discussion question {index}"] = question
    for command in scenario.commands:
        found[f"reveals of {command.name}"] = command.reveals
    return found


def answer_key(scenario: Scenario) -> dict[str, str]:
    """Everything `facilitator_only` holds, plus what may appear only in the debrief: the
    facilitator's synopsis (`summary`)."""
    return {**facilitator_only(scenario), "summary": scenario.summary}


def catalogue_secrets(scenario: Scenario) -> dict[str, str]:
    """What a catalogue page (Start, library) must not show on top of `answer_key`: the severity
    the team is scored against and the names of fixes, stop-gaps and harmful actions (matched as
    whole words by `catalogue_leaks`)."""
    found = {"severity": scenario.severity}
    for fault in scenario.faults:
        refs = (
            ("fix", fault.fixed_by),
            ("stop-gap", fault.mitigated_by),
            ("harmful action", fault.harmful),
        )
        for kind, matches in refs:
            for match in matches:
                found[f"{kind} {match.action} of {fault.id}"] = match.action
    return found


def catalogue_leaks(text: str, scenario: Scenario) -> list[str]:
    """Labels of answer-key content found on a catalogue page."""
    found = leaks(text, {k: normalise(v) for k, v in answer_key(scenario).items()})
    words = set(re.findall(r"[\w-]+", text))
    return found + [label for label, word in catalogue_secrets(scenario).items() if word in words]


def leaks(text: str, secrets: dict[str, str]) -> list[str]:
    """Labels of secrets found in `text`: the whole secret, or its first or last 60 characters
    (a long text cut short is still a leak)."""
    return [
        label
        for label, secret in secrets.items()
        if any(piece in text for piece in {secret, secret[:60], secret[-60:]})
    ]


def texts(at: AppTest) -> list[str]:
    """The values of the page's `st.text` elements."""
    return [t.value for t in at.text]


def shown_texts(at: AppTest) -> list[str]:
    """What people wrote as the page shows it: each `st.text` element, and each Markdown element
    read literally (escapes and zero-width spaces removed, whitespace collapsed; the feed, the
    timeline and the key events draw a page of entries as one Markdown element)."""
    return [t.value for t in at.text] + [normalise(m.value) for m in at.markdown]


def _walk(node: Any) -> Iterator[Any]:
    yield node
    children = getattr(node, "children", None)
    if isinstance(children, dict):
        for child in children.values():
            yield from _walk(child)


def _strings(message: Any) -> list[str]:
    found: list[str] = []
    for _descriptor, value in message.ListFields():
        for item in _items(value):
            if isinstance(item, str):
                found.append(item)
            elif hasattr(item, "ListFields"):
                found += _strings(item)
    return found


def _items(value: Any) -> list[Any]:
    """A field's values: repeated fields and maps give several."""
    if isinstance(value, str | bytes) or hasattr(value, "ListFields"):
        return [value]
    if hasattr(value, "keys"):
        return list(value.values())
    try:
        return list(value)
    except TypeError:
        return [value]


def shown(elements: Any, text: str) -> bool:
    """Whether one of these elements (`at.error`, `at.success`, ...) says `text` (compared with
    Markdown escapes removed)."""
    return any(text in normalise(e.value) for e in elements)
