"""Reasoning over the store a part at a time, and only over the parts that changed.

A part is what one loaded graph states: the graph itself, plus the triples of the shared graph
its load record holds (`tkg:sharesTriple`, see shared.py), which is what the article's graph held
before shared nodes were split out. Every defined class of the ontology depends only on facts
inside one part, so each part is reasoned over on its own (ontology/rules.py, or HermiT with
`hermit=True`); what crosses parts, the transitive properties (`tkg:influencedBy`), is
closed over every part's edges at once, first (closure.py: only the subjects that reach an
edge changed since the last run are recomputed): the closure depends only on stated edges,
which a run does not change, so a run stopped part-way leaves it whole, and the next run, which
has the rest of the parts to reason over, brings it up to date again. The derived graphs
(shared, labels, summary, metadata, ontology, inferences) are not parts: they state nothing an
article does not.

Incremental. Each reasoned graph gets a reasoning record in the metadata graph: which load it
reasoned over (the load record's checksum and end time), everything it inferred (one literal of
N-Triples lines, `tkg:inferredTriples`) and, one key each, the inferred triples that are not
about the graph's own nodes (`{graph}` or `{graph}/…`), which other graphs may infer too
(`tkg:infersTriple`, as load records hold shared triples). A run reasons over the graphs whose
load record differs from their reasoning record, and drops what those and removed graphs
inferred, except the triples another record holds a key for. `everything=True` (the CLI's
`--all`) starts from an empty inferences graph. Inferences are written a batch of parts at a
time, each batch with its records in one transaction (`Store.change`), so a run that is stopped
resumes where it was. A run with no graph changed or removed since the last does nothing but
count (the closure alone cost 17 s at 10,000 articles: reading 37,000 stated edges and every
inferred lineage pair to find nothing to change).

Where the work is done. A part is read from the store's indexes (`Store.match`, a predicate at a
time). From PARALLEL_FROM parts on, worker processes (`graph/workers.py`) with the store open
read-only read the parts and apply the rules, a batch at a time, and answer with the quads to
write; this process only writes, so reading, the rules and writing overlap (reading is most of
the work: about 60 %, the rules 25 %, writing 15 %). The SPARQL it runs is in
`reason_queries.py`.

The HermiT path (`hermit=True`) reasons over the same parts in batches, always all of them
(it cannot say which part an inference came from), replaces the inferences graph whole and
leaves no reasoning records, so the next incremental run reasons over everything again.
"""

from __future__ import annotations

import hashlib
import sys
import traceback
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import cast

import pyoxigraph as ox
import rdflib

from therapykg.errors import InconsistentError, ReasonerError
from therapykg.graph import derived
from therapykg.graph.closure import close_transitive
from therapykg.graph.convert import from_rdflib_graph
from therapykg.graph.kept import is_kept_graph
from therapykg.graph.reason_queries import (
    CLEAR,
    COUNT,
    HOLDERS,
    LOAD_RECORDS,
    REASONED,
    RECORDED_LINES,
)
from therapykg.graph.store import GraphReplacement, OxigraphStore, Store
from therapykg.graph.substitute import Term, substitute, with_values
from therapykg.graph.workers import PipeWorkers, WorkerEnd, cores
from therapykg.ontology.rules import TYPE, Lit, RuleEngine, Triple, lit
from therapykg.ontology.vocab import (
    PROV,
    TKG,
    base_iri,
    inferences_graph,
    metadata_graph,
    ontology_graph,
    shared_graph,
)

Progress = Callable[[int, int], None]
_BATCH = 50  # parts read in one query, sent to a worker at once, written in one transaction
_FLUSH = 500  # parts written between flushes of Oxigraph's buffers
PARALLEL_FROM = 200  # parts to reason over before worker processes pay for their start
_CHUNK = 2_000  # values in one VALUES block


@dataclass(frozen=True, slots=True)
class ReasonSummary:
    """What one run did."""

    reasoned: int  # graphs reasoned over in this run
    unchanged: int  # graphs whose inferences were kept
    removed: int  # graphs gone since the last run, whose inferences were dropped
    inferred: int  # triples in the inferences graph afterwards


@dataclass(frozen=True, slots=True)
class _Loaded:
    graph: str
    version: str  # the load record's checksum and end time; "" for a graph with no record
    record: str | None


# What the rules reason over, a batch at a time: each part's graph, load version and triples.
_Facts = list[tuple[str, str, list[Triple]]]


