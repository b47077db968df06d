"""Worker processes fed round-robin over pipes: the one pool that loading and validation use.

Each worker is a fresh interpreter running `python -c "from MODULE import serve_worker; …"` (not a
fork of this process, which holds the store open and its lock, and not multiprocessing's spawn,
which would re-run an unguarded main script). A worker reads messages from its stdin, writes one
reply per message to the stdout it had when it started (a str when the job failed: its
traceback), and ends at EOF, so it ends with this process however that ends. Replies come back
from each worker in the order its messages went in; the caller keeps which worker has which job.

Each message and reply is a frame: its length (8 bytes), then its pickle, written and read
whole with `os.write` and `os.readv` in a loop. Not `pickle.dump` to `sys.stdout.buffer`: under
`PYTHONUNBUFFERED=1` (or `python -u`) that is a raw `FileIO`, whose `write` is one system call,
and a write to a full pipe that a stop signal interrupts (Ctrl-Z, then `fg`) returns part of
its bytes; `pickle.dump` ignores the count, so the rest of the reply was lost and the parent
read the next reply from the middle of this one ("invalid load key"). A frame cut short is an
error that says so. A worker's fd 1 is then pointed at its stderr, so that whatever prints to
stdout in a worker reaches the terminal and never the pipe.

The endpoint's query executor keeps its own pool (`web/executor.py`): it must kill a worker in
the middle of a query and start another, which this pool never does.
"""

from __future__ import annotations

import os
import pickle
import struct
import subprocess
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Self

from therapykg.errors import TherapyKGError


def cores() -> int:
    """The cores this process may run on: how many workers keep them busy."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        return os.cpu_count() or 1


class PipeWorkers:
    """`count` workers running `module`'s `serve_worker`, with `args` on their command line.

    `failure` is the error raised (with `what`, e.g. "a load worker", in its message) when a
    worker dies or reports a failed job.
    """

    def __init__(
        self,
        count: int,
        module: str,
        failure: type[TherapyKGError],
        what: str,
        args: Sequence[str] = (),
    ) -> None:
        root = str(Path(__file__).resolve().parents[2])  # import the same therapykg as we do
        env = {
            **os.environ,
            "PYTHONPATH": os.pathsep.join(filter(None, [root, os.environ.get("PYTHONPATH")])),
        }
        command = [sys.executable, "-c", f"from {module} import serve_worker as s; s()", *args]
        self.failure = failure
        self.what = what
        self.outstanding = 0  # messages sent whose replies have not been read
        self._next = 0
        self._processes = [
            subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, env=env)
            for _ in range(count)
        ]

    def send(self, message: object) -> int:
        """Hand `message` to the next worker in turn; which worker took it."""
        worker = self._next
        self._next = (worker + 1) % len(self._processes)
        stream = self._processes[worker].stdin
        assert stream is not None
        try:
            write_frame(stream.fileno(), message)
        except BrokenPipeError:
            raise self.failure(f"{self.what} process ended unexpectedly") from None
        self.outstanding += 1
        return worker

    def receive(self, worker: int) -> object:
        """The next reply of `worker`; `failure` when it died or its job failed."""
        stream = self._processes[worker].stdout
        assert stream is not None
        try:
            reply = read_frame(stream.fileno())
        except EOFError as error:
            inside = f" ({error})" if str(error) else ""
            raise self.failure(f"{self.what} process ended unexpectedly{inside}") from None
        self.outstanding -= 1
        if isinstance(reply, str):
            raise self.failure(f"{self.what} failed:\n{reply}")
        return reply

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        for process in self._processes:
            if process.stdin is not None:
                process.stdin.close()
        for process in self._processes:
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
            if process.stdout is not None:
                process.stdout.close()


_LENGTH = struct.Struct("<Q")


def write_frame(fd: int, message: object) -> None:
    """Write `message` to `fd` as one frame, all of it however many writes that takes."""
    data = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
    _write_all(fd, _LENGTH.pack(len(data)))
    _write_all(fd, data)


def read_frame(fd: int) -> object:
    """The message of the next frame on `fd`; EOFError when the pipe ends before one begins, and
    one that says how much of the frame came when it ends inside one."""
    header = _read_exactly(fd, _LENGTH.size, first=True)
    (length,) = _LENGTH.unpack(header)
    return pickle.loads(_read_exactly(fd, length))


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        # a signal may cut a write to a pipe short (EINTR itself is retried by os.write)
        view = view[os.write(fd, view) :]


def _read_exactly(fd: int, size: int, *, first: bool = False) -> bytearray:
    buffer = bytearray(size)
    view = memoryview(buffer)
    done = 0
    while done < size:
        got = os.readv(fd, [view[done:]])
        if got == 0:
            if first and done == 0:
                raise EOFError
            raise EOFError(f"the pipe ended inside a frame: {done} of {size} bytes")
        done += got
    return buffer


class WorkerEnd:
    """A worker's end of its pipes: the messages from the parent, and a reply to each.

    Takes the process's stdout for the replies and points fd 1 at stderr: a library that prints
    in a worker can then not corrupt the frames.
    """

    def __init__(self) -> None:
        sys.stdout.flush()
        self._replies = os.dup(sys.stdout.fileno())
        os.dup2(sys.stderr.fileno(), sys.stdout.fileno())
        self._messages = sys.stdin.fileno()

    def messages(self) -> Iterator[object]:
        """Each message in turn, until the parent closes the pipe."""
        while True:
            try:
                yield read_frame(self._messages)
            except EOFError:
                return

    def reply(self, reply: object) -> None:
        """Send the reply to the last message."""
        write_frame(self._replies, reply)
