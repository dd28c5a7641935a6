"""The clients' retries still to come: a delay line of per-tick amounts (requests)."""

from __future__ import annotations

import numpy as np


class RetryLine:
    """One slot per future tick, as a ring over a float array: taking this tick's retries is
    O(1) (a list's `pop(0)` moved every later slot), and the compiled tick kernel adds the
    retries it schedules straight into `slots` (`kernel.tick.schedule_retries`).

    Slot `head` is the next tick's; `reserve` keeps room for the farthest slot a retry policy
    can reach. Every slot past what was scheduled holds 0.0, as the list's padding did, so
    the amounts are the same floats."""

    def __init__(self, capacity: int = 16) -> None:
        self.slots = np.zeros(capacity)
        self.head = 0

    def take(self) -> float:
        """The retries due at this tick (requests); the line moves on by one tick."""
        head = self.head
        due: float = self.slots.item(head)
        self.slots[head] = 0.0
        self.head = head + 1 if head + 1 < len(self.slots) else 0
        return due

    def reserve(self, ticks: int) -> None:
        """Make room for slots up to `ticks` ahead (1: the next tick)."""
        size = len(self.slots)
        if ticks > size:
            grown = np.zeros(max(ticks, 2 * size))
            grown[:size] = np.roll(self.slots, -self.head)
            self.slots, self.head = grown, 0

    def add(self, first: int, last: int, share: float) -> None:
        """Add `share` to each slot from `first` to `last` ticks ahead."""
        self.reserve(last)
        slots, size = self.slots, len(self.slots)
        for index in range(first - 1, last):
            slots[(self.head + index) % size] += share

    def pending(self) -> list[float]:
        """The slots in tick order, from the next tick's."""
        return np.roll(self.slots, -self.head).tolist()
