"""Streaming RDF exports of the store: every quad passes through once, nothing is held whole."""

from __future__ import annotations

from collections.abc import Iterator
from typing import IO

import pyoxigraph as ox

from therapykg.graph.results import RDF_SYNTAXES, ResultFormat
from therapykg.graph.store import Store
from therapykg.ontology.vocab import PREFIXES

QUAD_FORMATS = frozenset({ResultFormat.NQ, ResultFormat.TRIG})


def export_rdf(
    store: Store, output: IO[bytes], fmt: ResultFormat, *, graph: ox.NamedNode | None = None
) -> None:
    """Write the store (or one graph) to `output`; triple syntaxes get the union of the graphs."""
    syntax = RDF_SYNTAXES[fmt]
    quads = store.quads(graph)
    items: Iterator[ox.Quad] | Iterator[ox.Triple] = (
        quads if fmt in QUAD_FORMATS else (q.triple for q in quads)
    )
    ox.serialize(items, output, format=syntax, prefixes=PREFIXES)
