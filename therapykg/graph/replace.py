"""Replacing graphs in one SPARQL update: each graph of a batch swapped whole with its load
record and the shared graph kept exact, or nothing of the batch written (`Store.replace_graphs`).

The texts are therapykg.graph.updatetexts', their values bound by therapykg.graph.substitute.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import pyoxigraph as ox

from therapykg.graph import recordtexts, updatetexts
from therapykg.graph.shared import Query, cleanup_update, keys_of_records, shared_quads_of
from therapykg.graph.substitute import substitute, with_quads, with_values
from therapykg.ontology.vocab import metadata_graph

INSERT_CHUNK = 1000  # triples in one INSERT DATA operation


@dataclass(slots=True)
class GraphReplacement:
    """Replace `graph` with `quads`, and the subjects in `metadata` with their new description.

    `metadata_subjects` are deleted from the metadata graph before `metadata` is inserted into it,
    so a load record is swapped together with the graph it describes.
    """

    graph: ox.NamedNode
    quads: Sequence[ox.Quad]
    metadata_graph: ox.NamedNode | None = None
    metadata: Sequence[ox.Quad] = field(default_factory=list)
    metadata_subjects: Sequence[ox.NamedNode] = field(default_factory=list)
    also_drop: Sequence[ox.NamedNode] = field(default_factory=list)  # e.g. an older version
    # What the graph states about shared nodes, as keys (therapykg.graph.shared): written to the
    # shared graph; `metadata` holds the same keys on the graph's load record.
    shared: Sequence[str] = field(default_factory=list)


def replacement_update(batch: Sequence[GraphReplacement], stale: Iterable[str] = ()) -> str:
    """The single SPARQL update request that applies every replacement in `batch`.

    The shared triples of the batch are added to the shared graph; each key of `stale` (held by
    a load record the batch replaces or removes) is removed from it at the end, unless a load
    record still holds it (therapykg.graph.shared).

    Ground triples go in `INSERT DATA` operations of at most INSERT_CHUNK triples each, since an
    engine may cap one operation's size (Virtuoso's generated SQL text); triples with blank nodes
    go together in one `INSERT … WHERE {}` template, which keeps each blank node one node and
    which engines that refuse blank nodes in `INSERT DATA` (Virtuoso) accept.
    """
    drops: list[str] = []
    grounded: list[str] = []
    templated: list[ox.Quad] = []
    for change in batch:
        drops.extend(_drops(change))
        if change.shared:
            grounded.extend(_insert_data(shared_quads_of(change.shared)))
        for quads in _parts(change):
            grounded.extend(_insert_data([q for q in quads if not _has_blank_node(q)]))
            templated.extend(q for q in quads if _has_blank_node(q))
    operations = [*drops, *grounded]
    if templated:
        operations.append(with_quads(updatetexts.INSERT_TEMPLATE, templated))
    new = {key for change in batch for key in change.shared}
    operations.extend(cleanup_update(set(stale) - new))
    return " ;\n".join(operations)


def _drops(change: GraphReplacement) -> list[str]:
    """What goes before a replacement is written: its graphs, and its load records' old
    description (and the records of the graphs it drops)."""
    drops = [
        substitute(updatetexts.DROP_GRAPH, {"graph": g}) for g in (change.graph, *change.also_drop)
    ]
    meta = change.metadata_graph
    if meta is not None:
        drops.extend(
            substitute(updatetexts.DELETE_SUBJECT, {"graph": meta, "subject": subject})
            for subject in change.metadata_subjects
        )
        drops.extend(
            substitute(updatetexts.DELETE_RECORDS_OF, {"meta": meta, "graph": g})
            for g in change.also_drop
        )
    return drops


def _parts(change: GraphReplacement) -> list[list[ox.Quad]]:
    """The replacement's quads in its graph, and its load records' in the metadata graph."""
    parts = [_in_graph(change.quads, change.graph)]
    if change.metadata_graph is not None and change.metadata:
        parts.append(_in_graph(change.metadata, change.metadata_graph))
    return parts


def _in_graph(quads: Sequence[ox.Quad], graph: ox.NamedNode) -> list[ox.Quad]:
    return [
        q if q.graph_name == graph else ox.Quad(q.subject, q.predicate, q.object, graph)
        for q in quads
    ]


def _insert_data(quads: Sequence[ox.Quad]) -> list[str]:
    """`INSERT DATA` operations of at most INSERT_CHUNK ground quads each."""
    return [
        with_quads(updatetexts.INSERT_DATA, quads[at : at + INSERT_CHUNK])
        for at in range(0, len(quads), INSERT_CHUNK)
    ]


def replaced_keys(select: Query, batch: Sequence[GraphReplacement]) -> set[str]:
    """The shared-triple keys held by the load records that `batch` replaces or removes."""
    if not any(change.metadata_graph is not None for change in batch):
        return set()
    records = [r for change in batch for r in change.metadata_subjects]
    graphs = [g for change in batch for g in (change.graph, *change.also_drop)]
    keys = keys_of_records(select, records)
    query = substitute(recordtexts.KEYS_OF_GRAPHS, {"meta": metadata_graph()})
    for at in range(0, len(graphs), 400):
        rows = select(with_values(query, "g", graphs[at : at + 400]))
        keys.update(row["k"].value for row in rows)
    return keys


def _has_blank_node(quad: ox.Quad) -> bool:
    return isinstance(quad.subject, ox.BlankNode) or isinstance(quad.object, ox.BlankNode)
