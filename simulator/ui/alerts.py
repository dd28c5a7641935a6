"""The alert list: each alert's latest state, from the player-visible journal."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Literal

STATE_ORDER = ("firing", "pending", "resolved", "inactive")
# The colours a badge can take (Streamlit's named palette).
Colour = Literal["red", "orange", "yellow", "blue", "green", "violet", "gray"]

STATE_COLOURS: dict[str, Colour] = {
    "firing": "red",
    "pending": "orange",
    "resolved": "green",
    "inactive": "gray",
}
SEVERITY_COLOURS: dict[str, Colour] = {
    "SEV1": "red",
    "SEV2": "orange",
    "SEV3": "yellow",
    "SEV4": "gray",
}
LABEL_COLOURS: dict[str, Colour] = {"critical": "red", "warning": "orange", "info": "blue"}


@dataclass(frozen=True)
class AlertView:
    """One alert rule as it stands: `state` is firing, pending, resolved or inactive."""

    name: str
    state: str
    severity: str
    summary: str
    runbook_url: str | None
    since: float
    fired_at: float | None  # the latest time it started firing
    runbook: str | None = None  # a runbook of the scenario, opened inside the console


def alert_views(entries: Iterable[dict[str, Any]]) -> list[AlertView]:
    """Every alert that has left `inactive` at least once, firing first, then pending, resolved
    and cleared; newest first within a state."""
    latest: dict[str, AlertView] = {}
    for e in entries:
        kind = e.get("kind", "")
        if not kind.startswith("alert."):
            continue
        state = kind.removeprefix("alert.")
        before = latest.get(e["alert"])
        fired = float(e["t"]) if state == "firing" else (before.fired_at if before else None)
        latest[e["alert"]] = AlertView(
            name=e["alert"],
            state=state,
            severity=str(e.get("severity") or ""),
            summary=str(e.get("summary") or ""),
            runbook_url=e.get("runbook_url"),
            since=float(e["t"]),
            fired_at=fired,
            runbook=e.get("runbook") or None,
        )
    return sorted(latest.values(), key=lambda a: (STATE_ORDER.index(a.state), -a.since))


def severity_colour(severity: str | None) -> Colour:
    return SEVERITY_COLOURS.get(str(severity), "gray")
