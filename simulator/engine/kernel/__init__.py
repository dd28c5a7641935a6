"""The compiled per-tick kernel of the traffic model (issue 13): numeric arrays in, one metrics
row out; `jit.py` chooses Numba or the same functions in plain Python."""

from simulator.engine.kernel.jit import JIT, KERNEL_NAME

__all__ = ["JIT", "KERNEL_NAME"]
