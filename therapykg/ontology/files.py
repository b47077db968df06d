"""The ontology files as quads for a store: the ontology and its alignment, in their own graph.

Files shipped with therapykg are trusted, so they are parsed here, in this process; RDF from
outside is parsed in one place only, `therapykg.loaders.rdf`, within its limits.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import pyoxigraph as ox

from therapykg.ontology import ALIGNMENT_PATH, ONTOLOGY_PATH, SCHEME_PATH
from therapykg.ontology.vocab import ontology_graph

ONTOLOGY_FILES = (ONTOLOGY_PATH, SCHEME_PATH, ALIGNMENT_PATH)


def ontology_quads() -> list[ox.Quad]:
    """The ontology, its concept scheme of graded items and its alignment, as shipped, in the
    ontology graph."""
    target = ontology_graph()
    return [q for path in ONTOLOGY_FILES for q in read_shipped_rdf(path, target)]


def read_shipped_rdf(path: Path, graph: ox.NamedNode) -> list[ox.Quad]:
    """The quads of an RDF file shipped with therapykg (the ontology), parsed in this process."""
    rdf_format = ox.RdfFormat.from_extension(path.suffix.lstrip("."))
    if rdf_format is None:
        raise ValueError(f"{path}: a shipped file with no RDF suffix")  # a packaging mistake
    with path.open("rb") as stream:
        quads = list(ox.parse(stream, format=rdf_format, base_iri=path.resolve().as_uri()))
    return in_graph(quads, graph)


def in_graph(quads: Iterable[ox.Quad], graph: ox.NamedNode) -> list[ox.Quad]:
    """The quads, those of the default graph moved into `graph`."""
    return [
        ox.Quad(q.subject, q.predicate, q.object, graph)
        if isinstance(q.graph_name, ox.DefaultGraph)
        else q
        for q in quads
    ]
