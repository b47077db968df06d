"""The endpoint through Flask's test client: formats, negotiation, errors, guard rails, CORS."""

from __future__ import annotations

import csv
import io
import json
import re
from typing import Any

import pytest
import rdflib
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from tests.web.conftest import make_app, memory_store
from therapykg.graph import derived
from therapykg.web.app import close_app

# The test article's element, not the graded-items scheme the ontology graph ships with.
OUTSIDE_ONTOLOGY = "FILTER(?g != <https://w3id.org/therapykg/id/graph/ontology>)"
SELECT = (
    "SELECT ?label WHERE { GRAPH ?g { ?e a tkg:RelationshipElement ; skos:prefLabel ?label } "
    + OUTSIDE_ONTOLOGY
    + " }"
)
CONSTRUCT = (
    "CONSTRUCT { ?e skos:prefLabel ?l } WHERE { GRAPH ?g { ?e a tkg:RelationshipElement ;"
    " skos:prefLabel ?l } " + OUTSIDE_ONTOLOGY + " }"
)
RDF_PARSERS = {
    "turtle": "turtle",
    "nt": "nt",
    "rdfxml": "xml",
    "jsonld": "json-ld",
    "nq": "nquads",
    "trig": "trig",
}


def get(client: FlaskClient, query: str, **extra: str) -> TestResponse:
    headers = {"Accept": extra.pop("accept")} if "accept" in extra else {}
    return client.get("/sparql", query_string={"query": query, **extra}, headers=headers)


def body(response: TestResponse) -> Any:
    """The response's JSON, which must be there."""
    data = response.get_json()
    assert data is not None, response.text
    return data


def test_select_in_each_result_format(client: FlaskClient) -> None:
    as_json = json.loads(get(client, SELECT, format="json").data)
    assert as_json["head"]["vars"] == ["label"]
    assert [b["label"]["value"] for b in as_json["results"]["bindings"]] == ["Alliance"]
    xml = get(client, SELECT, format="xml")
    assert b"<literal>Alliance</literal>" in xml.data
    rows = list(csv.reader(io.StringIO(get(client, SELECT, format="csv").text)))
    assert rows == [["label"], ["Alliance"]]
    tsv = get(client, SELECT, format="tsv").text.splitlines()
    assert tsv == ["?label", '"Alliance"']


@pytest.mark.parametrize("fmt", list(RDF_PARSERS))
def test_construct_in_each_rdf_syntax(client: FlaskClient, fmt: str) -> None:
    response = get(client, CONSTRUCT, format=fmt)
    assert response.status_code == 200
    graph = rdflib.Dataset() if fmt in ("nq", "trig") else rdflib.Graph()
    graph.parse(data=response.data, format=RDF_PARSERS[fmt])
    assert len(graph) == 1


def test_accept_q_values_choose_and_format_overrides(client: FlaskClient) -> None:
    accept = "text/csv;q=0.5, application/sparql-results+xml;q=0.9, */*;q=0.1"
    response = get(client, SELECT, accept=accept)
    assert response.content_type.startswith("application/sparql-results+xml")
    assert response.headers["Vary"] == "Accept"
    response = get(client, SELECT, accept=accept, format="csv")
    assert response.content_type.startswith("text/csv")
    response = get(client, CONSTRUCT, accept="application/rdf+xml;q=1, text/turtle;q=0.2")
    assert response.content_type.startswith("application/rdf+xml")
    response = get(client, "ASK {}", accept="*/*")
    assert json.loads(response.data) == {"head": {}, "boolean": True}


@pytest.mark.parametrize(
    ("request_args", "words"),
    [
        ({"query_string": {"query": "SELECT * {", "format": "json"}}, "refused"),
        ({"query_string": {"query": SELECT, "format": "csv2"}}, "unknown format"),
        ({"query_string": {"query": CONSTRUCT, "format": "csv"}}, "cannot be written"),
        ({"query_string": {"query": "", "format": "json"}}, "empty"),
        ({"query_string": [("query", "ASK {}"), ("update", "CLEAR ALL")]}, "not both"),
        ({"query_string": {"query": "ASK {}", "default-graph-uri": "not an iri"}}, "IRI"),
        ({"query_string": {"query": "ASK {}", "format": ["json", "xml"]}}, "different formats"),
    ],
)
def test_malformed_requests_get_400_with_a_message(
    client: FlaskClient, request_args: dict[str, object], words: str
) -> None:
    response = client.get("/sparql", headers={"Accept": "text/plain"}, **request_args)
    assert response.status_code == 400
    assert words in response.text


