"""A webhook receiver on loopback for tests: collects every JSON body POSTed to it. `hold` makes
it keep each request open until `release()` (a receiver that hangs)."""

from __future__ import annotations

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


class Receiver:
    def __init__(self, hold: bool = False) -> None:
        self.bodies: list[Any] = []
        self.arrived = threading.Event()
        self._released = threading.Event()
        if not hold:
            self._released.set()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length", "0"))
                receiver.bodies.append(json.loads(self.rfile.read(length) or b"null"))
                receiver.arrived.set()
                receiver._released.wait(60)
                self.send_response(200)
                self.end_headers()

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hook"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def release(self) -> None:
        self._released.set()

    def wait_for(self, predicate, timeout: float = 30.0) -> Any:
        """The first body for which predicate(body) is true, waiting for it to arrive."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for body in list(self.bodies):
                if predicate(body):
                    return body
            time.sleep(0.2)
        raise AssertionError(f"no matching body within {timeout:.0f} s; got {self.bodies!r}")

    def close(self) -> None:
        self.release()
        self.server.shutdown()
        self.server.server_close()
