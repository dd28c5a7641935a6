"""Runbooks as the console shows them: the scenario's runbooks in the usual template (overview,
detection, symptoms, diagnosis steps, resolution steps, escalation), as plain sections. A runbook
is player content; whether it is out of date is said only in the facilitator's notes."""

from __future__ import annotations

from dataclasses import dataclass

from simulator.scenario.schema import Runbook, Scenario


@dataclass(frozen=True)
class Section:
    """One heading of the template and its text: `lines` are paragraphs, or steps when
    `numbered`."""

    title: str
    lines: tuple[str, ...]
    numbered: bool = False


def runbook_of(scenario: Scenario, runbook_id: str | None) -> Runbook | None:
    """The scenario's runbook with this id, or None."""
    return next((r for r in scenario.runbooks if r.id == runbook_id), None)


def sections(runbook: Runbook) -> list[Section]:
    """The template's sections in their usual order; empty ones are left out."""
    found = [
        Section("Overview", (runbook.overview,)),
        Section("Detection", (runbook.detection,)),
        Section("Symptoms", tuple(runbook.symptoms)),
        Section("Diagnosis steps", tuple(runbook.diagnosis), numbered=True),
        Section("Resolution steps", tuple(runbook.resolution), numbered=True),
        Section("Escalation", (runbook.escalation,)),
    ]
    return [s for s in found if any(line.strip() for line in s.lines)]


def as_text(section: Section) -> str:
    """A section's body as plain text: numbered steps, bulleted symptoms, or paragraphs."""
    lines = [" ".join(line.split()) for line in section.lines]
    if section.numbered:
        return "\n".join(f"{n}. {line}" for n, line in enumerate(lines, start=1))
    if len(lines) > 1:
        return "\n".join(f"- {line}" for line in lines)
    return "\n".join(lines)
