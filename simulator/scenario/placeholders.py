"""Placeholders in inject and hint texts: `{name}` fields the narrator fills (python str.format
syntax, `{{` and `}}` for literal braces), checked so a typo is caught before a game day.

Investigation output lines (`extra_lines`, `output`) may also use live values, filled from the
model at the moment the command runs: `{now}` (the wall-clock time), `{t-5m}` / `{t+30s}` (that
long before or after), and `{metric:<name>}` or `{metric:<name>:<format>}` (a metric's latest
value, e.g. `{metric:pool_waiting:.0f}`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from simulator.durations import parse_duration
from simulator.metrics import METRIC_NAMES
from simulator.narrative import PLACEHOLDERS
from simulator.suggest import did_you_mean

TEXT_PLACEHOLDERS = PLACEHOLDERS  # what the narrator can fill
LIVE_PLACEHOLDERS: tuple[str, ...] = ("now", "t-<duration>", "t+<duration>", "metric:<name>")
_OFFSET = re.compile(r"^t([+-])(.+)$")


@dataclass(frozen=True)
class LiveField:
    """A parsed live placeholder: `now` and offsets are times, `metric` a metric's value."""

    kind: str  # "time" | "metric"
    offset: float = 0.0  # time: seconds from now (negative: before)
    metric: str = ""
    format: str = ""  # metric: python format spec (`.0f`); empty for the default


def live_field(field: str) -> LiveField | None:
    """Parse the text between braces as a live placeholder; None when it is not one (or bad)."""
    if field == "now":
        return LiveField("time")
    offset = _OFFSET.match(field)
    if offset:
        try:
            seconds = parse_duration(offset.group(2))
        except ValueError:
            return None
        return LiveField("time", -seconds if offset.group(1) == "-" else seconds)
    head, _, rest = field.partition(":")
    if head == "metric":
        name, _, spec = rest.partition(":")
        if name in METRIC_NAMES and _valid_spec(spec):
            return LiveField("metric", metric=name, format=spec)
    return None


def _valid_spec(spec: str) -> bool:
    try:
        format(1.5, spec)
    except ValueError:
        return False
    return True


@dataclass(frozen=True)
class Placeholder:
    """A problem with one `{...}` in a text: where, what, the bad text and a suggestion."""

    offset: int
    message: str
    got: str | None = None
    suggestion: str | None = None


def placeholder_problems(text: str, live: bool = False) -> list[Placeholder]:
    """Check `{name}`-style placeholders (python str.format; `{{` and `}}` are literal braces).

    `live`: the text is investigation output, where live placeholders are allowed too."""
    found: list[Placeholder] = []
    index = 0
    while index < len(text):
        char = text[index]
        if text.startswith(("{{", "}}"), index):
            index += 2
        elif char == "}":
            found.append(Placeholder(index, "single '}' (write '}}' for a literal brace)"))
            index += 1
        elif char == "{":
            close = text.find("}", index)
            if close < 0:
                found.append(Placeholder(index, "unclosed '{' (write '{{' for a literal brace)"))
                break
            found += _placeholder_name(text[index + 1 : close], index, live)
            index = close + 1
        else:
            index += 1
    return found


_NOT_LIVE = Placeholder(-1, "")  # "not a live placeholder at all" (as opposed to a bad one)


def _placeholder_name(field: str, offset: int, live: bool = False) -> list[Placeholder]:
    if field in TEXT_PLACEHOLDERS:
        return []
    if live:
        problem = _live_problem(field, offset)
        if problem is not _NOT_LIVE:
            return [problem] if problem is not None else []
    elif live_field(field) is not None:
        message = "live values are only for investigation output (commands' extra_lines, output)"
        return [Placeholder(offset, message, "{" + field + "}")]
    names = (*TEXT_PLACEHOLDERS, *LIVE_PLACEHOLDERS) if live else TEXT_PLACEHOLDERS
    suggestion = did_you_mean(field.split(":")[0].split("!")[0], names)
    message = "unknown placeholder"
    if suggestion is None:
        message += f" (placeholders: {', '.join(names)})"
    return [Placeholder(offset, message, "{" + field + "}", suggestion)]


def _live_problem(field: str, offset: int) -> Placeholder | None:
    """None for a good live placeholder, a problem for a bad one, `_NOT_LIVE` if not one at all."""
    if live_field(field) is not None:
        return None
    got = "{" + field + "}"
    if _OFFSET.match(field):
        return Placeholder(offset, "bad time offset (write {t-5m} or {t+30s})", got)
    head, _, rest = field.partition(":")
    if head != "metric":
        return _NOT_LIVE
    name, _, spec = rest.partition(":")
    if name not in METRIC_NAMES:
        return Placeholder(offset, "unknown metric", name, did_you_mean(name, METRIC_NAMES))
    return Placeholder(offset, "bad number format (write e.g. {metric:pool_waiting:.0f})", spec)
