"""The vocabulary an exercise objective's `evidence` is written in: scoring item keys (the
automatic score's items, `docs/reference/scoring.md`) and capabilities, each a named group of
those items. The scenario checks and the tabletop views read it; a test keeps `ITEM_KEYS` in
step with the scoring rubric (scenario files cannot depend on the scorer)."""

from __future__ import annotations

ITEM_KEYS: tuple[str, ...] = (
    "acknowledge",
    "declare",
    "severity",
    "roles",
    "escalation",
    "mitigate",
    "resolve",
    "harmful",
    "hands_on_keyboard",
    "stakeholder_replies",
    "first_update",
    "update_cadence",
    "update_completeness",
    "update_promises",
    "status_page",
    "impact_truth",
    "scribe_coverage",
    "scribe_decisions",
)

CAPABILITIES: dict[str, tuple[str, ...]] = {
    "detection": ("acknowledge",),
    "triage": ("declare", "severity"),
    "coordination": ("roles", "escalation", "hands_on_keyboard"),
    "mitigation": ("mitigate", "resolve", "harmful"),
    "communications": (
        "first_update",
        "update_cadence",
        "update_completeness",
        "update_promises",
        "status_page",
        "impact_truth",
        "stakeholder_replies",
    ),
    "documentation": ("scribe_coverage", "scribe_decisions"),
}

EVIDENCE_NAMES: tuple[str, ...] = (*ITEM_KEYS, *CAPABILITIES)


def evidence_items(evidence: tuple[str, ...] | list[str]) -> tuple[str, ...]:
    """The scoring item keys a list of evidence names stands for (capabilities expanded, each
    key once, in the order given); unknown names are left out."""
    keys: list[str] = []
    for name in evidence:
        for key in CAPABILITIES.get(name, (name,) if name in ITEM_KEYS else ()):
            if key not in keys:
                keys.append(key)
    return tuple(keys)


__all__ = ["CAPABILITIES", "EVIDENCE_NAMES", "ITEM_KEYS", "evidence_items"]
