"""The forwarder: every few seconds, read the live sessions that have integrations turned on and
deliver what is new. It runs in a thread of the `gameday serve` process (`start_forwarder`), so a
slow or dead receiver only ever delays this thread: pages and the game's clock never wait for it.

Only sessions whose facilitator ever set forwarding are read (one query finds them). Alerts go to
Alertmanager the way Prometheus sends them: every firing alert again every RESEND
seconds with `endsAt` a little ahead (so Alertmanager resolves them itself if the game stops
talking), and a resolved alert once with `endsAt` = when it resolved. Pages, injects and status
updates go to the webhook once each, oldest first, at most OUTBOX_LIMIT waiting per session.
A failed POST is retried with backoff (`delivery.backoff`); the facilitator is told when a
target starts failing and when it recovers (`delivery` events in the session's log).
"""

from __future__ import annotations

import logging
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Protocol

from simulator.errors import GamedayError
from simulator.integrations.delivery import Poster, Target, post_json
from simulator.integrations.payloads import (
    SessionLabels,
    alert_payload,
    message_text,
    rule_named,
    webhook_body,
)
from simulator.integrations.settings import Integrations
from simulator.journal import Journal
from simulator.scenario import load_scenario_text
from simulator.scenario.schema import Scenario

RESEND = 15.0  # seconds between re-sends of firing alerts
ENDS_AFTER = 4 * RESEND  # a firing alert's endsAt: now + this
OUTBOX_LIMIT = 200
POLL = 2.0
FORWARDED_STATES = frozenset({"running", "paused", "ended"})

log = logging.getLogger(__name__)


class ForwardingSource(Protocol):
    """What the forwarder needs from the session service."""

    def forwarding_candidates(self) -> list[str]: ...

    def status(self, session_id: str) -> Any: ...

    def journal(self, session_id: str) -> Journal: ...

    def integration_settings(self, session_id: str) -> Integrations: ...

    def report_delivery(self, session_id: str, report: dict[str, Any]) -> None: ...


@dataclass
class Forwarding:
    """One session's forwarding state."""

    labels: SessionLabels
    scenario: Scenario
    cursor: int = 0
    firing: dict[str, float] = field(default_factory=dict)  # alert -> startsAt (wall)
    resolved: dict[str, tuple[float, float]] = field(default_factory=dict)  # not yet delivered
    outbox: deque[dict[str, Any]] = field(default_factory=lambda: deque(maxlen=OUTBOX_LIMIT))
    changed: bool = False
    last_sent: float = float("-inf")
    targets: dict[str, Target] = field(default_factory=dict)
    reported: dict[str, bool] = field(default_factory=dict)  # target -> ok, as last reported


