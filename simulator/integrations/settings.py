"""A session's integration settings, as the facilitator sets them (stored as an event)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from simulator.errors import GamedayError, format_got

WEBHOOK_FORMATS: tuple[str, ...] = ("slack", "json")
MAX_URL = 2000


class IntegrationError(GamedayError):
    """Integration settings are invalid (a URL that is not http(s), an unknown format)."""


@dataclass(frozen=True)
class Integrations:
    """Where a session's alerts and messages go; None means off."""

    alertmanager_url: str | None = None
    webhook_url: str | None = None
    webhook_format: str = "slack"

    @property
    def enabled(self) -> bool:
        return bool(self.alertmanager_url or self.webhook_url)

    def to_payload(self) -> dict[str, Any]:
        return {
            "alertmanager_url": self.alertmanager_url,
            "webhook_url": self.webhook_url,
            "webhook_format": self.webhook_format,
        }

    @classmethod
    def from_payload(cls, payload: dict[str, Any]) -> Integrations:
        return cls(
            payload.get("alertmanager_url"),
            payload.get("webhook_url"),
            payload.get("webhook_format") or "slack",
        )


def make_integrations(
    alertmanager_url: str | None = None,
    webhook_url: str | None = None,
    webhook_format: str = "slack",
) -> Integrations:
    """Validated settings; blank URLs mean off. IntegrationError names the bad field."""
    if webhook_format not in WEBHOOK_FORMATS:
        raise IntegrationError(
            f"webhook_format: expected one of {', '.join(WEBHOOK_FORMATS)} "
            f"(got {format_got(webhook_format)})"
        )
    return Integrations(
        _url("alertmanager_url", alertmanager_url),
        _url("webhook_url", webhook_url),
        webhook_format,
    )


def _url(field: str, value: str | None) -> str | None:
    if value is None or not str(value).strip():
        return None
    text = str(value).strip()
    parts = urlsplit(text)
    if len(text) > MAX_URL or parts.scheme not in ("http", "https") or not parts.netloc:
        raise IntegrationError(
            f"{field}: expected an http:// or https:// URL such as "
            f"'http://alertmanager:9093' (got {format_got(text)})"
        )
    return text
