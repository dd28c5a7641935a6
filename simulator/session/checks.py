"""Checking what people type before it is stored: names, texts, action parameters, and whether
the session lets an action through to the engine at all."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from simulator.actions import ACTION_NAMES, ACTIONS, param_problem_text
from simulator.errors import format_got
from simulator.session.clock import MAX_SPEED, MIN_SPEED, ClockReading
from simulator.session.errors import SessionError
from simulator.session.roles import acting_role
from simulator.suggest import did_you_mean_text

MAX_NAME = 60
MAX_TEXT = 4000
MAX_CLIENT_ID = 200
MAX_PARAMS_CHARS = 8000
MAX_SEED = 2**63 - 1


def check_settings(seed: object, speed: object) -> None:
    """A new session's seed and speed, or a SessionError saying what was expected."""
    if isinstance(seed, bool) or not isinstance(seed, int) or not 0 <= seed <= MAX_SEED:
        raise SessionError(f"seed: expected a whole number from 0 to {MAX_SEED} (got {seed})")
    if not isinstance(speed, int | float) or not MIN_SPEED <= speed <= MAX_SPEED:
        raise SessionError(
            f"speed: expected {MIN_SPEED:g} to {MAX_SPEED:g} (got {format_got(speed)})"
        )


def clean_text(value: object, what: str, limit: int = MAX_TEXT) -> str:
    if not isinstance(value, str) or not value.strip():
        raise SessionError(f"{what}: expected non-empty text (got {format_got(value)})")
    text = value.strip()
    if len(text) > limit:
        raise SessionError(f"{what}: at most {limit} characters (got {len(text)})")
    if any(ord(ch) < 32 and ch not in "\n\t" for ch in text):
        raise SessionError(f"{what}: control characters are not allowed")
    return text


def clean_params(params: object) -> tuple[dict[str, Any], str | None]:
    """(params as plain JSON data, problem or None). Parameters are stored as JSON and the live
    engine gets exactly what a replay will decode, so both see the same values."""
    if params is None:
        return {}, None
    if not isinstance(params, Mapping):
        return {}, f"parameters must be a JSON object (got {format_got(params)})"
    try:
        text = json.dumps(dict(params), allow_nan=False, ensure_ascii=False)
    except (TypeError, ValueError):
        return {}, "parameters must be plain JSON values (text, numbers, true/false)"
    if len(text) > MAX_PARAMS_CHARS:
        return {}, f"parameters are too large ({len(text)} characters; at most {MAX_PARAMS_CHARS})"
    return json.loads(text), None


PAUSED_REASON = (
    "the exercise is paused: actions are refused until the facilitator resumes the clock "
    "(nothing was done; take it again after the resume)"
)
ALLOWED_WHILE_PAUSED = frozenset({"timeline_note"})
"""Record keeping, not a move in the game: a pause is when a team talks things through, and the
scribe catches the timeline up then (the note is stamped at the paused clock's time)."""


APPLIED_AT_A_STEP = frozenset({*ALLOWED_WHILE_PAUSED, "transfer_command"})
"""Step mode applies these at once: record keeping, and handing over command (who holds a role
is the session's, not the model's)."""


def is_decision(action: str, reading: ClockReading) -> bool:
    """In step mode, a move taken while the clock waits at a step is a decision: recorded now,
    applied when the facilitator advances (at this step's time)."""
    return reading.step and reading.state == "paused" and action not in APPLIED_AT_A_STEP


def action_refusal(
    action: object,
    held: tuple[str, ...],
    wanted: str | None,
    params: dict[str, Any],
    params_problem: str | None,
    reading: ClockReading,
) -> tuple[str, str | None]:
    """(role the action is taken in, why the session refuses it or None)."""
    if not isinstance(action, str) or action not in ACTIONS:
        return wanted or held[0], f"unknown action {format_got(action)}" + did_you_mean_text(
            action, ACTION_NAMES
        )
    role, reason = acting_role(held, action, wanted)
    if reason is not None:
        return role, reason
    if reading.state == "lobby":
        return role, "the session has not started"
    if reading.state == "ended":
        return role, "the session has ended"
    if reading.state == "paused" and not reading.step and action not in ALLOWED_WHILE_PAUSED:
        return role, PAUSED_REASON
    if params_problem is not None:
        return role, params_problem
    return role, param_problem_text(action, params)


def check_client_id(client_id: object) -> None:
    """A client id (idempotency key) is None or a short non-blank string."""
    if client_id is not None and (
        not isinstance(client_id, str) or not client_id.strip() or len(client_id) > MAX_CLIENT_ID
    ):
        raise SessionError(
            f"client id: expected 1 to {MAX_CLIENT_ID} characters (got {format_got(client_id)})"
        )
