"""Markdown pieces the generated docs sections are made of (`gen_docs.py`)."""

from __future__ import annotations

from collections.abc import Sequence


def table(header: tuple[str, ...], rows: Sequence[tuple[str, ...]], align: str = "") -> str:
    """A Markdown table; `align` gives one of l/c per column (default left)."""
    rule = ["---" if (align[i : i + 1] or "l") == "l" else ":-:" for i in range(len(header))]
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join(rule) + "|"]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)


def code(value: object) -> str:
    return f"`{value}`"


def cell(text: str) -> str:
    """Text safe inside a table cell."""
    return text.replace("|", "\\|").replace("\n", " ")


def number(value: float) -> str:
    return f"{value:g}"


def sentence(text: str) -> str:
    text = text.strip()
    return text[:1].upper() + text[1:] + ("" if text.endswith(".") else ".")
