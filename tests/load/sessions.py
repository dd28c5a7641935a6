"""Sessions for a load test: running, a given sim time in, with participants joined, in the store
the server reads. The scenario is a shipped one with its duration stretched (`duration: 4h`) so a
session can be measured hours in; the clock is skipped forward, and the server's engine catches up
on its first read."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode

from simulator.roles import PLAYER_ROLES
from simulator.session import SessionService, Store

ROOT = Path(__file__).resolve().parents[2]
SCENARIO = ROOT / "scenarios" / "pool-exhaustion.yaml"
LONG = "4h"


@dataclass(frozen=True)
class Seat:
    """One participant: the query string their console's URL carries."""

    session_id: str
    participant_id: str
    role: str

    @property
    def query(self) -> str:
        return urlencode({"session": self.session_id, "participant": self.participant_id})


def long_scenario_text(path: Path = SCENARIO, duration: str = LONG) -> str:
    text = path.read_text()
    stretched, count = re.subn(r"(?m)^duration: .*$", f"duration: {duration}", text, count=1)
    if count != 1:
        raise ValueError(f"{path}: no top-level `duration:` line to stretch")
    return stretched


def seats(
    store_url: str, participants: int, team_size: int, at_seconds: float, seed: int = 1
) -> list[Seat]:
    """Sessions of `team_size` participants (the last may be smaller), each started and skipped to
    `at_seconds` of sim time. Each player role is held by one person, as in a real session; the
    facilitator allows shadowing, so a second person per role joins as its shadow (the same
    console), and anyone beyond that joins as an observer."""
    service = SessionService(Store(store_url))
    text = long_scenario_text()
    found: list[Seat] = []
    while len(found) < participants:
        created = service.create_from_text(text, SCENARIO.name, seed=seed)
        service.start(created.session_id, created.facilitator_secret)
        if at_seconds > 0:
            service.skip(created.session_id, created.facilitator_secret, at_seconds)
        service.allow_shadowing(created.session_id, created.facilitator_secret)
        for k in range(min(team_size, participants - len(found))):
            role = PLAYER_ROLES[k % len(PLAYER_ROLES)] if k < 2 * len(PLAYER_ROLES) else "observer"
            joined = service.join(created.session_id, created.join_code, f"player {k + 1}", role)
            found.append(Seat(created.session_id, joined.id, role))
    service.store.close()
    return found
