"""Who may do what in a session.

- Players (IC, comms lead, scribe, tech lead) take the actions their role is listed for in the
  action vocabulary (`ACTIONS[name].roles`); nothing else.
- In solo mode the one player holds every player role; an action is taken in the first of its
  listed roles (so a timeline note is the scribe's, a status update the comms lead's) unless the
  caller names one of them.
- The facilitator takes no player actions: their tools are the clock, ad-hoc injects, hints and
  private notes, and each needs the facilitator secret.
- Observers only read. Evaluators read what the facilitator reads (not the controls) and rate
  the exercise's objectives (`tabletop.py`); they take no actions.
"""

from __future__ import annotations

from simulator.actions import ACTIONS
from simulator.roles import EVALUATOR, FACILITATOR, OBSERVER, PLAYER_ROLES, ROLES

FACILITATOR_TOOLS: tuple[str, ...] = (
    "start",
    "pause",
    "resume",
    "speed",
    "skip",
    "end",
    "inject",
    "hint",
    "note",
)


def held_roles(role: str, solo: bool) -> tuple[str, ...]:
    """The roles a participant who joined as `role` holds."""
    if solo and role in PLAYER_ROLES:
        return PLAYER_ROLES
    return (role,)


def acting_role(held: tuple[str, ...], action: str, wanted: str | None) -> tuple[str, str | None]:
    """(role the action is taken in, refusal reason or None). `action` must be a known action."""
    if held == (OBSERVER,):
        return OBSERVER, "observers watch and do not act"
    if held == (EVALUATOR,):
        return EVALUATOR, "evaluators watch and rate the exercise's objectives; they do not act"
    if held == (FACILITATOR,):
        return FACILITATOR, (
            "the facilitator does not take player actions (facilitator tools: "
            + ", ".join(FACILITATOR_TOOLS)
            + ")"
        )
    allowed = ACTIONS[action].roles
    if wanted is not None:
        if wanted not in held:
            return wanted, f"you do not hold role '{wanted}' (you hold: {', '.join(held)})"
        if wanted not in allowed:
            return (
                wanted,
                f"role '{wanted}' may not take '{action}' (allowed: {', '.join(allowed)})",
            )
        return wanted, None
    for role in allowed:
        if role in held:
            return role, None
    return held[0], f"role '{held[0]}' may not take '{action}' (allowed: {', '.join(allowed)})"


def permission_matrix() -> list[tuple[str, ...]]:
    """Rows of (action, then 'yes' or '' per role in ROLES order), for the reference docs."""
    rows = []
    for name, spec in ACTIONS.items():
        rows.append((name, *("yes" if role in spec.roles else "" for role in ROLES)))
    return rows


def permission_table() -> str:
    """The action/role matrix as a Markdown table (docs/reference/sessions.md embeds it)."""
    header = "| action | " + " | ".join(ROLES) + " |"
    rule = "|---|" + "---|" * len(ROLES)
    lines = [header, rule]
    for row in permission_matrix():
        lines.append("| `" + row[0] + "` | " + " | ".join(row[1:]) + " |")
    return "\n".join(lines)
