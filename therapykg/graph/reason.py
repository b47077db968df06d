"""Reasoning over the store a part at a time, and only over the parts that changed.

A part is what one loaded graph states: the graph itself, plus the triples of the shared graph
its load record holds (`tkg:sharesTriple`, see shared.py), which is what the article's graph held
before shared nodes were split out. Every defined class of the ontology depends only on facts
inside one part, so each part is reasoned over on its own (ontology/rules.py, or HermiT with
`hermit=True`); what crosses parts, the transitive properties (`tkg:influencedBy`), is then
closed over every part's edges at once. The derived graphs (shared, labels, summary, metadata,
ontology, inferences) are not parts: they state nothing an article does not.

Incremental. Each reasoned graph gets a reasoning record in the metadata graph: which load it
reasoned over (the load record's checksum and end time), everything it inferred (one literal of
N-Triples lines, `tkg:inferredTriples`) and, one key each, the inferred triples that are not
about the graph's own nodes (`{graph}` or `{graph}/…`), which other graphs may infer too
(`tkg:infersTriple`, as load records hold shared triples). A run reasons over the graphs whose
load record differs from their reasoning record, and drops what those and removed graphs
inferred, except the triples another record holds a key for. `everything=True` (the CLI's
`--all`) starts from an empty inferences graph. Inferences are written a few parts at a time,
each batch with its records in one update, so a run that is stopped resumes where it was.

The HermiT path (`hermit=True`) reasons over the same parts in batches, always all of them
(it cannot say which part an inference came from), replaces the inferences graph whole and
leaves no reasoning records, so the next incremental run reasons over everything again.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

import pyoxigraph as ox
import rdflib

from therapykg.errors import ReasonerError
from therapykg.graph.convert import from_rdflib_graph
from therapykg.graph.store import GraphReplacement, OxigraphStore, Store
from therapykg.ontology.rules import TYPE, Lit, RuleEngine, Triple, lit, reachable
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
_BATCH = 25  # parts written per update: small enough to resume, large enough to be cheap
_CHUNK = 2_000  # triples per DELETE DATA


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


def reason_store(
    store: Store,
    *,
    everything: bool = False,
    hermit: bool = False,
    java: str | None = None,
    progress: Progress | None = None,
) -> ReasonSummary:
    """Bring the inferences graph up to date with the store (see the module docstring)."""
    from therapykg.ontology import load_ontology_graph

    engine = RuleEngine.from_ontology(load_ontology_graph())
    loaded = _loaded_graphs(store)
    if hermit:
        return _reason_with_hermit(store, engine, loaded, java, progress)
    reasoned = {} if everything else _reasoned(store)
    if everything:
        _clear(store)
    changed = [g for g in loaded.values() if reasoned.get(g.graph) != g.version]
    removed = [g for g in reasoned if g not in loaded]
    _drop_stale(store, [g.graph for g in changed if g.graph in reasoned] + removed)
    total = len(changed)
    if progress is not None:
        progress(0, total)
    batch: list[tuple[_Loaded, set[Triple]]] = []
    for done, part in enumerate(changed, 1):
        inferred = engine.infer(_part_triples(store, part, engine))
        batch.append((part, {t for t in inferred if t[1] not in engine.transitive}))
        if len(batch) >= _BATCH or done == total:
            _write(store, batch)
            batch = []
            _flush(store)
        if progress is not None:
            progress(done, total)
    _close_transitive(store, engine)
    return ReasonSummary(total, len(loaded) - total, len(removed), _count(store))


# --- reading parts -------------------------------------------------------------------------------


def _loaded_graphs(store: Store) -> dict[str, _Loaded]:
    """Every part: each graph but the derived ones, with its load record when it has one."""
    derived = {g.value for g in _derived_graphs()}
    found = {g.value: _Loaded(g.value, "", None) for g in store.graphs() if g.value not in derived}
    rows = store.select(
        f"SELECT ?g ?r ?sha ?ended WHERE {{ GRAPH {metadata_graph()} {{ ?r a tkg:LoadRecord ;"
        " tkg:loadedGraph ?g ; tkg:sha256 ?sha OPTIONAL { ?r prov:endedAtTime ?ended } } }"
    )
    for row in rows:
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


def _part_triples(store: Store, part: _Loaded, engine: RuleEngine) -> Iterator[Triple]:
    """The graph's triples and the shared triples its load record holds that can take part in
    an inference (RuleEngine.relevant), as the engine reads them."""
    read = _Reader(engine)
    rows = store.select(
        f"SELECT ?g ?s ?p ?o WHERE {{ GRAPH ?g {{ VALUES ?p {{ {_predicates(engine)} }}"
        " ?s ?p ?o } }",
        bindings={"g": ox.NamedNode(part.graph)},
    )
    for row in rows:  # only the predicates that infer: most of a graph is text, slow to read
        subject, predicate, obj = row["s"], row["p"], row["o"]
        if isinstance(predicate, ox.NamedNode) and isinstance(obj, _Object):
            triple = read(ox.Triple(subject, predicate, obj))
            if triple is not None:
                yield triple
    if part.record is None:
        return
    rows = store.select(
        f"SELECT ?r ?key WHERE {{ GRAPH {metadata_graph()} {{ ?r tkg:sharesTriple ?key }} }}",
        bindings={"r": ox.NamedNode(part.record)},
    )
    text = "".join(f"{_value(row['key'])} .\n" for row in rows)
    for shared in ox.parse(text.encode("utf-8"), format=ox.RdfFormat.N_TRIPLES):
        triple = read(shared.triple)
        if triple is not None:
            yield triple


_Object = ox.NamedNode | ox.BlankNode | ox.Literal


def _predicates(engine: RuleEngine) -> str:
    names = {TYPE} | engine.object_properties | engine.data_properties
    return " ".join(f"<{name}>" for name in sorted(names))


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


# --- records and writing -------------------------------------------------------------------------


def _record_iri(graph: str) -> str:
    digest = hashlib.sha1(graph.encode("utf-8"), usedforsecurity=False).hexdigest()
    return f"{base_iri()}reasoning/{digest[:20]}"


def _reasoned(store: Store) -> dict[str, str]:
    """The version each graph had when it was last reasoned over."""
    rows = store.select(
        f"SELECT ?g ?v WHERE {{ GRAPH {metadata_graph()} {{ ?r a tkg:ReasoningRecord ;"
        " tkg:reasonedGraph ?g ; tkg:reasonedLoad ?v } }"
    )
    return {_value(row["g"]): _value(row["v"]) for row in rows}


def _clear(store: Store) -> None:
    store.update(
        f"DROP SILENT GRAPH {inferences_graph()} ;"
        f" DELETE {{ GRAPH {metadata_graph()} {{ ?r ?p ?o }} }} WHERE {{"
        f" GRAPH {metadata_graph()} {{ ?r a tkg:ReasoningRecord ; ?p ?o }} }}"
    )


def _local(term: str, graph: str) -> bool:
    return term == graph or term.startswith(graph + "/")


def _key(triple: Triple) -> str:
    subject, predicate, obj = triple
    return f"<{subject}> <{predicate}> <{obj}>"


def _write(store: Store, batch: list[tuple[_Loaded, set[Triple]]]) -> None:
    """One update: the batch's inferences, and a reasoning record for each of its graphs."""
    inferred: list[str] = []
    records: list[str] = []
    for part, triples in batch:
        record = f"<{_record_iri(part.graph)}>"
        records.append(
            f"{record} a {TKG.ReasoningRecord} , {PROV.Activity} ;"
            f" {TKG.reasonedGraph} <{part.graph}> ;"
            f" {TKG.reasonedLoad} {ox.Literal(part.version)} ."
        )
        keys = [_key(triple) for triple in sorted(triples)]
        inferred.extend(key + " ." for key in keys)
        records.append(f"{record} {TKG.inferredTriples} {ox.Literal(chr(10).join(keys))} .")
        for triple, key in zip(sorted(triples), keys, strict=True):
            if not (_local(triple[0], part.graph) or _local(str(triple[2]), part.graph)):
                records.append(f"{record} {TKG.infersTriple} {ox.Literal(key)} .")
    store.update(
        f"INSERT DATA {{ GRAPH {inferences_graph()} {{ {' '.join(inferred)} }}"
        f" GRAPH {metadata_graph()} {{ {' '.join(records)} }} }}"
    )


