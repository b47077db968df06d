"""The ontology, its alignment, the SHACL shapes and the JSON-LD context, and helpers to load them.

The files ship inside the package (see `[tool.setuptools.package-data]`), so every helper here works
from an installed wheel and never touches the network.

    ONTOLOGY_PATH   therapykg.ttl   OWL 2 DL ontology: classes, properties, grade and tier schemes
    ALIGNMENT_PATH  alignment.ttl   mappings to PROV-O, SKOS, schema.org, CiTO, FOAF and DOID
    SCHEME_PATH     graded_items.ttl  SKOS scheme of the task force's graded elements and
                    adaptations, loaded with the ontology wherever the ontology is loaded
    SHAPES_PATH     shapes.ttl      SHACL shapes that `validation.validate` checks data against
    CONTEXT_PATH    context.jsonld  JSON-LD 1.1 context for compact JSON exports
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

from rdflib import Graph

from therapykg.ontology.vocab import PREFIXES

HERE = Path(__file__).resolve().parent
ONTOLOGY_PATH = HERE / "therapykg.ttl"
SCHEME_PATH = HERE / "graded_items.ttl"
ALIGNMENT_PATH = HERE / "alignment.ttl"
SHAPES_PATH = HERE / "shapes.ttl"
CONTEXT_PATH = HERE / "context.jsonld"

SHAPES_IRI = "https://w3id.org/therapykg/shapes#"
ALIGNMENT_IRI = "https://w3id.org/therapykg/ontology/alignment"


def load_ontology_graph(*, alignment: bool = False) -> Graph:
    """A fresh rdflib Graph of the ontology, plus the alignment when asked.

    A new Graph each call, because callers add data to it; parsing is cached underneath.
    """
    graph = Graph()
    for path in (ONTOLOGY_PATH, SCHEME_PATH):
        for triple in _parsed(path):
            graph.add(triple)
    if alignment:
        for triple in _parsed(ALIGNMENT_PATH):
            graph.add(triple)
    _bind_prefixes(graph)
    return graph


def load_shapes_graph() -> Graph:
    """A fresh rdflib Graph of the SHACL shapes."""
    graph = Graph()
    for triple in _parsed(SHAPES_PATH):
        graph.add(triple)
    _bind_prefixes(graph)
    return graph


def load_context() -> dict[str, Any]:
    """The JSON-LD context document (`{"@context": {...}}`) as a dict, to embed or serialise."""
    with CONTEXT_PATH.open(encoding="utf-8") as handle:
        document: dict[str, Any] = json.load(handle)
    return document


@cache
def _parsed(path: Path) -> Graph:
    """Parse a bundled Turtle file once per process; callers copy out of it and never mutate it."""
    return Graph().parse(path, format="turtle")


def _bind_prefixes(graph: Graph) -> None:
    """Bind the project prefixes so serialisations read as the docs do."""
    for prefix, iri in PREFIXES.items():
        graph.bind(prefix, iri, replace=True)