def reason_store(
    store: Store,
    *,
    everything: bool = False,
    hermit: bool = False,
    java: str | None = None,
    progress: Progress | None = None,
    workers: int | None = None,
) -> ReasonSummary:
    """Bring the inferences graph up to date with the store (see the module docstring).

    An on-disk store's parts are read and reasoned over by `workers` processes (default: one a
    core when there are PARALLEL_FROM parts or more; 0 does it all here), each with the store
    open read-only; this process writes what they infer, batch after batch."""
    from therapykg.ontology import load_ontology_graph

    engine = RuleEngine.from_ontology(load_ontology_graph())
    loaded = _loaded_graphs(store)
    if hermit:
        return _reason_with_hermit(store, engine, loaded, java, progress)
    reasoned = {} if everything else _reasoned(store)
    changed = [g for g in loaded.values() if reasoned.get(g.graph) != g.version]
    removed = [g for g in reasoned if g not in loaded]
    total = len(changed)
    if not (everything or changed or removed):  # the last run's inferences and closure stand
        return ReasonSummary(0, len(loaded), 0, _count(store))
    derived.forget(store)  # the derived graphs read the inferences too: the next load rebuilds
    if everything:
        _clear(store)
    close_transitive(store, engine)
    _drop_stale(store, [g.graph for g in changed if g.graph in reasoned] + removed)
    location = store.directory
    count = 0 if location is None else _pool_size(workers, total)
    if progress is not None:
        progress(0, total)
    batches = (changed[at : at + _BATCH] for at in range(0, total, _BATCH))
    done = unflushed = 0
    for quads, parts in _inferred(store, engine, batches, count):
        store.change(insert=quads)  # a batch's inferences and records: resumable from here
        done, unflushed = done + parts, unflushed + parts
        if unflushed >= _FLUSH or done == total:
            store.flush()
            unflushed = 0
        if progress is not None:
            progress(done, total)
    return ReasonSummary(total, len(loaded) - total, len(removed), _count(store))


def _pool_size(workers: int | None, parts: int) -> int:
    """`workers`, or by default one a core from PARALLEL_FROM parts (0: the rules run here)."""
    if workers is not None:
        return workers
    return cores() if parts >= PARALLEL_FROM else 0


def _bound(query: str) -> str:
    """`query` with `?meta` and `?inferences` bound to their graphs, where it names them."""
    return substitute(query, {"meta": metadata_graph(), "inferences": inferences_graph()})


def _chunks(values: Sequence[Term]) -> Iterator[Sequence[Term]]:
    return (values[at : at + _CHUNK] for at in range(0, len(values), _CHUNK))


# --- reading parts -------------------------------------------------------------------------------


def _loaded_graphs(store: Store) -> dict[str, _Loaded]:
    """Every part: each graph but the derived ones, with its load record when it has one."""
    derived = {g.value for g in _derived_graphs()}
    found = {
        g.value: _Loaded(g.value, "", None)
        for g in store.graphs()
        if g.value not in derived and not is_kept_graph(g)  # kept rows: graph/kept.py
    }
    for row in store.select(_bound(LOAD_RECORDS)):
        graph = _value(row["g"])
        if graph in found:
            ended = row["ended"]
            version = f"{_value(row['sha'])} {_value(ended) if ended else ''}".strip()
            found[graph] = _Loaded(graph, version, _value(row["r"]))
    return dict(sorted(found.items()))


def _derived_graphs() -> list[ox.NamedNode]:
    base = base_iri()
    return [
        inferences_graph(),
        metadata_graph(),
        ontology_graph(),
        shared_graph(),
        ox.NamedNode(base + "graph/labels"),
        ox.NamedNode(base + "graph/summary"),
    ]


def _facts(store: Store, engine: RuleEngine, batch: Sequence[_Loaded]) -> _Facts:
    """Each part's triples that can take part in an inference (RuleEngine.relevant), as the
    engine reads them: its graph's, and the shared triples its load record holds."""
    read = _Reader(engine)
    predicates = _predicates(engine)
    facts: _Facts = []
    for part in batch:
        triples: list[Triple] = []
        graph = ox.NamedNode(part.graph)
        for predicate in predicates:  # most of a graph is text, slow to read and of no use
            for quad in store.match(None, predicate, None, graph):
                triple = read(quad.triple)
                if triple is not None:
                    triples.append(triple)
        if part.record is not None:
            record = ox.NamedNode(part.record)
            keys = store.match(record, TKG.sharesTriple, None, metadata_graph())
            text = "".join(f"{_value(quad.object)} .\n" for quad in keys)
            for shared in ox.parse(text.encode("utf-8"), format=ox.RdfFormat.N_TRIPLES):
                triple = read(shared.triple)
                if triple is not None:
                    triples.append(triple)
        facts.append((part.graph, part.version, triples))
    return facts