@pytest.mark.parametrize(
    ("body", "content_type"),
    [
        (b"query=ASK%20%7B%7D&query=ASK%20%7B%7D", "application/x-www-form-urlencoded"),
        (b"query=%FF%FE", "application/x-www-form-urlencoded"),
        (b"\xff\xfeA\x00S\x00K\x00", "application/sparql-query"),
        (b"ASK {}", "application/json"),
        (b"ASK {}", "application/sparql-query; charset=latin-1"),
        (b"", "application/x-www-form-urlencoded"),
    ],
)
def test_malformed_posts_get_400_never_500(
    client: FlaskClient, body: bytes, content_type: str
) -> None:
    response = client.post("/sparql", data=body, headers={"Content-Type": content_type})
    assert response.status_code == 400, response.text
    assert response.text.strip()


def test_wrong_method_is_refused(client: FlaskClient) -> None:
    assert client.put("/sparql", query_string={"query": "ASK {}"}).status_code == 405
    assert client.delete("/sparql").status_code == 405


def test_size_limit_gives_413() -> None:
    app = make_app(MAX_QUERY_BYTES=200)
    client = app.test_client()
    big = "ASK { ?s ?p ?o } #" + "x" * 300
    assert client.get("/sparql", query_string={"query": big}).status_code == 413
    response = client.post(
        "/sparql", data=big.encode(), headers={"Content-Type": "application/sparql-query"}
    )
    assert response.status_code == 413
    assert "limit" in response.text
    close_app(app)


@pytest.mark.parametrize(
    ("body", "content_type"),
    [
        (b"INSERT DATA { <http://e/s> <http://e/p> 1 }", "application/sparql-update"),
        (b"update=CLEAR%20ALL", "application/x-www-form-urlencoded"),
        (
            b"query=INSERT%20DATA%20%7B%20%3Chttp%3A%2F%2Fe%2Fs%3E%20%3Chttp%3A%2F%2Fe%2Fp%3E%201%20%7D",
            "application/x-www-form-urlencoded",
        ),
        (b"LOAD <http://127.0.0.1:9/data.ttl>", "application/sparql-update"),
    ],
)
def test_read_only_refuses_updates_and_load(
    client: FlaskClient, body: bytes, content_type: str
) -> None:
    response = client.post("/sparql", data=body, headers={"Content-Type": content_type})
    assert response.status_code == 403
    assert get(client, "ASK { <http://e/s> ?p ?o }", format="json").json == {
        "head": {},
        "boolean": False,
    }


def test_updates_run_when_read_only_is_off_but_load_never_does() -> None:
    app = make_app(READ_ONLY=False)
    client = app.test_client()
    insert = b"INSERT DATA { GRAPH <http://e/g> { <http://e/s> skos:prefLabel 'Inserted' } }"
    response = client.post(
        "/sparql", data=insert, headers={"Content-Type": "application/sparql-update"}
    )
    assert response.status_code == 204
    assert body(get(client, "ASK { <http://e/s> ?p ?o }"))["boolean"] is True
    assert client.get("/search", query_string={"q": "Inserted"}).text.count("Inserted") >= 2
    load = b"LOAD <http://127.0.0.1:9/data.ttl>"
    response = client.post(
        "/sparql", data=load, headers={"Content-Type": "application/sparql-update"}
    )
    assert response.status_code == 403
    close_app(app)


def test_an_update_makes_the_next_load_rebuild_the_derived_graphs() -> None:
    """An update may change anything the derived graphs are built from: it removes their stamp
    (therapykg/graph/derived.py), so the next load rebuilds them."""
    store = memory_store()
    derived.stamp(store, derived.fingerprint(store))
    app = make_app(READ_ONLY=False, STORE=store)
    try:
        insert = b"INSERT DATA { GRAPH <http://e/g> { <http://e/s> <http://e/p> 'x' } }"
        response = app.test_client().post(
            "/sparql", data=insert, headers={"Content-Type": "application/sparql-update"}
        )
        assert response.status_code == 204
        assert derived.stamped(store) is None
    finally:
        close_app(app)


def test_pages_computed_once_are_computed_again_after_an_update() -> None:
    app = make_app(READ_ONLY=False)
    client = app.test_client()
    person = "Zelda Quimby-Example"
    people = re.compile(r"<strong>(\d+)</strong> Person")
    try:
        home = client.get("/").text
        before = int(people.search(home).group(1))  # type: ignore[union-attr]
        assert person not in client.get("/lineage?unlinked=1").text  # a person with no link
        assert client.get("/").text == home, "asked again: the same page, from the cache"
        insert = (
            "INSERT DATA { GRAPH <http://e/g> { <https://w3id.org/therapykg/id/person/zq> "
            f"a tkg:Person ; skos:prefLabel '{person}' }} }}"
        )
        response = client.post(
            "/sparql", data=insert.encode(), headers={"Content-Type": "application/sparql-update"}
        )
        assert response.status_code == 204
        assert int(people.search(client.get("/").text).group(1)) == before + 1  # type: ignore[union-attr]
        assert person in client.get("/lineage?unlinked=1").text
    finally:
        close_app(app)


