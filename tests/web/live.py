"""A live server on 127.0.0.1 for tests: waitress in a thread, on a free port, over a real app."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager

import waitress  # type: ignore[import-untyped]
from flask import Flask


@contextmanager
def live_server(app: Flask, threads: int = 8) -> Iterator[str]:
    """Serve `app` until the block ends; yields the base URL (no trailing slash)."""
    server = waitress.create_server(app, host="127.0.0.1", port=0, threads=threads, ident="")
    stop = threading.Event()

    def serve() -> None:
        # the loop a turn at a time, so that it stops before the sockets close: closing them
        # from this thread while the loop waits on them made its select fail (EBADF)
        while not stop.is_set():
            server.asyncore.loop(timeout=0.05, map=server._map, count=1)

    thread = threading.Thread(target=serve, name="test-waitress", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.effective_port}"
    finally:
        stop.set()
        thread.join(10)
        server.task_dispatcher.shutdown()
        for channel in list(server._map.values()):
            channel.close()
