"""What anyone may read about a scenario before playing it: the public catalogue card.

The catalogue (Start page, Scenario library) is open to visitors and to a participant in a second
tab, so a card is built from the scenario's public fields only: title, the players' `briefing`,
tags, difficulty, duration and team size. The facilitator's `summary`, the severity a team is
scored against, faults, fixes, hints and notes are never read here, so they cannot reach a page
that draws a card. A scenario without a briefing gets a neutral line derived from its service.
"""

from __future__ import annotations

from dataclasses import dataclass

from simulator.durations import format_duration
from simulator.scenario import Scenario

DEFAULT_PLAYERS = (1, 5)


@dataclass(frozen=True)
class CatalogueCard:
    id: str
    title: str
    briefing: str
    on_call: tuple[str, ...]
    tags: tuple[str, ...]
    difficulty: str
    duration: str
    players: tuple[int, int]
    measured: str | None = None  # the difficulty `gameday calibrate` measured, when known

    @property
    def team_size(self) -> str:
        fewest, most = self.players
        return f"{fewest} player" if fewest == most == 1 else f"{fewest}-{most} players"

    def row(self) -> dict[str, str]:
        """One row of the catalogue table (the tags are on the card)."""
        return {
            "id": self.id,
            "title": self.title,
            "difficulty": self.difficulty,
            "duration": self.duration,
            "team size": self.team_size,
        }


def neutral_line(scenario: Scenario) -> str:
    """The stand-in for a missing briefing: the service and its size, nothing about the fault."""
    replicas = scenario.service.replicas
    pods = "1 replica" if replicas == 1 else f"{replicas} replicas"
    return (
        f"You are on call for {scenario.service.name} ({pods} in production). "
        "What is going on, you find out when the exercise starts."
    )


def card(scenario: Scenario, measured: str | None = None) -> CatalogueCard:
    """The public card of `scenario` (`measured`: its calibrated difficulty grade)."""
    briefing = scenario.briefing
    players = tuple(briefing.players) if briefing else DEFAULT_PLAYERS
    return CatalogueCard(
        id=scenario.id,
        title=scenario.title,
        briefing=" ".join(briefing.text.split()) if briefing else neutral_line(scenario),
        on_call=tuple(briefing.on_call) if briefing else (),
        tags=tuple(scenario.tags),
        difficulty=scenario.difficulty,
        duration=format_duration(scenario.duration),
        players=(int(players[0]), int(players[1])),
        measured=measured,
    )
