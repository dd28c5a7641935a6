"""`gameday warmup`: compile the engine's tick kernel into Numba's disk cache now, once per
install, so no run (and no live page refresh) pays the compile later."""

from __future__ import annotations

import argparse


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "warmup",
        help="compile the engine's tick kernel once (cached on disk); `serve` does it too",
        description="Compile the engine's tick kernel with Numba and store it in the disk cache "
        "(beside the package, or under NUMBA_CACHE_DIR, in a directory named after a digest of the "
        "kernel's sources), so later runs only load it. `gameday serve` "
        "does this before it starts the app.",
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from simulator.engine.kernel.warm import describe

    print(describe(), flush=True)
    return 0
