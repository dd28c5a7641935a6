"""The facilitator's content during an exercise (`SessionService` inherits it): ad-hoc injects,
hints, private notes, and hiding a participant's words from players and reports (moderation.py).
Injects and hints are journaled; a note is stored, never journaled."""

from __future__ import annotations

from typing import Any, get_args

from simulator.errors import format_got
from simulator.journal import Journal
from simulator.scenario.schema import Channel
from simulator.session import moderation
from simulator.session.checks import MAX_NAME, clean_text
from simulator.session.clock import ClockReading
from simulator.session.errors import SessionError
from simulator.session.host import ServiceHost, by_user
from simulator.session.keeper import Pending
from simulator.session.roles import FACILITATOR
from simulator.session.run import HINT, INJECT, NOTE, Run
from simulator.session.store import Appender, StoredEvent
from simulator.suggest import did_you_mean_text

CHANNELS: tuple[str, ...] = get_args(Channel)


class ContentMixin:
    """The facilitator's injects, hints, notes and moderation; see the module docstring."""

    def inject(
        self: ServiceHost,
        session_id: str,
        secret: str,
        channel: str,
        sender: str,
        text: str,
        subject: str | None = None,
    ) -> StoredEvent:
        """An ad-hoc stakeholder message, journaled like a scripted inject (with `adhoc: true`)."""
        if channel not in CHANNELS:
            raise SessionError(
                f"channel: unknown channel {format_got(channel)} (channels: {', '.join(CHANNELS)})"
                + did_you_mean_text(channel, CHANNELS)
            )
        payload: dict[str, Any] = {
            "channel": channel,
            "sender": clean_text(sender, "sender", MAX_NAME * 2),
            "text": clean_text(text, "text"),
        }
        if subject is not None:
            payload["subject"] = clean_text(subject, "subject", 200)
        return self._content(session_id, secret, INJECT, payload, engine=True)

    def hint(self: ServiceHost, session_id: str, secret: str, text: str) -> StoredEvent:
        """Release a hint to the players (journaled as a `hint` entry)."""
        return self._content(
            session_id, secret, HINT, {"text": clean_text(text, "text")}, engine=True
        )

    def note(self: ServiceHost, session_id: str, secret: str, text: str) -> StoredEvent:
        """A private facilitator note: stored, never journaled, never shown to players."""
        return self._content(
            session_id, secret, NOTE, {"text": clean_text(text, "text")}, engine=False
        )

    def _content(
        self: ServiceHost,
        session_id: str,
        secret: str,
        kind: str,
        payload: dict[str, Any],
        engine: bool,
    ) -> StoredEvent:
        user = self._check_secret(self.session(session_id), secret)
        payload = by_user(payload, user)

        def build(run: Run, reading: ClockReading, now: float, tx: Appender) -> Pending:
            if engine and reading.state == "ended":
                raise SessionError(f"session {session_id}: cannot send a {kind}: it has ended")
            return Pending(self._new(kind, run, reading, now, payload, "facilitator", FACILITATOR))

        return self._write(session_id, build)

    def hide(self: ServiceHost, session_id: str, secret: str, entry_id: str) -> StoredEvent:
        """Hide a participant's entry (by its journal id) from players and reports: a `hide`
        event in the log; the entry itself is never changed (moderation.py)."""
        user = self._check_secret(self.session(session_id), secret)

        def build(run: Run, reading: ClockReading, now: float, tx: Appender) -> Pending:
            found = [e for e in run.journal.entries if e.get("id") == entry_id]
            if not found or not moderation.hideable(found[0]):
                raise SessionError(
                    f"session {session_id}: no entry {format_got(entry_id)} with text to hide"
                )
            if entry_id in run.hidden:
                raise SessionError(f"session {session_id}: entry {entry_id} is already hidden")
            payload = by_user({"entry": entry_id}, user)
            return Pending(
                self._new(moderation.HIDE, run, reading, now, payload, "facilitator", FACILITATOR)
            )

        return self._write(session_id, build)

    def hidden(self: ServiceHost, session_id: str) -> frozenset[str]:
        """The journal ids the facilitator has hidden."""
        return self._read(session_id, lambda run, _reading: frozenset(run.hidden))

    def shared_journal(self: ServiceHost, session_id: str) -> Journal:
        """The journal as players and reports see it: hidden entries' words withheld."""

        def view(run: Run, _reading: ClockReading) -> Journal:
            return Journal(moderation.mask(run.journal.entries, run.hidden))

        return self._read(session_id, view)
