"""Difficulty measured, not guessed: play a scenario many times with scripted player policies and
grade it from what happened.

`policies` draws the players (how fast they acknowledge, how long they investigate, whether they
try a stop-gap first or take a harmful action) from the scenario's own claims; `runner` plays the
runs on every core, in an order that does not depend on the number of workers; `figures` reduces
them to the share that recovered, quantiles of impact and failed requests, the cost of a minute
of delay and a grade; `store` writes and reads the file the catalogue shows.
"""

from __future__ import annotations

from simulator.calibration.figures import Calibration, grade
from simulator.calibration.runner import calibrate
from simulator.calibration.store import load_grades, write_calibrations

__all__ = ["Calibration", "calibrate", "grade", "load_grades", "write_calibrations"]
