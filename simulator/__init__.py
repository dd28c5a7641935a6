"""The game-day simulator: scenarios, the engine, sessions, scoring and reports.

The pages (`app.py`, `app_pages/`) talk to this package only through the modules listed in
`PUBLIC_API`; each is a facade whose `__all__` says what it offers. A name ending in `.*` makes
the package's submodules public too (`simulator.ui` is the view layer written for the pages).
`tests/test_architecture.py` enforces the list, so a page that needs something internal gets it
re-exported from a facade rather than reaching past it.
"""

from __future__ import annotations

PUBLIC_API: tuple[str, ...] = (
    "simulator.actions",
    "simulator.calibration",
    "simulator.cohorts",
    "simulator.durations",
    "simulator.errors",
    "simulator.integrations",
    "simulator.journal",
    "simulator.library",
    "simulator.metrics",
    "simulator.replay",
    "simulator.report",
    "simulator.roles",
    "simulator.scenario",
    "simulator.scoring",
    "simulator.selftest",
    "simulator.session",
    "simulator.studio",
    "simulator.tabletop",
    "simulator.ui.*",
    "simulator.whatif",
)

__all__ = ["PUBLIC_API"]
