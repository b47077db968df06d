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

from therapykg.graph import recordtexts, updatetexts
from therapykg.graph.substitute import substitute, with_rows, with_values
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


def shared_quads_of(keys: Sequence[str]) -> list[ox.Quad]:
    """The shared graph's quads for `keys`, parsed at once (`shared_quads` parses one by one)."""
    return list(ox.parse(shared_nquads(keys), format=ox.RdfFormat.N_QUADS))


def cleanup_update(candidates: Iterable[str]) -> list[str]:
    """SPARQL update operations that remove each candidate triple from the shared graph unless
    some load record still holds its key: run after the records of a write are in place."""
    keys = sorted(set(candidates))
    update = substitute(
        updatetexts.CLEANUP_SHARED, {"shared": shared_graph(), "meta": metadata_graph()}
    )
    return [
        with_rows(update, ("s", "p", "o", "k"), map(_cleanup_row, keys[at : at + _CHUNK]))
        for at in range(0, len(keys), _CHUNK)
    ]


def _cleanup_row(key: str) -> tuple[ox.NamedNode, ox.NamedNode, Object, ox.Literal]:
    triple = key_triple(key)
    subject, obj = triple.subject, triple.object
    assert isinstance(subject, ox.NamedNode) and isinstance(obj, ox.NamedNode | ox.Literal)
    return subject, triple.predicate, obj, ox.Literal(key)


Query = Callable[[str], ox.QuerySolutions]


def keys_of_records(query: Query, records: Sequence[ox.NamedNode]) -> set[str]:
    """Every key the given load records hold."""
    keys: set[str] = set()
    text = substitute(recordtexts.KEYS_OF_RECORDS, {"meta": metadata_graph()})
    for at in range(0, len(records), _CHUNK):
        rows = query(with_values(text, "r", records[at : at + _CHUNK]))
        keys.update(row["k"].value for row in rows)
    return keys


def keys_about(query: Query, nodes: Sequence[ox.NamedNode]) -> set[str]:
    """The keys of every triple the shared graph holds about the given nodes."""
    keys: set[str] = set()
    text = substitute(recordtexts.TRIPLES_ABOUT, {"shared": shared_graph()})
    for at in range(0, len(nodes), _CHUNK):
        rows = query(with_values(text, "s", nodes[at : at + _CHUNK]))
        keys.update(triple_key(row["s"], row["p"], row["o"]) for row in rows)
    return keys
