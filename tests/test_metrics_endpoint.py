"""`/metrics` for live sessions: the collector on its own, and a real Prometheus (Debian's
`prometheus`, started here on loopback) scraping `gameday serve --metrics-port` and answering a
query over its TSDB with the session's error ratio."""

from __future__ import annotations

import json
import re
import time
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from prometheus_client import CollectorRegistry, generate_latest

from simulator.prometheus.exposition import SessionCollector
from simulator.prometheus.grafana import annotation_exprs, dashboard
from simulator.session import SessionService, Store, open_service
from tests.app_server import Server, free_port, gameday_command
from tests.session_helpers import POOL
from tests.system_tools import require_tool

pytestmark = pytest.mark.slow

INCIDENT_AT = 15 * 60  # pool-exhaustion: the error ratio is well above 5% by then


def scrape(service: SessionService) -> tuple[str, SessionCollector]:
    collector = SessionCollector(lambda: service)
    registry = CollectorRegistry(auto_describe=False)
    registry.register(collector)
    return generate_latest(registry).decode(), collector


def sample(text: str, name: str, session_id: str) -> float:
    for line in text.splitlines():
        if line.startswith(name + "{") and f'session="{session_id}"' in line:
            return float(line.rsplit(" ", 1)[1])
    raise AssertionError(f"no {name} for {session_id} in:\n{text}")


def test_live_sessions_only_with_their_labels(service, clock):
    lobby = service.create(POOL, seed=2)
    live = service.create(POOL, seed=3)
    service.start(live.session_id, live.facilitator_secret)
    clock.advance(90)
    text, collector = scrape(service)
    assert lobby.session_id not in text
    status = service.status(live.session_id)
    journal = service.journal(live.session_id)
    last = [e for e in journal.entries if e["kind"] == "metrics"][-1]
    assert sample(text, "gameday_error_ratio", live.session_id) == last["values"]["error_ratio"]
    assert sample(text, "gameday_session_sim_time_seconds", live.session_id) == status.sim_time
    assert (
        'gameday_pod_restarts_total{scenario="pool-exhaustion",service="checkout-api",'
        f'session="{live.session_id}"}}'
    ) in text
    assert "# TYPE gameday_pod_restarts_total counter" in text
    assert "# TYPE gameday_request_rate gauge" in text
    assert collector.errors == 0


def test_game_alerts_and_accepted_actions_are_exposed(service, clock):
    created = service.create(POOL, seed=3)
    sid = created.session_id
    ic = service.join(sid, created.join_code, "Ada", "ic")
    service.start(sid, created.facilitator_secret)
    service.skip(sid, created.facilitator_secret, INCIDENT_AT)
    service.act(sid, ic.id, "acknowledge", client_id="a1")
    service.act(sid, ic.id, "acknowledge", client_id="a2")  # nothing left to acknowledge
    text, _ = scrape(service)
    firing = service.status(sid).firing
    assert firing
    exposed = {
        re.search(r'alertname="([^"]+)"', x).group(1)
        for x in text.splitlines()
        if x.startswith("gameday_alert_firing{") and x.endswith(" 1.0")
    }
    assert exposed == set(firing)
    accepted = [e for e in service.journal(sid).of_kind("action") if e["outcome"] == "accepted"]
    line = next(x for x in text.splitlines() if x.startswith("gameday_actions_total{"))
    assert 'role="ic"' in line and 'action="acknowledge"' in line
    assert float(line.rsplit(" ", 1)[1]) == len(accepted)


def test_ended_sessions_leave_the_exposition(service, clock):
    created = service.create(POOL, seed=3)
    service.start(created.session_id, created.facilitator_secret)
    clock.advance(30)
    assert created.session_id in scrape(service)[0]
    service.end(created.session_id, created.facilitator_secret)
    assert created.session_id not in scrape(service)[0]


class _Broken:
    """A session source whose store is gone (stands for a store error during a scrape)."""

    def sessions(self):
        from simulator.session import StoreError

        raise StoreError("the database is unreachable")

    def metrics(self, session_id):  # pragma: no cover - never reached
        raise AssertionError


def test_a_store_error_is_counted_not_raised():
    collector = SessionCollector(lambda: _Broken())
    registry = CollectorRegistry(auto_describe=False)
    registry.register(collector)
    text = generate_latest(registry).decode()
    assert "gameday_metrics_errors_total 1.0" in text


# ------------------------------------------------------------------ a real Prometheus


def dashboard_annotation(shipped, name: str, session_id: str) -> str:
    scenario = shipped["pool-exhaustion.yaml"].scenario
    return annotation_exprs(scenario)[name].replace("$session", session_id)


