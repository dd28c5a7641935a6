"""Where a studio scenario starts: a template, or a copy of a shipped scenario under a new id.

A copy changes only the `id:` line, so its diff against the origin starts with exactly that line
and then shows what the author changed.
"""

from __future__ import annotations

import difflib
import re

_ID_LINE = re.compile(r"^id:[ \t]*(\S[^#\n]*?)?[ \t]*(#.*)?$", re.MULTILINE)

TEMPLATE = """\
# A new scenario: a deploy leaks database connections until the pool is full.
# See docs/how-to/author-in-the-studio.md and docs/reference/scenario-format.md.
version: 1
id: my-scenario
title: "Checkout slows down after a deploy"
summary: >-
  A release leaks database connections; requests start to wait for the pool and fail.
difficulty: beginner
severity: SEV2
duration: 30m
tick: 1s

service:
  name: checkout-api
  replicas: 4
  workers_per_replica: 16
  service_time: 70ms
  traffic:
    baseline_rps: 200
  pool:
    size_per_replica: 20
    acquire_timeout: 2s
    queries_per_request: 4
  database:
    max_connections: 200
    query_time: 8ms
  memory: {baseline_mb: 1100, limit_mb: 2048}

faults:
  - id: leak
    type: connection_leak
    at: 3m
    leaked_per_1k_requests: 1
    deploy: {version: "2.0.0", by: "Dana", change: "Audit insert inside the order transaction"}
    root_cause: "The new release never returns a connection on one code path."
    fixed_by:
      - {action: rollback, params: {target: deploy}}
    mitigated_by: [restart_pods]

alerts:
  - alert: HighErrorRatio
    expr: "avg_over_time(error_ratio[5m]) > 0.05"
    for: 2m
    labels: {severity: critical}
    annotations:
      summary: "More than 5% of requests fail"

actions:
  - {action: rollback, delay: 3m}
  - {action: restart_pods, delay: 1m}
"""


def rename(text: str, new_id: str) -> str:
    """`text` with its top-level `id:` line set to `new_id` (a new `id:` line first when it has
    none)."""
    match = _ID_LINE.search(text)
    if match is None:
        return f"id: {new_id}\n{text}"
    return text[: match.start()] + f"id: {new_id}" + text[match.end() :]


def copy_text(text: str, origin_id: str) -> str:
    """A shipped scenario's text as a new library entry: `<origin>-copy`."""
    return rename(text, f"{origin_id}-copy")


def diff_text(origin: str, text: str, origin_name: str, name: str) -> str:
    """A unified diff from the origin to the current text (empty when they are equal)."""
    lines = difflib.unified_diff(
        origin.splitlines(keepends=True),
        text.splitlines(keepends=True),
        fromfile=origin_name,
        tofile=name,
    )
    return "".join(line if line.endswith("\n") else line + "\n" for line in lines)
