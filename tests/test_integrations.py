"""Forwarding a session to the team's tools: a real Alertmanager (Debian's
`prometheus-alertmanager`, started here on loopback) routes the game's alert, labelled as a drill,
to a local webhook receiver; a receiver that is down or hangs shows the facilitator a delivery
error while the game goes on; the plain webhook gets pages, injects and status updates."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest

from simulator.integrations.delivery import DeliveryError, Target, backoff, post_json
from simulator.integrations.forwarder import Forwarder, start_forwarder
from simulator.integrations.settings import IntegrationError, make_integrations
from simulator.session import AccessDenied
from tests.app_server import Server, free_port
from tests.session_helpers import POOL
from tests.system_tools import require_tool
from tests.webhook_receiver import Receiver

pytestmark = pytest.mark.slow

INCIDENT_AT = 15 * 60  # pool-exhaustion: CheckoutHighErrorRatio fires at 13:45 (seed 11)
PAGED = "CheckoutHighErrorRatio"


class Clock:
    """The forwarder's wall clock, moved by hand (backoff is measured on it)."""

    def __init__(self) -> None:
        self.now = 1_800_000_000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def receiver():
    r = Receiver()
    yield r
    r.close()


def incident(service, clock, **settings):
    """A pool-exhaustion session 15 minutes in (alerts firing, a page open), forwarding on."""
    created = service.create(POOL, seed=11)
    sid, secret = created.session_id, created.facilitator_secret
    ic = service.join(sid, created.join_code, "Ada", "ic")
    service.configure_integrations(sid, secret, make_integrations(**settings))
    service.start(sid, secret)
    service.skip(sid, secret, INCIDENT_AT)
    clock.advance(1)
    return created, ic


# ------------------------------------------------------------------ settings and delivery


def test_settings_are_validated_with_clear_messages():
    with pytest.raises(
        IntegrationError, match=r"alertmanager_url: expected an http:// or https:// URL"
    ):
        make_integrations("ftp://am:9093", None)
    with pytest.raises(IntegrationError, match=r"webhook_format: expected one of slack, json"):
        make_integrations(None, "http://x/hook", "xml")
    assert not make_integrations(" ", "").enabled


def test_settings_are_for_the_facilitator_only(service, clock):
    created, _ = incident(service, clock, alertmanager_url="http://127.0.0.1:9/")
    sid = created.session_id
    assert service.integrations(sid, created.facilitator_secret).alertmanager_url
    with pytest.raises(AccessDenied):
        service.integrations(sid, "wrong")
    with pytest.raises(AccessDenied):
        service.deliveries(sid, "wrong")


def test_backoff_doubles_up_to_a_minute():
    assert [backoff(n) for n in range(8)] == [0, 2, 4, 8, 16, 32, 60, 60]


def test_post_to_a_closed_port_is_a_delivery_error():
    with pytest.raises(DeliveryError, match=r"cannot reach http://127\.0\.0\.1"):
        post_json(f"http://127.0.0.1:{free_port()}/hook", {"x": 1})


def test_a_failed_target_waits_before_trying_again():
    calls = []

    def refuse(url, body):
        calls.append(url)
        raise DeliveryError("cannot reach: refused")

    target = Target("webhook", "http://x/hook")
    assert not target.attempt(refuse, {}, now=100.0)
    assert not target.due(101.0) and target.due(102.0)
    assert not target.attempt(refuse, {}, now=102.0)
    assert target.next_attempt == 106.0 and target.report()["failures"] == 2


# ------------------------------------------------------------------ a real Alertmanager


