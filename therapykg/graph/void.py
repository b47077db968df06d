"""A VoID and DCAT description of the dataset, computed from the store when asked."""

from __future__ import annotations

import os

import pyoxigraph as ox

from therapykg.graph.store import Store
from therapykg.graph.substitute import substitute
from therapykg.ontology.vocab import DCT, RDF, TKG_IRI, VOID, XSD, base_iri, metadata_graph

DCAT = "http://www.w3.org/ns/dcat#"
DEFAULT_LICENSE = "https://creativecommons.org/licenses/by/4.0/"

_GRAPH_SIZES = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g ORDER BY ?g"
_CLASSES = """SELECT ?class (COUNT(DISTINCT ?s) AS ?n) WHERE { GRAPH ?g { ?s a ?class } }
GROUP BY ?class ORDER BY ?class"""
_LAST_LOAD = "SELECT (MAX(?t) AS ?last) WHERE { GRAPH ?meta { ?r prov:endedAtTime ?t } }"


def _integer(value: int) -> ox.Literal:
    return ox.Literal(str(value), datatype=XSD.integer)


def void_description(store: Store, endpoint: str | None = None) -> list[ox.Quad]:
    """Triples, entities by class, named graphs, licence, last load and endpoint."""
    base = base_iri()
    dataset = ox.NamedNode(base + "dataset")
    graph = ox.NamedNode(base + "graph/void")
    out: list[tuple[ox.NamedNode, ox.NamedNode, ox.NamedNode | ox.Literal]] = [
        (dataset, RDF.type, VOID.Dataset),
        (dataset, RDF.type, ox.NamedNode(DCAT + "Dataset")),
        (dataset, DCT.title, ox.Literal("therapykg", language="en")),
        (
            dataset,
            DCT.description,
            ox.Literal(
                "Psychotherapy frameworks and the evidence behind them, each fact traced to "
                "the sentence it came from.",
                language="en",
            ),
        ),
        (dataset, DCT.license, ox.NamedNode(os.environ.get("THERAPYKG_LICENSE", DEFAULT_LICENSE))),
        (dataset, VOID.vocabulary, ox.NamedNode(TKG_IRI)),
        (dataset, VOID.uriSpace, ox.Literal(base)),
    ]
    if endpoint:
        out.append((dataset, VOID.sparqlEndpoint, ox.NamedNode(endpoint)))
    total = 0
    for row in store.select(_GRAPH_SIZES):
        name, count = row["g"], int(row["n"].value)
        if not isinstance(name, ox.NamedNode):
            continue
        total += count
        out += [(dataset, VOID.subset, name), (name, RDF.type, VOID.Dataset)]
        out.append((name, VOID.triples, _integer(count)))
    out.append((dataset, VOID.triples, _integer(total)))
    for row in store.select(_CLASSES):
        cls = row["class"]
        if not isinstance(cls, ox.NamedNode):
            continue
        part = ox.NamedNode(base + "dataset/class/" + _local(cls.value))
        out += [(dataset, VOID.classPartition, part), (part, VOID["class"], cls)]
        out.append((part, VOID.entities, _integer(int(row["n"].value))))
    last = next(iter(store.select(substitute(_LAST_LOAD, {"meta": metadata_graph()}))), None)
    if last is not None and last["last"] is not None:
        out.append((dataset, DCT.modified, last["last"]))
    return [ox.Quad(s, p, o, graph) for s, p, o in out]


def _local(iri: str) -> str:
    return "".join(c if c.isalnum() else "-" for c in iri.rsplit("/", 1)[-1].replace("#", "-"))
