"""One delivery target (Alertmanager or a webhook): HTTP POST with a short timeout, and its retry
state: after a failure the next attempt waits 2, 4, 8 ... seconds, at most MAX_BACKOFF."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

TIMEOUT = 5.0  # seconds one POST may take; the forwarder thread waits, nobody else does
MAX_BACKOFF = 60.0
USER_AGENT = "gameday-simulator (drill forwarder)"

Poster = Callable[[str, Any], None]


class DeliveryError(Exception):
    """A POST failed: connection refused, timeout, or an HTTP error status."""


def post_json(url: str, body: Any) -> None:
    """POST `body` as JSON; DeliveryError with a one-line reason on any failure."""
    data = json.dumps(body).encode("utf-8")
    request = urllib.request.Request(
        url,
        data=data,
        method="POST",
        headers={"Content-Type": "application/json", "User-Agent": USER_AGENT},
    )
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT) as response:
            response.read()
    except urllib.error.HTTPError as exc:
        raise DeliveryError(f"HTTP {exc.code} {exc.reason} from {url}") from None
    except urllib.error.URLError as exc:
        raise DeliveryError(f"cannot reach {url}: {exc.reason}") from None
    except (OSError, ValueError) as exc:
        raise DeliveryError(f"cannot reach {url}: {exc}") from None


def backoff(failures: int) -> float:
    """Seconds to wait before the next attempt after `failures` failures in a row."""
    return 0.0 if failures <= 0 else min(MAX_BACKOFF, 2.0**failures)


@dataclass
class Target:
    """A destination and how delivering to it has gone."""

    name: str  # "alertmanager" or "webhook"
    url: str
    failures: int = 0
    next_attempt: float = 0.0
    last_error: str | None = None
    delivered: int = 0

    def due(self, now: float) -> bool:
        return now >= self.next_attempt

    def attempt(self, post: Poster, body: Any, now: float) -> bool:
        """Try one POST; True when it went through. Failures schedule the next try."""
        try:
            post(self.url, body)
        except DeliveryError as exc:
            self.failures += 1
            self.last_error = str(exc)
            self.next_attempt = now + backoff(self.failures)
            return False
        self.failures, self.last_error, self.next_attempt = 0, None, now
        self.delivered += 1
        return True

    def report(self) -> dict[str, Any]:
        """What the facilitator is shown (stored as a `delivery` event when it changes)."""
        return {
            "target": self.name,
            "url": self.url,
            "ok": self.failures == 0,
            "failures": self.failures,
            "error": self.last_error,
            "retry_in": backoff(self.failures),
        }
