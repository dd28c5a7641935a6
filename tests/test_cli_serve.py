"""`gameday serve`: argument checks, a missing app, a busy port, a bad store, start and stop."""

from __future__ import annotations

import importlib.util
import os
import signal
import socket
import time
from pathlib import Path

import pytest

from simulator.cli import main
from simulator.cli import serve as serve_cli
from tests.app_server import Server, free_port, gameday_command, skip_or_fail

TINY_APP = 'import streamlit as st\n\nst.title("serve test")\n'


@pytest.fixture
def tiny_app(tmp_path: Path) -> Path:
    path = tmp_path / "tiny_app.py"
    path.write_text(TINY_APP)
    return path


@pytest.mark.parametrize("port", ["0", "65536", "http"])
def test_bad_port_is_a_usage_error(port, capsys):
    assert main(["serve", "--port", port]) == 2
    assert "--port" in capsys.readouterr().err


def test_missing_app_file_named_with_app(tmp_path, capsys):
    assert main(["serve", "--app", str(tmp_path / "nope.py")]) == 2
    assert capsys.readouterr().err == f"gameday: error: no such app file: {tmp_path / 'nope.py'}\n"


def test_missing_project_app_lists_where_it_looked(tmp_path, monkeypatch, capsys):
    looked = [tmp_path / "a" / "app.py", tmp_path / "b" / "app.py"]
    monkeypatch.setattr(serve_cli, "app_candidates", lambda: looked)
    assert main(["serve", "--port", str(free_port())]) == 2
    err = capsys.readouterr().err
    assert err.startswith("gameday: error: cannot find the web app (app.py); looked in: ")
    assert f"{looked[0]}, {looked[1]}" in err
    assert "--app FILE" in err


def test_app_is_looked_for_next_to_the_package_first():
    candidates = serve_cli.app_candidates()
    assert candidates[0] == Path(__file__).resolve().parent.parent / "app.py"


def test_port_in_use_is_reported_before_streamlit_starts(tiny_app, tmp_path, capsys):
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        code = main(["serve", "--app", str(tiny_app), "--port", str(port)])
    captured = capsys.readouterr()
    assert code == 1
    assert captured.err == (
        f"gameday: error: port {port} on 127.0.0.1 is already in use (another `gameday serve`?); "
        "stop it or choose another port with --port\n"
    )
    assert captured.out == ""


def test_bad_store_url_fails_before_streamlit_starts(tiny_app, capsys):
    code = main(
        ["serve", "--app", str(tiny_app), "--port", str(free_port()), "--database-url", "mysql://x"]
    )
    assert code == 1
    assert "unsupported session store" in capsys.readouterr().err


def test_relative_sqlite_path_is_made_absolute(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert serve_cli.absolute_sqlite("sqlite:///rel/x.db") == f"sqlite:///{tmp_path}/rel/x.db"
    for url in ("sqlite:////abs/x.db", "sqlite://", "postgresql+psycopg://u@h:5432/d"):
        assert serve_cli.absolute_sqlite(url) == url


def _serve(tiny_app: Path, tmp_path: Path, name: str) -> tuple[Server, int, Path]:
    if importlib.util.find_spec("streamlit") is None:
        skip_or_fail("Streamlit is not installed")
    port = free_port()
    db = tmp_path / f"{name}.db"
    command = gameday_command(
        "serve", "--app", str(tiny_app), "--port", str(port), "--database-url", f"sqlite:///{db}"
    )
    server = Server(command, f"http://127.0.0.1:{port}", tmp_path / f"{name}.log")
    server.wait_healthy(timeout=60)
    return server, port, db


def _port_free(port: int) -> bool:
    with socket.socket() as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


@pytest.mark.e2e
def test_serve_prints_url_and_store_and_ctrl_c_exits_0(tiny_app, tmp_path):
    server, port, db = _serve(tiny_app, tmp_path, "ctrl-c")
    try:
        log = server.log()
        assert f"  URL:      http://127.0.0.1:{port}\n" in log
        assert f"  database: sqlite:///{db}\n" in log
        assert db.exists()  # the store was opened (tables created) before Streamlit started
    finally:
        code = server.stop(signal.SIGINT)  # the terminal's Ctrl-C: the whole foreground group
    assert code == 0, server.log()
    assert server.log().rstrip().endswith("gameday: stopped")


@pytest.mark.e2e
def test_sigterm_to_serve_alone_stops_streamlit_too(tiny_app, tmp_path):
    server, port, _ = _serve(tiny_app, tmp_path, "sigterm")
    try:
        os.kill(server.process.pid, signal.SIGTERM)
        assert server.process.wait(timeout=30) == 0, server.log()
        deadline = time.monotonic() + 10
        while not _port_free(port) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert _port_free(port), f"Streamlit still holds port {port}:\n{server.log()}"
    finally:
        server.stop(signal.SIGKILL)


def _damaged_store(path: Path) -> None:
    """A real store with a few hundred rows, then garbage written over some of its pages (the
    header and the schema on page 1 left intact, so the file still opens)."""
    import sqlite3

    from simulator.session import Store

    Store(f"sqlite:///{path}").close()
    with sqlite3.connect(path) as conn:
        conn.execute("PRAGMA journal_mode=DELETE")
        conn.execute("CREATE TABLE filler (n INTEGER PRIMARY KEY, text TEXT)")
        conn.executemany("INSERT INTO filler VALUES (?, ?)", [(n, "x" * 200) for n in range(500)])
    size = path.stat().st_size
    with path.open("r+b") as file:  # the filler table's last pages: the store's own still read
        file.seek(size - 4096 * 6)
        file.write(b"\xa5" * 4096 * 4)


def test_a_damaged_sqlite_store_is_refused_before_streamlit_starts(tiny_app, tmp_path, capsys):
    db = tmp_path / "damaged.db"
    _damaged_store(db)
    url = f"sqlite:///{db}"
    code = main(
        ["serve", "--app", str(tiny_app), "--port", str(free_port()), "--database-url", url]
    )
    err = capsys.readouterr().err
    assert code == 1, err
    assert err.startswith(f"the session store {db} is damaged (SQLite quick_check: ")
    assert "restore it from a backup" in err and "Traceback" not in err


def test_a_file_that_is_not_a_database_is_refused(tiny_app, tmp_path, capsys):
    db = tmp_path / "notes.db"
    db.write_bytes(b"these are my meeting notes, not a database\n" * 200)
    url = f"sqlite:///{db}"
    code = main(
        ["serve", "--app", str(tiny_app), "--port", str(free_port()), "--database-url", url]
    )
    err = capsys.readouterr().err
    assert code == 1
    assert "file is not a database" in err and "Traceback" not in err


@pytest.mark.e2e
def test_sigkill_of_serve_does_not_leave_streamlit_holding_the_port(tiny_app, tmp_path):
    """Linux only (prctl PR_SET_PDEATHSIG through `simulator.cli.orphan_guard`)."""
    if not os.sys.platform.startswith("linux"):
        pytest.skip("the parent-death signal is Linux's")
    server, port, _ = _serve(tiny_app, tmp_path, "sigkill")
    try:
        os.kill(server.process.pid, signal.SIGKILL)
        server.process.wait(timeout=30)
        deadline = time.monotonic() + 20
        while not _port_free(port) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert _port_free(port), f"Streamlit still holds port {port}:\n{server.log()}"
    finally:
        server.stop(signal.SIGKILL)
