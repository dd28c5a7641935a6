"""Forwarding a live session to the team's real tools (DESIGN section 12): its alerts to a real
Alertmanager (v2 API, labelled as a drill) and its pages, injects and status updates to a plain
outgoing webhook (Slack-compatible or generic JSON). Off by default; a facilitator turns it on per
session. Deliveries run in the `gameday serve` process's forwarder thread, never in a page
request, and failures are retried with backoff and reported to the facilitator.

- `settings`: the per-session settings and their validation.
- `payloads`: what is sent (Alertmanager alerts, webhook messages) from journal entries.
- `delivery`: one target's HTTP POST with retry and backoff state.
- `forwarder`: the loop that reads live sessions and delivers.
"""

from __future__ import annotations

from simulator.integrations.settings import WEBHOOK_FORMATS, IntegrationError, make_integrations

__all__ = ["WEBHOOK_FORMATS", "IntegrationError", "make_integrations"]
