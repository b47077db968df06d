"""SHACL validation of a store, a few graphs at a time, in bounded memory, with progress.

`validation.validate` (pySHACL over one rdflib Graph) stays the reference: it is what files are
checked with, and what the tests compare this module against. A store is checked here instead,
because copying it into rdflib does not scale: at 10,000 generated articles (16 M quads) the
copy passed 20 GB and never finished.

How (and why this way, measured on a 2-core machine shared with other work; docs/benchmarks.md):

- pySHACL per article (an article graph with the ontology, in worker processes) costs 0.8 s of
  CPU an article: over two hours for 10,000.
- One SPARQL query per constraint over the whole store (the shapes compiled to SPARQL) costs
  1.5-13 s per constraint at 1,000 articles (the union default graph, and FILTER NOT EXISTS per
  row): some 80 constraints, so hours at 10,000.
- Checking each focus node in Python (`shacl.Shape.check`) against its triples read from the
  store reads each triple about a checked node about once: this module. 35 s of CPU for 1,000
  articles, 512 s for 10,000 (two worker processes, 253 MB the largest). What a read costs is
  the text of its terms (each IRI and long literal Oxigraph hands out is a RocksDB read of its
  own, about 2.4 µs here) and its lookups (25-40 µs each). So an article graph is read by one
  scan of its index that hands out subjects and objects only, each predicate as a number
  (`_GRAPH_TRIPLES`), and what other graphs state about its nodes only from the graphs that
  can (`_Foreign`); other nodes checked whole by one query for many (`_NODE_TRIPLES`). A
  lookup a node, decoding all four terms of each quad, cost 15-24 % more CPU in all
  (docs/benchmarks.md).

The store's graphs are taken in units of bounded size: article graphs in batches of 16, every
other graph (shared, metadata, labels, summary, imported RDF) in chunks of 2,000 of its focus
nodes, so that the two workers share a large graph and neither holds it whole. The focus nodes
are the subjects whose type (or tkg:directlyInfluencedBy, for the lineage cycle) a graph of the
unit states; their values are those of every graph (as pySHACL sees the union), the class
hierarchy and what the ontology itself states from the installed ontology beside the store's,
as `validation.validate` mixes it in. The inferences graph is checked only for the nodes it
selects for a shape no other graph selects them for (`_Checker.uncovered`): the rest are the
articles' own focus nodes for the same shapes, and checking them again doubled the work (at
10,000 articles, one worker spent over 10 minutes on that graph alone while the other idled).
The SPARQL constraints (the lineage cycle, which crosses articles; the influence and
source-count ones) run as the store's own SPARQL, with `$this` bound to the unit's focus nodes.

Incremental: `changed_graphs` reads the load records and the state file a validation of an
on-disk store leaves in its directory (`therapykg.validated`: the load records it saw, and the
results of each graph that had any), and names what must be checked again: graphs whose load
record changed (loaded again, or new), and the graphs no load writes alone (shared, labels,
summary, metadata, inferences), or every graph when the shapes or the ontology changed. The
results of the other graphs are carried over, so the report is that of the whole store, except
where a node of an unchanged graph takes its values from a changed one (the class of a shared
node a removed article alone typed): `--all` checks everything again.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import sys
import traceback
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from datetime import datetime
from functools import cache
from pathlib import Path
from typing import cast

import pyoxigraph as ox

from therapykg.errors import ValidationWorkerError
from therapykg.graph import recordtexts
from therapykg.graph.kept import is_kept_graph
from therapykg.graph.store import OxigraphStore, Store
from therapykg.graph.substitute import substitute, with_rows, with_values
from therapykg.graph.workers import PipeWorkers, WorkerEnd, cores
from therapykg.ontology import SHAPES_PATH, load_ontology_graph
from therapykg.ontology.shacl import (
    Shape,
    SparqlConstraint,
    Term,
    Violation,
    compile_shapes,
    python_value,
    read_predicates,
)
from therapykg.ontology.validation import Report, Result, sort_key
from therapykg.ontology.vocab import (
    RDF,
    RDFS,
    TKG,
    XSD,
    inferences_graph,
    metadata_graph,
    ontology_graph,
    shared_graph,
)

STATE_FILE = "therapykg.validated"
BATCH_GRAPHS = 16  # graphs a batch: bounds the nodes held at once, and draws progress often
PARALLEL_FROM = 200  # graphs to check before worker processes pay for their start (about 2 s)
CHUNK_NODES = 2_000  # focus nodes of a graph that is not an article's, checked at once
_VALUES_CHUNK = 400  # focus nodes bound at once in one SPARQL constraint's query
# The triples of $graph that select a focus node for one shape (a type among its classes, a
# target predicate) where no other graph selects it for that shape. MINUS, not FILTER NOT
# EXISTS: Oxigraph joins it by hashing (3 µs a row of the inferences graph here; 18 µs a row
# as a lookup each).
_UNCOVERED = """
SELECT DISTINCT ?this ?p ?o WHERE {
  {
    VALUES ?class {}
    GRAPH $graph { ?this a ?class }
    BIND(<http://www.w3.org/1999/02/22-rdf-syntax-ns#type> AS ?p)
    BIND(?class AS ?o)
  } UNION {
    VALUES ?predicate {}
    GRAPH $graph { ?this ?predicate ?o }
    BIND(?predicate AS ?p)
  }
  MINUS {
    VALUES ?stated {}
    GRAPH ?other { ?this a ?stated }
    FILTER(?other != $graph)
  }
  MINUS {
    VALUES ?stating {}
    GRAPH ?another { ?this ?stating ?any }
    FILTER(?another != $graph)
  }
}
"""
_SOURCE_LINE = TKG.sourceLine
_EXTRACTED_FROM = TKG.extractedFrom
# The subjects and objects of one predicate in one graph: what makes a node a focus node.
_SELECTING = "SELECT ?s ?o WHERE { GRAPH $graph { ?s $predicate ?o } }"
# What a check reads of the nodes it checks whole: their triples in every graph (the union, as
# pySHACL sees it) on the predicates the shapes read. Each node is bound with its number (?n)
# and each predicate is answered as its number (?k, `$case`: IF(?p = $p0, 0, IF(…))), so that
# Oxigraph decodes only the objects: reading a term's text costs about 2.4 µs here (a RocksDB
# read), and a lookup a node read all four terms of every quad (docs/benchmarks.md).
_NODE_TRIPLES = """
SELECT ?n ?k ?o WHERE {
  VALUES (?node ?n) {}
  GRAPH ?g { ?node ?p ?o }
  BIND($case AS ?k)
  FILTER(BOUND(?k))
}
"""
_NODES_A_QUERY = 1_000  # nodes bound at once in _NODE_TRIPLES
# The same triples of the nodes bound to ?node, from one graph only.
_NODE_TRIPLES_IN = _NODE_TRIPLES.replace("GRAPH ?g", "GRAPH $graph")
# Every triple of one graph on the predicates the shapes read: an article graph is read by one
# scan of its index (a lookup a node cost about 30 µs of CPU before its first triple, as much
# as decoding ten terms; docs/benchmarks.md).
_GRAPH_TRIPLES = """
SELECT ?s ?k ?o WHERE {
  GRAPH $graph { ?s ?p ?o }
  BIND($case AS ?k)
  FILTER(BOUND(?k))
}
"""
# What a graph states about nodes under an article graph's IRI, on the predicates the shapes
# read (`VALUES ?p`: a lookup of each in the graph's index, rather than every triple through
# the `$case`; the summary graph holds 1.9 M triples at 10,000 articles, none of them read).
_ABOUT_ARTICLES = """
SELECT ?s ?k ?o WHERE {
  VALUES ?p {}
  GRAPH $graph { ?s ?p ?o }
  BIND($case AS ?k)
  FILTER(isIRI(?s) && CONTAINS(STR(?s), "/article/"))
}
"""
# The predicates an article graph holds most triples of, first in `$case`: Oxigraph tries each
# IF in turn, about 50 ns each, and a row passes the chain until its predicate.
_FREQUENT = tuple(
    TKG[name]
    for name in (
        "ordinal", "llmTagged", "text", "statementKind", "inSection", "sourceLine",
        "provenanceTag", "extractedFrom", "citesReference",
    )
)  # fmt: skip

_INTEGER = XSD.integer

Progress = Callable[[int, int], None]


def validate_store(
    store: Store,
    *,
    graphs: Sequence[ox.NamedNode] | None = None,
    known: Mapping[str, Sequence[Result]] | None = None,
    progress: Progress | None = None,
    workers: int | None = None,
) -> CheckedReport:
    """Check `graphs` of the store (every graph when None) against shapes.ttl.

    The focus nodes are those a checked graph types; their values come from every graph. The
    report holds the results of those focus nodes, as `validation.validate` of the whole store
    would give them, and the `known` results of graphs not checked again (`changed_graphs`).
    `progress(done, total)` is called after each batch of graphs (a graph split into chunks
    counts when its last chunk is done). An on-disk store with many graphs to check is read by
    `workers` processes (default: one a core), each with the store open read-only.
    """
    chosen = list(store.graphs()) if graphs is None else list(graphs)
    total = len(chosen)
    location = _directory(store)
    count = workers or (cores() if location is not None and total >= PARALLEL_FROM else 1)
    checker = _Checker(store)
    results: dict[Result, None] = dict.fromkeys(checker.check_ontology())
    by_graph: dict[str, tuple[Result, ...]] = {
        graph: tuple(found) for graph, found in (known or {}).items()
    }
    if progress is not None:
        progress(0, total)
    started: set[str] = set()  # graphs some of whose results are in: known ones are dropped
    done = 0
    units = _units(checker, chosen)
    for checked, finished in _run(checker, units, location if count > 1 else None, count):
        for graph, found in checked:
            if graph not in started:
                started.add(graph)
                by_graph.pop(graph, None)
            if found:
                by_graph[graph] = (*by_graph.get(graph, ()), *found)
        done += finished
        if progress is not None and finished:
            progress(done, total)
    for kept in by_graph.values():
        results.update(dict.fromkeys(kept))
    by_graph = {graph: tuple(dict.fromkeys(found)) for graph, found in by_graph.items()}
    ordered = sorted(results, key=sort_key)
    conforms = not any(r.severity == "Violation" for r in ordered)
    return CheckedReport(conforms, ordered, checked=total, by_graph=by_graph)


Checked = list[tuple[str, list[Result]]]  # each graph of a unit with its results
Selecting = tuple[Term, ox.NamedNode, Term]  # a triple that makes its subject a focus node


@dataclass(frozen=True, slots=True)
class _Chunk:
    """Part of one graph too large to check at once: the triples of `graph` that select some
    of its focus nodes (at most CHUNK_NODES nodes), and whether it is the graph's last part."""

    graph: str
    selecting: tuple[Selecting, ...]
    last: bool


Unit = list[str] | _Chunk  # whole graphs (a batch of articles), or part of one graph


def _units(checker: _Checker, graphs: list[ox.NamedNode]) -> Iterator[Unit]:
    """What the graphs are checked in, made as they are needed. Article graphs (small, many)
    in batches of BATCH_GRAPHS; every other graph (the shared, metadata, labels and summary
    graphs, imported RDF) split into chunks of its focus nodes, first. Of the inferences
    graph, only the focus nodes no other graph selects are checked (`_Checker.uncovered`),
    last: the store's query that finds them (seconds at 10,000 articles, and Oxigraph lets go
    of the GIL) runs in a thread of this process from the start, while the workers check the
    rest."""
    whole = [g for g in graphs if _is_article(g)]
    inferences = inferences_graph()
    split = [g for g in graphs if not _is_article(g) and g != inferences]
    with ThreadPoolExecutor(1, thread_name_prefix="uncovered") as pool:
        uncovered = (
            pool.submit(lambda: list(checker.uncovered(inferences)))
            if inferences in graphs
            else None
        )
        for graph in split:
            yield from _chunks(graph, checker.selecting(graph))
        for at in range(0, len(whole), BATCH_GRAPHS):
            yield [g.value for g in whole[at : at + BATCH_GRAPHS]]
        if uncovered is not None:
            yield from _chunks(inferences, uncovered.result())


def _chunks(graph: ox.NamedNode, selecting: Iterable[Selecting]) -> Iterator[_Chunk]:
    """The selecting triples of one graph cut into chunks of about CHUNK_NODES focus nodes. A
    node the index scans give twice (two types) may fall in two chunks: each checks the shapes
    its triples select, and a result found twice is one result. A graph with none gives one
    empty chunk, so that the results it had before are dropped."""
    chunk: list[Selecting] = []
    nodes: set[Term] = set()
    for triple in selecting:
        if triple[0] not in nodes and len(nodes) >= CHUNK_NODES:
            yield _Chunk(graph.value, tuple(chunk), last=False)
            chunk, nodes = [], set()
        nodes.add(triple[0])
        chunk.append(triple)
    yield _Chunk(graph.value, tuple(chunk), last=True)


def _is_article(graph: ox.NamedNode) -> bool:
    return "/article/" in graph.value


def _run(
    checker: _Checker, units: Iterable[Unit], location: str | None, count: int
) -> Iterator[tuple[Checked, int]]:
    """The units checked in order, each with how many graphs it finished: here, or by `count`
    worker processes reading `location`."""
    if location is None:
        for unit in units:
            yield checker.check_unit(unit), _finished(unit)
        return
    with _Workers(count, location) as pool:
        queue: deque[tuple[int, int]] = deque()
        for unit in units:
            if len(queue) >= 2 * count:  # a few units ahead of the reader, no more
                worker, finished = queue.popleft()
                yield pool.result(worker), finished
            queue.append((pool.submit(unit), _finished(unit)))
        while queue:
            worker, finished = queue.popleft()
            yield pool.result(worker), finished


def _finished(unit: Unit) -> int:
    if isinstance(unit, _Chunk):
        return 1 if unit.last else 0
    return len(unit)


def _directory(store: Store) -> str | None:
    if isinstance(store, OxigraphStore) and store.location != "memory:":
        return store.location
    return None


class _Workers(PipeWorkers):
    """Worker processes that check batches of graphs (`graph/workers.py`), each opening the
    store read-only beside this process: graph IRIs in, results out."""

    def __init__(self, count: int, location: str) -> None:
        super().__init__(
            count,
            "therapykg.graph.validate",
            ValidationWorkerError,
            "a validation worker",
            [location],
        )

    def submit(self, unit: Unit) -> int:
        return self.send(unit)

    def result(self, worker: int) -> Checked:
        return cast(Checked, self.receive(worker))


def serve_worker() -> None:
    """A validation worker's main loop (see `_Workers`): units in on stdin, results out."""
    pipes = WorkerEnd()
    with OxigraphStore(sys.argv[1], read_only=True) as store:
        checker = _Checker(store)
        for unit in pipes.messages():
            try:
                reply: object = checker.check_unit(cast(Unit, unit))
            except Exception:  # a bug: reported to the parent, which raises it
                reply = traceback.format_exc()
            pipes.reply(reply)


@dataclass(frozen=True, slots=True)
class CheckedReport(Report):
    """A report of a store validation: how many graphs were checked, and the results of each
    graph that had any (what the next validation keeps of those it does not check again)."""

    checked: int = 0
    by_graph: Mapping[str, tuple[Result, ...]] = field(default_factory=dict)


class _Checker:
    """What one validation of a store holds: the shapes, their targets, the ontology."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.shapes = compile_shapes()
        self.ontology = _ontology_index()
        self.hierarchy = _Hierarchy(store, self.ontology)
        self.by_type: dict[Term, list[Shape]] = {}
        for shape in self.shapes:
            for cls in shape.target_classes:
                for sub in self.hierarchy.subclasses(cls):
                    self.by_type.setdefault(sub, []).append(shape)
        self.by_predicate: dict[ox.NamedNode, list[Shape]] = {}
        for shape in self.shapes:
            for predicate in shape.target_subjects_of:
                self.by_predicate.setdefault(predicate, []).append(shape)
        self._articles: frozenset[str] | None = None
        self._unbound: dict[str, list[Mapping[str, Term]]] = {}
        # rdf:type and the target predicates select the focus nodes of an article graph's scan
        self.reading = _Reading(
            read_predicates(self.shapes)
            | {RDF.type, _SOURCE_LINE, _EXTRACTED_FROM, *self.by_predicate}
        )
        self._foreign_graphs: _Foreign | None = None

    def check_ontology(self) -> list[Result]:
        """The focus nodes the installed ontology types (the graded items), as pySHACL sees
        them in the ontology mixed into the data."""
        focus: dict[Shape, dict[Term, None]] = {}
        for node, predicates in self.ontology.items():
            for predicate, objects in predicates.items():
                self._add_focus(focus, node, predicate, objects)
        return list(self._check(focus, lambda node: False))

    def check_unit(self, unit: Unit) -> Checked:
        """Each graph of a unit (`_units`) with its results."""
        if isinstance(unit, _Chunk):
            return [(unit.graph, self.check_chunk(unit.selecting))]
        graphs = [ox.NamedNode(g) for g in unit]
        return [(g.value, found) for g, found in self.check_graphs(graphs)]

    def check_graphs(
        self, graphs: Sequence[ox.NamedNode]
    ) -> Iterator[tuple[ox.NamedNode, list[Result]]]:
        """Each article graph with the results of the focus nodes it types. The graph is read
        by one scan (`_GRAPH_TRIPLES`): its triples select the focus nodes, and are the triples
        of its own nodes (`_own_nodes`) but for what other graphs state about them, which only
        the graphs `_Foreign` names can (read from them: pySHACL sees the union)."""
        foreign = self._foreign()
        for graph in graphs:
            own = _own_nodes(graph)
            focus: dict[Shape, dict[Term, None]] = {}
            whole: dict[ox.NamedNode, dict[ox.NamedNode, dict[Term, None]]] = {}
            selects = {RDF.type, *self.by_predicate}
            rows = self.store.select(self.reading.text(_GRAPH_TRIPLES, graph))
            for subject, predicate, obj in self.reading.rows(rows):
                if isinstance(subject, ox.Literal):
                    continue
                if predicate in selects:
                    self._add_focus(focus, subject, predicate, (obj,))
                if isinstance(subject, ox.NamedNode) and own(subject):
                    _add(whole, subject, predicate, obj)
            for subject, predicate, obj in foreign.about(list(whole)):
                _add(whole, subject, predicate, obj)
            data = StoreData(self.store, self.ontology, self.hierarchy, self.reading)
            data.preset(whole)
            yield graph, list(self._check(focus, own, data))

    def check_chunk(self, selecting: Iterable[Selecting]) -> list[Result]:
        """The results of the focus nodes some triples of a graph select (`_Chunk`). A node
        under an article graph (a statement the inferences graph types) is read whole, as its
        article's check reads it; others (shared nodes, load records) a predicate at a time."""
        focus: dict[Shape, dict[Term, None]] = {}
        for subject, predicate, obj in selecting:
            self._add_focus(focus, subject, predicate, (obj,))
        return list(self._check(focus, self._in_a_graph))

    def selecting(self, graph: ox.NamedNode) -> Iterator[Selecting]:
        """The triples of `graph` that make their subject a focus node: its rdf:type triples
        and those of the shapes' target predicates, from the graph's own indexes."""
        for predicate in (RDF.type, *self.by_predicate):
            query = substitute(_SELECTING, {"graph": graph, "predicate": predicate})
            for row in self.store.select(query):
                subject, obj = row[0], row[1]
                if isinstance(subject, ox.NamedNode | ox.BlankNode) and not isinstance(
                    obj, ox.Triple | None
                ):
                    yield subject, predicate, obj

    def uncovered(self, graph: ox.NamedNode) -> Iterator[Selecting]:
        """The triples of `graph` that select a focus node for a shape that no other graph of
        the store selects it for: of the inferences graph, the only pairs of shape and node a
        check of it adds to what the other graphs' checks find.

        What `reason` writes restates what the articles state: each class it infers is a
        defined class whose members are members of a named class the article states
        (`tkg:SourcedStatement` is a `tkg:Statement` with a tier-tagged source, a
        `tkg:PromisingElement` a `tkg:RelationshipElement` …), and the shapes of a subclass
        are those of the class. So every node it types is a focus node, for the same shapes,
        of the graph that states it: checking the inferences graph whole (2.2 M triples at
        10,000 articles) reads and checks every statement of the corpus a second time. The
        nodes for which that does not hold (inferences left from an article loaded again but
        not reasoned over since, or data that breaks the ontology) are found by one query a
        shape in the store, which answers without handing Python a row for a covered node;
        they are checked as any graph's are."""
        hierarchy = self.hierarchy
        for shape in self.shapes:
            classes = {sub for cls in shape.target_classes for sub in hierarchy.subclasses(cls)}
            query = with_values(_UNCOVERED, "class", sorted(classes, key=str))
            query = with_values(query, "stated", sorted(classes, key=str))
            query = with_values(query, "predicate", shape.target_subjects_of)
            query = with_values(query, "stating", shape.target_subjects_of)
            for row in self.store.select(substitute(query, {"graph": graph})):
                node, predicate, obj = row["this"], row["p"], row["o"]
                if isinstance(predicate, ox.NamedNode) and not isinstance(obj, ox.Triple):
                    assert isinstance(node, ox.NamedNode | ox.BlankNode) and obj is not None
                    yield node, predicate, obj

    def _in_a_graph(self, node: Term) -> bool:
        """Whether `node` is an article graph's node (its IRI, or an IRI under it)."""
        if self._articles is None:
            self._articles = frozenset(g.value for g in self.store.graphs() if _is_article(g))
        if isinstance(node, ox.NamedNode):
            iri = node.value
            cut = iri.find("/article/")
            while cut >= 0:
                if iri[:cut] in self._articles:
                    return True
                cut = iri.find("/", cut + 1)
            return iri in self._articles
        return False

    def _add_focus(
        self,
        focus: dict[Shape, dict[Term, None]],
        node: Term,
        predicate: ox.NamedNode,
        objects: Iterable[Term],
    ) -> None:
        if predicate == RDF.type:
            for cls in objects:
                for shape in self.by_type.get(cls, ()):
                    focus.setdefault(shape, {})[node] = None
        for shape in self.by_predicate.get(predicate, ()):
            focus.setdefault(shape, {})[node] = None

    def _foreign(self) -> _Foreign:
        if self._foreign_graphs is None:
            self._foreign_graphs = _Foreign(self.store, self.reading)
        return self._foreign_graphs

    def _check(
        self,
        focus: Mapping[Shape, Mapping[Term, None]],
        own: Callable[[Term], bool],
        data: StoreData | None = None,
    ) -> Iterator[Result]:
        """The results of each shape's focus nodes. The triples of the nodes `own` says belong
        to the graph (an article's statements, sections …) are read at once; those of other
        nodes (shared nodes, load records, with thousands of triples of no interest) one
        predicate at a time, as the shapes ask."""
        if data is None:
            data = StoreData(self.store, self.ontology, self.hierarchy, self.reading)
        data.prefetch(node for nodes in focus.values() for node in nodes if own(node))
        for shape, nodes in focus.items():
            for node in nodes:
                for violation in shape.check(node, data):
                    yield _result(violation, data)
            for constraint in shape.sparql:
                yield from self._sparql(shape, constraint, list(nodes), data)

    def _sparql(
        self, shape: Shape, constraint: SparqlConstraint, nodes: list[Term], data: StoreData
    ) -> Iterator[Result]:
        """Run a SPARQL constraint with `$this` bound to each of `nodes`, and read its rows as
        pySHACL does (an unbound ?value is the focus node of a node shape; the message's
        {?var} and {$this} are filled in). Up to _VALUES_CHUNK nodes, all named, are bound in
        the query; for more (a chunk of the shared graph), or a blank node (which a query
        cannot name), the query's rows for every node of the store are read once and kept for
        this validation, and the nodes' rows taken from them: at 10,000 articles the lineage
        cycle's path from each of 10,000 frameworks bound 400 at a time cost about 25 s of
        CPU, from all of them at once 5 s."""
        named = [n for n in nodes if isinstance(n, ox.NamedNode)]
        rows: Iterable[Mapping[str, Term]]
        if len(named) > _VALUES_CHUNK or len(named) < len(nodes):
            wanted = set(nodes)
            rows = [r for r in self._every_row(constraint) if r["this"] in wanted]
        elif named:
            rows = _rows(self.store.select(_bind_this(constraint.select, named)))
        else:
            rows = []
        for row in rows:
            bound = dict(row)
            focus = bound.pop("this")
            path = bound.pop("path", None)
            value = bound.pop("value", None)
            if value is None and shape.path is None:
                value = focus
            filled = {**bound, "this": focus, "path": path, "value": value}
            messages = list(shape.messages) + [
                m for m in constraint.messages if m not in shape.messages
            ]
            violation = Violation(
                shape,
                "SPARQLConstraintComponent",
                focus,
                value,
                path.value if path is not None else shape.path_text,
                tuple(_fill(m, filled) for m in messages),
            )
            yield _result(violation, data)

    def _every_row(self, constraint: SparqlConstraint) -> list[Mapping[str, Term]]:
        """The constraint's rows with `$this` unbound: its results for every node of the store,
        read once a validation (they are the faults it finds: few)."""
        if constraint.select not in self._unbound:
            rows = _rows(self.store.select(constraint.select))
            self._unbound[constraint.select] = [r for r in rows if "this" in r]
        return self._unbound[constraint.select]


def _rows(solutions: ox.QuerySolutions) -> Iterator[dict[str, Term]]:
    """Each row of a SELECT as its bound variables' values."""
    names = [v.value for v in solutions.variables]
    for row in solutions:
        bound = {n: row[n] for n in names if row[n] is not None}
        yield cast(dict[str, Term], bound)


def _own_nodes(graph: ox.NamedNode) -> Callable[[Term], bool]:
    """Whether a node is the graph's own: the graph's IRI itself, or an IRI under it."""
    prefix = graph.value + "/"
    return lambda node: (
        isinstance(node, ox.NamedNode) and (node == graph or node.value.startswith(prefix))
    )


_WHERE = re.compile(r"\bWHERE\s*\{", re.IGNORECASE)


def _bind_this(select: str, nodes: Sequence[ox.NamedNode]) -> str:
    """The query with `$this` bound to each of `nodes` (a VALUES block opening its WHERE)."""
    opened = _WHERE.sub(lambda m: m.group(0) + " VALUES $this {}", select, count=1)
    return with_values(opened, "this", nodes)


def _fill(message: str, bound: Mapping[str, Term | None]) -> str:
    """pySHACL's message template: each {?name} or {$name} replaced by the value's text."""
    for name, term in bound.items():
        if term is not None:
            message = re.sub(f"{{[?$]{name}}}", term.value, message)
    return message


def _result(violation: Violation, data: StoreData) -> Result:
    shape = violation.shape
    return Result(
        severity=shape.severity,
        focus_node=violation.focus.value,
        path=violation.path,
        message=" ".join(sorted(violation.messages)) or "(no message)",
        value=violation.value.value if violation.value is not None else None,
        source_line=data.source_line(violation.focus),
        source_shape=shape.name,
        constraint=violation.component,
    )


Index = dict[Term, dict[ox.NamedNode, tuple[Term, ...]]]


@cache
def _ontology_index() -> Index:
    """The installed ontology (what `validation.validate` mixes in) as subject → predicate →
    objects."""
    from therapykg.graph.convert import from_rdflib_graph

    index: dict[Term, dict[ox.NamedNode, dict[Term, None]]] = {}
    for quad in from_rdflib_graph(load_ontology_graph(), ontology_graph()):
        subject = quad.subject
        assert isinstance(subject, ox.NamedNode | ox.BlankNode) and not isinstance(
            quad.object, ox.Triple
        )
        index.setdefault(subject, {}).setdefault(quad.predicate, {})[quad.object] = None
    return {s: {p: tuple(o) for p, o in preds.items()} for s, preds in index.items()}


class _Hierarchy:
    """rdfs:subClassOf* over the store and the installed ontology: the classes of each class."""

    def __init__(self, store: Store, ontology: Index) -> None:
        parents: dict[Term, set[Term]] = {}
        for quad in store.match(None, RDFS.subClassOf, None, None):
            parents.setdefault(quad.object, set()).add(quad.subject)  # type: ignore[arg-type]
        for node, predicates in ontology.items():
            for parent in predicates.get(RDFS.subClassOf, ()):
                parents.setdefault(parent, set()).add(node)
        self._children = parents
        self._closed: dict[ox.NamedNode, frozenset[ox.NamedNode]] = {}

    def subclasses(self, cls: ox.NamedNode) -> frozenset[ox.NamedNode]:
        """`cls` and every class below it."""
        if cls not in self._closed:
            found: set[Term] = {cls}
            todo: list[Term] = [cls]
            while todo:
                for child in self._children.get(todo.pop(), ()):
                    if child not in found:
                        found.add(child)
                        todo.append(child)
            self._closed[cls] = frozenset(c for c in found if isinstance(c, ox.NamedNode))
        return self._closed[cls]


class _Reading:
    """The predicates a check reads of a node it reads whole, numbered, and _NODE_TRIPLES
    with them in its `$case`."""

    def __init__(self, predicates: Iterable[ox.NamedNode]) -> None:
        first = {RDF.type: 0, **{p: at + 1 for at, p in enumerate(_FREQUENT)}}
        self.predicates = sorted(predicates, key=lambda p: (first.get(p, len(first)), p.value))
        self.read = frozenset(self.predicates)
        case = "?unread"
        bound: dict[str, Term] = {}
        for at, predicate in reversed(list(enumerate(self.predicates))):
            case = f"IF(?p = $p{at}, {at}, {case})"
            bound[f"p{at}"] = predicate
        self._case, self._bound = case, bound
        self.query = self.text(_NODE_TRIPLES)

    def text(self, template: str, graph: ox.NamedNode | None = None) -> str:
        """`template` with its `$case` written out (and `$graph` bound, when given)."""
        bound = dict(self._bound) if graph is None else {**self._bound, "graph": graph}
        return substitute(template.replace("$case", self._case), bound)

    def rows(self, solutions: ox.QuerySolutions) -> Iterator[tuple[Term, ox.NamedNode, Term]]:
        """The rows of a query whose first variable is a node, second `$case`, third a value,
        with the predicate for its number (a triple as an RDF-star term is left out)."""
        predicates = self.predicates
        for row in solutions:
            node, case, value = row[0], row[1], row[2]
            if isinstance(node, ox.NamedNode | ox.BlankNode | ox.Literal) and isinstance(
                value, ox.NamedNode | ox.BlankNode | ox.Literal
            ):
                assert case is not None
                yield node, predicates[int(case.value)], value


def _add(
    whole: dict[ox.NamedNode, dict[ox.NamedNode, dict[Term, None]]],
    node: ox.NamedNode,
    predicate: ox.NamedNode,
    value: Term,
) -> None:
    objects = whole.get(node)
    if objects is None:
        objects = whole[node] = {}
    values = objects.get(predicate)
    if values is None:
        objects[predicate] = {value: None}
    else:
        values[value] = None


class _Foreign:
    """The graphs that can state triples about an article's own nodes besides the article's
    graph, and those triples.

    What therapykg writes, by graph: an article graph states about its own nodes (IRIs under
    its IRI) and shared nodes, never about another article's; the shared graph about shared
    nodes; the metadata graph about load and reasoning records; the kept graphs about their
    rows; the ontology graph about the ontology's terms. Those cannot
    (`tests/ontology/test_store_validation.py` checks it on stores built by `load` and
    `reason`). The summary graph states counts about each article, the labels graph a label
    of any node some graph names, the inferences graph what `reason` derives about the
    statements, and imported RDF anything: those can. The inferences graph (about one triple
    in eight of a reasoned store) is read for the nodes of each graph as they are checked; the
    others' triples about nodes under an article's IRI are read once, when first needed."""

    def __init__(self, store: Store, reading: _Reading) -> None:
        self.store = store
        self.reading = reading
        self.looked_up: list[ox.NamedNode] = []
        self.once: dict[ox.NamedNode, list[tuple[ox.NamedNode, Term]]] = {}
        for graph in store.graphs():
            if _never_about_articles(graph):
                continue
            if graph == inferences_graph():
                self.looked_up.append(graph)
                continue
            query = with_values(reading.text(_ABOUT_ARTICLES, graph), "p", reading.predicates)
            rows = store.select(query)
            for node, predicate, value in reading.rows(rows):
                if isinstance(node, ox.NamedNode):
                    self.once.setdefault(node, []).append((predicate, value))

    def about(self, nodes: list[ox.NamedNode]) -> Iterator[tuple[ox.NamedNode, ox.NamedNode, Term]]:
        """What the graphs that can state about `nodes` state about them."""
        for node in nodes:
            for predicate, value in self.once.get(node, ()):
                yield node, predicate, value
        for graph in self.looked_up:
            template = self.reading.text(_NODE_TRIPLES_IN, graph)
            for at in range(0, len(nodes), _NODES_A_QUERY):
                part = nodes[at : at + _NODES_A_QUERY]
                numbers = [ox.Literal(str(n), datatype=_INTEGER) for n in range(len(part))]
                query = with_rows(template, ("node", "n"), zip(part, numbers, strict=True))
                for number, predicate, value in self.reading.rows(self.store.select(query)):
                    yield part[int(number.value)], predicate, value


def _never_about_articles(graph: ox.NamedNode) -> bool:
    """Whether `graph` is one therapykg writes that states nothing about an article's own
    nodes but what its article's graph does (`_Foreign`)."""
    return (
        _is_article(graph)
        or graph in (metadata_graph(), shared_graph(), ontology_graph())
        or is_kept_graph(graph)
    )


class StoreData:
    """The `shacl.Data` of a store for one batch: the values of a node on a predicate, read
    from every graph of the store and the installed ontology, kept for the batch."""

    def __init__(
        self, store: Store, ontology: Index, hierarchy: _Hierarchy, reading: _Reading
    ) -> None:
        self.store = store
        self.ontology = ontology
        self.hierarchy = hierarchy
        self.reading = reading
        self._whole: dict[Term, dict[ox.NamedNode, tuple[Term, ...]]] = {}
        self._single: dict[tuple[Term, ox.NamedNode], tuple[Term, ...]] = {}

    def preset(self, whole: dict[ox.NamedNode, dict[ox.NamedNode, dict[Term, None]]]) -> None:
        """Take `whole` as every triple of its nodes on the predicates a check reads (its dicts
        are completed in place)."""
        for node, objects in whole.items():
            self._keep(node, objects)

    def prefetch(self, nodes: Iterable[Term]) -> None:
        """Read every triple of each node that a check reads (`_Reading`), from every graph,
        a thousand nodes a query. A blank node, which a query cannot name, is read by a lookup
        of its own."""
        named: dict[ox.NamedNode, None] = {}
        for node in nodes:
            if node in self._whole or isinstance(node, ox.Literal):
                continue
            if isinstance(node, ox.NamedNode):
                named[node] = None
            else:
                self._lookup(node)
        listed = list(named)
        for at in range(0, len(listed), _NODES_A_QUERY):
            self._read_whole(listed[at : at + _NODES_A_QUERY])

    def _read_whole(self, nodes: list[ox.NamedNode]) -> None:
        numbers = [ox.Literal(str(n), datatype=_INTEGER) for n in range(len(nodes))]
        query = with_rows(self.reading.query, ("node", "n"), zip(nodes, numbers, strict=True))
        found: list[dict[ox.NamedNode, dict[Term, None]]] = [{} for _ in nodes]
        for number, predicate, value in self.reading.rows(self.store.select(query)):
            found[int(number.value)].setdefault(predicate, {})[value] = None
        for node, objects in zip(nodes, found, strict=True):
            self._keep(node, objects)

    def _lookup(self, node: Term) -> None:
        """Every triple of a node, from the store's indexes (a blank node)."""
        found: dict[ox.NamedNode, dict[Term, None]] = {}
        for quad in self.store.match(node, None, None, None):  # type: ignore[arg-type]
            if not isinstance(quad.object, ox.Triple):
                found.setdefault(quad.predicate, {})[quad.object] = None
        self._keep(node, found)

    def _keep(self, node: Term, objects: dict[ox.NamedNode, dict[Term, None]]) -> None:
        """A node's values read whole, with what the installed ontology states about it."""
        for predicate, values in self.ontology.get(node, {}).items():
            objects.setdefault(predicate, {}).update(dict.fromkeys(values))
        self._whole[node] = {p: tuple(o) for p, o in objects.items()}

    def objects(self, node: Term, predicate: ox.NamedNode) -> Sequence[Term]:
        whole = self._whole.get(node)
        if whole is not None and predicate in self.reading.read:
            return whole.get(predicate, ())
        key = (node, predicate)
        if key not in self._single:
            self._single[key] = self._read(node, predicate)
        return self._single[key]

    def _read(self, node: Term, predicate: ox.NamedNode) -> tuple[Term, ...]:
        if isinstance(node, ox.Literal):
            return ()
        found: dict[Term, None] = {}
        for quad in self.store.match(node, predicate, None, None):
            if not isinstance(quad.object, ox.Triple):
                found[quad.object] = None
        found.update(dict.fromkeys(self.ontology.get(node, {}).get(predicate, ())))
        return tuple(found)

    def subclasses(self, cls: ox.NamedNode) -> frozenset[ox.NamedNode]:
        return self.hierarchy.subclasses(cls)

    def source_line(self, focus: Term) -> int | None:
        """As `validation` finds it: the node's own tkg:sourceLine, else the first line of the
        statements it was extracted from."""
        own = self._lines(focus)
        if own:
            return min(own)
        derived = [n for s in self.objects(focus, _EXTRACTED_FROM) for n in self._lines(s)]
        return min(derived) if derived else None

    def _lines(self, node: Term) -> list[int]:
        values = (python_value(v) for v in self.objects(node, _SOURCE_LINE))
        return [v for v in values if isinstance(v, int)]


# --- incremental validation -------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Scope:
    """What an incremental validation checks: `graphs`, or every graph when None; the results
    the last validation found in the others (`known`), when it started (`since`), and the load
    records as they are now (`records`, kept for the next validation)."""

    graphs: list[ox.NamedNode] | None
    since: str | None = None
    known: Mapping[str, Sequence[Result]] = field(default_factory=dict)
    records: Mapping[str, str] = field(default_factory=dict)


def state_path(store: Store) -> Path | None:
    """Where a validation of an on-disk store leaves its state; None for other stores."""
    directory = _directory(store)
    return None if directory is None else Path(directory) / STATE_FILE


def changed_graphs(store: Store) -> Scope:
    """The graphs a validation must check again since the last one of this store: those whose
    load record is not the one it saw (loaded or replaced since), and those no load record
    names (shared, labels, summary, metadata, inferences), with the results the last one found
    in the others; every graph when there is no state, or when the shapes or the ontology
    changed since."""
    records = _load_records(store)
    path = state_path(store)
    state = _read_state(path) if path is not None else None
    if state is None or state.fingerprint != _fingerprint():
        return Scope(None, records=records)
    if records.get(ontology_graph().value) != state.records.get(ontology_graph().value):
        return Scope(None, records=records)
    graphs = store.graphs()
    chosen = [
        g
        for g in graphs
        if g.value not in records or records[g.value] != state.records.get(g.value)
    ]
    again = {g.value for g in chosen}
    present = {g.value for g in graphs}
    known = {g: r for g, r in state.results.items() if g in present and g not in again}
    return Scope(chosen, state.started, known, records)


def every_graph(store: Store) -> Scope:
    """What `validate --all` checks: every graph, with the load records as they are now, so
    that the next validation starts from this one (with none, it would check every graph
    again: each record would differ from the none the state kept)."""
    return Scope(None, records=_load_records(store))


def save_state(store: Store, report: CheckedReport, started: str, scope: Scope) -> None:
    """Record a finished validation, for the next one to continue from (on-disk stores)."""
    path = state_path(store)
    if path is None:
        return
    state = {
        "started": started,
        "fingerprint": _fingerprint(),
        "records": dict(sorted(scope.records.items())),
        "results": {g: [asdict(r) for r in found] for g, found in sorted(report.by_graph.items())},
    }
    temporary = path.with_name(STATE_FILE + ".tmp")
    temporary.write_text(json.dumps(state, indent=1), encoding="utf-8")
    os.replace(temporary, path)


def now() -> str:
    """The time a validation starts, in the form load records keep (`prov:endedAtTime`)."""
    from datetime import UTC

    return datetime.now(UTC).isoformat(timespec="seconds")


@dataclass(frozen=True, slots=True)
class _State:
    """What the last validation left: when it started, what it read (the shapes and ontology,
    the load records), the results by graph."""

    started: str
    fingerprint: str
    records: dict[str, str]
    results: dict[str, list[Result]]


def _read_state(path: Path) -> _State | None:
    """The state file, or None when there is none or it cannot be read (then all is checked)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        records = {str(g): str(r) for g, r in dict(data["records"]).items()}
        results = {
            str(g): [Result(**r) for r in found] for g, found in dict(data["results"]).items()
        }
        return _State(str(data["started"]), str(data["fingerprint"]), records, results)
    except (OSError, ValueError, KeyError, TypeError):
        return None


@cache
def _fingerprint() -> str:
    """The shapes and the ontology validation reads: a change of either checks everything."""
    from therapykg.ontology import ONTOLOGY_PATH, SCHEME_PATH

    digest = hashlib.sha256()
    for path in (SHAPES_PATH, ONTOLOGY_PATH, SCHEME_PATH):
        digest.update(path.read_bytes())
    return digest.hexdigest()


def _load_records(store: Store) -> dict[str, str]:
    """Each loaded graph with its load record as it is now: the time the load ended and the
    bytes' sha256 (a graph loaded again has another)."""
    rows = store.select(substitute(recordtexts.LOAD_TIMES, {"meta": metadata_graph()}))
    seen: dict[str, set[str]] = {}
    for row in rows:
        graph, time, sha = row["g"], row["t"], row["sha"]
        if graph is not None and time is not None:
            seen.setdefault(graph.value, set()).add(f"{time.value} {sha.value if sha else ''}")
    return {graph: " | ".join(sorted(found)) for graph, found in seen.items()}
