"""The roles vocabulary: every role's key, its title and its short name, in one table.

The action table (`simulator.actions`), the permissions (`session/roles.py`), scoring, the report
and the pages all name roles through this module, so adding a role is one row here (plus its
permissions in the action table and, if it is scored, its rubric).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Role:
    """A role: `key` as journals and scenario files spell it, `title` for headings and forms,
    `short` for timelines and tables, and whether a player holds it (facilitator and observer
    do not play)."""

    key: str
    title: str
    short: str
    plays: bool


ROLE_TABLE: tuple[Role, ...] = (
    Role("facilitator", "Facilitator", "Facilitator", plays=False),
    Role("ic", "Incident commander", "IC", plays=True),
    Role("comms_lead", "Communications lead", "Comms lead", plays=True),
    Role("scribe", "Scribe", "Scribe", plays=True),
    Role("tech_lead", "Tech lead", "Tech lead", plays=True),
    Role("observer", "Observer", "Observer", plays=False),
    # Sees what the facilitator sees except the controls; rates the exercise's objectives.
    Role("evaluator", "Evaluator", "Evaluator", plays=False),
)
ROLES_BY_KEY: dict[str, Role] = {role.key: role for role in ROLE_TABLE}

ROLES: tuple[str, ...] = tuple(role.key for role in ROLE_TABLE)
PLAYER_ROLES: tuple[str, ...] = tuple(role.key for role in ROLE_TABLE if role.plays)
FACILITATOR = "facilitator"
OBSERVER = "observer"
EVALUATOR = "evaluator"


def role_title(role: object) -> str:
    """`comms_lead` -> `Communications lead`; an unknown key is shown as it is."""
    known = ROLES_BY_KEY.get(str(role))
    return known.title if known else str(role)


def role_short(role: object) -> str:
    """`comms_lead` -> `Comms lead`, for timelines and tables; an unknown key as it is."""
    known = ROLES_BY_KEY.get(str(role))
    return known.short if known else str(role)


__all__ = [
    "EVALUATOR",
    "FACILITATOR",
    "OBSERVER",
    "PLAYER_ROLES",
    "ROLES",
    "ROLES_BY_KEY",
    "ROLE_TABLE",
    "Role",
    "role_short",
    "role_title",
]
