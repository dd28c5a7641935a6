"""The rubric: default targets, points per item, role weights, and the targets for a scenario."""

from __future__ import annotations

from dataclasses import dataclass

from simulator.roles import role_title
from simulator.scenario.schema import Scenario

MINUTE = 60.0

DEFAULT_ACKNOWLEDGE = 5 * MINUTE
DEFAULT_DECLARE = 10 * MINUTE
DEFAULT_ESCALATE_WITHIN = 30 * MINUTE
DEFAULT_MITIGATE = 30 * MINUTE
DEFAULT_RESOLVE = 60 * MINUTE
DEFAULT_SCRIBE_WINDOW = 5 * MINUTE
DEFAULT_DECAY_MULTIPLE = 3.0
DEFAULT_HARMFUL_PENALTY = 10.0
HANDS_ON_KEYBOARD_PENALTY = 5.0
HANDS_ON_KEYBOARD_CAP = 15.0
HANDS_ON_ROLES = ("tech_lead",)
"""Roles that own system actions when someone holds them: an IC who acts on the system while one
of them is present loses HANDS_ON_KEYBOARD_PENALTY per action (at most HANDS_ON_KEYBOARD_CAP)."""
DETECTION_GRACE = 5 * MINUTE
"""When nothing fires at all, players are expected to notice impact (customer reports, dashboards)
within this grace; the clocks start at `impact.start` plus the grace."""

FIRST_UPDATE_BY_SEVERITY = {"SEV1": 15 * MINUTE, "SEV2": 30 * MINUTE}
UPDATE_INTERVAL_BY_SEVERITY = {"SEV1": 30 * MINUTE, "SEV2": 60 * MINUTE}
UPDATE_INTERVAL_LOW = {"SEV1": 15 * MINUTE, "SEV2": 30 * MINUTE}
LOW_SEVERITY_FIRST_UPDATE = 60 * MINUTE
LOW_SEVERITY_UPDATE_INTERVAL = 120 * MINUTE
STATUS_PAGE_SEVERITIES = ("SEV1", "SEV2")
ESCALATION_SEVERITIES = ("SEV1",)

SCORED_ROLES = ("ic", "comms_lead", "scribe")
ROLE_TITLES = {role: role_title(role) for role in SCORED_ROLES}
ROLE_WEIGHTS = {"ic": 0.5, "comms_lead": 0.3, "scribe": 0.2}
REQUIRED_ROLES = ("comms_lead", "scribe")
UPDATE_FIELDS = ("status", "impact", "actions", "next_update")

# Points per item; each role's items add up to 100 (the IC's to 110 when some message expected a
# reply: `stakeholder_replies` is judged only then; role scores are points over max points).
POINTS = {
    "acknowledge": 15.0,
    "declare": 15.0,
    "severity": 10.0,
    "roles": 10.0,
    "escalation": 10.0,
    "mitigate": 20.0,
    "resolve": 20.0,
    "harmful": 0.0,
    "hands_on_keyboard": 0.0,
    "stakeholder_replies": 10.0,
    "first_update": 30.0,
    "update_cadence": 15.0,
    "update_completeness": 15.0,
    "update_promises": 10.0,
    "status_page": 20.0,
    "impact_truth": 10.0,
    "scribe_coverage": 80.0,
    "scribe_decisions": 20.0,
}


@dataclass(frozen=True)
class Rubric:
    """The targets in force for one scenario: the defaults with its `scoring` overrides."""

    acknowledge: float
    declare: float
    first_update: float
    update_interval: float
    escalate_within: float
    mitigate: float
    resolve: float
    scribe_window: float
    decay_multiple: float
    harmful_action_penalty: float
    overridden: tuple[str, ...]


def rubric_for(scenario: Scenario) -> Rubric:
    """Defaults (by the scenario's expected severity where it matters) with its overrides."""
    sev = scenario.severity
    defaults: dict[str, float] = {
        "acknowledge": DEFAULT_ACKNOWLEDGE,
        "declare": DEFAULT_DECLARE,
        "first_update": FIRST_UPDATE_BY_SEVERITY.get(sev, LOW_SEVERITY_FIRST_UPDATE),
        "update_interval": UPDATE_INTERVAL_BY_SEVERITY.get(sev, LOW_SEVERITY_UPDATE_INTERVAL),
        "escalate_within": DEFAULT_ESCALATE_WITHIN,
        "mitigate": DEFAULT_MITIGATE,
        "resolve": DEFAULT_RESOLVE,
        "scribe_window": DEFAULT_SCRIBE_WINDOW,
        "decay_multiple": DEFAULT_DECAY_MULTIPLE,
        "harmful_action_penalty": DEFAULT_HARMFUL_PENALTY,
    }
    overrides = scenario.scoring.model_dump(exclude_none=True)
    return Rubric(**{**defaults, **overrides}, overridden=tuple(sorted(overrides)))
