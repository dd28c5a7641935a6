"""The journal a debrief reads: the live journal with who attended (name and role, in the order
they joined) and the date the session was created, in the header's `session` block.

Kept out of the one-second live reads (one more store query per page per second); the debrief,
the report and `gameday score` / `export` of a session read it once."""

from __future__ import annotations

import copy
from datetime import UTC, datetime

from simulator.journal import Journal
from simulator.session.roster import Standing
from simulator.session.store import ParticipantRecord


def with_attendees(
    journal: Journal,
    people: list[ParticipantRecord],
    created_at: float,
    standings: dict[str, Standing] | None = None,
) -> Journal:
    """A copy of `journal` whose header's session block lists `attendees` and `date` (UTC).
    An attendee's `role` is the one they hold at the end; `joined_as` says the one they joined
    in when it differs; `shadow`, `joined_shadow` and `removed` are there when true
    (scoring reads who held command from them and the journal's `roster` entries)."""
    header = copy.deepcopy(journal.header)
    block = header.setdefault("session", {})
    ordered = sorted(people, key=lambda p: (p.joined_at, p.id))
    block["attendees"] = [_attendee(p, (standings or {}).get(p.id)) for p in ordered]
    block["date"] = datetime.fromtimestamp(created_at, UTC).date().isoformat()
    return Journal([header, *journal.entries[1:]])


def _attendee(person: ParticipantRecord, now: Standing | None) -> dict[str, object]:
    found: dict[str, object] = {"name": person.name, "role": now.role if now else person.role}
    if now is not None and now.role != person.role:
        found["joined_as"] = person.role
    if now is not None and now.shadow:
        found["shadow"] = True
    if now is not None and now.removed:
        found["removed"] = True
    if now is not None and now.joined_shadow:
        found["joined_shadow"] = True
    return found