class Forwarder:
    def __init__(
        self,
        source: ForwardingSource,
        post: Poster = post_json,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.source = source
        self.post = post
        self.clock = clock
        self.sessions: dict[str, Forwarding] = {}
        self.done: set[str] = set()

    def step(self) -> None:
        """One pass over the sessions that set forwarding: read what is new, deliver what is due."""
        for sid in self.source.forwarding_candidates():
            if sid in self.done:
                continue
            try:
                state = self.source.status(sid).state
                if state in FORWARDED_STATES:
                    self._session(sid, state == "ended")
            except GamedayError as exc:  # a session that cannot be read now: try next pass
                log.warning("forwarding session %s: %s", sid, exc)

    # ------------------------------------------------------------------ one session

    def _session(self, sid: str, ended: bool) -> None:
        settings = self.source.integration_settings(sid)
        if not settings.enabled:
            self.sessions.pop(sid, None)
            return
        journal = self.source.journal(sid)
        first_sight = sid not in self.sessions
        if first_sight and ended:
            self.done.add(sid)  # ended before we saw it: nothing is live to forward
            return
        state = self.sessions.get(sid) or self._new(sid, journal)
        self.sessions[sid] = state
        _update_targets(state, settings)
        self._read(state, journal, settings, messages=not first_sight)
        if ended:
            self._resolve_all(state)
        now = self.clock()
        self._deliver_alerts(state, now)
        self._deliver_messages(state, now)
        self._report(sid, state)
        if ended and not state.resolved and not state.outbox:
            self.done.add(sid)
            self.sessions.pop(sid, None)

    def _new(self, sid: str, journal: Journal) -> Forwarding:
        header = journal.header["scenario"]
        scenario = load_scenario_text(header["text"], header.get("file") or sid).scenario
        return Forwarding(SessionLabels(sid, scenario.id, scenario.service.name), scenario)

    def _read(
        self, state: Forwarding, journal: Journal, settings: Integrations, messages: bool
    ) -> None:
        now = self.clock()
        entries = journal.entries[state.cursor :]
        state.cursor = len(journal.entries)
        for entry in entries:
            kind = entry["kind"]
            if kind == "alert.firing":
                state.firing[entry["alert"]] = now
                state.resolved.pop(entry["alert"], None)
                state.changed = True
            elif kind == "alert.resolved" and entry["alert"] in state.firing:
                state.resolved[entry["alert"]] = (state.firing.pop(entry["alert"]), now)
                state.changed = True
            elif messages and settings.webhook_url:
                text = message_text(entry)
                if text is not None:
                    state.outbox.append(
                        webhook_body(entry, text, state.labels, settings.webhook_format)
                    )

    def _resolve_all(self, state: Forwarding) -> None:
        now = self.clock()
        for alert, started in state.firing.items():
            state.resolved[alert] = (started, now)
        if state.firing:
            state.firing.clear()
            state.changed = True

    # ------------------------------------------------------------------ delivering

    def _deliver_alerts(self, state: Forwarding, now: float) -> None:
        target = state.targets.get("alertmanager")
        if target is None:
            state.resolved.clear()
            return
        due = state.changed or state.resolved or (state.firing and now - state.last_sent >= RESEND)
        if not due or not target.due(now):
            return
        body = self._alerts(state, now)
        if body and target.attempt(self.post, body, now):
            state.resolved.clear()
            state.changed = False
            state.last_sent = now

    def _alerts(self, state: Forwarding, now: float) -> list[dict[str, Any]]:
        body = []
        for alert, started in state.firing.items():
            rule = rule_named(state.scenario, alert)
            if rule is not None:
                body.append(alert_payload(rule, state.labels, started, now + ENDS_AFTER))
        for alert, (started, ended) in state.resolved.items():
            rule = rule_named(state.scenario, alert)
            if rule is not None:
                body.append(alert_payload(rule, state.labels, started, ended))
        return body

    def _deliver_messages(self, state: Forwarding, now: float) -> None:
        target = state.targets.get("webhook")
        if target is None:
            state.outbox.clear()
            return
        while state.outbox and target.due(now):
            if not target.attempt(self.post, state.outbox[0], now):
                return
            state.outbox.popleft()

    def _report(self, sid: str, state: Forwarding) -> None:
        """Tell the facilitator when a target starts failing or recovers."""
        for name, target in state.targets.items():
            ok = target.failures == 0
            attempted = target.delivered > 0 or target.failures > 0
            if attempted and state.reported.get(name) != ok:
                self.source.report_delivery(sid, target.report())
                state.reported[name] = ok


def _update_targets(state: Forwarding, settings: Integrations) -> None:
    """Targets follow the settings; a changed URL starts a fresh target (no inherited backoff)."""
    alertmanager = settings.alertmanager_url
    wanted = {
        "alertmanager": alertmanager.rstrip("/") + "/api/v2/alerts" if alertmanager else None,
        "webhook": settings.webhook_url,
    }
    for name, url in wanted.items():
        current = state.targets.get(name)
        if url is None:
            state.targets.pop(name, None)
            state.reported.pop(name, None)
        elif current is None or current.url != url:
            state.targets[name] = Target(name, url)
            state.reported.pop(name, None)


@dataclass
class Running:
    """A forwarder running in its thread; `stop.set()` ends it after the current pass."""

    forwarder: Forwarder
    stop: threading.Event


def start_forwarder(source: ForwardingSource, poll: float = POLL) -> Running:
    """Run a forwarder in a daemon thread."""
    stop = threading.Event()
    forwarder = Forwarder(source)

    def loop() -> None:
        while not stop.wait(poll):
            try:
                forwarder.step()
            except Exception:  # never let one bad pass end forwarding for every session
                log.exception("forwarder pass failed")

    threading.Thread(target=loop, name="gameday-forwarder", daemon=True).start()
    return Running(forwarder, stop)
