"""Fill a scenario's investigation lines: the narrator's placeholders (`{host}`, `{pod}`) and
live ones from the model at the moment asked (`{now}`, `{t-5m}`, `{metric:pool_waiting:.0f}`).

The scenario validator has rejected every other placeholder; a line that still fails to format
is shown as written rather than raising.
"""

from __future__ import annotations

from string import Formatter
from typing import TYPE_CHECKING

from simulator.engine.investigation.common import clock_time, number
from simulator.scenario.placeholders import live_field

if TYPE_CHECKING:
    from simulator.engine.core import Engine

_FORMATTER = Formatter()


def fill_lines(engine: Engine, lines: list[str]) -> list[str]:
    """Every line filled; narrator values are shared within one command's output."""
    values = engine.narrator.values()
    return [_fill(engine, line, values) for line in lines]


def _fill(engine: Engine, text: str, values: dict[str, str]) -> str:
    try:
        parts = []
        for literal, field, spec, conversion in _FORMATTER.parse(text):
            parts.append(literal)
            if field is not None:
                parts.append(_value(engine, field, spec or "", conversion, values))
        return "".join(parts)
    except (KeyError, IndexError, ValueError):
        return text


def _value(
    engine: Engine, field: str, spec: str, conversion: str | None, values: dict[str, str]
) -> str:
    live = live_field(f"{field}:{spec}" if spec else field)
    if live is None:
        value = values[field]
        return format(_FORMATTER.convert_field(value, conversion), spec)
    if live.kind == "time":
        return clock_time(engine, max(0.0, engine.env.now + live.offset))
    reading = engine.metric(live.metric)
    return format(reading, live.format) if live.format else number(reading)
