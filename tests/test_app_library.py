"""AppTest: the scenario library (browse, read, check pasted or uploaded YAML, run it)."""

from __future__ import annotations

import pytest

from simulator.cli import main as gameday
from tests.app_helpers import (
    click,
    keys,
    make_game,
    new_app,
    page_text,
    run,
    shown,
    use_app_store,
)
from tests.conftest import SCENARIO_DIR

BROKEN = """\
version: 1
id: Not An Id
title: broken
summary: s
difficulty: easy
severity: SEV9
duration: 10 minutes
service: {name: x}
faults: []
"""


@pytest.fixture
def app_store(tmp_path, monkeypatch):
    yield from use_app_store(tmp_path, monkeypatch)


LIBRARY = "app_pages/library.py"


def library_page():
    return run(run(new_app()).switch_page(LIBRARY))


def validate_output(tmp_path, monkeypatch, capsys, name: str, data: bytes) -> list[str]:
    """What `gameday validate NAME` prints for these bytes, minus the summary line."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / name).write_bytes(data)
    gameday(["validate", name])
    return capsys.readouterr().out.splitlines()[:-1]


def checked(at) -> list[str]:
    return at.code[-1].value.splitlines()


def test_browse_and_read_a_scenario(app_store):
    at = library_page()
    table = at.dataframe[0].value
    assert list(table.columns) == ["id", "title", "difficulty", "duration", "team size"]
    assert set(table["id"]) == {p.stem for p in SCENARIO_DIR.glob("*.yaml")}
    assert not at.code and "library_pick" not in keys(at)  # a visitor never gets the YAML
    game = make_game(app_store, start=False, roles=())
    at = run(run(new_app(session=game.session_id, secret=game.secret)).switch_page(LIBRARY))
    at.selectbox(key="library_pick").set_value("retry-storm")
    run(at)
    text = (SCENARIO_DIR / "retry-storm.yaml").read_text(encoding="utf-8")
    assert any(c.value.rstrip() == text.rstrip() for c in at.code)
    assert "Storefront stuck" in page_text(at)


def test_pasted_yaml_shows_the_problems_as_gameday_validate(
    app_store, tmp_path, monkeypatch, capsys
):
    at = library_page()
    at.text_area(key="library_paste").input(BROKEN)
    click(at, "library_check")
    expected = validate_output(tmp_path, monkeypatch, capsys, "pasted.yaml", BROKEN.encode())
    assert len(expected) >= 4
    assert checked(at) == expected
    assert shown(at.error, f"pasted.yaml: {len(expected)} problem(s)")
    assert not at.exception


def test_uploaded_file_keeps_its_name(app_store, tmp_path, monkeypatch, capsys):
    at = library_page()
    data = BROKEN.replace("SEV9", "SEV1").encode()
    at.file_uploader(key="library_upload").upload("my-scenario.yaml", data, "application/yaml")
    click(at, "library_check")
    expected = validate_output(tmp_path, monkeypatch, capsys, "my-scenario.yaml", data)
    assert checked(at) == expected
    assert all(line.startswith("my-scenario.yaml:") for line in expected)


@pytest.mark.parametrize(
    "data",
    [b"\x00\x01binary", b"key: [unclosed", "caf\xe9".encode("latin-1"), b"- a list\n", b""],
)
def test_garbage_is_a_message_never_a_traceback(app_store, data):
    at = library_page()
    if data:
        at.file_uploader(key="library_upload").upload("junk.yaml", data)
    click(at, "library_check")
    assert not at.exception
    assert at.error or at.warning


def test_a_valid_scenario_can_start_a_session(app_store):
    at = library_page()
    text = (SCENARIO_DIR / "memory-leak.yaml").read_text(encoding="utf-8")
    at.text_area(key="library_paste").input(text)
    click(at, "library_check")
    assert shown(at.success, "pasted.yaml is valid")
    click(at, "library_create")
    assert "fac_start" in keys(at)
    assert at.query_params["as"] == "facilitator" and "secret" not in at.query_params
