"""Real SPARQL clients against the live endpoint: SPARQLWrapper and rdflib's SPARQLStore."""

from __future__ import annotations

import rdflib
from rdflib.plugins.stores.sparqlstore import SPARQLStore
from SPARQLWrapper import CSV, JSON, POST, TURTLE, XML, SPARQLWrapper

PREFIXES = (
    "PREFIX tkg: <https://w3id.org/therapykg/ontology#>\n"
    "PREFIX skos: <http://www.w3.org/2004/02/skos/core#>\n"
)
ELEMENTS = PREFIXES + "SELECT ?label WHERE { ?e a tkg:RelationshipElement ; skos:prefLabel ?label }"


def wrapper(live_url: str, query: str, fmt: str, method: str | None = None) -> SPARQLWrapper:
    client = SPARQLWrapper(live_url + "/sparql")
    client.setQuery(query)
    client.setReturnFormat(fmt)
    if method:
        client.setMethod(method)
    return client


def test_sparqlwrapper_select_json_get_and_post(live_url: str) -> None:
    for method in (None, POST):
        result = wrapper(live_url, ELEMENTS, JSON, method).queryAndConvert()
        assert isinstance(result, dict)
        assert [b["label"]["value"] for b in result["results"]["bindings"]] == ["Alliance"]


def test_sparqlwrapper_select_xml_and_csv(live_url: str) -> None:
    xml = wrapper(live_url, ELEMENTS, XML).queryAndConvert()
    assert "Alliance" in xml.toxml()  # type: ignore[union-attr]
    csv_bytes = wrapper(live_url, ELEMENTS, CSV).queryAndConvert()
    assert csv_bytes.decode().splitlines() == ["label", "Alliance"]  # type: ignore[union-attr]


def test_sparqlwrapper_ask_and_construct(live_url: str) -> None:
    ask = wrapper(live_url, PREFIXES + "ASK { ?s a tkg:Grading }", JSON).queryAndConvert()
    assert isinstance(ask, dict) and ask["boolean"] is True
    construct = PREFIXES + (
        "CONSTRUCT { ?e skos:prefLabel ?l } "
        "WHERE { ?e a tkg:RelationshipElement ; skos:prefLabel ?l }"
    )
    graph = wrapper(live_url, construct, TURTLE).queryAndConvert()
    assert isinstance(graph, bytes | str)
    parsed = rdflib.Graph().parse(data=graph, format="turtle")
    assert {str(o) for o in parsed.objects()} == {"Alliance"}
    rdfxml = wrapper(live_url, construct, XML).queryAndConvert()
    assert isinstance(rdfxml, rdflib.Graph) and len(rdfxml) == 1


def test_rdflib_sparqlstore_reads_the_endpoint(live_url: str) -> None:
    store = SPARQLStore(query_endpoint=live_url + "/sparql")
    graph = rdflib.Graph(store)
    rows = list(graph.query(ELEMENTS))
    assert [str(row[0]) for row in rows] == ["Alliance"]  # type: ignore[index]
    asked = graph.query(PREFIXES + "ASK { ?s a tkg:Statement }")
    assert asked.askAnswer is True
    element = rdflib.URIRef("https://w3id.org/therapykg/id/element/alliance")
    labels = set(graph.objects(element, rdflib.SKOS.prefLabel))
    assert labels == {rdflib.Literal("Alliance")}
    store.close()
