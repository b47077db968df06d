"""Running endpoint queries so that a time limit really stops them.

pyoxigraph cannot cancel a query once it runs, and a thread cannot be killed, so a query that
outlives its limit would keep a core busy long after its 503. `ProcessExecutor` therefore runs
queries in a few worker processes, each holding the on-disk store open read-only; a worker whose
query runs past its deadline is killed and a fresh one takes its place, while the other workers
go on serving. A query still running after `demote_after` seconds has its worker's niceness
raised to the lowest priority and a fresh worker takes its place in the pool, so that on a small
machine a runaway query takes only the CPU the quick ones leave idle, and never one of their
workers, until its limit stops it. A demoted worker cannot be raised again (that needs
privilege), so it is retired once it answers. At most `workers` demoted queries run at once
beside the pool. `InProcessExecutor` runs queries in the calling thread: for `memory:` stores
(tests), which a second process cannot open, and where
no limit is needed.

Results cross the process boundary as serialised bytes (already capped), never as live objects.

    ExecutorError                  the query could not be answered
    ├── QueryTimeout               it ran past the limit and was stopped (HTTP 503)
    ├── ExecutorBusy               no worker came free within the limit (HTTP 503)
    ├── QueryFailed                the store refused it: syntax, a bad argument (HTTP 400)
    └── WorkerCrashed              the worker died under it (HTTP 500)
"""

from __future__ import annotations

import multiprocessing
import os
import queue
import threading
import time
from abc import ABC, abstractmethod
from collections.abc import Mapping
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from typing import Literal

import pyoxigraph as ox

from therapykg.errors import StoreError
from therapykg.graph.results import ResultFormat
from therapykg.graph.store import Dataset, OxigraphStore, QueryResult, Store, Term
from therapykg.web.resultio import capped, write_boolean, write_solutions, write_triples

ResultKind = Literal["solutions", "boolean", "graph"]


class ExecutorError(Exception):
    """The query could not be answered; the message says why, for the person who sent it."""


class QueryTimeout(ExecutorError):
    """The query ran past its time limit and its worker was stopped."""


class ExecutorBusy(ExecutorError):
    """Every worker stayed busy for the whole time limit."""


class QueryFailed(ExecutorError):
    """The store refused the query (a syntax error, an unknown function, a bad argument)."""


class WorkerCrashed(ExecutorError):
    """The worker process died while running the query."""


@dataclass(frozen=True, slots=True)
class QueryJob:
    """One query, with its dataset, bindings and the formats wanted for each kind of result.

    `default_graphs`/`named_graphs` are the protocol's dataset (None: the query's own, or the
    union of all graphs); bound `bindings` are substituted, never pasted into the text.
    """

    text: str
    solution_format: ResultFormat = ResultFormat.JSON
    graph_format: ResultFormat = ResultFormat.TURTLE
    row_cap: int = 10_000
    union_default_graph: bool = True
    default_graphs: tuple[str, ...] | None = None
    named_graphs: tuple[str, ...] | None = None
    bindings: Mapping[str, Term] = field(default_factory=dict)
    base_iri: str | None = None  # relative IRIs resolve against it (the endpoint's URL)


@dataclass(frozen=True, slots=True)
class QueryOutcome:
    """Serialised result bytes; `truncated` when the row cap cut it."""

    kind: ResultKind
    body: bytes
    fmt: ResultFormat
    rows: int = 0
    truncated: bool = False


@dataclass(frozen=True, slots=True)
class _Failure:
    message: str


def execute(store: Store, job: QueryJob) -> QueryOutcome:
    """Run `job` on a store and serialise its result, capped."""
    result = _run(store, job)
    if isinstance(result, ox.QueryBoolean):
        return QueryOutcome(
            "boolean", write_boolean(bool(result), job.solution_format), job.solution_format
        )
    if isinstance(result, ox.QuerySolutions):
        names = [v.value for v in result.variables]
        rows, cut = capped(result, job.row_cap)
        body = write_solutions(names, rows, job.solution_format)
        return QueryOutcome("solutions", body, job.solution_format, len(rows), cut)
    triples, cut = capped(result, job.row_cap)
    body = write_triples(triples, job.graph_format)
    return QueryOutcome("graph", body, job.graph_format, len(triples), cut)


def _run(store: Store, job: QueryJob) -> QueryResult:
    """Query with the protocol's dataset when given, else the union of graphs (unless the query
    names its own with FROM: Oxigraph's union flag would silently override it)."""
    dataset = Dataset(
        default_graphs=job.default_graphs,
        named_graphs=job.named_graphs,
        union=job.union_default_graph,
        base_iri=job.base_iri,
    )
    return store.query(job.text, bindings=job.bindings, dataset=dataset)


def _guarded(store: Store, job: QueryJob) -> QueryOutcome | _Failure:
    try:
        return execute(store, job)
    except (SyntaxError, ValueError, TypeError) as exc:
        return _Failure(f"the query was refused: {exc}")
    except (OSError, StoreError) as exc:
        return _Failure(f"the query could not be evaluated: {exc}")


