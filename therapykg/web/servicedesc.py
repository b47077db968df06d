"""The SPARQL 1.1 service description (sd:Service) the endpoint answers a bare GET with.

It says what the endpoint speaks (SPARQL 1.1 Query; Update only when read-only is off), which
result formats it writes, that the default graph is the union of the named graphs, and where the
VoID description of the dataset is.
"""

from __future__ import annotations

import pyoxigraph as ox

from therapykg.ontology.vocab import RDF, RDFS, SD, VOID, base_iri

FORMATS = "http://www.w3.org/ns/formats/"
Node = ox.NamedNode | ox.BlankNode
RESULT_FORMATS = (
    "SPARQL_Results_JSON",
    "SPARQL_Results_XML",
    "SPARQL_Results_CSV",
    "SPARQL_Results_TSV",
    "Turtle",
    "N-Triples",
    "RDF_XML",
    "JSON-LD",
    "N-Quads",
    "TriG",
)


def service_description(endpoint: str, void_url: str, *, read_only: bool) -> list[ox.Triple]:
    """Triples describing the endpoint at `endpoint`, linking the VoID at `void_url`."""
    service = ox.NamedNode(endpoint)
    dataset = ox.NamedNode(base_iri() + "dataset")
    default_graph = ox.BlankNode("defaultGraph")
    triples: list[tuple[Node, ox.NamedNode, Node | ox.Literal]] = [
        (service, RDF.type, SD.Service),
        (service, SD.endpoint, service),
        (service, SD.supportedLanguage, SD.SPARQL11Query),
        (service, SD.feature, SD.UnionDefaultGraph),
        (service, SD.defaultDataset, dataset),
        (service, RDFS.seeAlso, ox.NamedNode(void_url)),
        (dataset, RDF.type, SD.Dataset),
        (dataset, RDF.type, VOID.Dataset),
        (dataset, SD.defaultGraph, default_graph),
        (default_graph, RDF.type, SD.Graph),
        (dataset, VOID.sparqlEndpoint, service),
        (dataset, RDFS.isDefinedBy, ox.NamedNode(void_url)),
    ]
    if not read_only:
        triples.append((service, SD.supportedLanguage, SD.SPARQL11Update))
    triples += [(service, SD.resultFormat, ox.NamedNode(FORMATS + f)) for f in RESULT_FORMATS]
    return [ox.Triple(s, p, o) for s, p, o in triples]
