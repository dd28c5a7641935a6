"""Writing a command's text output to a file or stdout, with a clear message when it fails."""

from __future__ import annotations

import sys
from pathlib import Path

from simulator.errors import GamedayError


def write_text(text: str, out: str | None, what: str) -> None:
    """`text` to the file `out` (stdout when None); an unwritable file is a GamedayError."""
    if out is None:
        sys.stdout.write(text)
        return
    try:
        Path(out).write_text(text, encoding="utf-8")
    except OSError as exc:
        raise GamedayError(f"{out}: cannot write {what}: {exc.strerror}") from None
