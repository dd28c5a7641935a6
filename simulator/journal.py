"""The journal: the output contract of a run, one JSON object per line (JSON Lines).

Every entry has `t` (seconds since the start, float) and `kind`. The first entry is the header:
it embeds the scenario text and hash, the seed and package versions, so a run can be walked
through, re-scored or replayed from its journal alone. `docs/reference/journal-format.md` lists
every kind and its fields. Nothing here imports the engine: scoring and reports read journals.
"""

from __future__ import annotations

import functools
import gc
import json
import platform
from collections.abc import Callable, Iterable, Iterator
from importlib import metadata
from pathlib import Path
from typing import Any

from simulator.errors import JournalError

JOURNAL_FORMAT = 1
_PACKAGES = ("gameday-simulator", "simpy", "numpy", "pydantic", "PyYAML", "Faker")


def package_versions() -> dict[str, str]:
    """Versions of Python and the packages that shape a journal (a fresh copy each call)."""
    return dict(_installed_versions())


@functools.cache
def _installed_versions() -> dict[str, str]:
    """Read once per process: reading package metadata costs about 5 ms, a whole engine run
    about 100 ms, and the installed packages do not change under a running process."""
    versions = {"python": platform.python_version()}
    for name in _PACKAGES:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = "unknown"
    return versions


def header_entry(
    scenario_id: str, scenario_text: str, sha256: str, seed: int, filename: str
) -> dict[str, Any]:
    return {
        "t": 0.0,
        "kind": "header",
        "format": JOURNAL_FORMAT,
        "scenario": {"id": scenario_id, "file": filename, "sha256": sha256, "text": scenario_text},
        "seed": seed,
        "versions": package_versions(),
    }


METRIC_DECIMALS = 4


def dumps_entry(entry: dict[str, Any]) -> str:
    """One entry as one compact JSON line (stable key order: insertion order).

    Metric values are rounded here rather than in the engine's hot loop.
    """
    if entry["kind"] == "metrics":
        values = {k: round(v, METRIC_DECIMALS) for k, v in entry["values"].items()}
        entry = {"t": entry["t"], "kind": "metrics", "values": values}
    return json.dumps(entry, separators=(",", ":"), ensure_ascii=False, allow_nan=False)


class DeferredMetrics:
    """The metrics entries of a span of ticks, kept as ways to build them and their times: a
    run's metrics live in its matrix (one row a tick), and building thousands of entries that
    a batch of runs never reads cost a third of a run. `Journal.entries` builds them."""

    __slots__ = ("build", "times")

    def __init__(
        self, times: Callable[[], list[float]], build: Callable[[], list[dict[str, Any]]]
    ) -> None:
        self.times = times  # each entry's `t`, as journaled
        self.build = build  # the entries, in tick order


class Journal:
    """An ordered list of entries; `entries[0]` is the header.

    The engine may add a span's metrics entries as `DeferredMetrics`; they are built, in place
    and once, when `entries` is first read after them. `events`, `metric_times` and `of_kind`
    without "metrics" read the journal without building them."""

    __slots__ = ("_deferred_from", "_entries")

    def __init__(self, entries: list[dict[str, Any]] | None = None) -> None:
        self._entries: list[Any] = [] if entries is None else entries
        self._deferred_from: int | None = None  # the first deferred span's index, if any

    @property
    def entries(self) -> list[dict[str, Any]]:
        if self._deferred_from is not None:
            self._build()
        return self._entries

    @entries.setter
    def entries(self, entries: list[dict[str, Any]]) -> None:
        self._entries, self._deferred_from = entries, None

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Journal) and self.entries == other.entries

    def __repr__(self) -> str:
        return f"Journal({len(self.entries)} entries)"

    def _build(self) -> None:
        """Build the deferred spans in place. The cyclic garbage collector is paused meanwhile:
        thousands of new entries (a 4-hour run has 14,400) set off collections that find
        nothing to free but walk every live object, which made a cold rebuild's time vary from
        0.19 to 0.37 s."""
        start = self._deferred_from
        assert start is not None
        built: list[dict[str, Any]] = []
        paused = gc.isenabled()
        gc.disable()
        try:
            for item in self._entries[start:]:
                if type(item) is DeferredMetrics:
                    built.extend(item.build())
                else:
                    built.append(item)
        finally:
            if paused:
                gc.enable()
        self._entries[start:] = built
        self._deferred_from = None

    @property
    def header(self) -> dict[str, Any]:
        return self._entries[0]

    def append(self, t: float, kind: str, **fields: Any) -> dict[str, Any]:
        entry = {"t": t, "kind": kind, **fields}
        self._entries.append(entry)
        return entry

    def add(self, entry: dict[str, Any]) -> None:
        """Append a built entry (the engine's metrics entry of a tick run in Python)."""
        self._entries.append(entry)

    def defer(self, metrics: DeferredMetrics) -> None:
        """Append a span's metrics entries, to be built when `entries` is read."""
        if self._deferred_from is None:
            self._deferred_from = len(self._entries)
        self._entries.append(metrics)

    def events(self) -> Iterator[dict[str, Any]]:
        """The entries other than metrics, in order (deferred spans stay unbuilt)."""
        for item in self._entries:
            if type(item) is not DeferredMetrics and item["kind"] != "metrics":
                yield item

    def metric_times(self) -> Iterator[float]:
        """The metrics entries' times, in order (deferred spans stay unbuilt)."""
        for item in self._entries:
            if type(item) is DeferredMetrics:
                yield from item.times()
            elif item["kind"] == "metrics":
                yield item["t"]

    def of_kind(self, *kinds: str) -> Iterator[dict[str, Any]]:
        wanted = set(kinds)
        source = self.entries if "metrics" in wanted else self.events()
        return (e for e in source if e["kind"] in wanted)

    def lines(self) -> Iterator[str]:
        return (dumps_entry(e) for e in self.entries)

    def to_jsonl(self) -> str:
        return "".join(line + "\n" for line in self.lines())

    def write(self, path: Path) -> None:
        path.write_text(self.to_jsonl(), encoding="utf-8")


