"""The closure of the transitive properties (`tkg:influencedBy`) over every part's stated edges,
kept up to date from the edges that changed.

What crosses parts: a transitive property's values in the inferences graph are every pair
`(s, r)` where `r` is reachable from `s` over the stated edges of the property and its
sub-properties (in any graph but the inferences graph), less the pairs stated with the property
itself, for every `s` that is not one of the ontology's own terms.

Each property has a closure record in the metadata graph (`tkg:ClosureRecord`) holding the
stated edges its values were computed from (`tkg:closedOver`: N-Triples lines without their
dots, sorted, in one literal; 37,264 literals, one an edge, took 0.5 to 1.4 s to read at 10,000
articles), written in the same transaction as the values. A run reads the stated edges, compares
them with the record's, and recomputes only the subjects that can reach a node whose edges
changed (before or after the change): no other subject reaches anything new or loses anything.
After a load of 100 articles into 10,000 that is 197 subjects (462 edges changed), where a full
recomputation reads every inferred pair (306,905 at 10,000 articles). A property
without a record (a store reasoned by an older therapykg or by HermiT, or cleared by `--all`) is
recomputed for every subject and compared with every inferred value, and gets its record.

Like the parts' inferences, the closure follows the installed ontology only when it is asked to
start over (`reason --all`): a changed ontology does not mark anything as changed.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import pyoxigraph as ox

from therapykg.errors import ReasonerError
from therapykg.graph.reason_queries import STATED_EDGES
from therapykg.graph.store import Store
from therapykg.graph.substitute import substitute, with_values
from therapykg.ontology.rules import RuleEngine, reachable
from therapykg.ontology.vocab import TKG, base_iri, inferences_graph, metadata_graph

Edge = tuple[str, str, str]  # subject, property, object: a stated edge
Pair = tuple[str, str]  # subject, object: a value of the transitive property

_RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")


def close_transitive(store: Store, engine: RuleEngine) -> None:
    """Bring each transitive property's values in the inferences graph up to date with the
    stated edges, a transaction per property (values and record together)."""
    inferences = inferences_graph()
    graphs = [g for g in store.graphs() if g != inferences] if store.indexed else []
    for prop in sorted(engine.transitive):
        _refuse_other_sources(engine, prop)
        family = [prop, *sorted(p for p, sups in engine.property_supers.items() if prop in sups)]
        edges = stated_edges(store, family, graphs)
        recorded = recorded_edges(store, prop)
        subjects = None if recorded is None else affected(recorded.edges, edges)
        wanted = closure(engine, prop, edges, subjects)
        current = _inferred_values(store, prop, subjects)
        record_delete, record_insert = _record_changes(store, prop, recorded, edges)
        store.change(
            delete=[*_values_of(prop, current - wanted), *record_delete],
            insert=[*_values_of(prop, wanted - current), *record_insert],
        )


def stated_edges(
    store: Store, family: list[str], graphs: Sequence[ox.NamedNode] | None = None
) -> set[Edge]:
    """The stated edges of `family` (a property, then its sub-properties) between IRIs, in
    every named graph but the inferences graph (`graphs`, when the caller has listed them).

    From a store's indexes, the property itself is read graph by graph: its inferred values
    (306,905 at 10,000 articles, 3.7 s to read) far outnumber its stated edges (none there)."""
    if not store.indexed:
        return _stated_by_query(store, family)
    prop, *subs = family
    inferences = inferences_graph()
    if graphs is None:
        graphs = [g for g in store.graphs() if g != inferences]
    found: set[Edge] = set()
    for graph in graphs:
        _add_edges(found, prop, store.match(None, ox.NamedNode(prop), None, graph))
    for sub in subs:
        quads = store.match(None, ox.NamedNode(sub), None, None)
        _add_edges(found, sub, (q for q in quads if q.graph_name != inferences))
    return found


def _add_edges(found: set[Edge], prop: str, quads: Iterable[ox.Quad]) -> None:
    for quad in quads:
        subject, obj = quad.subject, quad.object
        if isinstance(subject, ox.NamedNode) and isinstance(obj, ox.NamedNode):
            found.add((subject.value, prop, obj.value))


def _stated_by_query(store: Store, family: list[str]) -> set[Edge]:
    query = with_values(STATED_EDGES, "p", [ox.NamedNode(p) for p in family])
    bound = substitute(query, {"inferences": inferences_graph()})
    return {(_iri(row["s"]), _iri(row["p"]), _iri(row["o"])) for row in store.select(bound)}


def _iri(term: object) -> str:
    assert isinstance(term, ox.NamedNode)  # the query selects IRIs only
    return term.value


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


@dataclass(frozen=True, slots=True)
class Record:
    """What a closure record holds: the edges, and the literal that lists them."""

    edges: set[Edge]
    literal: ox.Literal


def record_iri(prop: str) -> ox.NamedNode:
    digest = hashlib.sha1(prop.encode("utf-8"), usedforsecurity=False).hexdigest()
    return ox.NamedNode(f"{base_iri()}reasoning/closure/{digest[:20]}")


def recorded_edges(store: Store, prop: str) -> Record | None:
    """The edges the values of `prop` were last computed from; None when it has no record, or
    one this code cannot read (then everything is recomputed and the record written anew)."""
    found = list(store.match(record_iri(prop), TKG.closedOver, None, metadata_graph()))
    if len(found) != 1 or not isinstance(found[0].object, ox.Literal):
        return None
    literal = found[0].object
    edges: set[Edge] = set()
    for line in literal.value.split("\n") if literal.value else ():
        # `<s> <p> <o>` as `_listed` writes it: an IRI holds no space and no `>`
        parts = line[1:-1].split("> <") if line.startswith("<") and line.endswith(">") else []
        if len(parts) != 3:
            return None
        edges.add((parts[0], parts[1], parts[2]))
    return Record(edges, literal)


def _record_changes(
    store: Store, prop: str, recorded: Record | None, edges: set[Edge]
) -> tuple[list[ox.Quad], list[ox.Quad]]:
    """What to delete from and add to the record of `prop` so that it lists `edges`."""
    record, meta = record_iri(prop), metadata_graph()
    if recorded is not None and recorded.edges == edges:
        return [], []
    listed = ox.Quad(record, TKG.closedOver, _listed(edges), meta)
    if recorded is None:  # none, or one that cannot be read: written anew
        delete = list(store.match(record, None, None, meta))
        head = [
            ox.Quad(record, _RDF_TYPE, TKG.ClosureRecord, meta),
            ox.Quad(record, TKG.closedProperty, ox.NamedNode(prop), meta),
        ]
        return delete, [*head, listed]
    return [ox.Quad(record, TKG.closedOver, recorded.literal, meta)], [listed]


def _listed(edges: set[Edge]) -> ox.Literal:
    """The edges as N-Triples lines without their dots, sorted, in one literal."""
    return ox.Literal("\n".join(f"<{s}> <{p}> <{o}>" for s, p, o in sorted(edges)))


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
