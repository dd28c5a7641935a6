"""The stored scenario library: scenarios authored in the studio (or imported from a file), kept
in the session store per workspace, versioned. `store.py` holds the tables and the API."""

from __future__ import annotations

from simulator.library.store import (
    DEFAULT_WORKSPACE,
    LibraryError,
    Origin,
    Pin,
    ScenarioLibrary,
    StoredScenario,
    check_workspace,
)

__all__ = [
    "DEFAULT_WORKSPACE",
    "LibraryError",
    "Origin",
    "Pin",
    "ScenarioLibrary",
    "StoredScenario",
    "check_workspace",
]
