"""A local HTTP server for image tests: fixed routes on 127.0.0.1, requests counted.

Tests never reach the internet; they serve pictures (and failures) from here.
"""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

Route = Callable[[BaseHTTPRequestHandler], None]


class CountingServer(ThreadingHTTPServer):
    """Serves ``routes`` (path -> handler) and counts requests per path."""

    daemon_threads = True

    def __init__(self, routes: dict[str, Route]) -> None:
        super().__init__(("127.0.0.1", 0), Handler)
        self.routes = routes
        self.counts: Counter[str] = Counter()
        self.lock = threading.Lock()
        self.release = threading.Event()  # lets gated and stalled responses go on
        self.stalled = threading.Event()  # a stalled response sent its first bytes and waits
        self.trickled_out = threading.Event()  # a trickling response got its last byte out

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}{path}"

    def total(self) -> int:
        with self.lock:
            return sum(self.counts.values())


class Handler(BaseHTTPRequestHandler):
    """Dispatch GETs to the server's routes; unknown paths get a 404."""

    server: CountingServer

    def do_GET(self) -> None:
        path = urlsplit(self.path).path
        with self.server.lock:
            self.server.counts[path] += 1
        route = self.server.routes.get(path)
        if route is None:
            self.send_error(404)
        else:
            route(self)

    def log_message(self, format: str, *args: object) -> None:
        pass


def send(
    body: bytes,
    content_type: str = "image/jpeg",
    *,
    status: int = 200,
    length: int | None = -1,
    headers: dict[str, str] | None = None,
) -> Route:
    """Route: one response; ``length=None`` omits Content-Length (body ends at close)."""

    def route(h: BaseHTTPRequestHandler) -> None:
        h.send_response(status)
        h.send_header("Content-Type", content_type)
        if length is not None:
            h.send_header("Content-Length", str(len(body) if length < 0 else length))
        for name, value in (headers or {}).items():
            h.send_header(name, value)
        h.end_headers()
        h.wfile.write(body)

    return route
