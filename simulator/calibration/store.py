"""The calibration file (`scenarios/calibration.json`): written by `gameday calibrate --output`,
read by the catalogue to show the measured grade next to the author's."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

from simulator.calibration.figures import Calibration

FILE_NAME = "calibration.json"
FORMAT_VERSION = 1


def to_json(calibrations: Sequence[Calibration], runs: int, seed: int) -> str:
    document = {
        "version": FORMAT_VERSION,
        "runs": runs,
        "seed": seed,
        "scenarios": {c.scenario: c.as_dict() for c in calibrations},
    }
    return json.dumps(document, indent=2, sort_keys=True) + "\n"


def write_calibrations(
    path: Path, calibrations: Sequence[Calibration], runs: int, seed: int
) -> None:
    path.write_text(to_json(calibrations, runs, seed), encoding="utf-8")


def load_grades(path: Path) -> dict[str, str]:
    """Scenario id -> measured grade; empty when the file is missing or not ours (the catalogue
    then shows only the author's grade)."""
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
        scenarios = document["scenarios"]
        return {str(k): str(v["grade"]) for k, v in scenarios.items()}
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return {}
