"""Client ids for actions, so a double click is stored once.

The session stores an action's `client_id` and answers a repeat with the event stored the first
time. A page keeps one `ClientIds` per browser session: the same action with the same parameters
submitted again within `window` seconds (a double click, a click while the page was still
running) reuses the first submit's id; anything else gets a fresh id: a uuid, or `fresh()` when
the caller gives one.

`draft_client_id` makes that fresh id from a draft token the browser keeps (the console's URL
carries it) and what is sent: after a server crash the browser sends the same draft and text again
under the same id, so a submit the crashed server did store is not stored twice. The page starts
a new draft once a submit has been answered.
"""

from __future__ import annotations

import hashlib
import json
import time
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

WINDOW = 3.0


@dataclass
class ClientIds:
    window: float = WINDOW
    clock: Callable[[], float] = time.monotonic
    _last: dict[str, tuple[str, float]] = field(default_factory=dict)

    def for_submit(
        self,
        actor: str,
        action: str,
        params: Mapping[str, Any] | None,
        fresh: Callable[[], str] | None = None,
    ) -> str:
        fingerprint = _fingerprint(actor, action, params)
        now = self.clock()
        earlier = self._last.get(fingerprint)
        if earlier is not None and now - earlier[1] <= self.window:
            return earlier[0]  # the window runs from the first submit
        client_id = fresh() if fresh is not None else uuid.uuid4().hex
        self._last = {k: v for k, v in self._last.items() if now - v[1] <= self.window}
        self._last[fingerprint] = (client_id, now)
        return client_id


def draft_client_id(draft: str, actor: str, action: str, params: Mapping[str, Any] | None) -> str:
    """The client id of sending `action` with `params` from the draft `draft` (32 hex digits)."""
    text = json.dumps([draft, _fingerprint(actor, action, params)])
    return hashlib.sha256(text.encode()).hexdigest()[:32]


def _fingerprint(actor: str, action: str, params: Mapping[str, Any] | None) -> str:
    return json.dumps([actor, action, dict(params or {})], sort_keys=True, default=str)
