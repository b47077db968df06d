"""Moving quads between pyoxigraph (the store) and rdflib (pySHACL, owlready2 interop).

N-Triples / N-Quads is the lossless bridge: both libraries read and write it exactly.
"""

from __future__ import annotations

from collections.abc import Iterable

import pyoxigraph as ox
import rdflib


def to_rdflib_graph(quads: Iterable[ox.Quad]) -> rdflib.Graph:
    """The triples of `quads` (graph names dropped) as one rdflib Graph."""
    data = ox.serialize((q.triple for q in quads), format=ox.RdfFormat.N_TRIPLES)
    graph = rdflib.Graph()
    if data:
        graph.parse(data=data, format="nt")
    return graph


def from_rdflib_graph(graph: rdflib.Graph, target: ox.NamedNode) -> list[ox.Quad]:
    """The triples of an rdflib Graph as quads in `target`."""
    data = graph.serialize(format="nt", encoding="utf-8")
    return [
        ox.Quad(t.subject, t.predicate, t.object, target)
        for t in ox.parse(data, format=ox.RdfFormat.N_TRIPLES)
    ]