def start_alertmanager(tmp_path: Path, hook_url: str) -> tuple[Server, str]:
    binary = require_tool("prometheus-alertmanager")
    config = tmp_path / "alertmanager.yml"
    config.write_text(
        "route:\n"
        "  receiver: nobody\n"
        "  group_by: [alertname, session]\n"
        "  group_wait: 0s\n"
        "  group_interval: 1s\n"
        "  repeat_interval: 1h\n"
        "  routes:\n"
        "    - matchers: ['drill=\"true\"']\n"
        "      receiver: drill-hook\n"
        "receivers:\n"
        "  - name: nobody\n"
        "  - name: drill-hook\n"
        "    webhook_configs:\n"
        f"      - url: '{hook_url}'\n"
        "        send_resolved: true\n"
    )
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    command = [
        binary,
        f"--config.file={config}",
        f"--storage.path={tmp_path / 'am-data'}",
        f"--web.listen-address=127.0.0.1:{port}",
        "--cluster.listen-address=",
    ]
    server = Server(command, base, tmp_path / "alertmanager.log")
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            import urllib.request

            with urllib.request.urlopen(base + "/-/ready", timeout=1) as response:
                if response.status == 200:
                    return server, base
        except OSError:
            time.sleep(0.2)
    server.stop()
    raise AssertionError(f"alertmanager did not start:\n{server.log()}")


def test_the_game_alert_reaches_a_receiver_through_alertmanager(service, clock, receiver, tmp_path):
    alertmanager, base = start_alertmanager(tmp_path, receiver.url)
    try:
        created, _ = incident(service, clock, alertmanager_url=base)
        sid = created.session_id
        assert PAGED in service.status(sid).firing
        forwarder = Forwarder(service, clock=Clock())
        forwarder.step()
        body = receiver.wait_for(
            lambda b: any(a["labels"]["alertname"] == PAGED for a in b.get("alerts", []))
        )
        assert body["receiver"] == "drill-hook"  # routed by the drill label
        alert = next(a for a in body["alerts"] if a["labels"]["alertname"] == PAGED)
        assert alert["status"] == "firing"
        assert alert["labels"]["drill"] == "true"
        assert alert["labels"]["session"] == sid
        assert alert["labels"]["severity"] == "critical"
        assert alert["annotations"]["summary"].startswith("[drill] checkout-api")
        delivered = service.deliveries(sid, created.facilitator_secret)
        assert [(d["target"], d["ok"]) for d in delivered] == [("alertmanager", True)]
    finally:
        alertmanager.stop(timeout=10)


# ------------------------------------------------------------------ failures never disturb the game


def test_a_receiver_that_is_down_shows_the_facilitator_an_error(service, clock):
    down = f"http://127.0.0.1:{free_port()}"
    created, ic = incident(service, clock, alertmanager_url=down, webhook_url=down + "/hook")
    sid, secret = created.session_id, created.facilitator_secret
    wall = Clock()
    forwarder = Forwarder(service, clock=wall)
    forwarder.step()
    reports = {d["target"]: d for d in service.deliveries(sid, secret)}
    assert reports["alertmanager"]["ok"] is False
    assert "cannot reach http://127.0.0.1" in reports["alertmanager"]["error"]
    assert reports["alertmanager"]["retry_in"] == 2.0
    # the game goes on at full speed: an action is taken, the clock runs on, alerts keep firing
    assert service.act(sid, ic.id, "acknowledge", client_id="ack").payload["outcome"] == "accepted"
    before = service.status(sid).sim_time
    clock.advance(60)
    forwarder.step()  # within the backoff (on the forwarder's clock): not retried
    assert service.status(sid).sim_time == before + 60
    assert forwarder.sessions[sid].targets["alertmanager"].failures == 1
    wall.now += 2
    forwarder.step()  # retried after the backoff; still failing, reported once only
    failing = [e for e in service.events(sid, secret) if e.kind == "delivery"]
    assert [e.payload["target"] for e in failing].count("alertmanager") == 1
    assert forwarder.sessions[sid].targets["alertmanager"].failures == 2


