"""The engine: one object owns a run's whole simulation (SimPy environment, service state, alert
evaluator, pager, injects, faults, actions) and writes its journal.

Stepping API: `advance(t)` runs the simulation up to (not including) time t; `act(...)` applies an
action at the current time; `finish()` runs to the end. Advancing in slices with actions between
them gives exactly the journal of a one-shot `run_script` with the same stamped actions, because
both drive the very same calls in the same order.
"""

from __future__ import annotations

from collections.abc import Callable, Generator, Iterable
from typing import TYPE_CHECKING, Any, ClassVar

import numpy as np

from simulator.engine.actions import ActionDesk
from simulator.engine.alerts import AlertEvaluator
from simulator.engine.clock import TickClock
from simulator.engine.faults import FaultRunner
from simulator.engine.history import MetricHistory, metrics_of
from simulator.engine.impact import SLO_METRICS, ImpactTracker
from simulator.engine.injects import InjectDesk
from simulator.engine.kernel.layout import COLUMN
from simulator.engine.paging import OpenPage, Pager
from simulator.engine.pods import PodManager
from simulator.engine.settings import Settings
from simulator.engine.state import (
    CacheState,
    CertificateState,
    ClientLimit,
    QueueState,
    ReleaseRecord,
    RetryState,
    ServiceState,
)
from simulator.engine.tick_records import TickOutcome
from simulator.engine.tick_span import TickSpans
from simulator.engine.traffic import TrafficModel
from simulator.journal import EXTEND, SESSION_END, Journal, header_entry
from simulator.narrative import Narrator
from simulator.rng import Streams
from simulator.scenario.expr import parse_expr
from simulator.scenario.schema import Scenario, ScriptedAction
from simulator.scenario.service_models import DeployRecord

if TYPE_CHECKING:
    from simulator.scenario import LoadedScenario


def initial_state(scenario: Scenario) -> ServiceState:
    """The service as it stands at t=0: healthy, on the newest deploy from its history."""
    svc = scenario.service
    retry = RetryState(svc.retries.max_attempts, svc.retries.backoff, svc.retries.jitter)
    releases = [
        ReleaseRecord(at=-d.ago, version=d.version, by=d.by, change=d.change, kind="deploy")
        for d in svc.history.deploys
    ] + [
        ReleaseRecord(
            at=-c.ago, version=f"config-{i + 1}", by=c.by, change=c.change, kind="config", key=c.key
        )
        for i, c in enumerate(svc.history.config_changes)
    ]
    if not any(r.kind == "deploy" for r in releases):  # what runs at the start is a release too
        releases.append(
            ReleaseRecord(at=-7 * 86400.0, version="v1", by="deploy-bot", change="", kind="deploy")
        )
    releases.sort(key=lambda r: r.at)
    clients = [
        ClientLimit(c.name, c.share, c.limit_rps if c.limit_rps is not None else None)
        for c in svc.rate_limits.clients
    ]
    for client in clients:
        client.tokens = client.limit_rps or 0.0
    state = ServiceState(
        scenario=scenario,
        pods=[],
        target_replicas=svc.replicas,
        pool_size=svc.pool.size_per_replica,
        memory_limit_mb=svc.memory.limit_mb,
        request_timeout=svc.request_timeout,
        client_timeout=svc.retries.attempt_timeout or svc.request_timeout,
        retry=retry,
        base_retry=RetryState(retry.max_attempts, retry.backoff, retry.jitter),
        clients=clients,
        flags=dict(svc.feature_flags),
        releases=releases,
    )
    _initial_resources(state, scenario)
    return state


def _initial_resources(state: ServiceState, scenario: Scenario) -> None:
    """The resources beyond the request path that the scenario models."""
    svc = scenario.service
    state.cpu_limit = svc.cpu.limit_cores if svc.cpu else 0.0
    state.volume_mb = svc.disk.volume_mb if svc.disk else 0.0
    state.db_cores = svc.database.cores
    if svc.cache is not None:
        state.cache = CacheState(svc.cache.hit_ratio, svc.cache.hit_ratio, svc.cache.nodes)
    if svc.queue is not None:
        state.queue = QueueState(consumers=svc.queue.consumers)
    state.certificates = {
        c.name: CertificateState(c.name, c.covers, c.share, c.expires_in, c.issuer)
        for c in svc.certificates
    }


