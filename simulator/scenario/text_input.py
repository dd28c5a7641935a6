"""Stage 1 of loading a YAML file: bytes and text, refused before any YAML parsing.

A size cap applies before the whole file is read; NUL bytes, invalid UTF-8 and the characters
YAML forbids are reported at their line and column.
"""

from __future__ import annotations

import re
from pathlib import Path as FilePath

from simulator.errors import Problem
from simulator.scenario.locations import Mark

MAX_BYTES = 1024 * 1024
_BINARY = "binary data (NUL byte); expected UTF-8 YAML text"
# The characters YAML forbids (the same set as PyYAML's reader), NUL included.
_NON_PRINTABLE = re.compile(
    "[^\x09\x0a\x0d\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]"
)


class Refused(Exception):
    """A problem that makes the rest of the file unusable."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(problem.format())
        self.problem = problem


def located_problem(filename: str, mark: Mark, message: str, path: str = "") -> Problem:
    return Problem(filename, mark.line, mark.column, path, message)


def read_text(path: FilePath, filename: str) -> str:
    """The file's text; refuses files over MAX_BYTES (before reading them whole) and non-text."""
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise Refused(_too_large(filename, size))
        with path.open("rb") as handle:
            data = handle.read(MAX_BYTES + 1)
    except OSError as exc:
        reason = exc.strerror or str(exc)
        raise Refused(
            located_problem(filename, Mark(1, 1), f"cannot read the file ({reason})")
        ) from None
    if len(data) > MAX_BYTES:
        raise Refused(_too_large(filename, len(data)))
    return _decode(data, filename)


def _too_large(filename: str, size: int) -> Problem:
    limit = MAX_BYTES // (1024 * 1024)
    return located_problem(
        filename, Mark(1, 1), f"file too large ({size} bytes; the limit is {limit} MiB)"
    )


def _decode(data: bytes, filename: str) -> str:
    nul = data.find(b"\x00")
    if nul >= 0:
        mark = _byte_mark(data, nul)
        raise Refused(located_problem(filename, mark, _BINARY))
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        mark = _byte_mark(data, exc.start)
        bad = data[exc.start]
        message = f"not UTF-8 text (byte 0x{bad:02x}); expected UTF-8 YAML text"
        raise Refused(located_problem(filename, mark, message)) from None


def _byte_mark(data: bytes, index: int) -> Mark:
    line_start = data.rfind(b"\n", 0, index) + 1
    return Mark(data.count(b"\n", 0, index) + 1, index - line_start + 1)


def _text_mark(text: str, index: int) -> Mark:
    line_start = text.rfind("\n", 0, index) + 1
    return Mark(text.count("\n", 0, index) + 1, index - line_start + 1)


def check_text(text: str, filename: str) -> None:
    """Refuse text over MAX_BYTES and characters YAML forbids, pointing at the first one."""
    if len(text) > MAX_BYTES or len(text.encode("utf-8", "surrogatepass")) > MAX_BYTES:
        raise Refused(_too_large(filename, len(text.encode("utf-8", "surrogatepass"))))
    bad = _NON_PRINTABLE.search(text)
    if bad is None:
        return
    mark = _text_mark(text, bad.start())
    char = bad.group()
    message = _BINARY if char == "\x00" else f"character U+{ord(char):04X} is not allowed in YAML"
    raise Refused(located_problem(filename, mark, message))
