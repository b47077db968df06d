"""Writing a load's prepared files a batch at a time, each batch whole or not at all.

A batch whose graphs are all new to a store that `bulk_loads` joins the run being gathered in a
spill file (spill.py); a run of `run_size` articles goes to `Store.add_new` in the writer thread
(at most one run in flight, while the main thread gathers the next). Any other batch first sends
the run gathered so far and waits for it, then goes through `Store.replace_graphs` in one
transaction, so that batches reach the store in file order (load.py's docstring says why, with
the numbers).
"""

from __future__ import annotations

from concurrent.futures import Future, ThreadPoolExecutor

import pyoxigraph as ox

from therapykg.graph.memory import trim
from therapykg.graph.prepare import Prepared
from therapykg.graph.progress import LoadSummary
from therapykg.graph.records import StoreState, graph_replacement, load_record, record_iri
from therapykg.graph.shared import shared_nquads
from therapykg.graph.spill import Spill
from therapykg.graph.store import GraphReplacement, NewQuads, Store
from therapykg.loaders.warning import located
from therapykg.ontology.vocab import metadata_graph

BATCH_SIZE = 32  # articles per transaction: each still swapped whole, fewer commits
SPILL_RUNS = 4  # bulk loads a load's new articles go in by, each after the file order's last


class BatchWriter:
    """Collects prepared files into batches and writes each whole; a context manager that, on
    leaving, writes the last batch and waits for the writer thread."""

    def __init__(
        self, store: Store, state: StoreState, summary: LoadSummary, *, run_size: int = BATCH_SIZE
    ) -> None:
        self.store = store
        self.state = state
        self.summary = summary
        self.run_size = run_size  # new articles a bulk load takes at once
        self.batch: list[Prepared] = []
        self.written: set[str] = set()  # graphs this load has put in a batch already
        self._thread: ThreadPoolExecutor | None = None
        self._spill: Spill | None = None  # the run being gathered, and its articles
        self._run: list[Prepared] = []
        self._in_flight: tuple[Future[None], list[Prepared]] | None = None

    def __enter__(self) -> BatchWriter:
        return self

    def __exit__(self, kind: type[BaseException] | None, *rest: object) -> None:
        """Wait for the write in flight (its error is raised unless another one is on its way),
        then stop the writer thread."""
        try:
            if kind is None:
                self.flush()
                self._send()
            self.wait(raise_error=kind is None)
        finally:
            if self._spill is not None:  # gathered, never sent: an error came first
                self._spill.discard()
            if self._thread is not None:
                self._thread.shutdown(wait=True)

    def add(self, pending: Prepared) -> None:
        self.batch.append(pending)
        if len(self.batch) >= BATCH_SIZE:
            self.flush()

    def flush(self) -> None:
        """Write the batch. Graphs all new to an embedded store join the run in the spill file,
        which goes to the bulk loader in the writer thread once it holds `run_size` articles
        (Oxigraph releases the GIL) while this thread gathers the next; any other batch is
        written here in one transaction, after the run gathered so far is in the store."""
        batch, self.batch = self.batch, []
        if not batch:
            return
        if self._fresh(batch):
            self._gather(batch)
            if len(self._run) >= self.run_size:
                self._send()
            return
        self._send()
        self.wait()
        self.store.replace_graphs([self._replacement(p) for p in batch])
        self._written(batch)

    def _send(self) -> None:
        """Hand the run gathered so far to the writer thread, once the run in flight is in."""
        spill, run = self._spill, self._run
        if spill is None:
            return
        self._spill, self._run = None, []
        self.wait()
        try:
            new = spill.new_quads()
        except BaseException:
            spill.discard()
            raise
        if self._thread is None:
            self._thread = ThreadPoolExecutor(1, thread_name_prefix="therapykg-write")
        self._in_flight = (self._thread.submit(self._write_new, spill, new), run)

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

    def _write_new(self, spill: Spill, new: NewQuads) -> None:
        try:
            self.store.add_new(new)
            self.store.flush()
            trim()  # what the bulk loader used, given back before the next run (memory.py)
        finally:
            spill.discard()

    def _written(self, batch: list[Prepared]) -> None:
        self.store.flush()  # bounded memory, and faster inserts (docs/benchmarks.md)
        self._counted(batch)

    def _counted(self, batch: list[Prepared]) -> None:
        for pending in batch:
            self._count(pending)

    def _fresh(self, batch: list[Prepared]) -> bool:
        """Whether the batch's graphs are all new to an embedded store (and now written)."""
        fresh = self.store.bulk_loads
        for pending in batch:
            fresh = fresh and self._new(pending)
            self.written.add(pending.graph.value)
        return fresh

    def _gather(self, batch: list[Prepared]) -> None:
        """Add the batch's articles, as quads that only add, to the run in the spill file; their
        N-Quads are then dropped from memory (what is counted after the write stays)."""
        if self._spill is None:
            self._spill = Spill(self.store.directory, self.store.location)
        meta = metadata_graph()
        for pending in batch:
            assert pending.nquads is not None
            quads = load_record(pending.graph, pending.path, pending.sha256, pending.keys)
            record = ox.serialize(quads, format=ox.RdfFormat.N_QUADS)
            assert record is not None
            nodes = [key[1 : key.index(">")] for key in pending.keys]
            data = (pending.nquads, record, shared_nquads(pending.keys))
            self._spill.add(data, pending.graph, (record_iri(pending.graph), meta), nodes)
            pending.nquads, pending.keys = None, []
            self._run.append(pending)

    def _new(self, pending: Prepared) -> bool:
        graph = pending.graph.value
        return (
            pending.nquads is not None
            and b"_:" not in pending.nquads  # blank nodes: Oxigraph's load would rename them
            and graph not in self.state.graphs
            and graph not in self.written
            and record_iri(pending.graph).value not in self.state.records
            and not self.state.older_versions(pending.graph)
        )

    def _replacement(self, pending: Prepared) -> GraphReplacement:
        replacement = graph_replacement(
            pending.graph, pending.graph_quads(), pending.path, pending.sha256, pending.keys
        )
        if pending.counts is not None:  # an article: its other versions go
            replacement.also_drop = self.state.older_versions(pending.graph)
        return replacement

    def _count(self, pending: Prepared) -> None:
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
