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
This is why the endpoint keeps a pool of its own rather than `graph/workers.py`'s, which loading
and validation share: that pool never kills, demotes or replaces a worker in the middle of a job.

Before a query runs, it is parsed (therapykg.web.sparqlparse) where it runs: in the worker,
under the time limit, or in the calling thread; SERVICE, LOAD and updates are refused from the
parse tree. Each worker also fences itself in when it starts (therapykg.web.isolation): a
network namespace of its own where Linux allows it, so that a SERVICE that got past the parse
finds nothing to connect to, and an address-space cap (`memory_limit`), past which its query
fails and the worker is replaced.

Its errors are the `ExecutorError` branch of the tree in therapykg/errors.py: QueryTimeout,
ExecutorBusy and QueryOutOfMemory (HTTP 503), QueryRefused (403), QueryFailed (400) and
WorkerCrashed (500).
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import queue
import signal
import sys
import threading
import time
from abc import ABC, abstractmethod
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from typing import Literal, NoReturn

import pyoxigraph as ox

from therapykg.errors import (
    ExecutorBusy,
    QueryFailed,
    QueryOutOfMemory,
    QueryRefused,
    QueryTimeout,
    Refused,
    StoreError,
    TherapyKGError,
    Unreadable,
    WorkerCrashed,
)
from therapykg.graph.results import ResultFormat
from therapykg.graph.store import Dataset, OxigraphStore, QueryResult, Store, Term
from therapykg.web.isolation import isolate_network, limit_memory
from therapykg.web.resultio import capped, write_boolean, write_solutions, write_triples
from therapykg.web.sparqlparse import read, vet

ResultKind = Literal["solutions", "boolean", "graph"]
FailureKind = Literal["failed", "refused", "memory"]
log = logging.getLogger(__name__)
# rdflib's parser recurses once per nesting level and once per triple pattern of a block: a
# worker allows it this deep (380 nested braces, 260 parentheses, 900 patterns in a block, as
# measured), well short of the depth at which Oxigraph's own parser overflows its stack (it
# survives 1,000 braces and dies at 3,000).
WORKER_RECURSION_LIMIT = 10_000
STARTUP_WAIT = 60.0  # seconds the pool waits for its first workers to be ready


def format_bytes(size: int) -> str:
    """`2 GiB`, `300 MiB`: a memory limit as people read it."""
    for unit, shift in (("GiB", 30), ("MiB", 20), ("KiB", 10)):
        if size >= 1 << shift:
            return f"{size / (1 << shift):g} {unit}"
    return f"{size} bytes"


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
    trusted: bool = False  # the project's own text (a named query): not parsed again


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
    kind: FailureKind = "failed"


@dataclass(frozen=True, slots=True)
class WorkerOptions:
    """How a worker fences itself in: `check` parses every untrusted query first (off only in
    the test that proves the network namespace holds alone), `isolate` asks for a network
    namespace, `memory_limit` caps its address space in bytes (0: no cap)."""

    check: bool = True
    isolate: bool = True
    memory_limit: int = 0


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


def vetted(job: QueryJob) -> QueryJob:
    """The job once its text is parsed and found to stay here (Refused, Unreadable otherwise);
    a query that names its own dataset (FROM) is run without the union default graph, which
    Oxigraph would let override it."""
    if job.trusted:
        return job
    reading = vet(job.text, "query")
    return replace(job, union_default_graph=False) if reading.names_dataset else job


def _guarded(store: Store, job: QueryJob, check: bool = True) -> QueryOutcome | _Failure:
    try:
        return execute(store, vetted(job) if check else job)
    except Refused as exc:
        return _Failure(str(exc), "refused")
    except Unreadable as exc:
        return _Failure(str(exc))
    except MemoryError:
        return _Failure("the query needed more memory than the query worker may use", "memory")
    except (SyntaxError, ValueError, TypeError) as exc:
        return _Failure(f"the query was refused: {exc}")
    except (OSError, StoreError, RuntimeError) as exc:  # Oxigraph's evaluation errors
        return _Failure(f"the query could not be evaluated: {exc}")


def _raise(failure: _Failure) -> NoReturn:
    if failure.kind == "refused":
        raise QueryRefused(failure.message)
    if failure.kind == "memory":
        raise QueryOutOfMemory(failure.message)
    raise QueryFailed(failure.message)


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
            _raise(outcome)
        assert isinstance(outcome, QueryOutcome)
        return outcome


def _worker_main(conn: Connection, path: str, options: WorkerOptions, isolated: Connection) -> None:
    """A worker's life: fence itself in while it has one thread (network namespace, memory
    cap), open the store read-only, warm the parser, say it is ready and whether the namespace
    holds, then answer jobs until the pipe closes."""
    cut_off = options.isolate and isolate_network()
    if options.memory_limit > 0:
        limit_memory(options.memory_limit)
    sys.setrecursionlimit(WORKER_RECURSION_LIMIT)
    store = OxigraphStore(path, read_only=True)
    read("ASK {}")  # the parser's first use is its slowest
    isolated.send(cut_off)
    isolated.close()
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            return
        conn.send(_guarded(store, job, options.check))


LOWEST_PRIORITY = 19  # the highest niceness Linux allows