def test_a_forwarded_game_plays_exactly_like_one_without(service, clock):
    down = f"http://127.0.0.1:{free_port()}"
    sessions = [service.create(POOL, seed=11) for _ in range(2)]
    forwarded, plain = (s.session_id for s in sessions)
    service.configure_integrations(
        forwarded, sessions[0].facilitator_secret, make_integrations(down, down + "/hook")
    )
    for created in sessions:
        service.start(created.session_id, created.facilitator_secret)
    forwarder = Forwarder(service, clock=Clock())
    for _ in range(20):  # minutes of play, the forwarder failing every pass it tries
        clock.advance(60)
        forwarder.step()
    assert forwarder.sessions[forwarded].targets["alertmanager"].failures > 0
    assert service.status(forwarded).sim_time == service.status(plain).sim_time == 1200

    def played(sid):
        return [e for e in service.journal(sid).entries if e["kind"] != "header"]

    assert played(forwarded) == played(plain)


def test_a_hanging_receiver_never_holds_up_the_game(service, clock):
    hanging = Receiver(hold=True)
    try:
        created, ic = incident(service, clock, webhook_url=hanging.url)
        sid = created.session_id
        running = start_forwarder(service, poll=0.1)
        deadline = time.monotonic() + 30
        while sid not in running.forwarder.sessions and time.monotonic() < deadline:
            time.sleep(0.05)  # the forwarder has seen the session: new messages are forwarded
        service.inject(sid, created.facilitator_secret, "chat", "VP Sales", "ETA?")
        assert hanging.arrived.wait(30), "the forwarder never posted the inject"
        # the forwarder thread is now stuck inside a POST the receiver does not answer
        done = threading.Event()

        def play() -> None:
            service.act(sid, ic.id, "acknowledge", client_id="ack")
            clock.advance(30)
            service.status(sid)
            done.set()

        threading.Thread(target=play, daemon=True).start()
        assert done.wait(30), "a page read waited for the hanging receiver"
        assert not hanging._released.is_set()  # the POST was still hanging all along
        running.stop.set()
    finally:
        hanging.close()


def test_webhook_gets_pages_injects_and_status_updates_slack_style(service, clock, receiver):
    created, ic = incident(service, clock, webhook_url=receiver.url)
    sid, secret = created.session_id, created.facilitator_secret
    forwarder = Forwarder(service, clock=Clock())
    forwarder.step()  # first sight: what happened before forwarding started is not replayed
    service.inject(sid, secret, "chat", "VP Sales", "Any ETA for checkout?")
    service.act(sid, ic.id, "acknowledge", client_id="ack")
    service.act(
        sid,
        ic.id,
        "status_update",
        {"status": "investigating", "impact": "checkout failing", "actions": "looking at pool"},
        client_id="su",
    )
    forwarder.step()
    texts = [b["text"] for b in receiver.bodies]
    assert all(set(b) == {"text"} for b in receiver.bodies)
    assert any("chat from VP Sales: Any ETA for checkout?" in t for t in texts), texts
    assert any(
        "Page P1 acknowledged to checkout primary on-call by ic: checkout-api is" in t
        for t in texts
    ), texts
    assert any("Status update (investigating): impact: checkout failing" in t for t in texts)
    assert all(t.startswith(f"[drill] pool-exhaustion (session {sid}): ") for t in texts)


def test_webhook_json_form_carries_the_entry(service, clock, receiver):
    created, _ = incident(service, clock, webhook_url=receiver.url, webhook_format="json")
    sid, secret = created.session_id, created.facilitator_secret
    forwarder = Forwarder(service, clock=Clock())
    forwarder.step()
    service.inject(sid, secret, "email", "Legal", "Please keep us posted", subject="Checkout")
    forwarder.step()
    body = receiver.wait_for(lambda b: b.get("kind") == "inject")
    assert body["drill"] is True and body["session"] == sid
    assert body["entry"]["sender"] == "Legal" and body["entry"]["subject"] == "Checkout"


def test_only_sessions_that_set_forwarding_are_read(service, clock):
    quiet = service.create(POOL, seed=1)
    forwarded, _ = incident(service, clock, alertmanager_url=f"http://127.0.0.1:{free_port()}")
    assert service.forwarding_candidates() == [forwarded.session_id]
    assert quiet.session_id not in service.forwarding_candidates()
