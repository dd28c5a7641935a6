"""What if: the counterfactual "cost of delay" of a played run.

For each key action of an exercise (the acknowledgement, the declaration, the first fix, each
stop-gap, each harmful action) the engine re-runs the exercise from the same seed with that action
moved to when its evidence first existed, moved later, or removed, and measures what customers
would have seen: failed requests, orders, SLO breach, impact time. The same runs give the best
possible response the scenario claims and no response at all, so the team's result has a scale.
The engine is deterministic, so every figure is a plain `gameday simulate` of an edited action
file. Results are kept on disk by journal hash (`cached_what_if`), so the debrief and the report
compute a session's runs once; `report_data` turns one into the report's "What if" section.
See docs/reference/what-if.md.
"""

from simulator.whatif.cache import cache_dir, cached_what_if, stored_what_if
from simulator.whatif.costs import Cost
from simulator.whatif.counterfactuals import Plan, WhatIf, plan, what_if
from simulator.whatif.findings import Finding
from simulator.whatif.jobs import Job, JobState
from simulator.whatif.report import report_data
from simulator.whatif.runner import Progress

__all__ = [
    "Cost",
    "Finding",
    "Job",
    "JobState",
    "Plan",
    "Progress",
    "WhatIf",
    "cache_dir",
    "cached_what_if",
    "plan",
    "report_data",
    "stored_what_if",
    "what_if",
]
