"""Building blocks of the scenario models: the frozen base model and the shared field types
(durations, ratios, identifiers, the action, role and severity names)."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, WithJsonSchema

from simulator.actions import ACTION_NAMES, SEVERITIES
from simulator.durations import DURATION_HINT, parse_duration
from simulator.roles import ROLES


def _to_seconds(value: Any) -> Any:
    """Accept duration strings only (`90s`, `5m`); 0 is allowed as a plain number."""
    if isinstance(value, str):
        return parse_duration(value)
    if isinstance(value, bool) or not (isinstance(value, int | float) and value == 0):
        raise ValueError(f"expected {DURATION_HINT}")
    return 0.0


Duration = Annotated[
    float,
    BeforeValidator(_to_seconds),
    WithJsonSchema(
        {
            "type": "string",
            "pattern": r"^(\d+(\.\d+)?(ms|s|m|h|d))+$",
            "description": "a duration such as 250ms, 90s, 5m or 1h30m",
        }
    ),
]
Ratio = Annotated[float, Field(ge=0.0, le=1.0)]
PositiveInt = Annotated[int, Field(ge=1)]
Identifier = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9_.-]*$", max_length=64)]
ActionName = Literal[ACTION_NAMES]  # type: ignore[valid-type]
Role = Literal[ROLES]  # type: ignore[valid-type]
Severity = Literal[SEVERITIES]  # type: ignore[valid-type]
ParamValue = str | bool | int | float


class Model(BaseModel):
    """Base: unknown keys are errors, instances are frozen after validation."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)