class _Worker:
    def __init__(
        self, context: multiprocessing.context.BaseContext, path: str, options: WorkerOptions
    ) -> None:
        self.conn, child = context.Pipe()
        self._isolation, isolation_child = context.Pipe(duplex=False)
        self.process: BaseProcess = context.Process(  # type: ignore[attr-defined]
            target=_worker_main,
            args=(child, path, options, isolation_child),
            daemon=True,
            name="therapykg-query",
        )
        self.process.start()
        child.close()
        isolation_child.close()
        self.isolated: bool | None = None  # unknown until the worker says

    def network_isolated(self, wait: float = 0.0) -> bool | None:
        """Whether the worker runs in a network namespace of its own; None while it starts (it
        says once it is ready for its first job)."""
        if self.isolated is None and self._isolation.poll(wait):
            try:
                self.isolated = bool(self._isolation.recv())
            except (EOFError, OSError):
                return None  # it died before it was ready: it never said
        return self.isolated

    def died_of_memory(self) -> bool:
        """Whether the worker, now dead, was aborted: under an address-space cap, what Rust
        (Oxigraph) and C++ (RocksDB) do when an allocation fails."""
        self.process.join(5)
        return self.process.exitcode == -signal.SIGABRT

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
        self._isolation.close()


class ProcessExecutor(QueryExecutor):
    """A small pool of worker processes over an on-disk store, each opened read-only."""

    def __init__(
        self,
        path: str,
        workers: int = 2,
        demote_after: float = 1.0,
        options: WorkerOptions | None = None,
    ) -> None:
        self._path = path
        self._demote_after = demote_after
        self._options = options or WorkerOptions()
        self._warned = False
        self._context = multiprocessing.get_context("spawn")
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._all: set[_Worker] = set()
        self._lock = threading.Lock()
        self._closed = False
        self._size = max(1, workers)
        self._demoted = 0
        started = [self._start() for _ in range(self._size)]
        for worker in started:
            worker.network_isolated(wait=STARTUP_WAIT)  # the first queries find them ready
            self._idle.put(worker)
        self._check_started(started)

    def _check_started(self, started: list[_Worker]) -> None:
        """Stop with a clear error when the workers die as they start (a memory cap too small
        for the store, a store that cannot be opened), rather than fail every query later."""
        silent = [w for w in started if w.network_isolated() is None]
        for worker in silent:
            worker.process.join(5)
        dead = [w.process.exitcode for w in silent if not w.process.is_alive()]
        if not dead:
            return
        self.close()
        cap = self._options.memory_limit
        hint = (
            f"; the memory limit of {format_bytes(cap)} (THERAPYKG_QUERY_MEMORY) may be too "
            "small for this store: an idle worker needs about 0.5 GiB"
            if cap
            else ""
        )
        raise TherapyKGError(
            f"the query workers for {self._path} stopped as they started (exit code "
            f"{dead[0]}){hint}"
        )

    def _start(self) -> _Worker:
        worker = _Worker(self._context, self._path, self._options)
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
        worker.network_isolated(wait=max(0.0, deadline - time.monotonic()))  # a fresh one starts
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
            self._lost(worker, demoted, exc)
        self._note_isolation(worker)
        # a worker that ran out of memory (MemoryError) may be in any state: not reused
        spent = ready and isinstance(answer, _Failure) and answer.kind == "memory"
        self._release(worker, demoted=demoted, reusable=ready and not spent)
        if not ready:
            raise QueryTimeout(
                f"the query ran longer than the limit of {timeout:g} s and was stopped; "
                "narrow it (a LIMIT, more specific patterns) and try again"
            )
        if spent:
            raise QueryOutOfMemory(self._memory_message())
        if isinstance(answer, _Failure):
            _raise(answer)
        assert isinstance(answer, QueryOutcome)
        return answer

    def _release(self, worker: _Worker, *, demoted: bool, reusable: bool) -> None:
        """After a query: a demoted worker retires (its spare stands in the pool), a worker in
        good order goes back to the pool, any other is replaced."""
        if demoted:
            self._retire(worker)
        elif reusable:
            self._idle.put(worker)
        else:
            self._replace(worker)

    def _lost(self, worker: _Worker, demoted: bool, exc: BaseException) -> NoReturn:
        """The worker died under a query: replace it and say why, as far as it can be told."""
        out_of_memory = self._options.memory_limit > 0 and worker.died_of_memory()
        if demoted:
            self._retire(worker)
        else:
            self._replace(worker)
        if out_of_memory:
            raise QueryOutOfMemory(self._memory_message()) from exc
        raise WorkerCrashed(f"the query worker stopped unexpectedly ({exc})") from exc

    def _memory_message(self) -> str:
        limit = self._options.memory_limit
        needed = (
            f"more than the memory limit of {format_bytes(limit)} per query worker"
            if limit
            else "more memory than the machine could give"
        )
        return (
            f"the query needed {needed} and was stopped; narrow it (a LIMIT without ORDER BY, "
            "fewer patterns that share no variable) and try again"
        )

    def _note_isolation(self, worker: _Worker) -> None:
        """Log once when a worker could not leave the network (the parse is then the only
        fence between a query and the network)."""
        if self._warned or not self._options.isolate or worker.network_isolated() is not False:
            return
        self._warned = True
        log.warning(
            "query workers could not enter a network namespace of their own (not Linux, or "
            "neither privilege nor unprivileged user namespaces): only the endpoint's parse of "
            "each query keeps SERVICE from reaching the network"
        )

    def network_isolated(self) -> list[bool | None]:
        """For each worker, whether it runs cut off from the network (waits for each to say)."""
        with self._lock:
            workers = list(self._all)
        return [worker.network_isolated(wait=30) for worker in workers]

    def close(self) -> None:
        with self._lock:
            self._closed = True
            workers = list(self._all)
            self._all.clear()
        for worker in workers:
            worker.stop()
