"""`gameday serve --workers N --nginx-config FILE` (issue 13): bad input gets a clear message, and
the nginx configuration it writes is one Debian's nginx accepts (`nginx -t`)."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from simulator.cli.nginx_conf import ROUTE_COOKIE, nginx_config
from tests.app_server import free_port, gameday_command
from tests.system_tools import require_tool


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--workers", "0"], "workers must be 1-32 (got 0)"),
        (["--workers", "two"], "not a number of workers: 'two'"),
        (["--workers", "3", "--port", "65534"], "goes past port 65535"),
    ],
)
def test_bad_workers_are_refused_with_a_message(args, message, tmp_path):
    done = subprocess.run(
        gameday_command("serve", "--database-url", f"sqlite:///{tmp_path / 'g.db'}", *args),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode != 0
    assert message in done.stderr
    assert "Traceback" not in done.stderr


def test_nginx_port_may_not_be_a_workers_port(tmp_path):
    port = free_port()
    done = subprocess.run(
        gameday_command(
            "serve",
            "--workers",
            "2",
            "--port",
            str(port),
            "--database-url",
            f"sqlite:///{tmp_path / 'g.db'}",
            "--nginx-config",
            str(tmp_path / "nginx.conf"),
            "--nginx-port",
            str(port + 1),
        ),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode != 0
    assert f"--nginx-port {port + 1} is one of the workers' ports" in done.stderr


def test_the_nginx_configuration_passes_nginx_t(tmp_path: Path):
    nginx = require_tool("nginx")
    prefix = tmp_path / "nginx"
    prefix.mkdir()
    config = tmp_path / "nginx.conf"
    workers = [("127.0.0.1", 18501), ("127.0.0.1", 18502)]
    config.write_text(nginx_config(("127.0.0.1", free_port()), workers, prefix, config))
    text = config.read_text()
    assert "hash $gameday_route consistent;" in text
    assert f"$cookie_{ROUTE_COOKIE}" in text
    assert "server 127.0.0.1:18501" in text and "server 127.0.0.1:18502" in text
    done = subprocess.run(
        [nginx, "-t", "-p", str(prefix), "-c", str(config)],
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert done.returncode == 0, done.stderr
    assert "syntax is ok" in done.stderr
