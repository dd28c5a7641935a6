"""Scenario files: the typed format (`schema`), loading with located errors (`loader`), semantic
checks (`checks`) and the alert-expression language (`expr`)."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from simulator.scenario.loader import (
        LoadedScenario,
        load_actions_file,
        load_scenario,
        load_scenario_text,
    )
    from simulator.scenario.schema import Scenario

# Imported on first use (PEP 562), so that `simulator.faults` can use this package's building
# blocks (`schema_base`, `service_models`) without loading the loader, which needs the faults.
_LAZY = {
    "LoadedScenario": "simulator.scenario.loader",
    "load_actions_file": "simulator.scenario.loader",
    "load_scenario": "simulator.scenario.loader",
    "load_scenario_text": "simulator.scenario.loader",
    "Scenario": "simulator.scenario.schema",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'simulator.scenario' has no attribute {name!r}")


SCENARIO_SUFFIXES = (".yaml", ".yml")

__all__ = [
    "SCENARIO_SUFFIXES",
    "LoadedScenario",
    "Scenario",
    "discover_scenarios",
    "load_actions_file",
    "load_scenario",
    "load_scenario_text",
]


def discover_scenarios(paths: Iterable[str | Path]) -> list[Path]:
    """Expand files and directories into scenario files: a directory contributes its `*.yaml` and
    `*.yml` files (not recursively), sorted; files given by name are kept even with another
    suffix. Missing paths are the caller's to report; they are passed through unchanged."""
    found: list[Path] = []
    for item in paths:
        path = Path(item)
        if path.is_dir():
            found += sorted(
                child
                for child in path.iterdir()
                if child.suffix in SCENARIO_SUFFIXES and child.is_file()
            )
        else:
            found.append(path)
    return found
