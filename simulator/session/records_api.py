"""What a session keeps beside its journal (`SessionService` inherits it): the facilitator's
forwarding settings and the forwarder's delivery reports (stored as events, never journaled),
the whole event log and the private notes (facilitator only), and the improvement plan saved
after the exercise (its own table, `plan_store.py`)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from simulator.integrations.settings import Integrations
from simulator.plan import PlanError, PlanItem, checked_plan
from simulator.session.clock import ClockReading
from simulator.session.errors import SessionError
from simulator.session.host import ServiceHost
from simulator.session.keeper import Pending
from simulator.session.plan_store import load_plan, save_plan
from simulator.session.roles import FACILITATOR
from simulator.session.run import NOTE, Run
from simulator.session.store import Appender, Store, StoredEvent

INTEGRATIONS = "integrations"  # facilitator's forwarding settings: stored, never journaled
DELIVERY = "delivery"  # the forwarder's report on a target: stored, never journaled


class RecordsMixin:
    """Forwarding settings, delivery reports, the event log and the plan; see the module
    docstring."""

    def configure_integrations(
        self: ServiceHost, session_id: str, secret: str, settings: Integrations
    ) -> StoredEvent:
        """Turn forwarding to Alertmanager / a webhook on, change it, or (empty) off. Stored as
        an event, never journaled; the `gameday serve` forwarder picks it up within seconds."""
        return self._content(session_id, secret, INTEGRATIONS, settings.to_payload(), False)

    def integrations(self: ServiceHost, session_id: str, secret: str) -> Integrations:
        """The session's integration settings: facilitator only (webhook URLs hold tokens)."""
        self._check_secret(self.session(session_id), secret)
        return _latest_settings(self.store, session_id)

    def integration_settings(self: ServiceHost, session_id: str) -> Integrations:
        """Server side only (the forwarder): the latest settings, off when never set."""
        return _latest_settings(self.store, session_id)

    def forwarding_candidates(self: ServiceHost) -> list[str]:
        """Server side only (the forwarder): sessions whose facilitator ever set forwarding (one
        query, so sessions that never did cost the forwarder nothing)."""
        return self.store.sessions_with(INTEGRATIONS)

    def report_delivery(self: ServiceHost, session_id: str, report: dict[str, Any]) -> None:
        """Server side only (the forwarder): a target started failing or recovered."""

        def build(run: Run, reading: ClockReading, now: float, tx: Appender) -> Pending:
            return Pending(
                self._new(DELIVERY, run, reading, now, dict(report), "forwarder", FACILITATOR)
            )

        self._write(session_id, build)

    def deliveries(self: ServiceHost, session_id: str, secret: str) -> list[dict[str, Any]]:
        """The latest delivery report per target (facilitator only), newest first."""
        self._check_secret(self.session(session_id), secret)
        latest: dict[str, dict[str, Any]] = {}
        for event in self.store.events(session_id, kinds=(DELIVERY,)):
            latest[str(event.payload.get("target"))] = {**event.payload, "sim_time": event.sim_time}
        return sorted(latest.values(), key=lambda r: -float(r["sim_time"]))

    def events(self: ServiceHost, session_id: str, secret: str) -> list[StoredEvent]:
        """The whole event log, notes included: facilitator only."""
        self._check_secret(self.session(session_id), secret)
        return self.store.events(session_id)

    def private_notes(self: ServiceHost, session_id: str, secret: str) -> list[StoredEvent]:
        """The facilitator's private notes, oldest first: facilitator only (one indexed query, so
        every facilitator tab can follow them)."""
        self._check_secret(self.session(session_id), secret)
        return self.store.events(session_id, kinds=(NOTE,))

    # ------------------------------------------------------------------ improvement plan

    def action_items(self: ServiceHost, session_id: str) -> tuple[PlanItem, ...] | None:
        """The facilitator's saved action items (the improvement plan), or None when none were
        saved (the report then derives them from the run)."""
        self.session(session_id)
        return load_plan(self.store, session_id)

    def save_action_items(
        self: ServiceHost, session_id: str, secret: str, rows: Iterable[Mapping[str, Any]]
    ) -> tuple[PlanItem, ...]:
        """Check and store the whole plan (facilitator only, once the exercise has ended). A
        refusal stores nothing: the plan saved before stays as it was."""
        self._check_secret(self.session(session_id), secret)
        if self.status(session_id).state != "ended":
            raise SessionError(
                f"session {session_id}: action items are edited after the exercise has ended"
            )
        try:
            items = checked_plan(rows)
        except PlanError as exc:
            raise SessionError(f"session {session_id}: action items not saved: {exc}") from None
        save_plan(self.store, session_id, items, self.clock())
        return items


def _latest_settings(store: Store, session_id: str) -> Integrations:
    found = store.events(session_id, kinds=(INTEGRATIONS,))
    return Integrations.from_payload(dict(found[-1].payload)) if found else Integrations()