_Object = ox.NamedNode | ox.BlankNode | ox.Literal


def _predicates(engine: RuleEngine) -> list[ox.NamedNode]:
    names = {TYPE} | engine.object_properties | engine.data_properties
    return [ox.NamedNode(name) for name in sorted(names)]


class _Reader:
    """A pyoxigraph triple as the engine reads it, or None when it infers nothing: filtered
    before a literal is converted, because most literals are text."""

    def __init__(self, engine: RuleEngine) -> None:
        self.classes = engine.classes
        self.objects = engine.object_properties
        self.data = engine.data_properties

    def __call__(self, triple: ox.Triple) -> Triple | None:
        subject, predicate, obj = triple.subject, triple.predicate.value, triple.object
        if not isinstance(subject, ox.NamedNode):
            return None
        if isinstance(obj, ox.NamedNode):
            wanted = obj.value in self.classes if predicate == TYPE else predicate in self.objects
            return (subject.value, predicate, obj.value) if wanted else None
        if isinstance(obj, ox.Literal) and predicate in self.data:
            return subject.value, predicate, lit(obj.value, obj.datatype.value, obj.language)
        return None


def _value(term: object) -> str:
    return term.value if isinstance(term, ox.NamedNode | ox.Literal) else str(term)


# --- the rules, here or in worker processes ------------------------------------------------------


def _inferred(
    store: Store, engine: RuleEngine, batches: Iterator[list[_Loaded]], count: int
) -> Iterator[tuple[list[ox.Quad], int]]:
    """What each batch infers, as the quads to write (inferences and reasoning records), with the
    number of its parts; in order. With `count` workers, each holds one batch at a time (a second
    message could fill its pipe while it waits to hand back its reply) and is sent its next batch
    before the caller writes its last one, so the workers read and reason while this process
    writes."""
    if count <= 0 or store.directory is None:
        for batch in batches:
            yield _batch_quads(engine, _facts(store, engine, batch)), len(batch)
        return
    store.flush()  # what was dropped: else each worker's opening replays it from the log
    with _Workers(count, str(store.directory)) as pool:
        queue: deque[tuple[int, int]] = deque()
        for batch in batches:
            if len(queue) < count:
                queue.append((pool.submit(batch), len(batch)))
                continue
            worker, parts = queue.popleft()
            ready = pool.result(worker)
            queue.append((pool.submit(batch), len(batch)))  # to the worker just freed
            yield ready, parts
        while queue:
            worker, parts = queue.popleft()
            yield pool.result(worker), parts


def _batch_quads(engine: RuleEngine, facts: _Facts) -> list[ox.Quad]:
    quads: list[ox.Quad] = []
    for graph, version, triples in facts:
        inferred = sorted(t for t in engine.infer(triples) if t[1] not in engine.transitive)
        quads.extend(_record(graph, version, inferred))
    return quads


def _record(graph: str, version: str, inferred: list[Triple]) -> Iterator[ox.Quad]:
    """The part's inferences, and its reasoning record (see the module docstring)."""
    target, meta = inferences_graph(), metadata_graph()
    record = ox.NamedNode(_record_iri(graph))
    yield ox.Quad(record, _RDF_TYPE, TKG.ReasoningRecord, meta)
    yield ox.Quad(record, _RDF_TYPE, PROV.Activity, meta)
    yield ox.Quad(record, TKG.reasonedGraph, ox.NamedNode(graph), meta)
    yield ox.Quad(record, TKG.reasonedLoad, ox.Literal(version), meta)
    keys: list[str] = []
    for subject, predicate, obj in inferred:
        if isinstance(obj, Lit):  # pragma: no cover - the engine infers no literal value
            raise ReasonerError(f"the rules inferred a literal value for <{predicate}>")
        triple = ox.Triple(ox.NamedNode(subject), ox.NamedNode(predicate), ox.NamedNode(obj))
        yield ox.Quad(triple.subject, triple.predicate, triple.object, target)
        key = str(triple)
        keys.append(key)
        if not (_local(subject, graph) or _local(obj, graph)):
            yield ox.Quad(record, TKG.infersTriple, ox.Literal(key), meta)
    yield ox.Quad(record, TKG.inferredTriples, ox.Literal("\n".join(keys)), meta)


