"""Loading files into a store: articles through read → extract → build, RDF files as they are.

Each article version lives in its own named graph, written whole together with its load record
(PROV, in the metadata graph): in one transaction, or by the journalled bulk path (writer.py).
A file whose sha256 matches the record of the graph it built is skipped without being parsed, so
reloading an unchanged corpus is a no-op and an interrupted load can simply be run again. A bad
file is reported and skipped; it never touches the store.

This module runs a load; its parts are modules of their own: `files.py` (which files, their
sha256), `prepare.py` (each file in order: skipped when unchanged, RDF read, articles built here
or in worker processes), `writer.py` (batches, the bulk path and its writer thread),
`records.py` (load records, and what the store held when the load began) and `progress.py`
(`LoadSummary`, `LoadProgress`).

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
- Those bulk batches are gathered in a spill file beside the store (spill.py) and bulk loaded a
  run at a time, about a quarter of the load's files a run (`SPILL_RUNS`, at least a batch):
  at 10,000 articles 313 bulk loads of 32, each flushed, kept the writer busy 485 s, and 4 runs
  368 s (docs/benchmarks.md, issue 13's seventh run). Each run is one journalled bulk batch,
  written by one writer thread, at most one run in flight, while the main thread gathers the
  next from the workers (the bulk loader releases the GIL); any other batch first sends the run
  gathered so far and waits for it, so batches reach the store in file order.
- After each run or transaction the embedded store is flushed: Oxigraph lets each of its
  indexes buffer 128 MB in memory before writing, which at 10,000 articles meant 2.4 GB
  resident and slower inserts.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Iterable
from pathlib import Path

import pyoxigraph as ox

from therapykg.graph import derived
from therapykg.graph.files import ARTICLE_SUFFIXES, file_sha256, iter_files, list_files
from therapykg.graph.labels import refresh_labels
from therapykg.graph.memory import trim
from therapykg.graph.prepare import Failed, jobs_for, prepared
from therapykg.graph.progress import LoadProgress, LoadSummary, Progress
from therapykg.graph.records import StoreState, graph_replacement, record_iri
from therapykg.graph.spill import discard_stale
from therapykg.graph.store import GraphReplacement, Store
from therapykg.graph.summary import refresh_summary
from therapykg.graph.writer import BATCH_SIZE, SPILL_RUNS, BatchWriter
from therapykg.ontology.files import ONTOLOGY_FILES, ontology_quads
from therapykg.ontology.vocab import base_iri, metadata_graph, ontology_graph

# what callers import from here, though it lives in the modules the load is made of
__all__ = [
    "ARTICLE_SUFFIXES",
    "BATCH_SIZE",
    "LoadProgress",
    "LoadSummary",
    "file_sha256",
    "iter_files",
    "list_files",
    "load_paths",
    "record_iri",
    "remove_graphs",
]

PARALLEL_FROM = 128  # files in a load before worker processes pay for their start (about 1 s)


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
    when the derived graphs are rebuilt at the end (not when nothing they are built from has
    changed since their last whole rebuild: `summary.derived` is then False, derived.py).
    """
    summary = LoadSummary()
    store.roll_back_interrupted()  # done when a store opens; again for one held open
    discard_stale(store.directory)  # a dead load's spill file: its run was rolled back
    state = StoreState(store)
    _ensure_ontology(store, state)
    files, summary.skipped = list_files(paths)
    if workers is None:
        workers = _cores() if len(files) >= PARALLEL_FROM else 0
    tell = Progress(len(files), progress)
    jobs = jobs_for(files, state, graph, summary, tell)
    run_size = max(BATCH_SIZE, -(-len(files) // SPILL_RUNS))
    with BatchWriter(store, state, summary, run_size=run_size) as writer:
        for item in prepared(jobs, base_iri(), workers):
            if isinstance(item, Failed):
                summary.errors.append(item.error())
            elif item is not None:
                writer.add(item)
            tell.file_done()
    trim()  # what the bulk loads used, before the derived stage's queries
    summary.derived = _rebuild_derived(store, tell)
    return summary


def _rebuild_derived(store: Store, tell: Progress | None = None) -> bool:
    """Rebuild the labels graph and the summary graph's counts and kept tables from every graph,
    unless the stamp says they were built from what the store holds now (derived.py): a load
    cut short after its last batch, or during a rebuild, left no matching stamp, and its rerun,
    which finds every file unchanged, rebuilds. Whether they were rebuilt."""
    built_from, stamped = derived.fingerprint(store), derived.stamped(store)
    if built_from == stamped:
        return False
    if tell is not None:
        tell.stage("derived")
    if stamped is not None:
        derived.forget(store)  # a rebuild cut short from here on leaves no stamp
    refresh_labels(store)
    trim()
    refresh_summary(store)  # the aggregates (graph/summary), likewise derived
    derived.stamp(store, built_from)  # last, after every table
    return True


def _cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        return os.cpu_count() or 1


def remove_graphs(store: Store, graphs: Iterable[str | ox.NamedNode]) -> int:
    """Remove graphs (articles, or imported RDF) with their load records in one transaction,
    and what only they stated from the shared graph; then rebuild the derived graphs (not when
    nothing was removed, derived.py). The number of graphs that were in the store."""
    present = {g.value for g in store.graphs()}
    names = [g if isinstance(g, ox.NamedNode) else ox.NamedNode(g) for g in graphs]
    found = [g for g in names if g.value in present]
    store.replace_graphs(
        [GraphReplacement(g, [], metadata_graph(), [], [record_iri(g)]) for g in names]
    )
    _rebuild_derived(store)  # unless nothing was removed (the stamp still matches)
    return len(found)


def _ensure_ontology(store: Store, state: StoreState) -> None:
    """Keep the ontology (and its alignment) in its own graph, so labels of grades, tiers and
    roles answer queries; replaced when the installed ontology changes."""
    data = b"".join(path.read_bytes() for path in ONTOLOGY_FILES)
    sha = hashlib.sha256(data).hexdigest()
    if sha in state.hashes:
        return
    label = Path("therapykg/ontology") / ONTOLOGY_FILES[0].name
    store.replace_graphs([graph_replacement(ontology_graph(), ontology_quads(), label, sha)])
