"""A what-if as the after-action report shows it (`simulator.report.WhatIfData`): the sentences
and, per key action, the failed requests of each variant beside the played run's."""

from __future__ import annotations

from simulator.durations import format_clock
from simulator.report import WhatIfBar, WhatIfData
from simulator.whatif.counterfactuals import WhatIf
from simulator.whatif.findings import Finding

KEY_TITLES = {
    "acknowledge": "acknowledge",
    "declare": "declare",
    "fix": "fix",
    "stop_gap": "stop-gap",
    "harmful": "harmful",
}


def report_data(result: WhatIf) -> WhatIfData:
    return WhatIfData(
        sentences=tuple(f.sentence for f in result.findings),
        bars=_bars(result),
        best=None if result.best is None else result.best.failed_requests,
        played=result.played.failed_requests,
        no_response=result.no_response.failed_requests,
        standing=result.standing,
        runs=result.runs,
    )


def _bars(result: WhatIf) -> tuple[WhatIfBar, ...]:
    """One bar group per key action (a key action's findings share its key, action and time)."""
    groups: dict[tuple[str, str, float], dict[str, Finding]] = {}
    for f in result.findings:
        groups.setdefault((f.key, f.action, f.taken_at), {})[f.change] = f
    actual = result.played.failed_requests
    return tuple(
        WhatIfBar(
            label=f"{KEY_TITLES.get(key, key)}: {action} at {format_clock(at)}",
            earlier=_failed(changes.get("earlier")),
            actual=actual,
            later=_failed(changes.get("later")),
            removed=_failed(changes.get("removed")),
        )
        for (key, action, at), changes in groups.items()
    )


def _failed(found: Finding | None) -> float | None:
    return None if found is None else found.cost.failed_requests
