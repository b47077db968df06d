"""Loading files into a store: articles through read → extract → build, RDF files as they are.

Each article version lives in its own named graph, written whole together with its load record
(PROV, in the metadata graph): in one transaction, or by the journalled bulk path below. A file
whose sha256 matches the record of the graph it built is skipped without being parsed, so
reloading an unchanged corpus is a no-op and an interrupted load can simply be run again. A bad
file is reported and skipped; it never touches the store.

How a large load goes fast (measured in docs/benchmarks.md):

- Articles are read and built in worker processes (one per core) when there are many of them;
  each hands back its graph as N-Quads bytes, in file order. The parent only hashes files,
  batches results and writes; a few files are built in the parent, with no processes started.
- Articles are written `BATCH_SIZE` at a time, each batch whole or not at all (a transaction, or
  the journalled bulk path), each article's graph and load record inside it.
- A batch whose graphs are all new to the store (no graph of that name, no other version of the
  article, no load record for it, none of them written earlier in this load), to a store that
  `bulk_loads` (the embedded one), is written with `Store.add_new`: Oxigraph's bulk loader parses
  the batch's N-Quads and writes them to new files, journalled so that a batch cut short is rolled
  back whole when the store is next opened (journal.py). That adds exactly what the general path's
  update would (its DROP and DELETE find nothing to remove), without a SPARQL text of the whole
  batch, a Python object per quad, or a transaction's cost: at 1,000 articles the load took 33 s
  with a transaction per batch and 19 s with the bulk loader. Every other batch, and every batch for
  a remote store, goes through `Store.replace_graphs`: one SPARQL update that drops and inserts, all
  or nothing.
- Those bulk batches are written by one writer thread, at most one batch in flight, while the
  main thread gathers the next batch from the workers (the bulk loader releases the GIL); any
  other batch waits for the write in flight, so batches reach the store in file order.
- After each batch the embedded store is flushed: Oxigraph lets each of its indexes buffer
  128 MB in memory before writing, which at 10,000 articles meant 2.4 GB resident and slower
  inserts; flushing per batch keeps the loader near 0.3 GB and makes the load faster.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import sys
import traceback
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import cast

import pyoxigraph as ox

from therapykg import __version__
from therapykg.errors import ArticleError, InputError, LoadWorkerError
from therapykg.graph.build import build_article_nquads
from therapykg.graph.labels import refresh_labels
from therapykg.graph.shared import record_keys, shared_nquads
from therapykg.graph.store import GraphReplacement, NewQuads, Store
from therapykg.graph.substitute import substitute
from therapykg.graph.summary import refresh_summary
from therapykg.graph.workers import PipeWorkers
from therapykg.loaders.formats import article_extensions
from therapykg.loaders.rdf import is_rdf_file, read_rdf
from therapykg.loaders.read import read_article
from therapykg.loaders.warning import located
from therapykg.ontology.files import ONTOLOGY_FILES, ontology_quads
from therapykg.ontology.vocab import PROV, RDF, TKG, XSD, base_iri, metadata_graph, ontology_graph

ARTICLE_SUFFIXES = article_extensions()  # what a folder load picks up as articles
BATCH_SIZE = 32  # articles per transaction: each still swapped whole, fewer commits
PARALLEL_FROM = 128  # files in a load before worker processes pay for their start (about 1 s)
_CHUNK = 8  # articles per task handed to a worker
_IN_FLIGHT = 4  # tasks per worker built ahead of the writer: bounds memory to a few batches


@dataclass(slots=True)
class LoadSummary:
    """What a load did, for the CLI's closing summary."""

    articles: int = 0
    rdf_files: int = 0
    unchanged: int = 0
    statements: int = 0
    facts: int = 0
    quads: int = 0
    warnings: list[str] = field(default_factory=list)  # "file: warning", each with its kind
    errors: list[InputError] = field(default_factory=list)
    skipped: list[Path] = field(default_factory=list)  # files in a folder of no type loaded


@dataclass(frozen=True, slots=True)
class LoadProgress:
    """How far a load is: files done of the files in it. A file is done when it was found
    unchanged, failed, or was read and built and handed to the writer (which writes a batch of
    them at a time, the last batch after the last file).

    `stage` is "files" while files are read and written, then "derived" while the labels and
    summary graphs are rebuilt from them (the last seconds of a large load).
    """

    done: int
    total: int
    stage: str = "files"


