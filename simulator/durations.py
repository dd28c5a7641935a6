"""Duration strings as SREs write them (`250ms`, `90s`, `5m`, `1h30m`) and back.

Time inside the engine and the journal is always float seconds; strings live only in YAML and on
screens.
"""

from __future__ import annotations

import re

_UNIT_SECONDS = {"ms": 0.001, "s": 1.0, "m": 60.0, "h": 3600.0, "d": 86400.0}
_PART = re.compile(r"(\d+(?:\.\d+)?)(ms|s|m|h|d)")
_WHOLE = re.compile(r"^(?:\d+(?:\.\d+)?(?:ms|s|m|h|d))+$")

DURATION_HINT = "a duration like '250ms', '90s', '5m' or '1h30m'"


def parse_duration(text: str) -> float:
    """Return the seconds in a duration string; raise ValueError naming the expected shape."""
    cleaned = text.strip()
    if not _WHOLE.match(cleaned):
        raise ValueError(f"expected {DURATION_HINT}")
    return sum(float(num) * _UNIT_SECONDS[unit] for num, unit in _PART.findall(cleaned))


def format_duration(seconds: float) -> str:
    """Render seconds as the shortest duration string (`90s` -> `1m30s`)."""
    if seconds < 1 and seconds != 0:
        return f"{round(seconds * 1000)}ms"
    whole = round(seconds)
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    parts = [f"{v}{u}" for v, u in ((hours, "h"), (minutes, "m"), (secs, "s")) if v]
    return "".join(parts) or "0s"


def format_clock(seconds: float) -> str:
    """Render sim time as `T+12:30` (or `T+1:02:03` past an hour)."""
    whole = max(0, int(seconds))
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"T+{hours}:{minutes:02d}:{secs:02d}"
    return f"T+{minutes:02d}:{secs:02d}"
