"""Ctrl-Z, then `fg`, during a load: a terminal stops the whole foreground process group (the
loader and its worker processes) with SIGTSTP and continues it with SIGCONT. The load then
finishes and the store holds every article whole.

The regression it pins (issue 16): about one such stop in two broke a load with "invalid load
key". Under `PYTHONUNBUFFERED=1` a worker's `sys.stdout.buffer` is a raw `FileIO`; a stop that
interrupts its write of a reply to a full pipe makes the write return part of the bytes, and
`pickle.dump` dropped the rest, so the loader read the next reply from the middle of this one.
Replies are now frames written and read whole (`therapykg/graph/workers.py`).

The loader is started in a process group of its own inside this test's session, as a shell
starts a job: in a new session the group would be orphaned, and the kernel discards SIGTSTP
sent to an orphaned group. Every step waits for the state it needs (the progress bar moving on,
each process of the group stopped), never for a fixed time.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import threading
from collections.abc import Callable
from pathlib import Path
from typing import IO

import pytest

from benchmarks.generate import generate
from tests.reliability.support import audit, cli, no_traceback, wait_for
from therapykg.graph.load import PARALLEL_FROM
from therapykg.graph.store import OxigraphStore

# generated articles: a worker's reply for a chunk of them is megabytes, so a worker is often
# blocked writing to a full pipe, which is where a stop cut the reply short
CORPUS_SIZE = 2 * PARALLEL_FROM + 44  # enough to load in worker processes, and for the rounds
ROUNDS = 8  # stops and continues while the load runs; the bug broke every run here within 8
AT_LEAST = 4  # rounds before the load ends, however fast the machine
PROGRESS = re.compile(r"loading\s+(\d+)/\d+ files")
SUMMARY = re.compile(r"loaded (\d+) article\(s\)")


class _Output:
    """A stream of the process read to its end on a thread of its own (a pipe that nobody reads
    would block the loader): all of it so far, and the latest count of the progress bar."""

    def __init__(self, stream: IO[bytes]) -> None:
        self.text = ""
        self._thread = threading.Thread(target=self._read, args=(stream.fileno(),), daemon=True)
        self._thread.start()

    def _read(self, fd: int) -> None:
        data = b""
        while chunk := os.read(fd, 1 << 16):
            data += chunk
            self.text = data.decode(errors="replace")

    def done(self) -> int:
        counts = PROGRESS.findall(self.text)
        return int(counts[-1]) if counts else -1

    def join(self) -> str:
        self._thread.join(timeout=60)
        return self.text


def _group(pgid: int) -> list[str]:
    """The state letter of each process in process group `pgid` (R, S, D, T, Z ...)."""
    states = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except (FileNotFoundError, ProcessLookupError):
            continue  # ended as we looked
        if int(fields[2]) == pgid:  # fields after the name: state, ppid, pgrp, ...
            states.append(fields[0])
    return states


def _past(process: subprocess.Popen[bytes], err: _Output, seen: int) -> Callable[[], bool]:
    """True once the load has ended or its progress bar has gone past `seen` files."""
    return lambda: process.poll() is not None or err.done() > seen


def _all_stopped(pgid: int) -> bool:
    states = _group(pgid)
    return bool(states) and all(state in "TZ" for state in states)


@pytest.mark.timeout(900)  # 70 s here beside a 10,000-article load, 190 s beside HermiT
def test_stop_and_continue_during_a_load_keep_the_worker_pipes_whole(tmp_path: Path) -> None:
    folder = tmp_path / "articles"
    paths = generate(CORPUS_SIZE, folder)
    store_dir = tmp_path / "store"
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}  # a worker's stdout unbuffered, as it broke
    process = subprocess.Popen(
        cli("--store", store_dir, "load", "--progress", folder),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
        process_group=0,
    )
    assert process.stdout is not None and process.stderr is not None
    out, err = _Output(process.stdout), _Output(process.stderr)
    rounds = 0
    try:
        seen = 0
        while rounds < ROUNDS:
            wait_for(
                _past(process, err, seen),
                timeout=120,
                what=f"the load to go past {seen} files",
            )
            if process.poll() is not None:
                break
            seen = err.done()
            os.killpg(process.pid, signal.SIGTSTP)
            wait_for(
                lambda: _all_stopped(process.pid) or process.poll() is not None,
                timeout=60,
                what="the loader and its workers to stop",
            )
            os.killpg(process.pid, signal.SIGCONT)
            rounds += 1
        process.wait(timeout=300)
    finally:
        if process.poll() is None:  # the test failed: end the load, stopped or not
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
    stdout, stderr = out.join(), err.join()
    process.stdout.close()
    process.stderr.close()
    assert process.returncode == 0, stderr[-3000:]
    assert no_traceback(stderr), stderr[-3000:]
    assert rounds >= AT_LEAST, f"the load ended after {rounds} stops: load more articles"
    found = SUMMARY.search(stdout)
    assert found and int(found.group(1)) == CORPUS_SIZE, stdout
    with OxigraphStore(store_dir, read_only=True) as store:
        report = audit(store, paths)
    assert not report.problems and len(report.present) == CORPUS_SIZE, str(report)
