"""The key actions of a played run and when the evidence for each first existed.

- `acknowledge`: the first acknowledge; evidence: the first page.
- `declare`: the first declare; evidence: the acknowledgement (else the first page).
- `fix`: the first action a fault's `fixed_by` names; evidence: the team's first clue, the first
  command it ran (not a red herring) while that fault was active, else the first page.
- `stop_gap`: each action a `mitigated_by` names; evidence: the first page.
- `harmful`: each action a `harmful` names; removed, not moved.

Acknowledging and declaring change nothing in the system by themselves; what they gate is the
response that follows, so their counterfactuals move everything after them by the same amount.
"""

from __future__ import annotations

from dataclasses import dataclass

from simulator.journal import Journal
from simulator.scenario.schema import Scenario
from simulator.whatif.played import Played, PlayedAction

CHAINED = frozenset({"acknowledge", "declare"})
"""Keys whose counterfactual moves every later action with them."""


@dataclass(frozen=True)
class KeyAction:
    key: str
    action: PlayedAction
    evidence_at: float | None
    """When the evidence for it first existed; None when nothing earlier is defensible."""
    evidence: str
    """What that evidence was, for the sentence: "the first page", "db-activity first showed it"."""


def key_actions(played: Played, journal: Journal) -> tuple[KeyAction, ...]:
    scenario = played.loaded.scenario
    page = played.detected_at
    found: list[KeyAction] = []
    ack = _first(played, "acknowledge")
    if ack is not None:
        found.append(KeyAction("acknowledge", ack, page, "the first page arrived"))
    declare = _first(played, "declare")
    if declare is not None:
        at, said = (
            (ack.at, "the page was acknowledged") if ack else (page, "the first page arrived")
        )
        found.append(KeyAction("declare", declare, at, said))
    fix = next((a for a in played.actions if _claimed(scenario, a, "fixed_by")), None)
    if fix is not None:
        found.append(_fix(scenario, journal, fix, page))
    for action in played.actions:
        if action is not fix and _claimed(scenario, action, "mitigated_by"):
            found.append(KeyAction("stop_gap", action, page, "the first page arrived"))
        if _claimed(scenario, action, "harmful"):
            found.append(KeyAction("harmful", action, None, ""))
    return tuple(found)


def _first(played: Played, name: str) -> PlayedAction | None:
    return next((a for a in played.actions if a.step.action == name), None)


def _claimed(scenario: Scenario, action: PlayedAction, claim: str) -> bool:
    step = action.step
    params = dict(step.params)
    return any(
        ref.matches(step.action, params) for f in scenario.faults for ref in getattr(f, claim)
    )


def _fix(scenario: Scenario, journal: Journal, fix: PlayedAction, page: float | None) -> KeyAction:
    """The fix's evidence: the team's first clue about a fault the fix acts on."""
    step = fix.step
    faults = {
        f.id
        for f in scenario.faults
        if any(ref.matches(step.action, dict(step.params)) for ref in f.fixed_by)
    }
    active = _active_windows(journal, faults)
    herrings = {c.name for c in scenario.commands if c.red_herring}
    for entry in journal.of_kind("investigation"):
        t = float(entry["t"])
        if t >= fix.at:
            break
        if entry.get("command") not in herrings and any(s <= t < e for s, e in active):
            return KeyAction("fix", fix, t, f"{entry['command']} gave the first clue")
    return KeyAction("fix", fix, page, "the first page arrived")


def _active_windows(journal: Journal, faults: set[str]) -> list[tuple[float, float]]:
    starts: dict[str, float] = {}
    windows: list[tuple[float, float]] = []
    for entry in journal.of_kind("fault.start", "fault.end"):
        fault = entry.get("fault")
        if fault not in faults:
            continue
        if entry["kind"] == "fault.start":
            starts[fault] = float(entry["t"])
        elif fault in starts:
            windows.append((starts.pop(fault), float(entry["t"])))
    windows.extend((start, float("inf")) for start in starts.values())
    return windows
