"""Worker processes fed round-robin over pipes: the one pool that loading and validation use.

Each worker is a fresh interpreter running `python -c "from MODULE import serve_worker; …"` (not a
fork of this process, which holds the store open and its lock, and not multiprocessing's spawn,
which would re-run an unguarded main script). A worker reads pickled messages from its stdin,
writes one pickled reply per message to its stdout (a str when the job failed: its traceback),
and ends at EOF, so it ends with this process however that ends. Replies come back from each
worker in the order its messages went in; the caller keeps which worker has which job.

The endpoint's query executor keeps its own pool (`web/executor.py`): it must kill a worker in
the middle of a query and start another, which this pool never does.
"""

from __future__ import annotations

import os
import pickle
import subprocess
import sys
from collections.abc import Sequence
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
        pickle.dump(message, stream)
        stream.flush()
        self.outstanding += 1
        return worker

    def receive(self, worker: int) -> object:
        """The next reply of `worker`; `failure` when it died or its job failed."""
        stream = self._processes[worker].stdout
        assert stream is not None
        try:
            reply = pickle.load(stream)
        except EOFError:
            raise self.failure(f"{self.what} process ended unexpectedly") from None
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