class QueryExecutor(ABC):
    """Answers a QueryJob within `timeout` seconds, or raises an ExecutorError."""

    @abstractmethod
    def run(self, job: QueryJob, *, timeout: float) -> QueryOutcome: ...

    def close(self) -> None:  # noqa: B027 - optional: nothing to release by default
        """Stop whatever the executor started."""


class InProcessExecutor(QueryExecutor):
    """Runs in the calling thread: for `memory:` stores, where no limit can be enforced
    (pyoxigraph cannot cancel), and for remote stores, whose server enforces its own."""

    def __init__(self, store: Store) -> None:
        self._store = store

    def run(self, job: QueryJob, *, timeout: float) -> QueryOutcome:
        outcome = _guarded(self._store, job)
        if isinstance(outcome, _Failure):
            raise QueryFailed(outcome.message)
        return outcome


def _worker_main(conn: Connection, path: str) -> None:
    """A worker's life: open the store read-only, answer jobs until the pipe closes."""
    store = OxigraphStore(path, read_only=True)
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            return
        conn.send(_guarded(store, job))


LOWEST_PRIORITY = 19  # the highest niceness Linux allows


class _Worker:
    def __init__(self, context: multiprocessing.context.BaseContext, path: str) -> None:
        self.conn, child = context.Pipe()
        self.process: BaseProcess = context.Process(  # type: ignore[attr-defined]
            target=_worker_main, args=(child, path), daemon=True, name="therapykg-query"
        )
        self.process.start()
        child.close()

    def demote(self) -> bool:
        """Give the worker the lowest CPU priority; False where the system refuses."""
        pid = self.process.pid
        if pid is None:
            return False
        try:
            os.setpriority(os.PRIO_PROCESS, pid, LOWEST_PRIORITY)
        except OSError:
            return False
        return True

    def stop(self) -> None:
        self.process.kill()
        self.process.join(10)
        self.conn.close()


class ProcessExecutor(QueryExecutor):
    """A small pool of worker processes over an on-disk store, each opened read-only."""

    def __init__(self, path: str, workers: int = 2, demote_after: float = 1.0) -> None:
        self._path = path
        self._demote_after = demote_after
        self._context = multiprocessing.get_context("spawn")
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._all: set[_Worker] = set()
        self._lock = threading.Lock()
        self._closed = False
        self._size = max(1, workers)
        self._demoted = 0
        for _ in range(self._size):
            self._idle.put(self._start())

    def _start(self) -> _Worker:
        worker = _Worker(self._context, self._path)
        with self._lock:
            self._all.add(worker)
        return worker

    def _replace(self, worker: _Worker) -> None:
        worker.stop()
        with self._lock:
            self._all.discard(worker)
            closed = self._closed
        if not closed:
            self._idle.put(self._start())

    def _demote(self, worker: _Worker) -> bool:
        """Lower the worker's priority and start a spare in its place; False when the system
        refuses or the spares are used up (the worker then stays in the pool as it was)."""
        with self._lock:
            if self._closed or self._demoted >= self._size:
                return False
            self._demoted += 1
        if not worker.demote():
            with self._lock:
                self._demoted -= 1
            return False
        self._idle.put(self._start())
        return True

    def _retire(self, worker: _Worker) -> None:
        """Stop a demoted worker: its spare already stands in the pool."""
        worker.stop()
        with self._lock:
            self._all.discard(worker)
            self._demoted -= 1

    def run(self, job: QueryJob, *, timeout: float) -> QueryOutcome:
        deadline = time.monotonic() + timeout
        try:
            worker = self._idle.get(timeout=timeout)
        except queue.Empty:
            raise ExecutorBusy(
                f"every query worker stayed busy for {timeout:g} s; try again shortly"
            ) from None
        demoted = False
        demote_at = min(deadline, time.monotonic() + self._demote_after)
        try:
            worker.conn.send(job)
            ready = worker.conn.poll(max(0.0, demote_at - time.monotonic()))
            if not ready and time.monotonic() < deadline:
                demoted = self._demote(worker)
                ready = worker.conn.poll(max(0.0, deadline - time.monotonic()))
            if ready:
                answer = worker.conn.recv()
        except (EOFError, OSError, BrokenPipeError) as exc:
            if demoted:
                self._retire(worker)
            else:
                self._replace(worker)
            raise WorkerCrashed(f"the query worker stopped unexpectedly ({exc})") from exc
        if demoted:
            self._retire(worker)
        elif ready:
            self._idle.put(worker)
        else:
            self._replace(worker)
        if not ready:
            raise QueryTimeout(
                f"the query ran longer than the limit of {timeout:g} s and was stopped; "
                "narrow it (a LIMIT, more specific patterns) and try again"
            )
        if isinstance(answer, _Failure):
            raise QueryFailed(answer.message)
        assert isinstance(answer, QueryOutcome)
        return answer

    def close(self) -> None:
        with self._lock:
            self._closed = True
            workers = list(self._all)
            self._all.clear()
        for worker in workers:
            worker.stop()