class _StoreState:
    """What the store held when the load began: load records and graphs by article."""

    def __init__(self, store: Store) -> None:
        self.hashes = _known_hashes(store)
        self.records = _load_records(store)
        self.graphs: set[str] = set()
        self.versions: dict[str, list[ox.NamedNode]] = {}
        for graph in store.graphs():
            self.graphs.add(graph.value)
            self.versions.setdefault(_article_key(graph), []).append(graph)

    def older_versions(self, graph: ox.NamedNode) -> list[ox.NamedNode]:
        """Graphs of other versions of the same article (`…/article/{slug}/v*`), to be replaced.

        The store keeps the current version of each article; the version stays in the IRI so
        that a citation of a statement names the version it saw.
        """
        return [g for g in self.versions.get(_article_key(graph), []) if g != graph]


def _article_key(graph: ox.NamedNode) -> str:
    return graph.value.rsplit("/", 1)[0] if "/article/" in graph.value else graph.value


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
class _Failed:
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
class _Pending:
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


def iter_files(paths: Iterable[str | Path]) -> Iterator[Path]:
    """Files named directly, and files with a known extension inside named folders, sorted."""
    yield from list_files(paths)[0]


def list_files(paths: Iterable[str | Path]) -> tuple[list[Path], list[Path]]:
    """What `iter_files` gives, and the files in the folders it leaves out for their type.

    A folder's README is documentation and hidden files (`.DS_Store`, anything under `.git/`)
    are not the user's content: neither is loaded nor counted as left out.
    """
    files: list[Path] = []
    skipped: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if not path.is_dir():
            files.append(path)
            continue
        for child in sorted(path.rglob("*")):
            if not child.is_file() or _readme(child):
                continue
            if _loadable(child):
                files.append(child)
            elif not any(part.startswith(".") for part in child.relative_to(path).parts):
                skipped.append(child)
    return files, skipped


def _readme(path: Path) -> bool:
    return path.name.upper().startswith("README")


def _loadable(path: Path) -> bool:
    """Articles and RDF files; a folder's README is documentation, not an article."""
    if _readme(path):
        return False
    return path.suffix.lower() in ARTICLE_SUFFIXES or is_rdf_file(path)


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for block in iter(lambda: stream.read(1 << 16), b""):
            digest.update(block)
    return digest.hexdigest()


def load_paths(
    store: Store,
    paths: Iterable[str | Path],
    *,
    graph: str | None = None,
    progress: Callable[[LoadProgress], None] | None = None,
    workers: int | None = None,
) -> LoadSummary:
    """Load every file under `paths`; `graph` names the target graph for plain RDF files.

    `workers` is how many processes build articles: by default one per usable core when the load
    has at least PARALLEL_FROM files, else none (everything in this process); 0 or 1 is none.
    `progress` is told how far the load is: once before the first file, after each file, and
    when the derived graphs are rebuilt at the end.
    """
    summary = LoadSummary()
    store.roll_back_interrupted()  # done when a store opens; again for one held open
    state = _StoreState(store)
    _ensure_ontology(store, state)
    files, summary.skipped = list_files(paths)
    if workers is None:
        workers = _cores() if len(files) >= PARALLEL_FROM else 0
    tell = _Progress(len(files), progress)
    jobs = _jobs(files, state, graph, summary, tell)
    with _BatchWriter(store, state, summary) as writer:
        for item in _prepared(jobs, base_iri(), workers):
            if isinstance(item, _Failed):
                summary.errors.append(item.error())
            elif item is not None:
                writer.add(item)
            tell.file_done()
    tell.stage("derived")
    # Derived from every article graph, so rebuilt after every load: also after a load that was
    # cut short after its last batch and before this (the rerun finds every article unchanged,
    # and only a rebuild can tell whether the labels graph still matches them).
    refresh_labels(store)
    refresh_summary(store)  # the aggregates (graph/summary), likewise derived
    return summary


