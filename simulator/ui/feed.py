"""The message feed: stakeholder injects by channel and the hints the facilitator released,
newest first. An inject's `noise` flag (a red herring) is never carried into the view."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

HINT_CHANNEL = "hint"
CHANNEL_TITLES = {
    "chat": "Chat",
    "email": "Email",
    "phone": "Phone",
    "ticket": "Ticket",
    "customer_escalation": "Customer escalation",
    "status_page_comment": "Status page comment",
    HINT_CHANNEL: "Facilitator hint",
}
CHANNEL_ICONS = {
    "chat": ":material/chat:",
    "email": ":material/mail:",
    "phone": ":material/call:",
    "ticket": ":material/confirmation_number:",
    "customer_escalation": ":material/priority_high:",
    "status_page_comment": ":material/public:",
    HINT_CHANNEL: ":material/lightbulb:",
}


@dataclass(frozen=True)
class Message:
    t: float
    channel: str
    sender: str
    subject: str | None
    text: str
    id: str | None = None  # the inject's id (what a reply names); None for a hint


def messages(entries: Iterable[dict[str, Any]], channel: str | None = None) -> list[Message]:
    """Injects and released hints, newest first; only `channel` when given."""
    found: list[Message] = []
    for e in entries:
        if e.get("kind") == "inject":
            found.append(
                Message(
                    float(e["t"]),
                    str(e.get("channel") or "chat"),
                    str(e.get("sender") or ""),
                    e.get("subject") or None,
                    str(e.get("text") or ""),
                    str(e["id"]) if e.get("id") else None,
                )
            )
        elif e.get("kind") == "hint":
            found.append(
                Message(float(e["t"]), HINT_CHANNEL, "Facilitator", None, str(e.get("text") or ""))
            )
    if channel:
        found = [m for m in found if m.channel == channel]
    found.reverse()  # the journal is in time order
    return found


def replies(entries: Iterable[dict[str, Any]]) -> dict[str, list[tuple[float, str]]]:
    """Accepted replies by the message they answer: (time, text), oldest first."""
    found: dict[str, list[tuple[float, str]]] = {}
    for e in entries:
        if e.get("kind") != "action" or e.get("action") != "reply":
            continue
        if e.get("outcome") == "accepted":
            params = e.get("params") or {}
            found.setdefault(str(params.get("to")), []).append(
                (float(e["t"]), str(params.get("text") or ""))
            )
    return found


def answerable(found: list[Message]) -> list[Message]:
    """The messages one can reply to (stakeholder messages, not hints), newest first."""
    return [m for m in found if m.id is not None and m.channel != HINT_CHANNEL]


def channel_title(channel: str) -> str:
    return CHANNEL_TITLES.get(channel, channel.replace("_", " ").capitalize())