def test_row_cap_truncates_and_flags_it() -> None:
    app = make_app(ROW_CAP=3)
    client = app.test_client()
    response = get(client, "SELECT * WHERE { ?s ?p ?o }", format="json")
    assert response.headers["X-Therapykg-Truncated"] == "true"
    document = body(response)
    assert len(document["results"]["bindings"]) == 3
    assert set(document) == {"head", "results"}  # the flag is a header, not a made-up key
    html = get(client, "SELECT * WHERE { ?s ?p ?o }", accept="text/html")
    assert "Truncated" in html.text
    graph = get(client, "CONSTRUCT WHERE { ?s ?p ?o }", format="nt")
    assert len(graph.text.strip().splitlines()) == 3
    assert graph.headers["X-Therapykg-Truncated"] == "true"
    small = get(client, "SELECT * WHERE { ?s a tkg:Work }", format="json")
    assert "X-Therapykg-Truncated" not in small.headers
    close_app(app)


def test_protocol_dataset_uses_only_local_graphs(client: FlaskClient) -> None:
    missing = get(client, "ASK { ?s ?p ?o }", **{"default-graph-uri": "http://nowhere.example/g"})
    assert body(missing)["boolean"] is False
    article = "https://w3id.org/therapykg/id/article/demo/v1.0"
    present = get(client, "ASK { ?s a tkg:Statement }", **{"default-graph-uri": article})
    assert body(present)["boolean"] is True
    named = get(
        client, "SELECT DISTINCT ?g { GRAPH ?g { ?s ?p ?o } }", **{"named-graph-uri": article}
    )
    assert [b["g"]["value"] for b in body(named)["results"]["bindings"]] == [article]


def test_from_in_the_query_is_honoured_without_protocol_dataset(client: FlaskClient) -> None:
    query = "ASK FROM <https://w3id.org/therapykg/id/article/xss/v1.0> { ?s a tkg:Work }"
    assert body(get(client, query))["boolean"] is False
    assert body(get(client, "ASK { ?s a tkg:Work }"))["boolean"] is True


def test_service_description_and_void(client: FlaskClient) -> None:
    response = client.get("/sparql", headers={"Accept": "text/turtle"})
    graph = rdflib.Graph().parse(data=response.data, format="turtle")
    sd = rdflib.Namespace("http://www.w3.org/ns/sparql-service-description#")
    service = next(graph.subjects(rdflib.RDF.type, sd.Service))
    assert str(service) == "http://localhost/sparql"
    assert (service, sd.supportedLanguage, sd.SPARQL11Query) in graph
    assert (service, sd.supportedLanguage, sd.SPARQL11Update) not in graph
    void_url = graph.value(service, rdflib.RDFS.seeAlso)
    assert str(void_url) == "http://localhost/void"
    void = rdflib.Graph().parse(data=client.get("/void").data, format="turtle")
    assert any(void.subjects(rdflib.RDF.type, rdflib.URIRef("http://rdfs.org/ns/void#Dataset")))
    html = client.get("/sparql", headers={"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"})
    assert html.content_type.startswith("text/html") and 'id="yasgui"' in html.text
    xml = client.get("/sparql", headers={"Accept": "application/rdf+xml"})
    rdflib.Graph().parse(data=xml.data, format="xml")


def test_cors_and_preflight(client: FlaskClient) -> None:
    response = get(client, "ASK {}")
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    preflight = client.options(
        "/sparql",
        headers={
            "Origin": "https://elsewhere.example",
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "content-type",
        },
    )
    assert preflight.status_code == 200
    assert "POST" in preflight.headers["Access-Control-Allow-Methods"]
    assert "Content-Type" in preflight.headers["Access-Control-Allow-Headers"]


def test_no_js_form_posts_and_shows_a_table(client: FlaskClient) -> None:
    response = client.post(
        "/sparql",
        data={"query": SELECT, "format": "html"},
        headers={"Accept": "text/html"},
    )
    assert response.status_code == 200
    assert "<table" in response.text and "Alliance" in response.text
    assert "format=csv" in response.text
