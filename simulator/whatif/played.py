"""A played run as the counterfactuals see it: the scenario, the seed, the system-facing actions
the players took (as engine steps, at their stamped times) and when the incident was detected.

Everything comes from the journal alone (its header embeds the scenario text and the seed), so a
what-if works on a stored session, an exported journal or a `gameday simulate` run alike.
"""

from __future__ import annotations

from dataclasses import dataclass

from simulator.errors import JournalError
from simulator.journal import Journal, first_time, scenario_end
from simulator.scenario import LoadedScenario, load_scenario_text
from simulator.selftest.runs import Step


@dataclass(frozen=True)
class PlayedAction:
    """An accepted player action: its journal id, time and the engine step that replays it."""

    id: str
    step: Step

    @property
    def at(self) -> float:
        return self.step.at


@dataclass(frozen=True)
class Played:
    loaded: LoadedScenario
    seed: int
    actions: tuple[PlayedAction, ...]
    detected_at: float | None
    """The first page (else the first firing alert); None when nothing ever fired."""
    end: float
    """The scenario's end in this run: its duration, or later when the facilitator extended it
    (every counterfactual runs as long as the played run)."""

    @property
    def steps(self) -> tuple[Step, ...]:
        return tuple(a.step for a in self.actions)

    @property
    def extended_to(self) -> float | None:
        """The end to run each counterfactual to (`RunSpec.end`); None when not extended."""
        return self.end if self.end > self.loaded.scenario.duration else None


def played_from(journal: Journal) -> Played:
    """The played run behind `journal`; a journal without its scenario or seed is refused."""
    header = journal.header
    embedded = header.get("scenario")
    seed = header.get("seed")
    if not isinstance(embedded, dict) or not isinstance(embedded.get("text"), str):
        raise JournalError("journal header: no embedded scenario text ('scenario.text')")
    if isinstance(seed, bool) or not isinstance(seed, int):
        raise JournalError(f"journal header: seed: expected a whole number (got {seed!r})")
    loaded = load_scenario_text(embedded["text"], str(embedded.get("file") or "<journal>"))
    actions = tuple(
        PlayedAction(
            str(e["id"]),
            Step(float(e["t"]), str(e["role"]), str(e["action"]), _params(e["params"])),
        )
        for e in journal.of_kind("action")
        if e.get("outcome") == "accepted"
    )
    detected = first_time(journal, "page.triggered")
    if detected is None:
        detected = first_time(journal, "alert.firing")
    return Played(loaded, seed, actions, detected, scenario_end(journal, loaded.scenario.duration))


def _params(params: object) -> tuple[tuple[str, str | int | float | bool], ...]:
    if not isinstance(params, dict):
        return ()
    return tuple(sorted(params.items()))
