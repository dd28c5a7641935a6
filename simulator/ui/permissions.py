"""Which console panels and controls a participant gets, from the roles they hold and the action
vocabulary (`ACTIONS[name].roles`), so the page never offers what the session would refuse.

Observers hold no action at all: their console draws no action widget.
"""

from __future__ import annotations

from simulator.actions import ACTIONS, SYSTEM_ACTIONS
from simulator.scenario.schema import Scenario

COMMAND_ACTIONS = (
    "declare",
    "assign_role",
    "escalate",
    "mark_mitigated",
    "resolve",
    "transfer_command",
)
COMMS_ACTIONS = ("status_update", "status_page", "reply")

# Tab -> the actions it offers; a tab appears when the holder may take at least one of them.
TABS: dict[str, tuple[str, ...]] = {
    "command": COMMAND_ACTIONS,
    "comms": COMMS_ACTIONS,
    "timeline": ("timeline_note",),
    "investigate": ("investigate",),
    "system": SYSTEM_ACTIONS,
}
TAB_TITLES = {
    "command": "Incident command",
    "comms": "Comms",
    "timeline": "Scribe timeline",
    "investigate": "Investigate",
    "system": "System actions",
    "log": "Incident log",
}
# Each role's own work first.
ROLE_TAB_ORDER: dict[str, tuple[str, ...]] = {
    "ic": ("command", "investigate", "system", "comms", "timeline"),
    "comms_lead": ("comms", "investigate", "timeline"),
    "scribe": ("timeline", "investigate"),
    "tech_lead": ("investigate", "system", "timeline"),
}


def may(held: tuple[str, ...], action: str) -> bool:
    """Whether someone holding `held` may take `action` (observers and facilitators never)."""
    spec = ACTIONS.get(action)
    return spec is not None and any(role in spec.roles for role in held)


def tabs_for(held: tuple[str, ...]) -> list[str]:
    """The console's tabs for these roles, the first role's work first, then the read-only log."""
    order: list[str] = []
    for role in held:
        order += [t for t in ROLE_TAB_ORDER.get(role, ()) if t not in order]
    return [t for t in order if any(may(held, a) for a in TABS[t])] + ["log"]


def offered_system_actions(scenario: Scenario, held: tuple[str, ...]) -> list[str]:
    """The system actions this scenario offers that these roles may take, in scenario order."""
    return [
        s.action for s in scenario.actions if s.action in SYSTEM_ACTIONS and may(held, s.action)
    ]


def needs_confirmation(scenario: Scenario, action: str) -> bool:
    """Risky in the vocabulary (`ActionSpec.risky`) or marked `confirm: true` by the scenario."""
    spec = ACTIONS.get(action)
    setting = next((s for s in scenario.actions if s.action == action), None)
    return bool(spec and spec.risky) or bool(setting and setting.confirm)
