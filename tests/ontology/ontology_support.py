"""Helpers shared by the ontology tests: where the data lives and how to name things in it."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.namespace import XSD
from rdflib.term import Node

DATA = Path(__file__).resolve().parent / "data"
CLEAN = DATA / "clean.trig"
VIOLATIONS = DATA / "violations"
ID = "https://w3id.org/therapykg/id/"
TKG = "https://w3id.org/therapykg/ontology#"


def load_clean() -> Dataset:
    """A fresh copy of the clean data set, for tests that add to it."""
    return load_trig(CLEAN)


def load_trig(path: Path) -> Dataset:
    """A TriG file as an rdflib Dataset, parsed by pyoxigraph.

    rdflib 7.6's own `Dataset.parse` warns that it uses its deprecated default context, and the
    test suite turns warnings into errors.
    """
    dataset = Dataset()
    for quad in ox.parse(path=str(path), format=ox.RdfFormat.TRIG):
        name = quad.graph_name
        target = (
            dataset.graph(URIRef(name.value))
            if isinstance(name, ox.NamedNode)
            else dataset.default_graph
        )
        target.add((_term(quad.subject), _term(quad.predicate), _term(quad.object)))
    return dataset


def _term(term: object) -> Node:
    """A pyoxigraph term as the rdflib term with the same meaning."""
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        if term.datatype.value == str(XSD.string):
            return Literal(term.value)  # rdflib tells a simple literal from an xsd:string one
        return Literal(term.value, datatype=URIRef(term.datatype.value))
    raise TypeError(f"unexpected term {term!r}")


def parts_of(dataset: Dataset) -> list[Graph]:
    """Each non-empty named graph as its own Graph, as `reason_in_parts` takes them."""
    parts = []
    for name in sorted({g.identifier for g in dataset.graphs()}, key=str):
        part = Graph()
        for triple in dataset.graph(name):
            part.add(triple)
        if len(part):
            parts.append(part)
    return parts


def iri(path: str) -> URIRef:
    """An instance IRI under the default base: iri('element/alliance')."""
    return URIRef(ID + path)


def tkg(name: str) -> URIRef:
    """A term of the ontology: tkg('Statement')."""
    return URIRef(TKG + name)
