"""A scenario's own self-test: its `expect` block and every claim its faults make.

`gameday check` runs, for each seed: no response, the ideal scripted response, and the trials of
every `fixed_by`, `mitigated_by` and `harmful` claim (`claims.py`) at several times (`timing.py`).
Each expectation or trial becomes an `Outcome`; outcomes fold into one `Check` row per
expectation or claim (`results.py`), with every failure listed with its seed, time and numbers.
"""

from __future__ import annotations

from simulator.journal import lasting_impact_end as impact_end_time
from simulator.selftest.plan import derived_seeds, self_test
from simulator.selftest.results import Check, Outcome

__all__ = ["Check", "Outcome", "derived_seeds", "impact_end_time", "self_test"]
