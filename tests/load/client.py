"""One participant's incident console at the protocol level: what a browser tab sends and gets.

The tab opens `/_stcore/stream`, asks for a full run of the page (`BackMsg.rerun_script` with the
URL's query string and page name), and then, for each `ForwardMsg.auto_rerun` the server sends
(a fragment with `run_every`), asks for a rerun of that fragment at its interval, as the browser's
timer does: whether or not the previous one has finished (the server merges requests that queue).
A fragment has refreshed when a run that drew into it ends; the time between two refreshes of
the same fragment is the refresh interval the participant sees. A run's end counts whether the
server reports it finished or interrupted: Streamlit reports a fragment run as interrupted
(`FINISHED_EARLY_FOR_RERUN`) when the session's next run starts before the end was sent, which
happens under load even though everything the run drew was sent and shown (Chromium's clock,
watched beside 60 of these clients, moved on as these refreshes said). A run whose drawing was
dropped before it was sent draws nothing here, and counts for nothing. `Seen.interrupted` counts
the ends reported as interrupted.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import time
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ClientState_pb2 import ClientState
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import WebSocketException

STREAM_PATH = "/_stcore/stream"
FULL_RUN_DONE = (ForwardMsg.FINISHED_SUCCESSFULLY,)
FRAGMENT_RUN_DONE = ForwardMsg.FINISHED_FRAGMENT_RUN_SUCCESSFULLY
INTERRUPTED = ForwardMsg.FINISHED_EARLY_FOR_RERUN


@dataclass
class Seen:
    """What one participant saw: refresh times per fragment, errors, bytes received."""

    refreshes: dict[str, list[float]] = field(default_factory=dict)
    every: dict[str, float] = field(default_factory=dict)  # each fragment's requested interval
    full_runs: int = 0
    full_run_times: list[float] = field(default_factory=list)
    interrupted: int = 0  # run ends reported as interrupted (see the module docstring)
    requests: int = 0
    received_bytes: int = 0
    exceptions: list[str] = field(default_factory=list)  # exceptions the page drew
    failure: str | None = None  # why the connection failed or closed early
    element_types: set[str] = field(default_factory=set)

    def fastest(self) -> set[str]:
        """The fragments refreshing at the shortest interval the server asked for (the clock)."""
        if not self.every:
            return set()
        shortest = min(self.every.values())
        return {f for f, every in self.every.items() if every == shortest}

    def intervals(self, since: float = 0.0) -> list[float]:
        """Seconds between successive refreshes of each of the fastest fragments (a full run of
        the page redraws them too), refreshes after `since`."""
        found: list[float] = []
        for fragment in self.fastest():
            times = sorted(self.refreshes.get(fragment, []) + self.full_run_times)
            kept = [t for t in times if t >= since]
            found += [b - a for a, b in itertools.pairwise(kept)]
        return found

    def refresh_count(self, since: float = 0.0) -> int:
        return sum(1 for times in self.refreshes.values() for t in times if t >= since)


class Participant:
    """A console tab: `await run(seconds)` keeps it open, refreshing, for that long."""

    def __init__(self, base_url: str, query: str, page: str = "console") -> None:
        parts = urlsplit(base_url)
        self.ws_url = f"ws://{parts.netloc}{parts.path.rstrip('/')}{STREAM_PATH}"
        self.origin = f"{parts.scheme}://{parts.netloc}"
        self.query = query
        self.page = page
        self.page_hash = ""
        self.seen = Seen()
        self._timers: dict[str, asyncio.Task[None]] = {}
        self._drawn: set[str] = set()  # fragments drawn into by the run in progress

    async def run(self, until: asyncio.Event) -> Seen:
        """Keep the tab open, refreshing, until `until` is set (a connection that fails or closes
        early is recorded in `seen.failure`)."""
        try:
            await self._run(until)
        except (OSError, TimeoutError, WebSocketException) as exc:
            self.seen.failure = f"{type(exc).__name__}: {exc}"
        return self.seen

    async def _run(self, until: asyncio.Event) -> None:
        async with connect(
            self.ws_url,
            subprotocols=["streamlit"],  # type: ignore[list-item]
            origin=self.origin,  # type: ignore[arg-type]
            max_size=None,
            ping_interval=None,  # browsers send no pings: a busy server must not fail one
            open_timeout=30,
        ) as ws:
            await self._send(ws, ClientState(query_string=self.query, page_name=self.page))
            receiving = asyncio.create_task(self._receive(ws))
            try:
                await asyncio.wait(
                    [receiving, asyncio.create_task(until.wait())],
                    return_when=asyncio.FIRST_COMPLETED,
                )
            finally:
                receiving.cancel()
                for task in self._timers.values():
                    task.cancel()
            if receiving.done() and not receiving.cancelled():
                receiving.result()  # raises what ended it early

    async def _send(self, ws: ClientConnection, state: ClientState) -> None:
        message = BackMsg()
        message.rerun_script.CopyFrom(state)
        self.seen.requests += 1
        await ws.send(message.SerializeToString())

    async def _receive(self, ws: ClientConnection) -> None:
        async for data in ws:
            raw = data if isinstance(data, bytes) else data.encode()
            self.seen.received_bytes += len(raw)
            message = ForwardMsg()
            message.ParseFromString(raw)
            self._handle(ws, message)

    def _handle(self, ws: ClientConnection, message: ForwardMsg) -> None:
        kind = message.WhichOneof("type")
        if kind == "new_session":
            self.page_hash = message.new_session.page_script_hash or self.page_hash
        elif kind == "navigation":  # st.navigation names the page this run drew
            self.page_hash = message.navigation.page_script_hash or self.page_hash
        elif kind == "delta":
            self._delta(message)
        elif kind == "auto_rerun":
            rerun = message.auto_rerun
            self.seen.every[rerun.fragment_id] = rerun.interval
            self._start_timer(ws, rerun.fragment_id, rerun.interval)
        elif kind == "stop_auto_rerun":
            for fragment_id in message.stop_auto_rerun.fragment_ids:
                task = self._timers.pop(fragment_id, None)
                if task is not None:
                    task.cancel()
        elif kind == "script_finished":
            self._finished(message.script_finished)

    def _delta(self, message: ForwardMsg) -> None:
        delta = message.delta
        if delta.fragment_id:
            self._drawn.add(delta.fragment_id)
        if delta.WhichOneof("type") == "new_element":
            element = delta.new_element
            kind = element.WhichOneof("type")
            if kind == "exception":
                self.seen.exceptions.append(element.exception.message)
            elif kind:
                self.seen.element_types.add(kind)

    def _finished(self, status: int) -> None:
        now = time.monotonic()
        if status in FULL_RUN_DONE:
            self.seen.full_runs += 1
            self.seen.full_run_times.append(now)
        if status == INTERRUPTED:
            self.seen.interrupted += 1
        if status in (FRAGMENT_RUN_DONE, INTERRUPTED):
            for fragment_id in self._drawn:
                self.seen.refreshes.setdefault(fragment_id, []).append(now)
        self._drawn = set()

    def _start_timer(self, ws: ClientConnection, fragment_id: str, interval: float) -> None:
        if fragment_id in self._timers or interval <= 0:
            return
        self._timers[fragment_id] = asyncio.create_task(self._tick(ws, fragment_id, interval))

    async def _tick(self, ws: ClientConnection, fragment_id: str, interval: float) -> None:
        while True:
            await asyncio.sleep(interval)
            state = ClientState(
                query_string=self.query,
                page_script_hash=self.page_hash,
                page_name=self.page,
                fragment_id=fragment_id,
                is_auto_rerun=True,
            )
            with contextlib.suppress(Exception):  # the socket closed: run() is ending
                await self._send(ws, state)