_RDF_TYPE = ox.NamedNode(TYPE)


@dataclass(frozen=True, slots=True)
class _Refusal:
    """What the rules raised in a worker, to be raised again here: the data is inconsistent, or
    the rules cannot reason over it."""

    inconsistent: bool
    message: str
    culprits: list[str]

    def error(self) -> InconsistentError | ReasonerError:
        if self.inconsistent:
            return InconsistentError(self.message, self.culprits)
        return ReasonerError(self.message)


class _Workers(PipeWorkers):
    """Worker processes that read batches of parts and apply the rules to them
    (`graph/workers.py`), each with the store open read-only: parts in, the quads to write out."""

    def __init__(self, count: int, location: str) -> None:
        super().__init__(
            count, "therapykg.graph.reason", ReasonerError, "a reasoning worker", [location]
        )

    def submit(self, batch: list[_Loaded]) -> int:
        return self.send(batch)

    def result(self, worker: int) -> list[ox.Quad]:
        reply = self.receive(worker)
        if isinstance(reply, _Refusal):
            raise reply.error()
        return cast(list[ox.Quad], reply)


def serve_worker() -> None:
    """A reasoning worker's main loop (see `_Workers`): batches in on stdin, quads out."""
    from therapykg.ontology import load_ontology_graph

    pipes = WorkerEnd()
    engine = RuleEngine.from_ontology(load_ontology_graph())
    reader = _Snapshot(sys.argv[1])
    try:
        for batch in pipes.messages():
            reply: object
            try:
                reply = _batch_quads(engine, reader.facts(engine, cast(list[_Loaded], batch)))
            except InconsistentError as exc:
                reply = _Refusal(True, str(exc), exc.culprits)
            except ReasonerError as exc:
                reply = _Refusal(False, str(exc), [])
            except Exception:  # a bug: reported to the parent, which raises it
                reply = traceback.format_exc()
            pipes.reply(reply)
    finally:
        reader.store.close()


class _Snapshot:
    """A worker's read-only opening of the store, opened again when a read fails.

    A read-only opening reads the store as it was when it opened, and opens its table files as
    it first needs them; the writer beside it (this worker's parent, which writes inferences)
    may compact a file away before that. What the workers read, the loaded graphs and their load
    records, is never changed by reasoning, so a fresh opening reads the same triples."""

    def __init__(self, location: str) -> None:
        self.location = location
        self.store = OxigraphStore(location, read_only=True)

    def facts(self, engine: RuleEngine, batch: list[_Loaded]) -> _Facts:
        try:
            return _facts(self.store, engine, batch)
        except OSError:
            self.store.close()
            self.store = OxigraphStore(self.location, read_only=True)
            return _facts(self.store, engine, batch)


# --- records -------------------------------------------------------------------------------------


def _record_iri(graph: str) -> str:
    digest = hashlib.sha1(graph.encode("utf-8"), usedforsecurity=False).hexdigest()
    return f"{base_iri()}reasoning/{digest[:20]}"


def _reasoned(store: Store) -> dict[str, str]:
    """The version each graph had when it was last reasoned over."""
    return {_value(row["g"]): _value(row["v"]) for row in store.select(_bound(REASONED))}


def _local(term: str, graph: str) -> bool:
    return term == graph or term.startswith(graph + "/")


def _drop_stale(store: Store, graphs: list[str]) -> None:
    """Remove what `graphs` inferred last time, unless another record holds it, and their
    records, in one transaction: read from the records, never by scanning the inferences graph
    (2 M triples at 10,000 articles, minutes to read)."""
    if graphs:
        records = [ox.NamedNode(_record_iri(g)) for g in sorted(set(graphs))]
        _drop(store, records, keep_held=True)


