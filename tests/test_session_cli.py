"""`gameday session`, `gameday sessions` and `gameday export`, in process."""

from __future__ import annotations

import json

import pytest

from simulator.cli import glue_free_values, main
from simulator.journal import parse_journal
from simulator.session import codes
from tests.session_helpers import POOL


@pytest.fixture
def gameday(store_url, monkeypatch, capsys):
    monkeypatch.setenv("GAMEDAY_DATABASE_URL", store_url)
    monkeypatch.delenv("GAMEDAY_FACILITATOR_SECRET", raising=False)

    def run(*argv: str) -> tuple[int, str, str]:
        code = main([str(a) for a in argv])
        out, err = capsys.readouterr()
        return code, out, err

    return run


@pytest.fixture
def created(gameday):
    code, out, _ = gameday("session", "create", POOL, "--seed", "5", "--speed", "10x")
    assert code == 0
    return json.loads(out)


def test_a_session_from_the_command_line(gameday, created):
    sid, secret = created["session_id"], created["facilitator_secret"]
    assert set(created) == {"session_id", "join_code", "facilitator_secret", "team"}
    assert created["team"] is None  # no --team

    code, out, _ = gameday(
        "session", "join", sid, "--code", created["join_code"], "--name", "Ada", "--role", "ic"
    )
    assert code == 0 and json.loads(out)["roles"] == ["ic"]
    assert gameday("session", "start", sid, "--secret", secret)[0] == 0
    skip = ("session", "skip", sid, "10m", "--secret", secret, "--id", "s1")
    code, out, _ = gameday(*skip)
    assert code == 0 and json.loads(out)["client_id"] == "s1"
    assert gameday(*skip) == (code, out, "")  # a retry with the same key is the same skip
    code, out, _ = gameday("session", "extend", sid, "--by", "10m", "--secret", secret)
    assert code == 0 and json.loads(out)["kind"] == "clock.extend"
    assert json.loads(out)["payload"]["value"] == 2700.0 + 600.0  # the new end
    assert json.loads(gameday("session", "status", sid)[1])["duration"] == 3300.0
    assert gameday("session", "speed", sid, "2", "--secret", secret)[0] == 0

    code, out, _ = gameday(
        "session",
        "act",
        sid,
        "--role",
        "ic",
        "--action",
        "declare",
        "--params",
        '{"severity": "SEV1"}',
        "--id",
        "k1",
    )
    event = json.loads(out)
    assert code == 0 and event["payload"]["outcome"] == "accepted" and event["client_id"] == "k1"
    assert event["sim_time"] >= 600.0
    again = gameday(
        "session",
        "act",
        sid,
        "--role",
        "ic",
        "--action",
        "declare",
        "--params",
        '{"severity": "SEV1"}',
        "--id",
        "k1",
    )
    assert json.loads(again[1])["seq"] == event["seq"]

    code, out, _ = gameday(
        "session",
        "act",
        sid,
        "--role",
        "ic",
        "--action",
        "declare",
        "--params",
        '{"severity": "SEV9"}',
    )
    assert code == 1 and json.loads(out)["payload"]["outcome"] == "refused"

    assert gameday("session", "pause", sid, "--secret", secret)[0] == 0
    code, out, _ = gameday("session", "act", sid, "--role", "ic", "--action", "acknowledge")
    refused = json.loads(out)["payload"]
    assert code == 1 and refused["reason"].startswith("the exercise is paused")

    code, out, _ = gameday("session", "status", sid)
    status = json.loads(out)
    assert code == 0 and status["state"] == "paused" and status["speed"] == 2.0

    for kind, extra in (("hint", ["look at the db"]), ("note", ["slow start"])):
        assert gameday("session", kind, sid, *extra, "--secret", secret)[0] == 0
    inject = ("session", "inject", sid, "--channel", "email", "--sender", "VP", "--text", "ETA?")
    assert gameday(*inject, "--secret", secret)[0] == 0

    code, out, _ = gameday("sessions")
    assert code == 0 and sid in out and "paused" in out
    code, out, _ = gameday("sessions", "--json")
    assert json.loads(out.splitlines()[0])["session_id"] == sid

    assert gameday("session", "end", sid, "--secret", secret)[0] == 0
    code, out, _ = gameday("export", "--session", sid)
    journal = parse_journal(out.splitlines())
    assert code == 0 and journal.entries[-1]["kind"] == "end"
    assert [e["kind"] for e in journal.entries if e["kind"] in ("hint", "action")] == [
        "action",
        "hint",
    ]
    code, out, _ = gameday("export", "--session", sid, "--at", "5m")
    assert code == 0 and max(e["t"] for e in parse_journal(out.splitlines()).entries) < 300