def grafana_queries_return_the_session(base: str, sid: str, service, shipped) -> None:
    """Every panel of `gameday grafana-dashboard` and its alert annotations have data."""
    scenario = shipped["pool-exhaustion.yaml"].scenario
    board = dashboard(scenario)
    for panel in board["panels"]:
        expr = panel["targets"][0]["expr"].replace("$session", sid)
        assert [r["metric"]["session"] for r in query(base, expr)] == [sid], expr
    firing = query(base, dashboard_annotation(shipped, "alerts", sid))
    assert {r["metric"]["alertname"] for r in firing} == set(service.status(sid).firing)
    assert firing, "pool-exhaustion has alerts firing 15 minutes in"


def query(base: str, promql: str) -> list[dict]:
    url = f"{base}/api/v1/query?" + urllib.parse.urlencode({"query": promql})
    with urllib.request.urlopen(url, timeout=5) as response:
        body = json.load(response)
    assert body["status"] == "success", body
    return body["data"]["result"]


def wait_for(base: str, promql: str, timeout: float) -> list[dict]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            result = query(base, promql)
        except OSError:
            result = []
        if result:
            return result
        time.sleep(0.5)
    raise AssertionError(f"Prometheus returned nothing for {promql} within {timeout:.0f} s")


def start_prometheus(tmp_path: Path, target: str) -> tuple[Server, str]:
    binary = require_tool("prometheus")
    config = tmp_path / "prometheus.yml"
    config.write_text(
        "global: {scrape_interval: 1s, evaluation_interval: 1s}\n"
        "scrape_configs:\n"
        "  - job_name: gameday\n"
        f"    static_configs: [{{targets: ['{target}']}}]\n"
    )
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    command = [
        binary,
        f"--config.file={config}",
        f"--storage.tsdb.path={tmp_path / 'tsdb'}",
        f"--web.listen-address=127.0.0.1:{port}",
    ]
    return Server(command, base, tmp_path / "prometheus.log"), base


@pytest.fixture
def served_store(tmp_path):
    """`gameday serve --metrics-port` over a fresh SQLite store; (store URL, metrics target)."""
    url = f"sqlite:///{tmp_path / 'gameday.db'}"
    app = tmp_path / "tiny_app.py"
    app.write_text('import streamlit as st\n\nst.title("metrics test")\n')
    port, metrics_port = free_port(), free_port()
    command = gameday_command(
        "serve",
        "--app",
        str(app),
        "--port",
        str(port),
        "--metrics-port",
        str(metrics_port),
        "--database-url",
        url,
    )
    server = Server(command, f"http://127.0.0.1:{port}", tmp_path / "serve.log")
    try:
        server.wait_healthy(timeout=60)
        assert f"metrics:  http://127.0.0.1:{metrics_port}/metrics" in server.log()
        yield url, f"127.0.0.1:{metrics_port}"
    finally:
        server.stop()


def test_real_prometheus_scrapes_a_live_session(served_store, tmp_path, shipped):
    url, target = served_store
    service = open_service(url)
    created = service.create(POOL, seed=5)
    sid, secret = created.session_id, created.facilitator_secret
    ic = service.join(sid, created.join_code, "Ada", "ic")
    service.start(sid, secret)
    service.skip(sid, secret, INCIDENT_AT)
    service.pause(sid, secret)  # a paused session's values hold still between scrapes
    journal = service.journal(sid)
    expected = [e for e in journal.entries if e["kind"] == "metrics"][-1]["values"]
    assert expected["error_ratio"] > 0.05

    prometheus, base = start_prometheus(tmp_path, target)
    try:
        result = wait_for(base, f'gameday_error_ratio{{session="{sid}"}}', timeout=60)
        assert len(result) == 1
        labels = result[0]["metric"]
        assert labels["scenario"] == "pool-exhaustion" and labels["service"] == "checkout-api"
        assert float(result[0]["value"][1]) == expected["error_ratio"]
        ratio = query(
            base, f'gameday_error_rate{{session="{sid}"}} / gameday_request_rate{{session="{sid}"}}'
        )
        assert float(ratio[0]["value"][1]) == pytest.approx(expected["error_ratio"], rel=1e-9)
        grafana_queries_return_the_session(base, sid, service, shipped)
        service.resume(sid, secret)
        event = service.act(sid, ic.id, "acknowledge", client_id="ack-1")
        assert event.payload["outcome"] == "accepted"
        actions = dashboard_annotation(shipped, "actions", sid)
        marks = wait_for(base, actions, timeout=30)
        assert {(m["metric"]["role"], m["metric"]["action"]) for m in marks} == {
            ("ic", "acknowledge")
        }
    finally:
        prometheus.stop(timeout=10)
        Store(url).close()
