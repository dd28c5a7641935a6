"""The scenario library and checking a scenario someone pasted or uploaded.

`check_scenario_bytes` runs the very checks `gameday validate FILE` runs (bytes first: size cap,
NUL bytes, UTF-8; then YAML, the schema and the semantic checks) and returns the problems as
`Problem.format()` lines, exactly as the command prints them for a file of that name.
"""

from __future__ import annotations

import dataclasses
import tempfile
from dataclasses import dataclass
from pathlib import Path

from simulator.errors import ScenarioError
from simulator.scenario import LoadedScenario, discover_scenarios, load_scenario
from simulator.ui.calibration import measured_grade
from simulator.ui.catalogue import CatalogueCard, card

DEFAULT_NAME = "pasted.yaml"


@dataclass(frozen=True)
class LibraryEntry:
    path: Path
    loaded: LoadedScenario

    @property
    def id(self) -> str:
        return self.loaded.scenario.id

    @property
    def card(self) -> CatalogueCard:
        """What anyone may read about this scenario (never its answer key)."""
        return card(self.loaded.scenario, measured_grade(self.path, self.id))


@dataclass(frozen=True)
class Library:
    entries: tuple[LibraryEntry, ...]
    invalid: tuple[tuple[Path, tuple[str, ...]], ...]  # (file, problem lines)

    def get(self, scenario_id: str) -> LibraryEntry | None:
        return next((e for e in self.entries if e.id == scenario_id), None)

    def title(self, scenario_id: str) -> str:
        """The scenario's title, for pickers; the id itself when it is not in the library."""
        entry = self.get(scenario_id)
        return entry.loaded.scenario.title if entry else scenario_id


def load_library(directory: Path) -> Library:
    entries: list[LibraryEntry] = []
    invalid: list[tuple[Path, tuple[str, ...]]] = []
    if directory.is_dir():
        for path in discover_scenarios([directory]):
            try:
                entries.append(LibraryEntry(path, load_scenario(path)))
            except ScenarioError as exc:
                invalid.append((path, tuple(p.format() for p in exc.problems)))
    return Library(tuple(entries), tuple(invalid))


def safe_filename(name: str | None) -> str:
    """The base name of an uploaded file (never a path), or `pasted.yaml`."""
    base = Path(str(name or "")).name.strip()
    return base if base and base not in (".", "..") else DEFAULT_NAME


def check_scenario_bytes(
    data: bytes, filename: str = DEFAULT_NAME
) -> tuple[LoadedScenario | None, list[str]]:
    """(the scenario when valid, the problems as `gameday validate` prints them)."""
    name = safe_filename(filename)
    with tempfile.TemporaryDirectory(prefix="gameday-check-") as tmp:
        path = Path(tmp) / name
        path.write_bytes(data)
        try:
            loaded = load_scenario(path)
        except ScenarioError as exc:
            problems = [dataclasses.replace(p, file=name) for p in exc.problems]
            return None, [p.format() for p in problems]
    return dataclasses.replace(loaded, filename=name), []
