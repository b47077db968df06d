"""Exports: the store's RDF in every standard syntax, streamed; networks for Gephi and Cytoscape.

Every quad passes through once and nothing is held whole, except for GraphML/GEXF (networkx writes
a whole graph, and the networks are small projections) and the VoID description.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from itertools import chain
from typing import IO

import networkx as nx
import pyoxigraph as ox

from therapykg.graph.jsonld import write_jsonld
from therapykg.graph.results import ResultFormat
from therapykg.graph.store import Store
from therapykg.graph.void import void_description
from therapykg.ontology.files import ontology_quads
from therapykg.ontology.vocab import PREFIXES, ontology_graph

QUAD_FORMATS = frozenset({ResultFormat.NQ, ResultFormat.TRIG})


def _syntax(fmt: ResultFormat) -> ox.RdfFormat:
    syntax = fmt.rdf_format
    if syntax is None:
        raise KeyError(fmt)  # as the table it was looked up in raised
    return syntax


def data_quads(store: Store, graph: ox.NamedNode | None = None) -> Iterator[ox.Quad]:
    """The store's quads (one graph, or all but the ontology's)."""
    if graph is not None:
        yield from store.quads(graph)
        return
    skip = ontology_graph()
    for quad in store.quads():
        if quad.graph_name != skip:
            yield quad


def part_quads(store: Store, part: str, graph: ox.NamedNode | None = None) -> Iterable[ox.Quad]:
    if part == "ontology":
        return ontology_quads()
    if part == "all":
        return chain(ontology_quads(), data_quads(store, graph))
    if part == "void":
        return void_description(store)
    return data_quads(store, graph)


class _Counted:
    """The quads, passed through once, counted as they go."""

    def __init__(self, quads: Iterable[ox.Quad]) -> None:
        self.quads = quads
        self.count = 0

    def __iter__(self) -> Iterator[ox.Quad]:
        for quad in self.quads:
            self.count += 1
            yield quad


def write_rdf(quads: Iterable[ox.Quad], output: IO[bytes], fmt: ResultFormat) -> int:
    """Serialise quads; triple syntaxes get the union of the graphs. Returns how many quads."""
    counted = _Counted(quads)
    if fmt is ResultFormat.JSONLD:
        write_jsonld(counted, output)
        return counted.count
    items: Iterable[ox.Quad] | Iterator[ox.Triple] = (
        counted if fmt in QUAD_FORMATS else (q.triple for q in counted)
    )
    ox.serialize(items, output, format=_syntax(fmt), prefixes=PREFIXES)
    return counted.count


def export_part(
    store: Store,
    output: IO[bytes],
    fmt: ResultFormat,
    part: str = "data",
    *,
    graph: ox.NamedNode | None = None,
) -> int:
    """Write one part of the dataset: data, ontology, all, or void; returns how many quads."""
    return write_rdf(part_quads(store, part, graph), output, fmt)


def export_network(graph: nx.Graph, output: IO[bytes], fmt: str) -> None:
    """GraphML or GEXF of a networkx projection."""
    if fmt == "graphml":
        nx.write_graphml(graph, output)
    elif fmt == "gexf":
        nx.write_gexf(graph, output)
    else:
        raise ValueError(f"unknown network format {fmt!r}; expected graphml or gexf")
