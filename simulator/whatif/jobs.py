"""A what-if run in the background, so a debrief opens at once and fills in when it is ready.

The runs of a 45-minute exercise take seconds (see docs/reference/what-if.md); a page must not
wait for them. `Job(journal).start()` runs them on a thread (`simulator.background`) that spreads
the engine runs over every core, and the page polls `Job.state()` for progress and the result.
The result is kept on disk (`cache.py`), so a server restart, another server process or
`gameday report` reuses it.
"""

from __future__ import annotations

from simulator.background import Background, JobState
from simulator.journal import Journal
from simulator.selftest.runs import default_jobs
from simulator.whatif.cache import cached_what_if
from simulator.whatif.counterfactuals import WhatIf

__all__ = ["Job", "JobState"]


class Job(Background[WhatIf]):
    """One what-if of one journal, started once; thread-safe."""

    def __init__(self, journal: Journal, jobs: int | None = None) -> None:
        workers = jobs or default_jobs()
        super().__init__(
            lambda progress: cached_what_if(journal, workers, progress),
            name="whatif",
            failed="the what-if runs failed",
        )
