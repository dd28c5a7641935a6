"""The stored scenario library on each backend: versions, exact text, origins, pins, errors."""

from __future__ import annotations

import pytest
from sqlalchemy import inspect

from simulator.errors import ScenarioError
from simulator.library import LibraryError, Origin, ScenarioLibrary
from simulator.session import SessionService, Store
from simulator.studio import copy_text
from tests.conftest import SCENARIO_DIR
from tests.session_helpers import FakeClock

POOL = (SCENARIO_DIR / "pool-exhaustion.yaml").read_text(encoding="utf-8")
COPY = copy_text(POOL, "pool-exhaustion")
ORIGIN = Origin("pool-exhaustion", POOL, "abc")


@pytest.fixture
def parts(store_url):
    store = Store(store_url)
    clock = FakeClock()
    yield ScenarioLibrary(store, clock), SessionService(store, clock), clock
    store.close()


def test_each_save_is_a_version_with_the_exact_text(parts):
    lib, _service, clock = parts
    first = lib.save("team-a", COPY, ORIGIN)
    clock.advance(5)
    changed = COPY.replace("baseline_rps: 520", "baseline_rps: 480") + "\n# a trailing comment\n"
    second = lib.save("team-a", changed)
    assert (first.id, first.version, second.version) == ("pool-exhaustion-copy", 1, 2)
    assert lib.get("team-a", "pool-exhaustion-copy", 1).text == COPY
    assert lib.get("team-a", "pool-exhaustion-copy").text == changed
    assert second.saved_at - first.saved_at == 5
    # The same text again stores nothing new; the origin stays the first one.
    assert lib.save("team-a", changed).version == 2
    assert [v.version for v in lib.versions("team-a", "pool-exhaustion-copy")] == [1, 2]
    assert lib.origin("team-a", "pool-exhaustion-copy") == ORIGIN


def test_workspaces_are_separate(parts):
    lib, _service, _clock = parts
    lib.save("team-a", COPY)
    lib.save("team-b", POOL)
    assert [(s.workspace, s.id) for s in lib.latest()] == [
        ("team-a", "pool-exhaustion-copy"),
        ("team-b", "pool-exhaustion"),
    ]
    assert [s.id for s in lib.latest("team-b")] == ["pool-exhaustion"]
    assert lib.workspaces() == ["team-a", "team-b"]
    with pytest.raises(LibraryError) as info:
        lib.get("team-b", "pool-exhaustion-copy")
    assert str(info.value) == (
        "no 'pool-exhaustion-copy' in workspace 'team-b' (see: gameday scenarios --store)"
    )
    with pytest.raises(LibraryError, match=r"^no version 3 of 'pool-exhaustion' in workspace"):
        lib.get("team-b", "pool-exhaustion", 3)


def test_an_invalid_scenario_is_not_saved(parts):
    lib, _service, _clock = parts
    with pytest.raises(ScenarioError) as info:
        lib.save("team-a", COPY.replace("replicas: 8\n", "replicas: eight\n"), filename="x.yaml")
    line = next(n for n, text in enumerate(COPY.splitlines(), 1) if text.strip() == "replicas: 8")
    assert str(info.value).startswith(
        f"x.yaml:{line}:13: error: service.replicas: expected a whole"
    )
    assert lib.latest() == []


@pytest.mark.parametrize("name", ["", "Team A", "../etc", "a" * 61, "-x"])
def test_bad_workspace_names_are_refused(parts, name):
    lib, _service, _clock = parts
    with pytest.raises(LibraryError, match="bad workspace name"):
        lib.save(name, COPY)


def test_a_session_started_from_a_version_is_pinned_and_replays_that_text(parts):
    lib, service, _clock = parts
    lib.save("team-a", COPY)
    lib.save("team-a", COPY.replace("baseline_rps: 520", "baseline_rps: 480"))
    created, stored = lib.start_session(service, "team-a", "pool-exhaustion-copy", 1, seed=4)
    record = service.session(created.session_id)
    assert record.scenario_text == COPY == stored.text
    assert record.scenario_file == "library/team-a/pool-exhaustion-copy@v1.yaml"
    assert record.seed == 4
    pin = lib.pin(created.session_id)
    assert (pin.workspace, pin.id, pin.version) == ("team-a", "pool-exhaustion-copy", 1)
    assert lib.pin("no-such-session") is None
    assert service.journal(created.session_id).header["scenario"]["sha256"] == stored.sha256


def test_opening_again_keeps_the_library_and_the_session_schema(store_url):
    store = Store(store_url)
    ScenarioLibrary(store, FakeClock()).save("team-a", COPY)
    again = ScenarioLibrary(Store(store_url), FakeClock())
    assert again.get("team-a", "pool-exhaustion-copy").version == 1
    names = set(inspect(store.engine).get_table_names())
    assert {"library_entries", "library_versions", "library_pins", "sessions"} <= names
    store.close()