def parse_journal(lines: Iterable[str], source: str = "<journal>") -> Journal:
    """Read JSON Lines into a Journal, with a located message for a bad line."""
    entries: list[dict[str, Any]] = []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            entry = json.loads(line)
        except json.JSONDecodeError as exc:
            raise JournalError(
                f"{source}:{number}:{exc.colno}: error: not JSON: {exc.msg}"
            ) from None
        if not isinstance(entry, dict) or "t" not in entry or "kind" not in entry:
            raise JournalError(
                f"{source}:{number}:1: error: expected an object with 't' and 'kind'"
            )
        entries.append(entry)
    if not entries or entries[0]["kind"] != "header":
        raise JournalError(f"{source}:1:1: error: the first line must be the header entry")
    return Journal(entries)


def read_journal(path: Path) -> Journal:
    try:
        with path.open(encoding="utf-8") as handle:
            return parse_journal(handle, str(path))
    except OSError as exc:
        raise JournalError(f"{path}: cannot read journal: {exc.strerror}") from None
    except UnicodeDecodeError:
        raise JournalError(f"{path}: error: not a text journal (binary data)") from None


def metric_series(journal: Journal, name: str) -> tuple[list[float], list[float]]:
    """(times, values) of one metric across the journal's `metrics` entries."""
    times: list[float] = []
    values: list[float] = []
    for entry in journal.entries:
        if entry["kind"] == "metrics":
            times.append(entry["t"])
            values.append(entry["values"][name])
    return times, values


def mean_between(journal: Journal, name: str, start: float, end: float) -> float:
    """Mean of a metric over ticks with start < t <= end (0.0 when there are none)."""
    total, count = 0.0, 0
    for entry in journal.entries:
        if entry["kind"] == "metrics" and start < entry["t"] <= end:
            total += entry["values"][name]
            count += 1
    return total / count if count else 0.0


def first_time(journal: Journal, kind: str, **match: Any) -> float | None:
    """Time of the first entry of `kind` whose fields equal `match`, or None."""
    for entry in journal.entries:
        if entry["kind"] == kind and all(entry.get(k) == v for k, v in match.items()):
            return float(entry["t"])
    return None


SESSION_END = "session.end"
EXTEND = "extend"


def scenario_end(journal: Journal, duration: float) -> float:
    """The scenario's end in this run: `duration` (the scenario's), or the new end of the last
    `extend` entry when the facilitator moved it later."""
    end = float(duration)
    for entry in journal.of_kind(EXTEND):
        end = max(end, float(entry["end"]))
    return end


def session_info(journal: Journal) -> dict[str, Any]:
    """The header's `session` block (`id`, `solo`) of a live session's journal; {} otherwise."""
    info = journal.header.get("session")
    return info if isinstance(info, dict) else {}


def is_solo(journal: Journal) -> bool:
    """Whether one participant held every player role (a solo practice session)."""
    return session_info(journal).get("solo") is True


def early_end(journal: Journal) -> float | None:
    """When the facilitator ended the exercise before the scenario's end, or None."""
    entry = next(journal.of_kind(SESSION_END), None)
    return None if entry is None else float(entry["t"])


def played(journal: Journal) -> Journal:
    """The part of the run the players lived through: everything up to and including a
    `session.end` (a facilitator's early end). After it the engine only plays the scenario out
    with no more actions; that remainder is not the players' and is left out. A journal without
    one is returned as it is."""
    for index, entry in enumerate(journal.entries):
        if entry["kind"] == SESSION_END:
            return Journal(journal.entries[: index + 1])
    return journal


def lasting_impact_end(journal: Journal) -> float | None:
    """When impact ended for good: the last `impact.end` with no later `impact.start`; None
    when impact lasts to the end or never started."""
    last_end: float | None = None
    for entry in journal.of_kind("impact.start", "impact.end"):
        last_end = float(entry["t"]) if entry["kind"] == "impact.end" else None
    return last_end


def impact_ongoing_at_end(journal: Journal) -> bool:
    """Whether the run ends with impact still on (an `impact.start` after the last end)."""
    ongoing = False
    for entry in journal.of_kind("impact.start", "impact.end"):
        ongoing = entry["kind"] == "impact.start"
    return ongoing


def impact_at(journal: Journal, t: float) -> bool:
    """Whether customers were affected at `t` (the last impact.start/end at or before it)."""
    ongoing = False
    for entry in journal.of_kind("impact.start", "impact.end"):
        if float(entry["t"]) > t:
            break
        ongoing = entry["kind"] == "impact.start"
    return ongoing
