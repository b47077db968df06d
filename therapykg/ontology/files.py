"""The ontology files as quads for a store: the ontology and its alignment, in their own graph."""

from __future__ import annotations

import pyoxigraph as ox

from therapykg.loaders.rdf import read_shipped_rdf
from therapykg.ontology import ALIGNMENT_PATH, ONTOLOGY_PATH, SCHEME_PATH
from therapykg.ontology.vocab import ontology_graph

ONTOLOGY_FILES = (ONTOLOGY_PATH, SCHEME_PATH, ALIGNMENT_PATH)


def ontology_quads() -> list[ox.Quad]:
    """The ontology, its concept scheme of graded items and its alignment, as shipped, in the
    ontology graph."""
    target = ontology_graph()
    return [q for path in ONTOLOGY_FILES for q in read_shipped_rdf(path, target)]
