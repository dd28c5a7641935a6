"""What needs a person's attention on the pager: a new page, a re-page (the page escalated to the
next level) or a new escalation, as short messages for a toast; and a signature of the waiting
pages, so an old "acknowledge: accepted" banner is dropped once the pages it was about changed."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol


class Page(Protocol):
    """What is read of a page (a session's `PageView`, frozen: read-only properties)."""

    @property
    def id(self) -> str: ...

    @property
    def alert(self) -> str: ...

    @property
    def status(self) -> str: ...

    @property
    def level(self) -> int: ...


Signature = tuple[tuple[str, int], ...]


def waiting_signature(pages: Sequence[Page]) -> Signature:
    """(page id, escalation level) of every page still waiting for an acknowledgement."""
    return tuple(sorted((p.id, p.level) for p in pages if p.status == "triggered"))


def news(before: Signature | None, now: Signature, alerts: dict[str, str]) -> list[str]:
    """Toast texts for what is new in `now` against `before` (None: first look, nothing is new
    except what is waiting)."""
    seen = dict(before or ())
    out = []
    for page_id, level in now:
        alert = alerts.get(page_id, "an alert")
        if page_id not in seen:
            out.append(f"New page {page_id}: {alert}. Acknowledge it.")
        elif level > seen[page_id]:
            out.append(f"Page {page_id} escalated (level {level + 1}): {alert}. Acknowledge it.")
    return out