def _clear(store: Store) -> None:
    """Everything the rules wrote (`reason --all`): the reasoning records and what each holds,
    _CLEARED records a transaction, then whatever is left in the inferences graph (the closure
    of the transitive properties, or HermiT's inferences) at once. One transaction for all of
    it held the deletion of every inferred triple in memory (2 M at 10,000 articles); the
    buffers are flushed after each transaction."""
    rows = store.select(_bound(REASONED))
    records = sorted({ox.NamedNode(_record_iri(_value(row["g"]))) for row in rows}, key=str)
    for at in range(0, len(records), _CLEARED):
        _drop(store, records[at : at + _CLEARED], keep_held=False)
        store.flush()  # deletions fill Oxigraph's buffers as insertions do: 1.8 GB otherwise
    store.update(_bound(CLEAR))
    store.flush()


_CLEARED = 500  # reasoning records dropped in one transaction by `_clear`


def _drop(store: Store, records: list[ox.NamedNode], *, keep_held: bool) -> None:
    """Remove the triples `records` hold (except, with `keep_held`, those another reasoning
    record holds a key for) and the records, in one transaction."""
    candidates = sorted(_recorded_lines(store, records))
    held = _held_elsewhere(store, candidates, {r.value for r in records}) if keep_held else set()
    doomed = "".join(f"{key} .\n" for key in candidates if key not in held)
    target, meta = inferences_graph(), metadata_graph()
    delete = [
        ox.Quad(t.subject, t.predicate, t.object, target)
        for t in ox.parse(doomed.encode("utf-8"), format=ox.RdfFormat.N_TRIPLES)
    ]
    for record in records:
        delete.extend(store.match(record, None, None, meta))
    store.change(delete=delete)


def _recorded_lines(store: Store, records: list[ox.NamedNode]) -> set[str]:
    lines: set[str] = set()
    for chunk in _chunks(records):
        for row in store.select(_bound(with_values(RECORDED_LINES, "r", chunk))):
            lines.update(line for line in _value(row["lines"]).split("\n") if line)
    return lines


def _held_elsewhere(store: Store, keys: list[str], records: set[str]) -> set[str]:
    """The keys that a reasoning record other than `records` holds (tkg:infersTriple).

    Some keys are held by thousands of records (a triple about a grade or a shared element):
    from the indexes, each key is read up to its first other holder (0.5 ms a key on average
    at 10,000 articles when every holder was read, as the query does)."""
    if store.indexed:
        meta = metadata_graph()
        return {
            key
            for key in keys
            if any(
                _value(quad.subject) not in records
                for quad in store.match(None, TKG.infersTriple, ox.Literal(key), meta)
            )
        }
    held: set[str] = set()
    for chunk in _chunks([ox.Literal(k) for k in keys]):
        for row in store.select(_bound(with_values(HOLDERS, "key", chunk))):
            if _value(row["holder"]) not in records:
                held.add(_value(row["key"]))
    return held


def _count(store: Store) -> int:
    return int(_value(next(iter(store.select(_bound(COUNT))))["n"]))


# --- the HermiT path -----------------------------------------------------------------------------


def _reason_with_hermit(
    store: Store,
    engine: RuleEngine,
    loaded: dict[str, _Loaded],
    java: str | None,
    progress: Progress | None,
) -> ReasonSummary:
    """Every part through HermiT (reasoning.reason_in_parts); the inferences graph replaced."""
    from therapykg.ontology.reasoning import reason_in_parts

    ordered = list(loaded.values())
    parts = [
        _as_rdflib(triples)
        for at in range(0, len(ordered), _BATCH)
        for _, _, triples in _facts(store, engine, ordered[at : at + _BATCH])
    ]
    if progress is not None:
        progress(0, len(parts))
    inferred = reason_in_parts(parts, java=java)
    if progress is not None:
        progress(len(parts), len(parts))
    derived.forget(store)  # as in reason_store
    _clear(store)
    target = inferences_graph()
    store.replace_graphs([GraphReplacement(target, from_rdflib_graph(inferred, target))])
    return ReasonSummary(len(parts), 0, 0, len(inferred))


def _as_rdflib(triples: Iterable[Triple]) -> rdflib.Graph:
    graph = rdflib.Graph()
    for subject, predicate, obj in triples:
        term: rdflib.term.Node
        if isinstance(obj, Lit):  # only booleans and numbers are read (RuleEngine.relevant)
            term = rdflib.Literal(obj.lexical, datatype=rdflib.URIRef(obj.datatype))
        else:
            term = rdflib.URIRef(obj)
        graph.add((rdflib.URIRef(subject), rdflib.URIRef(predicate), term))
    return graph