@pytest.mark.parametrize(
    ("argv", "exit_code", "message"),
    [
        (["session", "start", "{sid}", "--secret", "nope"], 1, "wrong facilitator secret"),
        (["session", "start", "{sid}"], 2, "gameday: error: the facilitator secret is needed"),
        (
            ["session", "join", "{sid}", "--code", "XXXX", "--name", "A", "--role", "ic"],
            1,
            "wrong join code for session",
        ),
        (
            ["session", "act", "{sid}", "--role", "ic", "--action", "declare"],
            1,
            "nobody holds role 'ic' in session",
        ),
        (["session", "status", "missing"], 1, "no session 'missing' (see: gameday sessions)"),
        (["session", "speed", "{sid}", "20", "--secret", "x"], 2, "speed must be 1x to 10x"),
        (["session", "skip", "{sid}", "soon", "--secret", "x"], 2, "expected a duration like"),
        (["session", "extend", "{sid}", "--by", "soon", "--secret", "x"], 2, "expected a duration"),
        (
            ["session", "extend", "{sid}", "--secret", "x"],
            2,
            "the following arguments are required",
        ),
        (["export", "--session", "missing"], 1, "no session 'missing'"),
    ],
)
def test_mistakes_get_a_clear_message(gameday, created, argv, exit_code, message):
    argv = [a.replace("{sid}", created["session_id"]) for a in argv]
    code, _, err = gameday(*argv)
    assert code == exit_code
    assert message in err
    assert "Traceback" not in err


def test_bad_params_json_stores_nothing(gameday, created):
    sid = created["session_id"]
    gameday("session", "join", sid, "--code", created["join_code"], "--name", "A", "--role", "ic")
    for params, message in (
        ('{"severity": ', "--params: not JSON: Expecting value at column 14"),
        ('["SEV1"]', "--params: expected a JSON object"),
    ):
        code, _, err = gameday(
            "session", "act", sid, "--role", "ic", "--action", "declare", "--params", params
        )
        assert code == 2 and message in err
    code, out, _ = gameday("session", "status", sid)
    assert json.loads(out)["last_seq"] == 0


def test_a_bad_store_url_is_one_line(monkeypatch, capsys):
    monkeypatch.setenv("GAMEDAY_DATABASE_URL", "postgres-ish:/nowhere")
    assert main(["sessions"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("bad session store URL 'postgres-ish:/nowhere'")
    assert err.count("\n") == 1


def test_values_that_begin_with_a_dash_stay_values(gameday, monkeypatch):
    """A secret or a note may begin with '-'; argparse alone would read it as an option."""
    monkeypatch.setattr(codes, "new_secret", lambda: "-9eGw6PpK5m3eM1sW0XCHLl6m7s_8D1b")
    created = json.loads(gameday("session", "create", POOL, "--seed", "5")[1])
    sid, secret = created["session_id"], created["facilitator_secret"]
    assert secret.startswith("-")
    assert gameday("session", "start", sid, "--secret", secret)[0] == 0
    code, out, err = gameday(
        "session",
        "inject",
        sid,
        "--channel",
        "chat",
        "--sender",
        "-bot-",
        "--text",
        "- rolled back",
        "--secret",
        secret,
    )
    assert code == 0, err
    assert json.loads(out)["payload"]["text"] == "- rolled back"


def test_new_secrets_never_begin_with_a_dash():
    secrets = {codes.new_secret() for _ in range(2000)}
    assert len(secrets) == 2000
    assert all(s.isalnum() and len(s) == 33 for s in secrets)


def test_gluing_keeps_everything_after_a_double_dash():
    assert glue_free_values(["note", "x", "--secret", "-s", "--", "--text"]) == [
        "note",
        "x",
        "--secret=-s",
        "--",
        "--text",
    ]


def test_score_and_report_read_a_stored_session(gameday, created, tmp_path):
    sid, secret = created["session_id"], created["facilitator_secret"]
    gameday("session", "join", sid, "--code", created["join_code"], "--name", "Ada", "--role", "ic")
    gameday("session", "start", sid, "--secret", secret)
    gameday("session", "skip", sid, "12m", "--secret", secret)
    declare = ("--action", "declare", "--params", '{"severity": "SEV1"}')
    assert gameday("session", "act", sid, "--role", "ic", *declare)[0] == 0
    gameday("session", "pause", sid, "--secret", secret)  # the clock runs at 10x: hold it still

    code, out, err = gameday("score", "--session", sid)
    assert code == 0, err
    items = {i["key"]: i for i in json.loads(out)["items"]}
    assert items["severity"]["points"] == items["severity"]["max_points"] > 0

    report_path = tmp_path / "report.json"
    code, _, err = gameday("report", "--session", sid, "--format", "json", "--out", report_path)
    assert code == 0, err
    report = json.loads(report_path.read_text(encoding="utf-8"))
    assert report["scenario"]["id"] == "pool-exhaustion"

    exported = tmp_path / "session.jsonl"
    exported.write_text(gameday("export", "--session", sid)[1], encoding="utf-8")
    assert gameday("score", exported)[1] == gameday("score", "--session", sid)[1]


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["report"], "give a journal file or --session ID"),
        (["report", "j.jsonl", "--session", "x"], "not allowed with argument journal"),
        (["score", "--session", "missing"], "no session 'missing'"),
    ],
)
def test_journal_source_mistakes(gameday, argv, message):
    code, _, err = gameday(*argv)
    assert code in (1, 2) and message in err and "Traceback" not in err


def test_create_with_a_team_name(gameday):
    code, out, _ = gameday("session", "create", POOL, "--team", "Night shift")
    assert code == 0 and json.loads(out)["team"] == "Night shift"
    code, _out, err = gameday("session", "create", POOL, "--team", "x" * 61)
    assert code == 1 and "team: at most 60 characters (got 61)" in err
