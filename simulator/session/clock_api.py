"""The facilitator's clock controls (`SessionService` inherits them): start, pause, resume, end,
speed, skip and extend. Each is a clock event (`clock.py`) stored with the sim time it took
effect at, refused with a `ClockRefused` when it does not fit the clock as read now; an optional
`client_id` (idempotency key) makes a retried click count once."""

from __future__ import annotations

import dataclasses
import math

from simulator.errors import format_got
from simulator.session.checks import check_client_id
from simulator.session.clock import (
    END,
    EXTEND,
    PAUSE,
    RESUME,
    SIM_DECIMALS,
    SKIP,
    SPEED,
    START,
    ClockReading,
    control_problem,
)
from simulator.session.errors import ClockRefused
from simulator.session.host import ServiceHost, by_user
from simulator.session.keeper import Pending
from simulator.session.roles import FACILITATOR
from simulator.session.run import Run
from simulator.session.store import Appender, StoredEvent


class ClockMixin:
    """The clock controls; see the module docstring."""

    def start(
        self: ServiceHost, session_id: str, secret: str, client_id: str | None = None
    ) -> StoredEvent:
        return self._control(session_id, secret, START, client_id=client_id)

    def pause(
        self: ServiceHost, session_id: str, secret: str, client_id: str | None = None
    ) -> StoredEvent:
        return self._control(session_id, secret, PAUSE, client_id=client_id)

    def resume(
        self: ServiceHost, session_id: str, secret: str, client_id: str | None = None
    ) -> StoredEvent:
        return self._control(session_id, secret, RESUME, client_id=client_id)

    def end(
        self: ServiceHost, session_id: str, secret: str, client_id: str | None = None
    ) -> StoredEvent:
        """End now: sim time freezes; the journal plays out the rest with no more actions."""
        return self._control(session_id, secret, END, client_id=client_id)

    def set_speed(
        self: ServiceHost, session_id: str, secret: str, speed: float, client_id: str | None = None
    ) -> StoredEvent:
        return self._control(session_id, secret, SPEED, speed, client_id)

    def skip(
        self: ServiceHost,
        session_id: str,
        secret: str,
        seconds: float,
        client_id: str | None = None,
    ) -> StoredEvent:
        """Jump sim time ahead (capped at the scenario's end); the engine catches up on read.

        Every clock control takes an optional `client_id` (idempotency key): a control stored
        under that key before is returned as it was and not applied again, so a page may retry a
        click whose answer it lost without skipping twice."""
        return self._control(session_id, secret, SKIP, seconds, client_id)

    def extend(
        self: ServiceHost,
        session_id: str,
        secret: str,
        seconds: float,
        client_id: str | None = None,
    ) -> StoredEvent:
        """Move the scenario's end `seconds` later (at most `MAX_EXTEND` at a time), while the
        session runs or is paused. The stored value is the new end, so a replay does not depend
        on when it reads the event."""
        return self._control(session_id, secret, EXTEND, seconds, client_id)

    def _control(
        self: ServiceHost,
        session_id: str,
        secret: str,
        kind: str,
        value: float | None = None,
        client_id: str | None = None,
    ) -> StoredEvent:
        user = self._check_secret(self.session(session_id), secret)
        check_client_id(client_id)
        if value is not None and (
            isinstance(value, bool)
            or not isinstance(value, int | float)
            or not math.isfinite(value)
        ):
            raise ClockRefused(f"session {session_id}: expected a number (got {format_got(value)})")
        verb = kind.removeprefix("clock.")

        def build(
            run: Run, reading: ClockReading, now: float, tx: Appender
        ) -> Pending | StoredEvent:
            earlier = None if client_id is None else tx.by_client_id(client_id)
            if earlier is not None:
                return earlier
            stored = value
            if kind == EXTEND and value is not None:  # by `value` seconds: store the new end
                stored = round(reading.end + value, SIM_DECIMALS) if value > 0 else None
            problem = control_problem(kind, reading, stored)
            if problem:
                raise ClockRefused(f"session {session_id}: cannot {verb}: {problem}")
            payload = {} if stored is None else {"value": float(stored)}
            new = self._new(
                kind, run, reading, now, by_user(payload, user), "facilitator", FACILITATOR
            )
            return Pending(dataclasses.replace(new, client_id=client_id))

        return self._write(session_id, build)
