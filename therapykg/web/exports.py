"""Downloads of the whole dataset, streamed: `/export/<format>?part=data|ontology|all|void`.

`export_part` writes to a file object as it reads the store; here that file object feeds a small
bounded queue that the response drains, so a large store streams in constant memory, and a client
that goes away stops the writer instead of leaving it blocked. The file name is built from the
validated format and part only, never from anything else in the request.
"""

from __future__ import annotations

import contextlib
import io
import queue
import threading
from collections.abc import Iterator
from logging import Logger
from typing import IO, Any, cast

from flask import Blueprint, Response, current_app, render_template, request

from therapykg.errors import ExportCancelled
from therapykg.graph.results import ResultFormat
from therapykg.graph.store import Store
from therapykg.web.errors import WebError
from therapykg.web.state import get_state

blueprint = Blueprint("exports", __name__)
_EXPORTED = (
    ResultFormat.TURTLE,
    ResultFormat.NT,
    ResultFormat.NQ,
    ResultFormat.TRIG,
    ResultFormat.RDFXML,
    ResultFormat.JSONLD,
)
# name -> (format, file extension), as the exports page lists them
EXPORTS: dict[str, tuple[ResultFormat, str]] = {f.value: (f, f.extension or "") for f in _EXPORTED}
PARTS = ("data", "ontology", "all", "void")
CHUNK = 1 << 16
_DONE = b""


class _QueueWriter(io.RawIOBase):
    """A writable file whose bytes go, in chunks of CHUNK, to a bounded queue."""

    def __init__(self, chunks: queue.Queue[bytes], cancelled: threading.Event) -> None:
        self._chunks = chunks
        self._cancelled = cancelled
        self._pending = bytearray()

    def writable(self) -> bool:
        return True

    def write(self, data: Any) -> int:
        self._pending += bytes(data)
        if len(self._pending) >= CHUNK:
            self.flush()
        return len(data)

    def flush(self) -> None:
        if self._cancelled.is_set():
            self._pending.clear()
        if self._pending:
            self.put(bytes(self._pending))
            self._pending.clear()

    def put(self, piece: bytes) -> None:
        """Hand a chunk to the response, waiting while it is full, unless the client left."""
        while not self._cancelled.is_set():
            try:
                self._chunks.put(piece, timeout=0.5)
                return
            except queue.Full:
                continue
        raise ExportCancelled()


def stream_export(store: Store, logger: Logger, fmt: ResultFormat, part: str) -> Iterator[bytes]:
    """Run the export in a thread and yield what it writes, chunk by chunk.

    A generator runs after the view has returned, outside the app context, so it is handed the
    store and the logger rather than looking them up.
    """
    from therapykg.graph.export import export_part

    chunks: queue.Queue[bytes] = queue.Queue(maxsize=16)
    cancelled = threading.Event()

    def produce() -> None:
        output = _QueueWriter(chunks, cancelled)
        try:
            export_part(store, cast(IO[bytes], output), fmt, part)
            output.flush()
        except ExportCancelled:
            return
        except Exception:  # the response has started: all we can do is log and end it
            logger.exception("export failed part way")
        with contextlib.suppress(ExportCancelled):
            output.put(_DONE)

    threading.Thread(target=produce, name="therapykg-export", daemon=True).start()
    try:
        while (chunk := chunks.get()) != _DONE:
            yield chunk
    finally:
        cancelled.set()


@blueprint.route("/export")
def listing() -> str:
    return render_template("exports.html", exports=EXPORTS, parts=PARTS)


@blueprint.route("/export/<name>")
def download(name: str) -> Response:
    if name not in EXPORTS:
        raise WebError(404, f"no export format {name!r}; choose one of {', '.join(EXPORTS)}")
    part = request.args.get("part", "data")
    if part not in PARTS:
        raise WebError(400, f"part must be one of {', '.join(PARTS)}")
    fmt, extension = EXPORTS[name]
    stream = stream_export(get_state().store, current_app.logger, fmt, part)
    response = Response(stream, 200, content_type=fmt.media_type)
    response.headers["Content-Disposition"] = f'attachment; filename="therapykg-{part}.{extension}"'
    return response
