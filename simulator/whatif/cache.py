"""What-ifs kept on disk, keyed by the journal's hash, so the debrief's background job, the
report downloads and `gameday report`/`gameday whatif` compute a session's runs once.

A what-if is a pure function of the journal (it embeds the scenario and the seed) and of the
code that runs the engine, so the key is the SHA-256 of the journal's JSON Lines, the installed
package versions (`simulator.journal.package_versions`) and `CACHE_FORMAT`. One JSON file per
key (the `WhatIf` at full precision), written to a temporary name and renamed, so a reader never
sees half a file; an unreadable file counts as a miss. Where: `GAMEDAY_WHATIF_CACHE` (a
directory, or `off`), else `$XDG_CACHE_HOME/gameday/whatif`, else `~/.cache/gameday/whatif`.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from dataclasses import asdict
from pathlib import Path

from simulator.journal import Journal, package_versions
from simulator.whatif.counterfactuals import WhatIf, what_if
from simulator.whatif.runner import Progress

CACHE_ENV = "GAMEDAY_WHATIF_CACHE"
CACHE_FORMAT = 1
OFF = "off"


def cache_dir() -> Path | None:
    """Where what-ifs are kept; None when caching is off."""
    chosen = os.environ.get(CACHE_ENV, "").strip()
    if chosen.lower() == OFF:
        return None
    if chosen:
        return Path(chosen)
    base = os.environ.get("XDG_CACHE_HOME", "").strip()
    root = Path(base) if base else Path.home() / ".cache"
    return root / "gameday" / "whatif"


def journal_key(journal: Journal) -> str:
    digest = hashlib.sha256()
    digest.update(f"whatif-cache {CACHE_FORMAT}\n".encode())
    digest.update(json.dumps(package_versions(), sort_keys=True).encode())
    digest.update(journal.to_jsonl().encode())
    return digest.hexdigest()


def stored_what_if(journal: Journal, directory: Path | None = None) -> WhatIf | None:
    """The what-if of `journal` if one is stored (nothing is run)."""
    path = _path(journal, directory)
    if path is None:
        return None
    try:
        return WhatIf.from_dict(json.loads(path.read_text(encoding="utf-8")))
    except (OSError, ValueError, KeyError, TypeError):
        return None


def cached_what_if(
    journal: Journal,
    jobs: int = 1,
    progress: Progress | None = None,
    directory: Path | None = None,
) -> WhatIf:
    """`what_if(journal)`, from the store when it holds it, else run and stored."""
    found = stored_what_if(journal, directory)
    if found is not None:
        return found
    result = what_if(journal, jobs, progress)
    path = _path(journal, directory)
    if path is not None:
        _store(path, result)
    return result


def _path(journal: Journal, directory: Path | None) -> Path | None:
    root = directory if directory is not None else cache_dir()
    return None if root is None else root / f"{journal_key(journal)}.json"


def _store(path: Path, result: WhatIf) -> None:
    """Best effort: a cache that cannot be written costs a recomputation, never the result."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(
            "w", encoding="utf-8", dir=path.parent, suffix=".tmp", delete=False
        ) as handle:
            json.dump(asdict(result), handle)  # full precision: equal to a fresh run
        os.replace(handle.name, path)
    except OSError:
        return
