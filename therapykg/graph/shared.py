"""The shared graph: what the articles state about shared nodes, stated once.

A shared node (framework, element, person, work …, `id/{kind}/{slug}`) is mentioned by many
articles. What an article says about the node itself — its type, the article's words for it
(`skos:altLabel`, `foaf:name`), a work's title and creators, an edge between two shared nodes
(`tkg:directlyInfluencedBy`, `tkg:hasElement`) — is written once, in `id:graph/shared`, instead
of once per article graph; the article graph keeps what only it says (statements, references,
gradings, lineage links, roles) and points at the shared node by IRI. A triple about a shared node
whose object is one of the article's own nodes (`framework tkg:hasGrading …/grading-1`) is the
article's alone, and stays in its graph.

Which article supports which shared triple is kept on its load record, in the metadata graph:
one `tkg:sharesTriple` literal per triple, the triple as an N-Triples line without its final dot
(`triple_key`). Every write keeps the shared graph exact in the same transaction as the article
graphs (or the same journalled bulk batch): new triples are added, and a triple that a replaced
or removed article supported is removed when no load record holds its key any more
(`cleanup_update`). So removing the last article that names a person removes the person, and a
spelling only one removed article used goes with it.

Triples the ontology graph already states (the graded-items scheme gives `element/alliance` its
type and labels) are not written again.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from functools import lru_cache

import pyoxigraph as ox

from therapykg.ontology.vocab import TKG, metadata_graph, shared_graph

SHARES = TKG.sharesTriple
_CHUNK = 400  # rows of one VALUES block: engines cap the size of one operation (Virtuoso)

Object = ox.NamedNode | ox.Literal


def triple_key(subject: ox.NamedNode, predicate: ox.NamedNode, obj: Object) -> str:
    """The key of a shared triple on a load record: its N-Triples line without the dot."""
    return f"{subject} {predicate} {obj}"


def key_triple(key: str) -> ox.Triple:
    """The triple a key names (the inverse of `triple_key`)."""
    quad: ox.Quad = next(ox.parse((key + " .\n").encode("utf-8"), format=ox.RdfFormat.N_TRIPLES))
    return quad.triple


def is_local(term: ox.NamedNode | ox.Literal, article: ox.NamedNode) -> bool:
    """Whether `term` is the article itself or one of its own nodes (`{article}/…`)."""
    return isinstance(term, ox.NamedNode) and (
        term == article or term.value.startswith(article.value + "/")
    )


@lru_cache(maxsize=8)
def ontology_keys(base: str) -> frozenset[str]:
    """Keys of the triples the ontology graph states about nodes under `base` (the graded
    items), which an article therefore never needs to state again."""
    from therapykg.ontology.files import ontology_quads  # the ontology reads its files lazily

    return frozenset(
        triple_key(q.subject, q.predicate, q.object)
        for q in ontology_quads()
        if isinstance(q.subject, ox.NamedNode)
        and q.subject.value.startswith(base)
        and not isinstance(q.object, ox.BlankNode | ox.Triple)
    )


def shared_quads(keys: Iterable[str], graph: ox.NamedNode | None = None) -> list[ox.Quad]:
    """The shared graph's quads for `keys`."""
    graph = graph or shared_graph()
    return [ox.Quad(t.subject, t.predicate, t.object, graph) for t in map(key_triple, keys)]


def shared_nquads(keys: Iterable[str]) -> bytes:
    """The same as N-Quads, written without making a Quad of each (keys are N-Triples)."""
    tail = f" {shared_graph()} .\n"
    return "".join(key + tail for key in keys).encode("utf-8")


def record_keys(record: ox.NamedNode, keys: Iterable[str]) -> list[ox.Quad]:
    """The `tkg:sharesTriple` quads of one load record."""
    meta = metadata_graph()
    return [ox.Quad(record, SHARES, ox.Literal(key), meta) for key in keys]


def cleanup_update(candidates: Iterable[str]) -> list[str]:
    """SPARQL update operations that remove each candidate triple from the shared graph unless
    some load record still holds its key: run after the records of a write are in place."""
    rows = sorted(set(candidates))
    operations = []
    graph, meta = shared_graph(), metadata_graph()
    for at in range(0, len(rows), _CHUNK):
        values = "\n".join(
            f"({t.subject} {t.predicate} {t.object} {ox.Literal(key)})"
            for key, t in ((key, key_triple(key)) for key in rows[at : at + _CHUNK])
        )
        operations.append(
            f"DELETE {{ GRAPH {graph} {{ ?s ?p ?o }} }} WHERE {{\n"
            f"VALUES (?s ?p ?o ?k) {{\n{values}\n}}\n"
            # OPTIONAL and !BOUND, not FILTER NOT EXISTS or MINUS: Virtuoso 7 answers those two
            # as if no record held any key, once VALUES has more than one row
            f"OPTIONAL {{ GRAPH {meta} {{ ?r {SHARES} ?k }} }}\nFILTER(!BOUND(?r))\n}}"
        )
    return operations


Query = Callable[[str], ox.QuerySolutions]


def keys_of_records(query: Query, records: Sequence[ox.NamedNode]) -> set[str]:
    """Every key the given load records hold."""
    keys: set[str] = set()
    meta = metadata_graph()
    for at in range(0, len(records), _CHUNK):
        values = " ".join(str(r) for r in records[at : at + _CHUNK])
        rows = query(
            f"SELECT DISTINCT ?k WHERE {{ VALUES ?r {{ {values} }} "
            f"GRAPH {meta} {{ ?r {SHARES} ?k }} }}"
        )
        keys.update(row["k"].value for row in rows)
    return keys


def keys_about(query: Query, nodes: Sequence[ox.NamedNode]) -> set[str]:
    """The keys of every triple the shared graph holds about the given nodes."""
    keys: set[str] = set()
    graph = shared_graph()
    for at in range(0, len(nodes), _CHUNK):
        values = " ".join(str(n) for n in nodes[at : at + _CHUNK])
        rows = query(
            f"SELECT ?s ?p ?o WHERE {{ VALUES ?s {{ {values} }} GRAPH {graph} {{ ?s ?p ?o }} }}"
        )
        keys.update(triple_key(row["s"], row["p"], row["o"]) for row in rows)
    return keys
