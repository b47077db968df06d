"""The closure of the transitive properties (`tkg:influencedBy`) over every part's stated edges,
kept up to date from the edges that changed.

What crosses parts: a transitive property's values in the inferences graph are every pair
`(s, r)` where `r` is reachable from `s` over the stated edges of the property and its
sub-properties (in any graph but the inferences graph), less the pairs stated with the property
itself, for every `s` that is not one of the ontology's own terms.

Each property has a closure record in the metadata graph (`tkg:ClosureRecord`) holding, one key
each (`tkg:closedOver`, an N-Triples line without its dot), the stated edges its values were
computed from, written in the same transaction as the values. A run reads the stated edges from
the store's indexes, compares them with the record's, and recomputes only the subjects that can
reach a node whose edges changed (before or after the change): no other subject reaches anything
new or loses anything. After a load of 100 articles into 10,000 that is a few hundred subjects,
where a full recomputation reads every inferred pair (268,779 at 10,000 articles). A property
without a record (a store reasoned by an older therapykg or by HermiT, or cleared by `--all`) is
recomputed for every subject and compared with every inferred value, and gets its record.

Like the parts' inferences, the closure follows the installed ontology only when it is asked to
start over (`reason --all`): a changed ontology does not mark anything as changed.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator

import pyoxigraph as ox

from therapykg.errors import ReasonerError
from therapykg.graph.store import Store
from therapykg.ontology.rules import RuleEngine, reachable
from therapykg.ontology.vocab import TKG, base_iri, inferences_graph, metadata_graph

Edge = tuple[str, str, str]  # subject, property, object: a stated edge
Pair = tuple[str, str]  # subject, object: a value of the transitive property

_RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")


def close_transitive(store: Store, engine: RuleEngine) -> None:
    """Bring each transitive property's values in the inferences graph up to date with the
    stated edges, a transaction per property (values and record together)."""
    for prop in sorted(engine.transitive):
        _refuse_other_sources(engine, prop)
        family = [prop, *sorted(p for p, sups in engine.property_supers.items() if prop in sups)]
        edges = stated_edges(store, family)
        recorded = recorded_edges(store, prop)
        subjects = None if recorded is None else affected(recorded, edges)
        wanted = closure(engine, prop, edges, subjects)
        current = _inferred_values(store, prop, subjects)
        record_delete, record_insert = _record_changes(prop, recorded, edges)
        store.change(
            delete=[*_values_of(prop, current - wanted), *record_delete],
            insert=[*_values_of(prop, wanted - current), *record_insert],
        )


def stated_edges(store: Store, family: list[str]) -> set[Edge]:
    """The stated edges of `family` (a property and its sub-properties) between IRIs, in every
    named graph but the inferences graph."""
    inferences = inferences_graph()
    found: set[Edge] = set()
    for prop in family:
        for quad in store.match(None, ox.NamedNode(prop), None, None):
            subject, obj = quad.subject, quad.object
            if quad.graph_name == inferences:
                continue
            if isinstance(subject, ox.NamedNode) and isinstance(obj, ox.NamedNode):
                found.add((subject.value, prop, obj.value))
    return found


def affected(before: set[Edge], after: set[Edge]) -> set[str]:
    """The subjects whose closure may differ: those whose own edges changed, and every node
    that reaches one of them over the edges before or after."""
    changed = before ^ after
    if not changed:
        return set()
    reverse: dict[str, set[str]] = {}
    for subject, _, obj in before | after:
        reverse.setdefault(obj, set()).add(subject)
    found: set[str] = set()
    todo = [subject for subject, _, _ in changed]
    while todo:
        node = todo.pop()
        if node not in found:
            found.add(node)
            todo.extend(reverse.get(node, ()))
    return found


def closure(
    engine: RuleEngine, prop: str, edges: set[Edge], subjects: Iterable[str] | None = None
) -> set[Pair]:
    """The values of `prop` that `edges` entail and do not state, for `subjects` (all when
    None)."""
    successors: dict[str, set[str]] = {}
    for subject, _, obj in edges:
        successors.setdefault(subject, set()).add(obj)
    stated = {(s, o) for s, p, o in edges if p == prop}
    pairs: set[Pair] = set()
    for subject in successors if subjects is None else subjects:
        if subject in engine.own_terms:
            continue
        pairs.update(
            (subject, r) for r in reachable(successors, subject) if (subject, r) not in stated
        )
    return pairs


def _inferred_values(store: Store, prop: str, subjects: Iterable[str] | None) -> set[Pair]:
    """The values of `prop` in the inferences graph, of `subjects` (all when None)."""
    predicate, target = ox.NamedNode(prop), inferences_graph()
    if subjects is None:
        quads: Iterable[ox.Quad] = store.match(None, predicate, None, target)
    else:
        quads = (q for s in subjects for q in store.match(ox.NamedNode(s), predicate, None, target))
    pairs: set[Pair] = set()
    for quad in quads:
        subject, obj = quad.subject, quad.object
        if isinstance(subject, ox.NamedNode) and isinstance(obj, ox.NamedNode):
            pairs.add((subject.value, obj.value))
    return pairs


def _values_of(prop: str, pairs: set[Pair]) -> list[ox.Quad]:
    """`subject prop object` for each pair, in the inferences graph."""
    predicate, target = ox.NamedNode(prop), inferences_graph()
    return [ox.Quad(ox.NamedNode(s), predicate, ox.NamedNode(o), target) for s, o in sorted(pairs)]


# --- the closure records -------------------------------------------------------------------------


def record_iri(prop: str) -> ox.NamedNode:
    digest = hashlib.sha1(prop.encode("utf-8"), usedforsecurity=False).hexdigest()
    return ox.NamedNode(f"{base_iri()}reasoning/closure/{digest[:20]}")


def recorded_edges(store: Store, prop: str) -> set[Edge] | None:
    """The edges the values of `prop` were last computed from; None when it has no record."""
    record, meta = record_iri(prop), metadata_graph()
    if not any(store.match(record, _RDF_TYPE, TKG.ClosureRecord, meta)):
        return None
    keys = store.match(record, TKG.closedOver, None, meta)
    text = "".join(f"{_text(quad.object)} .\n" for quad in keys)
    return {
        (t.subject.value, t.predicate.value, t.object.value)
        for t in ox.parse(text.encode("utf-8"), format=ox.RdfFormat.N_TRIPLES)
        if isinstance(t.subject, ox.NamedNode) and isinstance(t.object, ox.NamedNode)
    }


def _text(term: object) -> str:
    return term.value if isinstance(term, ox.Literal) else str(term)


def _record_changes(
    prop: str, recorded: set[Edge] | None, edges: set[Edge]
) -> tuple[list[ox.Quad], list[ox.Quad]]:
    """What to delete from and add to the record of `prop` so that it holds `edges`."""
    record, meta = record_iri(prop), metadata_graph()
    if recorded is None:
        head = [
            ox.Quad(record, _RDF_TYPE, TKG.ClosureRecord, meta),
            ox.Quad(record, TKG.closedProperty, ox.NamedNode(prop), meta),
        ]
        return [], [*head, *_keys(record, edges)]
    return list(_keys(record, recorded - edges)), list(_keys(record, edges - recorded))


def _keys(record: ox.NamedNode, edges: set[Edge]) -> Iterator[ox.Quad]:
    meta = metadata_graph()
    for s, p, o in sorted(edges):
        key = str(ox.Triple(ox.NamedNode(s), ox.NamedNode(p), ox.NamedNode(o)))
        yield ox.Quad(record, TKG.closedOver, ox.Literal(key), meta)


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
