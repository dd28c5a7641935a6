"""The measured difficulty next to the author's, for the catalogue (Start and Library pages).

The grades come from `scenarios/calibration.json`, which `gameday calibrate --format json
--output scenarios/calibration.json scenarios` writes; a scenario the file does not cover shows
only the author's grade.
"""

from __future__ import annotations

from pathlib import Path

from simulator.calibration.store import FILE_NAME, load_grades


def measured_grade(scenario_file: Path, scenario_id: str) -> str | None:
    """The measured grade of a scenario, from the calibration file beside it (None: not
    calibrated)."""
    return load_grades(scenario_file.parent / FILE_NAME).get(scenario_id)


def measured_badge_text(scenario_file: Path, scenario_id: str) -> str | None:
    """`measured: advanced`, for a badge beside the author's grade."""
    grade = measured_grade(scenario_file, scenario_id)
    return None if grade is None else f"measured: {grade}"
