"""Who holds which incident role now: one person per player role, shadows, reassignments,
removals and the incident commander's hand-over (`transfer_command`).

A participant's row in the store keeps the role they joined in and is never changed; what
happened since is a `roster` event in the log (never deleted), replayed into a `Roster` like
every other event:

- `shadowing`: the facilitator allows (or stops allowing) a second person in a role, for one role
  or for all (`role: "*"`). Stored, never journaled.
- `join`: someone joined a player role that was held, as its shadow. Stored, never journaled.
- `reassign`: the facilitator moved a participant to another role (journaled).
- `remove`: the facilitator removed a participant (journaled); they can no longer act.
- a `transfer_command` action the session accepted carries its changes in its payload
  (`roster`): the new IC holds `ic`, the old IC takes the new IC's previous role, or becomes an
  observer when the new IC was an observer or a shadow (journaled as two `roster` entries).

A shadow sees the console of the role they shadow and takes no action in it (real practice: a
shadow learns by watching and keeps their own notes; the person holding the role acts).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from simulator.roles import FACILITATOR, OBSERVER, PLAYER_ROLES, role_title
from simulator.session.store import ParticipantRecord, StoredEvent

ROSTER = "roster"  # the stored event kind
ALL_ROLES = "*"
TRANSFER = "transfer_command"
JOURNALED = ("reassign", "remove", "transfer")


@dataclass(frozen=True)
class Standing:
    """One participant now: the role they hold, whether as a shadow, whether removed."""

    role: str
    shadow: bool = False
    removed: bool = False
    joined_shadow: bool = False


@dataclass
class Roster:
    """The roster changes applied so far (participants' joined roles come from the store)."""

    roles: dict[str, str] = field(default_factory=dict)  # participant id -> role now
    shadows: set[str] = field(default_factory=set)
    removed: set[str] = field(default_factory=set)
    shadowing: set[str] = field(default_factory=set)  # roles that allow a shadow; "*" all
    joined_shadows: set[str] = field(default_factory=set)

    def apply(self, change: Mapping[str, Any]) -> None:
        """Apply one change (a `roster` event's payload, or one of a transfer's changes)."""
        kind = change.get("change")
        who = str(change.get("participant", ""))
        if kind == "shadowing":
            role = str(change.get("role", ALL_ROLES))
            (self.shadowing.add if change.get("allow") else self.shadowing.discard)(role)
        elif kind == "join":
            self.shadows.add(who)
            self.joined_shadows.add(who)
        elif kind in ("reassign", "transfer"):
            self.roles[who] = str(change["role"])
            self.shadows.discard(who)
        elif kind == "remove":
            self.removed.add(who)

    def standing(self, person: ParticipantRecord) -> Standing:
        return Standing(
            self.roles.get(person.id, person.role),
            person.id in self.shadows,
            person.id in self.removed,
            person.id in self.joined_shadows,
        )

    def allows_shadow(self, role: str) -> bool:
        return ALL_ROLES in self.shadowing or role in self.shadowing

    def holder(
        self, people: Iterable[ParticipantRecord], role: str, but: str | None = None
    ) -> ParticipantRecord | None:
        """Who holds a player role now (not as a shadow, not removed), other than `but`."""
        for person in people:
            now = self.standing(person)
            if person.id != but and now.role == role and not now.shadow and not now.removed:
                return person
        return None


def roster_of(events: Iterable[StoredEvent]) -> Roster:
    """The roster a log's events leave (the same changes a Run applies)."""
    roster = Roster()
    for event in events:
        if event.kind == ROSTER:
            roster.apply(event.payload)
        elif event.kind == "action":
            for change in event.payload.get("roster") or ():
                roster.apply(change)
    return roster


def taken_message(holder: ParticipantRecord, role: str) -> str:
    """Why a join (or a reassignment) into a held role is refused, and what to do instead."""
    return (
        f"the {role_title(role)} role is held by {holder.name}: join in another role (or as "
        "observer), or ask the facilitator to allow shadowing for it"
    )


def reassign_problem(
    roster: Roster, people: list[ParticipantRecord], person: ParticipantRecord, role: str
) -> str | None:
    """Why the facilitator may not move `person` to `role` now, or None."""
    now = roster.standing(person)
    if now.removed:
        return f"{person.name} was removed"
    if person.role == FACILITATOR or role == FACILITATOR:
        return "the facilitator's role is not reassigned (it needs the secret)"
    if role == now.role and not now.shadow:
        return f"{person.name} already holds the {role_title(role)} role"
    holder = roster.holder(people, role, but=person.id) if role in PLAYER_ROLES else None
    if holder is not None:
        return (
            f"the {role_title(role)} role is held by {holder.name}: reassign or remove them first"
        )
    return None


def find_participant(people: list[ParticipantRecord], who: object) -> ParticipantRecord | None:
    """A participant by id, else by name (case-insensitive) when exactly one has it."""
    text = str(who).strip() if who is not None else ""
    for person in people:
        if person.id == text:
            return person
    named = [p for p in people if p.name.casefold() == text.casefold()]
    return named[0] if len(named) == 1 else None


def transfer_changes(
    roster: Roster, people: list[ParticipantRecord], ic: ParticipantRecord, to: object
) -> tuple[list[dict[str, Any]], str | None]:
    """(the roster changes of handing command from `ic` to the participant `to` names, or the
    reason the hand-over is refused)."""
    target = find_participant(people, to)
    if target is None:
        names = ", ".join(p.name for p in people if p.id != ic.id and p.role != FACILITATOR)
        return [], f"no participant {to!r} to hand command to (participants: {names or 'none'})"
    now = roster.standing(target)
    if target.id == ic.id:
        return [], "you already hold command"
    if target.role == FACILITATOR or now.removed:
        return (
            [],
            f"{target.name} cannot take command ({'removed' if now.removed else 'facilitator'})",
        )
    old_ic_role = OBSERVER if now.shadow or now.role == OBSERVER else now.role
    return [
        {
            "change": "transfer",
            "participant": target.id,
            "name": target.name,
            "role": "ic",
            "previous": now.role,
        },
        {
            "change": "transfer",
            "participant": ic.id,
            "name": ic.name,
            "role": old_ic_role,
            "previous": "ic",
        },
    ], None


__all__ = [
    "ALL_ROLES",
    "JOURNALED",
    "ROSTER",
    "TRANSFER",
    "Roster",
    "Standing",
    "find_participant",
    "reassign_problem",
    "roster_of",
    "taken_message",
    "transfer_changes",
]
