"""Named random streams, all spawned from one seed.

Each source of randomness (arrivals, measurement noise, narrative text, log sampling, ...) draws
from its own `numpy.random.Generator`, keyed by name rather than by spawn order, so adding a new
stream never changes the numbers an existing one produces.
"""

from __future__ import annotations

import zlib

import numpy as np

_BLOCK = 4096


def _stream_key(name: str) -> int:
    return zlib.crc32(name.encode("utf-8"))


class Streams:
    """All random streams of one run; `Streams(seed).get("noise")` is the same on every machine."""

    def __init__(self, seed: int) -> None:
        self.seed = int(seed)
        self._generators: dict[str, np.random.Generator] = {}

    def get(self, name: str) -> np.random.Generator:
        gen = self._generators.get(name)
        if gen is None:
            seq = np.random.SeedSequence(entropy=self.seed, spawn_key=(_stream_key(name),))
            gen = np.random.Generator(np.random.PCG64(seq))
            self._generators[name] = gen
        return gen

    def normals(self, name: str) -> NormalFeed:
        """A cheap scalar feed of standard normals drawn in blocks from stream `name`."""
        return NormalFeed(self.get(name))

    def derive_seed(self, name: str) -> int:
        """An integer seed for libraries that take one (Faker), drawn from stream `name`."""
        return int(self.get(name).integers(0, 2**31 - 1))


class NormalFeed:
    """Standard normals drawn in blocks; consumption order alone fixes the values."""

    def __init__(self, gen: np.random.Generator) -> None:
        self._gen = gen
        self._block: list[float] = []
        self._array: np.ndarray | None = None  # `_block` as drawn (`ahead` reads it)
        self._pos = 0

    def next(self) -> float:
        if self._pos >= len(self._block):
            self._array = self._gen.standard_normal(_BLOCK)
            self._block = self._array.tolist()
            self._pos = 0
        value = self._block[self._pos]
        self._pos += 1
        return value

    def ahead(self, count: int) -> tuple[np.ndarray, int]:
        """The next `count` values without taking them: an array and the position they start
        at (`skip` takes them). Blocks are drawn as `next` draws them, so the values are too."""
        pos = self._pos
        if self._array is None:  # nothing drawn yet
            self._array = np.zeros(0)
        if pos + count > len(self._array):
            blocks, have = [self._array[pos:]], len(self._array) - pos
            while have < count:
                blocks.append(self._gen.standard_normal(_BLOCK))
                have += _BLOCK
            self._array = np.concatenate(blocks)
            self._block = self._array.tolist()
            self._pos = pos = 0
        return self._array, pos

    def skip(self, count: int) -> None:
        """Take `count` values that `ahead` showed."""
        self._pos += count

    def next3(self) -> tuple[float, float, float]:
        """`(next(), next(), next())`, in one call when the block holds all three."""
        pos = self._pos
        if pos + 3 <= len(self._block):
            self._pos = pos + 3
            block = self._block
            return block[pos], block[pos + 1], block[pos + 2]
        return self.next(), self.next(), self.next()
