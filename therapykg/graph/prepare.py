"""Preparing a load's files, in order: each hashed here and skipped when unchanged, RDF files
read here, articles built here or (for a large load) in worker processes (`graph/workers.py`),
each handed back as N-Quads bytes."""

from __future__ import annotations

import traceback
from collections import deque
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import cast

import pyoxigraph as ox

from therapykg.errors import ArticleError, InputError, LoadWorkerError
from therapykg.graph.build import build_article_nquads
from therapykg.graph.files import file_sha256
from therapykg.graph.progress import LoadSummary, Progress
from therapykg.graph.records import StoreState
from therapykg.graph.workers import PipeWorkers, WorkerEnd
from therapykg.loaders.rdf import is_rdf_file, read_rdf
from therapykg.loaders.read import read_article
from therapykg.ontology.vocab import base_iri

_CHUNK = 8  # articles per task handed to a worker
_IN_FLIGHT = 4  # tasks per worker built ahead of the writer: bounds memory to a few batches


@dataclass(slots=True)
class _Built:
    """An article as a worker hands it back: its graph as N-Quads, and what the build counted."""

    path: str
    sha256: str
    graph: str
    nquads: bytes
    counts: dict[str, int]
    warnings: list[str]
    keys: list[str]  # its shared triples (therapykg.graph.shared)


@dataclass(slots=True)
class Failed:
    """An article that could not be read: the InputError's parts (its constructor takes more
    than its message, so the exception itself does not survive pickling)."""

    kind: type[InputError]
    path: str
    message: str
    line: int | None
    column: int | None
    expected: str | None

    def error(self) -> InputError:
        return self.kind(
            self.path, self.message, line=self.line, column=self.column, expected=self.expected
        )


@dataclass(slots=True)
class Prepared:
    """One file ready to be written: an article's N-Quads, or an RDF file's quads."""

    path: Path
    sha256: str
    graph: ox.NamedNode
    nquads: bytes | None = None  # articles
    quads: Sequence[ox.Quad] | None = None  # RDF files
    counts: dict[str, int] | None = None  # articles
    warnings: list[str] = field(default_factory=list)
    keys: list[str] = field(default_factory=list)  # articles: their shared triples

    def graph_quads(self) -> Sequence[ox.Quad]:
        if self.quads is None:
            assert self.nquads is not None
            self.quads = list(ox.parse(self.nquads, format=ox.RdfFormat.N_QUADS))
        return self.quads


Task = tuple[str, str]  # (path, sha256) of an article to build
Ready = Prepared | Failed | None  # prepared in this process (None: nothing to write)


def jobs_for(
    files: list[Path],
    state: StoreState,
    graph: str | None,
    summary: LoadSummary,
    progress: Progress,
) -> Iterator[Task | Ready]:
    """Each file in order: an article to build, or what this process made of it already."""
    for path in files:
        try:
            if not path.is_file():
                raise ArticleError(path, "no such file", expected="an article or RDF file")
            sha = file_sha256(path)
            if _unchanged(path, sha, graph, state):
                summary.unchanged += 1
                progress.file_done()
                continue
            yield _prepare_rdf(path, sha, graph) if is_rdf_file(path) else (str(path), sha)
        except InputError as error:
            yield _failed(error)


def prepared(jobs: Iterator[Task | Ready], base: str, workers: int) -> Iterator[Ready]:
    """What each job becomes, in the order of the jobs."""
    if workers <= 1:
        for job in jobs:
            yield _finish(_build(job, base)) if isinstance(job, tuple) else job
        return
    with _Workers(workers, base) as pool:
        queue: deque[_Ticket | Ready] = deque()
        chunk: list[Task] = []
        for job in jobs:
            if isinstance(job, tuple):
                chunk.append(job)
                if len(chunk) < _CHUNK:
                    continue
                queue.append(pool.submit(chunk))
                chunk = []
            else:
                if chunk:  # keep file order: the chunk before this file goes first
                    queue.append(pool.submit(chunk))
                    chunk = []
                queue.append(job)
            while pool.outstanding > workers * _IN_FLIGHT:
                yield from _drain_one(queue, pool)
        if chunk:
            queue.append(pool.submit(chunk))
        while queue:
            yield from _drain_one(queue, pool)


def _drain_one(queue: deque[_Ticket | Ready], pool: _Workers) -> Iterator[Ready]:
    item = queue.popleft()
    if isinstance(item, _Ticket):
        yield from (_finish(built) for built in pool.result(item))
    else:
        yield item


@dataclass(frozen=True, slots=True)
class _Ticket:
    """A chunk handed to a worker; its results come back from that worker, in order."""

    worker: int


class _Workers(PipeWorkers):
    """Worker processes that build articles (`graph/workers.py`): chunks in, built articles out."""

    def __init__(self, count: int, base: str) -> None:
        super().__init__(count, "therapykg.graph.prepare", LoadWorkerError, "a load worker")
        self.base = base

    def submit(self, chunk: list[Task]) -> _Ticket:
        return _Ticket(self.send((self.base, chunk)))

    def result(self, ticket: _Ticket) -> list[_Built | Failed]:
        return cast(list[_Built | Failed], self.receive(ticket.worker))


def serve_worker() -> None:
    """A load worker's main loop (see `_Workers`): chunks in on stdin, built articles out."""
    pipes = WorkerEnd()
    for message in pipes.messages():
        base, chunk = cast(tuple[str, list[Task]], message)
        try:
            reply: object = [_build(task, base) for task in chunk]
        except Exception:  # a bug: reported to the parent, which raises it
            reply = traceback.format_exc()
        pipes.reply(reply)


def _build(task: Task, base: str) -> _Built | Failed:
    path, sha = task
    try:
        built = build_article_nquads(read_article(path), base=base)
    except InputError as error:
        return _failed(error)
    return _Built(
        path, sha, built.graph.value, built.nquads, built.counts, built.warnings, built.keys
    )


def _finish(result: _Built | Failed) -> Prepared | Failed:
    if isinstance(result, Failed):
        return result
    return Prepared(
        Path(result.path),
        result.sha256,
        ox.NamedNode(result.graph),
        nquads=result.nquads,
        counts=result.counts,
        warnings=result.warnings,
        keys=result.keys,
    )


def _failed(error: InputError) -> Failed:
    return Failed(type(error), error.path, error.message, error.line, error.column, error.expected)


def _unchanged(path: Path, sha: str, graph: str | None, state: StoreState) -> bool:
    """The same bytes already loaded into the graph this file would now go to, by this loader.

    An RDF file's graph is the one asked for (or one named by its bytes); an article's graph is
    named by its own title and version under the current base, so the same bytes under the same
    base and loader build the same graph.
    """
    graphs = state.hashes.get(sha, set())
    if is_rdf_file(path):
        return _rdf_target(sha, graph).value in graphs
    return any(g.startswith(f"{base_iri()}article/") for g in graphs)


def _rdf_target(sha: str, graph: str | None) -> ox.NamedNode:
    return ox.NamedNode(graph) if graph else ox.NamedNode(f"{base_iri()}graph/file/{sha[:16]}")


def _prepare_rdf(path: Path, sha: str, graph: str | None) -> Prepared:
    target = _rdf_target(sha, graph)
    quads = read_rdf(path, target)
    own = [q for q in quads if q.graph_name == target]
    return Prepared(path, sha, target, quads=own)
