"""Real SPARQL clients against the live endpoint: SPARQLWrapper and rdflib's SPARQLStore."""

from __future__ import annotations

import json

import pytest
import rdflib
import requests
from rdflib.plugins.stores.sparqlstore import SPARQLStore
from SPARQLWrapper import CSV, JSON, POST, TURTLE, XML, SPARQLWrapper

PREFIXES = (
    "PREFIX tkg: <https://w3id.org/therapykg/ontology#>\n"
    "PREFIX skos: <http://www.w3.org/2004/02/skos/core#>\n"
)
# The test article's element, not the graded-items scheme the ontology graph ships with.
OUTSIDE_ONTOLOGY = "FILTER(?g != <https://w3id.org/therapykg/id/graph/ontology>)"
ELEMENTS = PREFIXES + (
    "SELECT ?label WHERE { GRAPH ?g { ?e a tkg:RelationshipElement ; skos:prefLabel ?label } "
    + OUTSIDE_ONTOLOGY
    + " }"
)


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
        "WHERE { GRAPH ?g { ?e a tkg:RelationshipElement ; skos:prefLabel ?l } "
        + OUTSIDE_ONTOLOGY
        + " }"
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
    assert rdflib.Literal("Alliance") in labels  # the article's; the scheme adds "alliance"
    store.close()


# Every return format SPARQLWrapper offers for each query form, with its defaults: it sends
# `format=` twice (a short name and a media type) and its own Accept header.
SELECT_FORMATS = ("json", "xml", "csv", "tsv")
GRAPH_FORMATS = ("xml", "rdf+xml", "turtle", "n3", "json-ld")
CONSTRUCT = PREFIXES + (
    "CONSTRUCT { ?e skos:prefLabel ?l } WHERE { GRAPH ?g { ?e a tkg:RelationshipElement ;"
    " skos:prefLabel ?l } " + OUTSIDE_ONTOLOGY + " }"
)
DESCRIBE = "DESCRIBE <https://w3id.org/therapykg/id/element/alliance>"


def _labels_of(converted: object) -> set[str]:
    """The literals of a CONSTRUCT or DESCRIBE result, in whatever shape SPARQLWrapper gave."""
    if isinstance(converted, rdflib.Graph):
        graph = converted
    elif isinstance(converted, dict | list):
        graph = rdflib.Graph().parse(data=json.dumps(converted), format="json-ld")
    else:
        text = converted.decode() if isinstance(converted, bytes) else str(converted)
        graph = rdflib.Graph().parse(data=text, format="turtle")
    return {str(o) for o in graph.objects() if isinstance(o, rdflib.Literal)}


@pytest.mark.parametrize("method", ["GET", "POST"])
@pytest.mark.parametrize("fmt", SELECT_FORMATS)
def test_sparqlwrapper_select_in_every_format(live_url: str, fmt: str, method: str) -> None:
    response = wrapper(live_url, ELEMENTS, fmt, method).query()
    assert response.response.status == 200
    converted = response.convert()
    if fmt == "json":
        assert isinstance(converted, dict)
        assert [b["label"]["value"] for b in converted["results"]["bindings"]] == ["Alliance"]
    elif fmt == "xml":
        assert "Alliance" in converted.toxml()  # type: ignore[union-attr]
    else:
        separator = "," if fmt == "csv" else "\t"
        lines = converted.decode().splitlines()  # type: ignore[union-attr]
        assert lines[0].split(separator)[0].lstrip("?") == "label"
        assert lines[1].strip('"') == "Alliance"


@pytest.mark.parametrize("method", ["GET", "POST"])
@pytest.mark.parametrize("fmt", SELECT_FORMATS)
def test_sparqlwrapper_ask_in_every_format(live_url: str, fmt: str, method: str) -> None:
    response = wrapper(live_url, PREFIXES + "ASK { ?s a tkg:Grading }", fmt, method).query()
    assert response.response.status == 200
    media = response.response.headers["Content-Type"]
    converted = response.convert()
    if fmt == "json":
        assert "json" in media and converted["boolean"] is True  # type: ignore[index]
    elif fmt == "xml":
        assert "xml" in media and "true" in converted.toxml()  # type: ignore[union-attr]
    else:
        expected = "text/csv" if fmt == "csv" else "text/tab-separated-values"
        assert media.startswith(expected)
        assert converted.decode().split() == ["true"]  # type: ignore[union-attr]


@pytest.mark.parametrize("method", ["GET", "POST"])
@pytest.mark.parametrize("fmt", GRAPH_FORMATS)
@pytest.mark.parametrize("query", [CONSTRUCT, DESCRIBE], ids=["construct", "describe"])
def test_sparqlwrapper_graphs_in_every_format(
    live_url: str, query: str, fmt: str, method: str
) -> None:
    response = wrapper(live_url, query, fmt, method).query()
    assert response.response.status == 200
    assert "Alliance" in _labels_of(response.convert())


@pytest.mark.parametrize("accept", ["text/csv", "text/tab-separated-values"])
def test_ask_by_accept_alone_answers_in_the_format_asked(live_url: str, accept: str) -> None:
    answer = requests.get(
        live_url + "/sparql",
        params={"query": PREFIXES + "ASK { ?s a tkg:Statement }"},
        headers={"Accept": accept},
        timeout=30,
    )
    assert answer.status_code == 200
    assert answer.headers["Content-Type"].startswith(accept)
    assert answer.text.split() == ["true"]


def test_repeated_format_naming_two_formats_is_refused(live_url: str) -> None:
    answer = requests.get(
        live_url + "/sparql",
        params=[("query", ELEMENTS), ("format", "csv"), ("format", "json")],
        timeout=30,
    )
    assert answer.status_code == 400
    assert "different formats" in answer.text