class _Progress:
    """Counts files done and tells the caller's callback, if there is one."""

    def __init__(self, total: int, callback: Callable[[LoadProgress], None] | None) -> None:
        self.done = 0
        self.total = total
        self.callback = callback
        if callback is not None:
            callback(LoadProgress(0, total))

    def file_done(self) -> None:
        self.done += 1
        if self.callback is not None:
            self.callback(LoadProgress(self.done, self.total))

    def stage(self, stage: str) -> None:
        if self.callback is not None:
            self.callback(LoadProgress(self.done, self.total, stage))


def _cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        return os.cpu_count() or 1


# -- preparing files: hashed in order here, articles built here or in worker processes ---------

_Task = tuple[str, str]  # (path, sha256) of an article to build
_Ready = _Pending | _Failed | None  # prepared in this process (None: nothing to write)


def _jobs(
    files: list[Path],
    state: _StoreState,
    graph: str | None,
    summary: LoadSummary,
    progress: _Progress,
) -> Iterator[_Task | _Ready]:
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


def _prepared(jobs: Iterator[_Task | _Ready], base: str, workers: int) -> Iterator[_Ready]:
    """What each job becomes, in the order of the jobs."""
    if workers <= 1:
        for job in jobs:
            yield _finish(_build(job, base)) if isinstance(job, tuple) else job
        return
    with _Workers(workers, base) as pool:
        queue: deque[_Ticket | _Ready] = deque()
        chunk: list[_Task] = []
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


def _drain_one(queue: deque[_Ticket | _Ready], pool: _Workers) -> Iterator[_Ready]:
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
        super().__init__(count, "therapykg.graph.load", LoadWorkerError, "a load worker")
        self.base = base

    def submit(self, chunk: list[_Task]) -> _Ticket:
        return _Ticket(self.send((self.base, chunk)))

    def result(self, ticket: _Ticket) -> list[_Built | _Failed]:
        return cast(list[_Built | _Failed], self.receive(ticket.worker))


def serve_worker() -> None:
    """A load worker's main loop (see `_Workers`): chunks in on stdin, built articles out."""
    source, sink = sys.stdin.buffer, sys.stdout.buffer
    while True:
        try:
            base, chunk = pickle.load(source)
        except EOFError:
            return
        try:
            reply: object = [_build(task, base) for task in chunk]
        except Exception:  # a bug: reported to the parent, which raises it
            reply = traceback.format_exc()
        pickle.dump(reply, sink)
        sink.flush()


def _build(task: _Task, base: str) -> _Built | _Failed:
    path, sha = task
    try:
        built = build_article_nquads(read_article(path), base=base)
    except InputError as error:
        return _failed(error)
    return _Built(
        path, sha, built.graph.value, built.nquads, built.counts, built.warnings, built.keys
    )


def _finish(result: _Built | _Failed) -> _Pending | _Failed:
    if isinstance(result, _Failed):
        return result
    return _Pending(
        Path(result.path),
        result.sha256,
        ox.NamedNode(result.graph),
        nquads=result.nquads,
        counts=result.counts,
        warnings=result.warnings,
        keys=result.keys,
    )


def _failed(error: InputError) -> _Failed:
    return _Failed(type(error), error.path, error.message, error.line, error.column, error.expected)


def _unchanged(path: Path, sha: str, graph: str | None, state: _StoreState) -> bool:
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


def _prepare_rdf(path: Path, sha: str, graph: str | None) -> _Pending:
    target = _rdf_target(sha, graph)
    quads = read_rdf(path, target)
    own = [q for q in quads if q.graph_name == target]
    return _Pending(path, sha, target, quads=own)


# -- writing: one transaction per batch ---------------------------------------------------------