class Engine:
    """A deterministic run of one scenario with one seed."""

    # What the session layer may use: stepping, the journal, queries, session events.
    SESSION_API: ClassVar[frozenset[str]] = frozenset(
        {
            "now",
            "finished",
            "advance",
            "act",
            "finish",
            "journal",
            "open_pages",
            "firing_alerts",
            "current_metrics",
            "label_session",
            "release_hint",
            "adhoc_inject",
            "end_early",
            "roster_change",
            "extend",
            "end_at",
            "note_fork",
            "tabletop_entry",
        }
    )

    # Journal kinds a session in step mode (tabletop) writes through `tabletop_entry`.
    TABLETOP_KINDS: ClassVar[frozenset[str]] = frozenset({"exercise.mode", "step", "decision"})

    def __init__(self, loaded: LoadedScenario, seed: int = 0) -> None:
        self.loaded = loaded
        self.scenario = loaded.scenario
        self.seed = seed
        self.dt = self.scenario.tick
        self.env = TickClock()
        self.streams = Streams(seed)
        self.journal = Journal(
            [header_entry(self.scenario.id, loaded.text, loaded.sha256, seed, loaded.filename)]
        )
        self.state = initial_state(self.scenario)
        self.settings = Settings(self)
        self.pods = PodManager(self)
        for _ in range(self.scenario.service.replicas):
            self.pods.spawn(self.state.current_version(), ready=True)
        self.model = TrafficModel(
            self.state, self.dt, self.streams.normals("arrivals"), self.streams.normals("noise")
        )
        self.history = MetricHistory(self._watched_metrics(), self.dt, self.model.rows, COLUMN)
        self.narrator = Narrator(
            self.streams.derive_seed("narrative"),
            self.scenario.service.name,
            [p.name for p in self.state.pods],
            [c.name for c in self.scenario.service.rate_limits.clients],
        )
        self.alerts = AlertEvaluator(self)
        self.pager = Pager(self)
        self.injects = InjectDesk(self)
        self.impact = ImpactTracker(self)
        self.spans = TickSpans(self)
        self.faults = FaultRunner(self)
        self.desk = ActionDesk(self)
        self._last_metrics: dict[str, float] | None = {}
        self.last_outcome = TickOutcome()
        self.finished = False
        # The scenario's end: its duration, moved later by the facilitator's `extend` entries.
        self.end_at = float(self.scenario.duration)
        self.env.process(self._traffic())
        self.env.process(self.alerts.process())
        self.injects.start()
        self.faults.start()

    def _watched_metrics(self) -> set[str]:
        watched = set(SLO_METRICS)
        for rule in self.scenario.alerts:
            watched |= metrics_of(parse_expr(rule.expr))
        for inject in self.scenario.injects:
            if inject.when is not None and inject.when.expr:
                watched |= metrics_of(parse_expr(inject.when.expr))
        return watched

    # ------------------------------------------------------------------ journal helpers

    @property
    def now(self) -> float:
        return min(float(self.env.now), self.end_at)

    def record(self, kind: str, **fields: Any) -> dict[str, Any]:
        return self.journal.append(round(self.now, 6), kind, **fields)

    @property
    def last_metrics(self) -> dict[str, float]:
        """The newest tick's metrics (a span of ticks leaves them in its last row, built here
        when first asked for)."""
        if self._last_metrics is None:
            rows = self.model.rows
            self._last_metrics = rows.served_values(rows.matrix[rows.count - 1])
        return self._last_metrics

    def last_row_served(self) -> None:
        """The newest tick's metrics are its served row's (`last_metrics` builds them)."""
        self._last_metrics = None

    def metric(self, name: str) -> float:
        return self.last_metrics.get(name, 0.0)

    # ------------------------------------------------------------------ the World of faults

    def deploy(self, record: DeployRecord) -> str:
        """Roll a release out (a fault's deploy): history first, then the rolling update."""
        self.state.releases.append(
            ReleaseRecord(
                at=self.env.now,
                version=record.version,
                by=record.by,
                change=record.change,
                kind="deploy",
            )
        )
        self.env.process(self.pods.roll_to(record.version))
        return record.version

    def push_config(self, key: str, value: float | str, by: str, change: str) -> ReleaseRecord:
        return self.settings.push(key, value, by, change)

    def config_in_force(self, record: ReleaseRecord) -> bool:
        return self.settings.in_force(record)

    def later(self, delay: float, callback: Callable[[], None]) -> None:
        def wait() -> Generator[Any, Any, None]:
            yield self.env.timeout(delay)
            callback()

        self.env.process(wait())

    def action_taken(self, action: str, before: float) -> bool:
        return self.desk.was_taken(action, before)

    def fault_started_at(self, fault_type: str) -> float:
        starts = [f.at for f in self.faults.active.values() if f.type == fault_type]
        return min(starts) if starts else self.now

    # ------------------------------------------------------------------ queries and session events
    # The session layer asks the engine through `SESSION_API` only (never through its parts:
    # pager, alerts, journal header), so the engine's insides can change without touching
    # sessions; the architecture test holds simulator/session/ to it.

    def open_pages(self) -> list[OpenPage]:
        """Pages not yet resolved, oldest first."""
        return [
            OpenPage(p.id, p.alert, p.status, p.triggered_at, p.level)
            for p in self.pager.open_pages()
        ]

    def firing_alerts(self) -> tuple[str, ...]:
        """The names of the alerts firing now, in rule order."""
        return tuple(r.rule.alert for r in self.alerts.firing())

    def metric_column(self, name: str) -> np.ndarray | None:
        """Every tick's value of metric `name` so far, in tick order (None: no such metric):
        the values of the journal's metrics entries, read from the run's metrics matrix
        without going through the entries (batches of runs read a few series of each)."""
        return self.model.column(name)

    def current_metrics(self) -> dict[str, float]:
        """The newest tick's metrics (a copy; empty before the first tick)."""
        return dict(self.last_metrics)

    def label_session(self, session_id: str | None, solo: bool) -> None:
        """Mark the journal as a live session's (the header's `session` block)."""
        block: dict[str, Any] = {} if session_id is None else {"id": session_id}
        block["solo"] = bool(solo)
        self.journal.header["session"] = block

    def release_hint(self, text: str) -> dict[str, Any]:
        """A hint the facilitator released to the players, now."""
        return self.record("hint", text=text)

    def adhoc_inject(
        self, inject_id: str, channel: str, sender: str, subject: str | None, text: str
    ) -> dict[str, Any]:
        """A message the facilitator sent during the session, now."""
        self.injects.arrived.setdefault(inject_id, self.now)
        return self.record(
            "inject",
            id=inject_id,
            channel=channel,
            sender=sender,
            subject=subject,
            text=text,
            noise=False,
            adhoc=True,
        )

    def roster_change(self, change: str, name: str, role: str, previous: str) -> dict[str, Any]:
        """A participant's role changed now: reassigned or removed by the facilitator, or
        command handed over (`roster`; session/roster.py)."""
        return self.record("roster", change=change, name=name, role=role, previous=previous)

    def note_fork(self, fields: dict[str, Any]) -> dict[str, Any]:
        """This session was forked here from a moment of another (`forked_from`;
        session/fork.py): the engine only journals it, what came before was replayed."""
        return self.record("forked_from", **fields)

    def tabletop_entry(self, kind: str, **fields: Any) -> dict[str, Any]:
        """A tabletop entry now (`TABLETOP_KINDS`: the mode changed, a step was revealed, a
        decision was recorded); they never change the model."""
        if kind not in self.TABLETOP_KINDS:
            raise ValueError(f"not a tabletop entry kind: {kind}")
        return self.record(kind, **fields)

    def end_early(self, by: str) -> dict[str, Any]:
        """The session ended here, before the scenario's duration (`session.end`)."""
        return self.record(SESSION_END, by=by, scenario_end=self.end_at)

    def extend(self, end: float, by: str) -> dict[str, Any]:
        """Move the scenario's end later, to sim time `end` (`extend`): the run goes on past the
        old end with everything still running (faults, alerts, metrics). The session layer
        checks the new end first; an end not later than the current one is a programming error."""
        if self.finished or end <= self.end_at:
            raise ValueError(f"cannot extend to {end}: the end is {self.end_at}")
        previous, self.end_at = self.end_at, float(end)
        return self.record(EXTEND, end=self.end_at, previous=previous, by=by)

    # ------------------------------------------------------------------ processes

    def _traffic(self) -> Generator[Any, Any, None]:
        """One tick every `dt`. A SimPy event per tick costs more than the tick's Python, so
        after each tick the ticks that nothing else is scheduled before (or at) run right here
        (`TickClock.run_ticks`), in the order SimPy would have run them."""
        env, dt, tick, span = self.env, self.dt, self._tick, self.spans.run
        while True:
            yield env.timeout(dt)
            if not self.spans.run_now():
                tick()
            env.run_ticks(dt, tick, span)
            self.model.sync_pods()  # other processes may read or change the pods now

    def _tick(self) -> None:
        now = self.env.now
        self.faults.sync()
        metrics, outcome = self.model.tick(now)
        self._last_metrics, self.last_outcome = metrics, outcome
        self.journal.add({"t": round(now, 6), "kind": "metrics", "values": metrics})
        self.history.record(metrics)
        self.impact.update(self.dt)
        if outcome.oom or outcome.evicted:
            for pod in outcome.oom:
                self.pods.oom_kill(pod)
            for pod in outcome.evicted:
                self.pods.evict(pod)

    # ------------------------------------------------------------------ stepping API

    def advance(self, until: float) -> None:
        """Run the simulation up to, not including, time `until` (capped at the end)."""
        target = min(until, self.end_at)
        if target > self.env.now and not self.finished:
            self.env.run(until=target)

    def act(
        self,
        role: str,
        action: str,
        params: dict[str, Any] | None = None,
        client_id: str | None = None,
    ) -> dict[str, Any]:
        """Apply an action at the current time; returns its journal entry (refused or not)."""
        if self.finished:
            return self.record(
                "action",
                role=role,
                action=action,
                params=dict(params or {}),
                outcome="refused",
                reason="the exercise has ended",
            )
        return self.desk.submit(role, action, params, client_id)

    def finish(self) -> Journal:
        """Run to the scenario's end (inclusive) and close the journal."""
        if not self.finished:
            self.env.run(until=self.end_at + self.dt / 2)
            self.finished = True
            self.journal.append(
                self.end_at,
                "end",
                impact_ongoing=self.impact.active,
                impact_seconds=round(self.impact.impact_seconds, 3),
                firing=[r.rule.alert for r in self.alerts.firing()],
            )
        return self.journal


def run_script(
    loaded: LoadedScenario,
    seed: int = 0,
    actions: Iterable[ScriptedAction] = (),
    until: float | None = None,
    end: float | None = None,
) -> Journal:
    """One-shot run: apply stamped actions in time order (stable for ties), then run on to
    `until` (inclusive) or to the end: the scenario's, or `end` when it is later (the run is
    extended from the start: an extension moves only where the run stops)."""
    return scripted_engine(loaded, seed, actions, until, end).journal


def scripted_engine(
    loaded: LoadedScenario,
    seed: int = 0,
    actions: Iterable[ScriptedAction] = (),
    until: float | None = None,
    end: float | None = None,
) -> Engine:
    """`run_script`, returning the engine (its journal, and `metric_column` for batches)."""
    engine = Engine(loaded, seed)
    if end is not None and end > engine.end_at:
        engine.extend(end, by="facilitator")
    for scripted in sorted(actions, key=lambda a: a.at):
        engine.advance(scripted.at)
        engine.act(scripted.role, scripted.action, dict(scripted.params))
    if until is None or until >= engine.end_at:
        engine.finish()
    else:
        engine.advance(until + engine.dt / 2)  # inclusive: the tick at `until` is in the journal
    return engine