def _flush(store: Store) -> None:
    """Write Oxigraph's buffers out after each batch, as the loader does: each index may hold
    128 MB in memory otherwise, which at 10,000 articles was 1.4 GB resident."""
    if isinstance(store, OxigraphStore):
        store.flush()


def _drop_stale(store: Store, graphs: list[str]) -> None:
    """Remove what `graphs` inferred last time, unless another record holds it, and their
    records: read from the records, never by scanning the inferences graph (2 M triples at
    10,000 articles, minutes to read)."""
    if not graphs:
        return
    records = [ox.NamedNode(_record_iri(g)) for g in sorted(set(graphs))]
    candidates = sorted(_recorded_lines(store, records))
    held = _held_elsewhere(store, candidates, records)
    doomed = [key for key in candidates if key not in held]
    operations = [
        f"DELETE DATA {{ GRAPH {inferences_graph()} {{ {' '.join(k + ' .' for k in chunk)} }} }}"
        for chunk in (doomed[i : i + _CHUNK] for i in range(0, len(doomed), _CHUNK))
    ]
    names = " ".join(str(r) for r in records)
    operations.append(
        f"DELETE {{ GRAPH {metadata_graph()} {{ ?r ?p ?o }} }} WHERE {{ VALUES ?r {{ {names} }}"
        f" GRAPH {metadata_graph()} {{ ?r ?p ?o }} }}"
    )
    store.update(" ;\n".join(operations))


