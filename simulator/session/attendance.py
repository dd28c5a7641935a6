"""The journal a debrief reads: the live journal with who attended (name and role, in the order
they joined) and the date the session was created, in the header's `session` block.

Kept out of the one-second live reads (one more store query per page per second); the debrief,
the report and `gameday score` / `export` of a session read it once."""

from __future__ import annotations

import copy
from datetime import UTC, datetime

from simulator.journal import Journal
from simulator.session.store import ParticipantRecord


def with_attendees(journal: Journal, people: list[ParticipantRecord], created_at: float) -> Journal:
    """A copy of `journal` whose header's session block lists `attendees` and `date` (UTC)."""
    header = copy.deepcopy(journal.header)
    block = header.setdefault("session", {})
    ordered = sorted(people, key=lambda p: (p.joined_at, p.id))
    block["attendees"] = [{"name": p.name, "role": p.role} for p in ordered]
    block["date"] = datetime.fromtimestamp(created_at, UTC).date().isoformat()
    return Journal([header, *journal.entries[1:]])
