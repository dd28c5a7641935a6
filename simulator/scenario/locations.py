"""Where each value of a loaded YAML file was written, so problems can point at line and column.

The loader records one `NodeLocation` per path it builds. A path is a tuple of mapping keys and list
indexes as written in the file, e.g. `("faults", 0, "fixed_by", 1, "action")`; its text form is
`faults[0].fixed_by[1].action` (`format_path`). Keys are YAML names (`for`, never `for_`).

Lookups fall back to the nearest recorded ancestor: a path that exists only after validation (the
`action` of a `rollback` shorthand, a default) points at the closest thing the author wrote.
"""

from __future__ import annotations

from dataclasses import dataclass

Path = tuple[str | int, ...]


@dataclass(frozen=True)
class Mark:
    """A 1-based line and column in the source text."""

    line: int
    column: int


@dataclass(frozen=True)
class NodeLocation:
    """Where a value's key and the value itself start; `style` is the YAML scalar style
    (None for plain scalars and collections, `'`, `"`, `|` or `>`)."""

    key: Mark | None
    value: Mark
    style: str | None = None


def format_path(path: Path) -> str:
    """`("faults", 0, "fixed_by")` -> `faults[0].fixed_by`."""
    text = ""
    for part in path:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else str(part)
    return text


class Locations:
    """The location map of one loaded file: path -> NodeLocation, plus the source lines."""

    def __init__(self, entries: dict[Path, NodeLocation], text: str) -> None:
        self._entries = entries
        self._lines = text.splitlines()

    def __contains__(self, path: Path) -> bool:
        return path in self._entries

    def get(self, path: Path) -> NodeLocation:
        """The location of `path`, or of its nearest recorded ancestor (1:1 if none)."""
        for end in range(len(path), -1, -1):
            found = self._entries.get(path[:end])
            if found is not None:
                return found
        return NodeLocation(None, Mark(1, 1))

    def value(self, path: Path) -> Mark:
        """Where the value at `path` starts: for bad values."""
        return self.get(path).value

    def key(self, path: Path) -> Mark:
        """Where the key of `path` is written (its value for list items): for unknown keys."""
        location = self.get(path)
        return location.key or location.value

    def parent(self, path: Path) -> Mark:
        """Where the mapping holding `path` starts: for missing keys."""
        return self.value(path[:-1])

    def into(self, path: Path, offset: int) -> Mark:
        """The position of character `offset` inside the scalar at `path` (best effort for
        multi-line and block scalars, exact for single-line plain and quoted ones)."""
        if path not in self._entries:
            return self.value(path)
        location = self._entries[path]
        if location.style in ("|", ">"):
            return self._into_block(location.value, offset)
        start = location.value
        column = start.column + (1 if location.style in ("'", '"') else 0)
        return self._walk(start.line, column, offset)

    def _walk(self, line: int, column: int, offset: int) -> Mark:
        """Walk `offset` characters of a folded flow scalar: each line break counts as one
        character and the next line's indentation is skipped."""
        remaining = offset
        while line <= len(self._lines):
            available = len(self._lines[line - 1]) - (column - 1)
            if remaining <= available or line == len(self._lines):
                return Mark(line, column + remaining)
            remaining -= available + 1
            line += 1
            text = self._lines[line - 1] if line <= len(self._lines) else ""
            column = len(text) - len(text.lstrip()) + 1
        return Mark(line, column + remaining)

    def _into_block(self, indicator: Mark, offset: int) -> Mark:
        """Block scalars start on the line after their `|`/`>` indicator, at its indentation."""
        first = indicator.line + 1
        while first <= len(self._lines) and not self._lines[first - 1].strip():
            first += 1
        if first > len(self._lines):
            return indicator
        text = self._lines[first - 1]
        return self._walk(first, len(text) - len(text.lstrip()) + 1, offset)
