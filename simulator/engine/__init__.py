"""The simulation engine: the only package that imports simpy."""

from simulator.engine.core import Engine, initial_state, run_script, scripted_engine

__all__ = ["Engine", "initial_state", "run_script", "scripted_engine"]
