"""`gameday library` and `gameday scenarios --store`, in process, on each backend."""

from __future__ import annotations

import json

import pytest

from simulator.cli import main
from simulator.session import open_service
from simulator.studio import copy_text
from tests.conftest import SCENARIO_DIR

POOL = SCENARIO_DIR / "pool-exhaustion.yaml"


@pytest.fixture
def gameday(store_url, monkeypatch, capsys):
    monkeypatch.setenv("GAMEDAY_DATABASE_URL", store_url)

    def run(*argv: object) -> tuple[int, str, str]:
        code = main([str(a) for a in argv])
        out, err = capsys.readouterr()
        return code, out, err

    return run


def test_import_list_export_and_start(gameday, tmp_path):
    copy = tmp_path / "mine.yaml"
    text = copy_text(POOL.read_text(encoding="utf-8"), "pool-exhaustion")
    copy.write_bytes(text.encode("utf-8"))
    assert gameday("scenarios", "--store") == (
        0,
        "no stored scenarios (save one in the studio, or: gameday library import FILE)\n",
        "",
    )
    code, out, _ = gameday("library", "import", copy, "--workspace", "checkout-team")
    assert (code, out) == (0, "saved pool-exhaustion-copy version 1 in workspace checkout-team\n")
    copy.write_bytes(text.replace("baseline_rps: 520", "baseline_rps: 480").encode("utf-8"))
    gameday("library", "import", copy, "--workspace", "checkout-team")
    gameday("library", "import", POOL)

    code, out, _ = gameday("scenarios", "--store")
    assert out.splitlines() == [
        "WORKSPACE      ID                    VERSION  TITLE",
        "checkout-team  pool-exhaustion-copy  2        Checkout errors climbing at lunchtime",
        "default        pool-exhaustion       1        Checkout errors climbing at lunchtime",
    ]
    code, out, _ = gameday("scenarios", "--store", "--workspace", "default")
    assert len(out.splitlines()) == 2

    code, out, _ = gameday(
        "library", "versions", "pool-exhaustion-copy", "--workspace", "checkout-team"
    )
    assert [line.split()[0] for line in out.splitlines()] == ["1", "2"]

    exported = tmp_path / "out.yaml"
    args = ("pool-exhaustion-copy", "--workspace", "checkout-team", "--version", "1")
    assert gameday("library", "export", *args, "--out", exported)[0] == 0
    assert exported.read_bytes() == text.encode("utf-8")

    code, out, _ = gameday("library", "start", *args, "--seed", "3")
    started = json.loads(out)
    assert started["library"] == {
        "workspace": "checkout-team",
        "id": "pool-exhaustion-copy",
        "version": 1,
    }
    record = open_service().session(started["session_id"])
    assert (record.scenario_text, record.seed) == (text, 3)


def test_mistakes_are_messages_not_tracebacks(gameday, tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text(POOL.read_text(encoding="utf-8").replace("replicas: 8\n", "replicas: eight\n"))
    code, _out, err = gameday("library", "import", bad)
    assert code == 1
    line = next(n for n, t in enumerate(POOL.read_text().splitlines(), 1) if t == "  replicas: 8")
    assert f"{bad}:{line}:13: error: service.replicas: expected a whole number (got 'eight')" in err
    code, _, err = gameday("library", "export", "nothing-here")
    assert code == 1
    assert "no 'nothing-here' in workspace 'default' (see: gameday scenarios --store)" in err
    code, _, err = gameday("library", "import", POOL, "--workspace", "Not OK")
    assert code == 1 and "bad workspace name 'Not OK'" in err
    assert gameday("library", "import", tmp_path / "missing.yaml")[0] == 2
    assert gameday("scenarios", "--workspace", "x")[0] == 2