class _BatchWriter:
    """Collects prepared files into batches and writes each whole; a context manager that, on
    leaving, writes the last batch and waits for the writer thread."""

    def __init__(self, store: Store, state: _StoreState, summary: LoadSummary) -> None:
        self.store = store
        self.state = state
        self.summary = summary
        self.batch: list[_Pending] = []
        self.written: set[str] = set()  # graphs this load has put in a batch already
        self._thread: ThreadPoolExecutor | None = None
        self._in_flight: tuple[Future[None], list[_Pending]] | None = None

    def __enter__(self) -> _BatchWriter:
        return self

    def __exit__(self, kind: type[BaseException] | None, *rest: object) -> None:
        """Wait for the write in flight (its error is raised unless another one is on its way),
        then stop the writer thread."""
        try:
            if kind is None:
                self.flush()
            self.wait(raise_error=kind is None)
        finally:
            if self._thread is not None:
                self._thread.shutdown(wait=True)

    def add(self, pending: _Pending) -> None:
        self.batch.append(pending)
        if len(self.batch) >= BATCH_SIZE:
            self.flush()

    def flush(self) -> None:
        """Write the batch. Graphs all new to an embedded store go to the bulk loader in the
        writer thread (Oxigraph releases the GIL) while this thread gathers the next batch; any
        other batch is written here in one transaction, after the write in flight has ended."""
        batch, self.batch = self.batch, []
        if not batch:
            return
        new = self._new_quads(batch)
        self.wait()
        if new is not None:
            if self._thread is None:
                self._thread = ThreadPoolExecutor(1, thread_name_prefix="therapykg-write")
            self._in_flight = (self._thread.submit(self._write_new, new), batch)
            return
        self.store.replace_graphs([self._replacement(p) for p in batch])
        self._written(batch)

    def wait(self, *, raise_error: bool = True) -> None:
        """Let the write in flight end, and count its articles; its error is raised here."""
        if self._in_flight is None:
            return
        future, batch = self._in_flight
        self._in_flight = None
        error = future.exception()
        if error is None:
            self._counted(batch)
        elif raise_error:
            raise error

    def _write_new(self, new: NewQuads) -> None:
        self.store.add_new(new)
        self.store.flush()

    def _written(self, batch: list[_Pending]) -> None:
        self.store.flush()  # bounded memory, and faster inserts (docs/benchmarks.md)
        self._counted(batch)

    def _counted(self, batch: list[_Pending]) -> None:
        for pending in batch:
            self._count(pending)

    def _new_quads(self, batch: list[_Pending]) -> NewQuads | None:
        """The batch as quads that only add, when its graphs are all new to an embedded store."""
        fresh = self.store.bulk_loads
        for pending in batch:
            fresh = fresh and self._new(pending)
            self.written.add(pending.graph.value)
        if not fresh:
            return None
        parts: list[bytes] = []
        nodes: dict[str, None] = {}
        for pending in batch:
            assert pending.nquads is not None
            quads = _record(pending.graph, pending.path, pending.sha256, pending.keys)
            record = ox.serialize(quads, format=ox.RdfFormat.N_QUADS)
            assert record is not None
            parts.extend((pending.nquads, record, shared_nquads(pending.keys)))
            nodes.update((key[1 : key.index(">")], None) for key in pending.keys)
        meta = metadata_graph()
        return NewQuads(
            b"".join(parts),
            graphs=[p.graph for p in batch],
            subjects=[(record_iri(p.graph), meta) for p in batch],
            nodes=[ox.NamedNode(n) for n in nodes],
        )

    def _new(self, pending: _Pending) -> bool:
        graph = pending.graph.value
        return (
            pending.nquads is not None
            and b"_:" not in pending.nquads  # blank nodes: Oxigraph's load would rename them
            and graph not in self.state.graphs
            and graph not in self.written
            and record_iri(pending.graph).value not in self.state.records
            and not self.state.older_versions(pending.graph)
        )

    def _replacement(self, pending: _Pending) -> GraphReplacement:
        replacement = _replacement(
            pending.graph, pending.graph_quads(), pending.path, pending.sha256, pending.keys
        )
        if pending.counts is not None:  # an article: its other versions go
            replacement.also_drop = self.state.older_versions(pending.graph)
        return replacement

    def _count(self, pending: _Pending) -> None:
        summary = self.summary
        if pending.counts is None:
            summary.rdf_files += 1
            summary.quads += len(pending.graph_quads())
            return
        summary.articles += 1
        summary.quads += pending.counts.get("quads", 0)
        summary.statements += pending.counts.get("statements", 0)
        summary.facts += pending.counts.get("facts", 0)
        summary.warnings.extend(located(w, str(pending.path)) for w in pending.warnings)


