"""Placeholders in inject and hint texts: `{name}` fields the narrator fills (python str.format
syntax, `{{` and `}}` for literal braces), checked so a typo is caught before a game day."""

from __future__ import annotations

from dataclasses import dataclass

from simulator.narrative import PLACEHOLDERS
from simulator.scenario.suggest import did_you_mean

TEXT_PLACEHOLDERS = PLACEHOLDERS  # what the narrator can fill


@dataclass(frozen=True)
class Placeholder:
    """A problem with one `{...}` in a text: where, what, the bad text and a suggestion."""

    offset: int
    message: str
    got: str | None = None
    suggestion: str | None = None


def placeholder_problems(text: str) -> list[Placeholder]:
    """Check `{name}`-style placeholders (python str.format; `{{` and `}}` are literal braces)."""
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
            found += _placeholder_name(text[index + 1 : close], index)
            index = close + 1
        else:
            index += 1
    return found


def _placeholder_name(field: str, offset: int) -> list[Placeholder]:
    if field in TEXT_PLACEHOLDERS:
        return []
    suggestion = did_you_mean(field.split(":")[0].split("!")[0], TEXT_PLACEHOLDERS)
    message = "unknown placeholder"
    if suggestion is None:
        message += f" (placeholders: {', '.join(TEXT_PLACEHOLDERS)})"
    return [Placeholder(offset, message, "{" + field + "}", suggestion)]