def _recorded_lines(store: Store, records: list[ox.NamedNode]) -> set[str]:
    names = " ".join(str(r) for r in records)
    rows = store.select(
        f"SELECT ?lines WHERE {{ VALUES ?r {{ {names} }} GRAPH {metadata_graph()} {{"
        " ?r tkg:inferredTriples ?lines } }"
    )
    return {line for row in rows for line in _value(row["lines"]).split("\n") if line}


def _held_elsewhere(store: Store, keys: list[str], records: list[ox.NamedNode]) -> set[str]:
    """The keys that a reasoning record other than `records` holds (tkg:infersTriple)."""
    names = ", ".join(str(r) for r in records)
    held: set[str] = set()
    for at in range(0, len(keys), _CHUNK):
        values = " ".join(str(ox.Literal(k)) for k in keys[at : at + _CHUNK])
        rows = store.select(
            f"SELECT DISTINCT ?key WHERE {{ VALUES ?key {{ {values} }} GRAPH {metadata_graph()}"
            f" {{ ?other tkg:infersTriple ?key FILTER(?other NOT IN ({names})) }} }}"
        )
        held |= {_value(row["key"]) for row in rows}
    return held


# --- what crosses parts: the transitive properties --------------------------------------------


def _close_transitive(store: Store, engine: RuleEngine) -> None:
    """Replace the inferred values of each transitive property with the closure of every stated
    edge (of it and its sub-properties), across all parts."""
    for prop in sorted(engine.transitive):
        _refuse_other_sources(engine, prop)
        family = [prop, *sorted(p for p, sups in engine.property_supers.items() if prop in sups)]
        edges, stated = _stated_edges(store, family, prop)
        closure = set()
        for subject in edges:
            if subject in engine.own_terms:
                continue
            for reached in reachable(edges, subject):
                if (subject, reached) not in stated:
                    closure.add(f"<{subject}> <{prop}> <{reached}>")
        current = _inferred_values(store, prop)
        _apply(store, delete=current - closure, insert=closure - current)


def _refuse_other_sources(engine: RuleEngine, prop: str) -> None:
    """The closure is over stated edges only: refuse an ontology that infers them otherwise."""
    sources = [chain for chain, target in engine.chains if target == prop]
    implied = [c for c, e in engine.implied.items() if any(p == prop for p, _ in e.values)]
    if sources or prop in engine.inverses or implied:
        raise ReasonerError(
            f"The transitive property <{prop}> is also inferred by a chain, an inverse or a "
            "class definition; graph/reason.py closes it over stated edges only. Teach it the "
            "form, or run `therapykg reason --hermit`."
        )


def _stated_edges(
    store: Store, family: list[str], prop: str
) -> tuple[dict[str, set[str]], set[tuple[str, str]]]:
    values = " ".join(f"<{p}>" for p in family)
    rows = store.select(
        f"SELECT DISTINCT ?p ?s ?o WHERE {{ VALUES ?p {{ {values} }} GRAPH ?g {{ ?s ?p ?o }}"
        f" FILTER(?g != {inferences_graph()} && isIRI(?s) && isIRI(?o)) }}"
    )
    edges: dict[str, set[str]] = {}
    stated: set[tuple[str, str]] = set()
    for row in rows:
        subject, obj = _value(row["s"]), _value(row["o"])
        edges.setdefault(subject, set()).add(obj)
        if _value(row["p"]) == prop:
            stated.add((subject, obj))
    return edges, stated


def _inferred_values(store: Store, prop: str) -> set[str]:
    rows = store.select(f"SELECT ?s ?o WHERE {{ GRAPH {inferences_graph()} {{ ?s <{prop}> ?o }} }}")
    return {f"{row['s']} <{prop}> {row['o']}" for row in rows}


def _apply(store: Store, *, delete: Iterable[str], insert: Iterable[str]) -> None:
    graph = inferences_graph()
    operations = []
    for verb, keys in (("DELETE", sorted(delete)), ("INSERT", sorted(insert))):
        for at in range(0, len(keys), _CHUNK):
            body = " ".join(k + " ." for k in keys[at : at + _CHUNK])
            operations.append(f"{verb} DATA {{ GRAPH {graph} {{ {body} }} }}")
    if operations:
        store.update(" ;\n".join(operations))


def _count(store: Store) -> int:
    rows = store.select(
        f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH {inferences_graph()} {{ ?s ?p ?o }} }}"
    )
    return int(_value(next(iter(rows))["n"]))


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

    parts = [_as_rdflib(_part_triples(store, part, engine)) for part in loaded.values()]
    if progress is not None:
        progress(0, len(parts))
    inferred = reason_in_parts(parts, java=java)
    if progress is not None:
        progress(len(parts), len(parts))
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