def remove_graphs(store: Store, graphs: Iterable[str | ox.NamedNode]) -> int:
    """Remove graphs (articles, or imported RDF) with their load records in one transaction,
    and what only they stated from the shared graph; then rebuild the derived graphs. The
    number of graphs that were in the store."""
    present = {g.value for g in store.graphs()}
    names = [g if isinstance(g, ox.NamedNode) else ox.NamedNode(g) for g in graphs]
    found = [g for g in names if g.value in present]
    store.replace_graphs(
        [GraphReplacement(g, [], metadata_graph(), [], [record_iri(g)]) for g in names]
    )
    refresh_labels(store)
    refresh_summary(store)
    return len(found)


def _ensure_ontology(store: Store, state: _StoreState) -> None:
    """Keep the ontology (and its alignment) in its own graph, so labels of grades, tiers and
    roles answer queries; replaced when the installed ontology changes."""
    data = b"".join(path.read_bytes() for path in ONTOLOGY_FILES)
    sha = hashlib.sha256(data).hexdigest()
    if sha in state.hashes:
        return
    label = Path("therapykg/ontology") / ONTOLOGY_FILES[0].name
    store.replace_graphs([_replacement(ontology_graph(), ontology_quads(), label, sha)])


def record_iri(graph: ox.NamedNode) -> ox.NamedNode:
    digest = hashlib.sha1(graph.value.encode("utf-8"), usedforsecurity=False).hexdigest()
    return ox.NamedNode(f"{base_iri()}load/{digest[:20]}")


def _record(graph: ox.NamedNode, path: Path, sha: str, keys: Sequence[str] = ()) -> list[ox.Quad]:
    """The load record of a graph: which file, which bytes, which loader, when, and which
    triples of the shared graph it states (therapykg.graph.shared)."""
    meta = metadata_graph()
    record = record_iri(graph)
    now = datetime.now(UTC).isoformat(timespec="seconds")
    facts: list[tuple[ox.NamedNode, ox.NamedNode | ox.Literal]] = [
        (RDF.type, TKG.LoadRecord),
        (RDF.type, PROV.Activity),
        (TKG.loadedGraph, graph),
        (TKG.sourceFile, ox.Literal(str(path))),
        (TKG.sha256, ox.Literal(sha)),
        (TKG.loaderVersion, ox.Literal(__version__)),
        (PROV.endedAtTime, ox.Literal(now, datatype=XSD.dateTime)),
    ]
    return [ox.Quad(record, p, o, meta) for p, o in facts] + record_keys(record, keys)


def _replacement(
    graph: ox.NamedNode, quads: Sequence[ox.Quad], path: Path, sha: str, keys: Sequence[str] = ()
) -> GraphReplacement:
    metadata = _record(graph, path, sha, keys)
    return GraphReplacement(
        graph, quads, metadata_graph(), metadata, [record_iri(graph)], shared=keys
    )


_KNOWN_HASHES = """
SELECT ?sha ?g ?version ?split WHERE {
  GRAPH ?meta {
    ?r a tkg:LoadRecord ; tkg:sha256 ?sha ; tkg:loadedGraph ?g ; tkg:loaderVersion ?version
    BIND(EXISTS { ?r tkg:sharesTriple ?key } AS ?split)
  }
  FILTER EXISTS { GRAPH ?g { ?s ?p ?o } }
}
"""
_LOAD_RECORDS = "SELECT DISTINCT ?r WHERE { GRAPH ?meta { ?r ?p ?o } }"


def _known_hashes(store: Store) -> dict[str, set[str]]:
    """The graphs each file's bytes (sha256) were loaded into by this loader version, for every
    graph still in the store.

    A file is unchanged when the same bytes went into the graph it would go to now, wherever the
    file lies; another graph, or a newer loader, loads it again.
    """
    result = store.select(substitute(_KNOWN_HASHES, {"meta": metadata_graph()}))
    known: dict[str, set[str]] = {}
    for row in result:
        # an article loaded before the shared graph restates shared triples: loaded again
        older = "/article/" in row["g"].value and row["split"].value not in ("true", "1")
        if row["version"].value == __version__ and not older:
            known.setdefault(row["sha"].value, set()).add(row["g"].value)
    return known


def _load_records(store: Store) -> set[str]:
    """Every subject of the metadata graph: a new graph's record must not be one of them."""
    result = store.select(substitute(_LOAD_RECORDS, {"meta": metadata_graph()}))
    return {row["r"].value for row in result}
