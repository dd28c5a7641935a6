"""The garbage collector's settings for a serving process (issue 13).

A server process holds a large, long-lived heap (Streamlit, pandas, Altair, the engine, every
session's Run) and allocates fast (each console's run builds its elements, each refresh its
protobuf messages). With Python's default thresholds (700, 10, 10), 60 participants on one
process caused about 30 young collections a second and a full one every 5-6 s, each full one
walking some 330,000 objects for about 130 ms while holding the interpreter lock: the event loop
sends nothing meanwhile. `make loadtest`, 60 participants on one process, three interleaved
pairs of runs, the time in collections measured with `gc.callbacks` over each run (about 24 s of
the server's CPU):

| collector | time in collections | full collections | CPU per participant-second | refresh p99 |
|---|---|---|---|---|
| Python's defaults | 1.20-1.24 s | 6 (760-800 ms) | 7.3-7.9 ms | 1.14-1.46 s |
| `tune()` | 0.44-0.46 s | 0 | 6.8-7.4 ms | 1.14-1.22 s |

The CPU per participant-second moves within its noise; what is gone is about 3% of the server's
CPU and the 130 ms pauses.

`tune()`, called by `app.py` at the process's first page run, collects once, then moves every
object that exists at that moment (the imported modules, Streamlit's runtime: what lives as long
as the process) out of the collector's sight with `gc.freeze()`, and raises the young
generation's threshold, so that fewer, larger young collections run and fewer short-lived objects
live long enough to be promoted. Reference counting still frees all acyclic garbage at once;
only cycles wait a little longer. The first run's own objects are frozen too: should they form
cycles that die later, that is one run's worth of memory kept, once per process.

`gameday serve` asks for it (`GAMEDAY_GC=serving` in its workers' environment; set
`GAMEDAY_GC=python` to keep Python's defaults). Other processes that import the app (the AppTest
suite in pytest) keep Python's defaults.
"""

from __future__ import annotations

import gc
import os

ENV = "GAMEDAY_GC"  # set by `gameday serve` for its workers (simulator/cli/serve.py: GC_ENV)
SERVING = "serving"
THRESHOLDS = (20_000, 10, 10)
_tuned: list[bool] = []  # once per process


def tune() -> bool:
    """Set the serving process's collector up (once per process, when `GAMEDAY_GC` asks for
    it); whether it did now."""
    if _tuned or os.environ.get(ENV) != SERVING:
        return False
    _tuned.append(True)
    gc.collect()
    gc.freeze()
    gc.set_threshold(*THRESHOLDS)
    return True
