"""What a screen reader announces on the incident console (issue 17), and the browser tab's
title.

A new page, a re-page (escalation of an unacknowledged page), an escalation by the IC and an
alert that starts firing are each announced exactly once: the console's one polite live region
holds the announcements of the latest journal time that has any, so its text changes only when a
new one arrives, never on a refresh. Countdowns and clocks are plain text, not live regions.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from simulator.durations import format_clock
from simulator.roles import role_short as role_name

Entry = dict[str, Any]
APP_NAME = "Game day"


@dataclass(frozen=True)
class Announcement:
    t: float
    text: str


def _page_triggered(e: Entry) -> str:
    return f"New page {e['page']}: {e['alert']}, paging {e.get('target', 'on-call')}."


def _page_escalated(e: Entry) -> str:
    return f"Re-page: {e['page']} ({e['alert']}) not acknowledged, now paging {e.get('target')}."


def _alert_firing(e: Entry) -> str:
    return f"Alert firing: {e['alert']} ({e.get('severity', 'no severity')})."


def _escalation(e: Entry) -> str | None:
    if e.get("action") != "escalate" or e.get("outcome") != "accepted":
        return None
    team = (e.get("params") or {}).get("team", "?")
    return f"Escalation: {role_name(e.get('role'))} paged {team}."


_TEXTS = {
    "page.triggered": _page_triggered,
    "page.escalated": _page_escalated,
    "alert.firing": _alert_firing,
    "action": _escalation,
}


def announcements(entries: Iterable[Entry]) -> list[Announcement]:
    """Every announcement in the (player-visible) journal, in order."""
    found = []
    for e in entries:
        make = _TEXTS.get(str(e.get("kind")))
        text = make(e) if make is not None else None
        if text:
            found.append(Announcement(float(e["t"]), text))
    return found


def latest(entries: Iterable[Entry]) -> str:
    """The live region's text: the announcements of the latest time that has any ('' before)."""
    found = announcements(entries)
    if not found:
        return ""
    last = found[-1].t
    return f"{format_clock(last)}: " + " ".join(a.text for a in found if a.t == last)


def document_title(page: str, waiting: Sequence[str] = ()) -> str:
    """The browser tab's title: `(1) Page P2 — Incident console` while pages wait for an
    acknowledgement, else `Incident console — Game day`."""
    if waiting:
        pages = ", ".join(waiting)
        return f"({len(waiting)}) Page {pages} — {page}"
    return f"{page} — {APP_NAME}"
