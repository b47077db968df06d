"""Every backend answers each query form in its own kind: rows for SELECT, a boolean for ASK, a
graph for CONSTRUCT and DESCRIBE; through the store, the Python API and the web endpoint alike.

Generated from tests/graph/data/query_forms.json (a tiny graph, then each query beside the
kind and the answer expected). Pins two bugs: Virtuoso answered a CONSTRUCT sent through the
endpoint with rows of ?s ?p ?o, and the API raised TypeError for a CONSTRUCT on a remote store.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pytest
import rdflib

from tests.servers import oxigraph_server, virtuoso_server
from tests.web.conftest import make_app
from therapykg.api import KnowledgeGraph, Rows
from therapykg.graph.remote import RemoteStore
from therapykg.graph.store import GraphReplacement, OxigraphStore, Store
from therapykg.web.app import close_app

DATA = json.loads(
    (Path(__file__).parent / "graph" / "data" / "query_forms.json").read_text(encoding="utf-8")
)
CASES = {case["name"]: case for case in DATA["cases"]}
RDF_TYPES = ("text/turtle", "application/n-triples")


def fill(store: Store) -> None:
    graph = ox.NamedNode(DATA["graph"])
    triples = ox.parse("\n".join(DATA["ntriples"]).encode(), format=ox.RdfFormat.N_TRIPLES)
    quads = [ox.Quad(t.subject, t.predicate, t.object, graph) for t in triples]
    store.replace_graphs([GraphReplacement(graph, quads)])


@pytest.fixture(scope="module", params=["embedded", "oxigraph-serve", "virtuoso"])
def store(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Store]:
    if request.param == "embedded":
        embedded = OxigraphStore()
        fill(embedded)
        yield embedded
        return
    directory = tmp_path_factory.mktemp(request.param)
    server = oxigraph_server if request.param == "oxigraph-serve" else virtuoso_server
    with server(directory) as (url, _process):
        remote = RemoteStore(url)
        fill(remote)
        yield remote
        remote.close()


def triple_lines(triples: Iterator[ox.Triple] | list[ox.Triple]) -> set[str]:
    return {f"{t.subject} {t.predicate} {t.object} ." for t in triples}


def check_triples(case: dict[str, Any], found: set[str]) -> None:
    if "triples" in case:
        assert found == set(case["triples"])
    else:  # DESCRIBE: what else an engine adds about the resource is its own choice
        assert set(case["contains"]) <= found


def check_rows(case: dict[str, Any], rows: list[list[str]]) -> None:
    assert sorted(rows) == sorted(case["rows"])


@pytest.mark.parametrize("name", sorted(CASES))
def test_the_store_answers_in_the_kind_of_the_query(store: Store, name: str) -> None:
    case = CASES[name]
    result = store.query(case["query"])
    if case["kind"] == "solutions":
        assert isinstance(result, ox.QuerySolutions)
        names = [v.value for v in result.variables]
        check_rows(case, [[row[n].value for n in names] for row in result])
    elif case["kind"] == "boolean":
        assert isinstance(result, ox.QueryBoolean)
        assert bool(result) is case["answer"]
    else:
        assert not isinstance(result, ox.QuerySolutions | ox.QueryBoolean)
        triples = list(result)
        assert all(isinstance(t, ox.Triple) for t in triples)
        check_triples(case, triple_lines(triples))


@pytest.mark.parametrize("name", sorted(CASES))
def test_the_api_answers_in_the_kind_of_the_query(store: Store, name: str) -> None:
    case = CASES[name]
    answer = KnowledgeGraph(store).query(case["query"])
    if case["kind"] == "solutions":
        assert isinstance(answer, Rows)
        check_rows(case, [[str(row[n]) for n in answer.variables] for row in answer])
    elif case["kind"] == "boolean":
        assert answer is case["answer"]
    else:
        assert isinstance(answer, rdflib.Graph)
        written = answer.serialize(format="nt", encoding="utf-8")
        check_triples(case, triple_lines(list(ox.parse(written, format=ox.RdfFormat.N_TRIPLES))))


@pytest.mark.parametrize("name", sorted(CASES))
def test_the_endpoint_answers_in_the_kind_of_the_query(store: Store, name: str) -> None:
    case = CASES[name]
    app = make_app(STORE=store)
    try:
        accept = "text/turtle" if case["kind"] == "graph" else "application/sparql-results+json"
        response = app.test_client().get(
            "/sparql", query_string={"query": case["query"]}, headers={"Accept": accept}
        )
    finally:
        close_app(app)
    assert response.status_code == 200, response.get_data(as_text=True)
    media = response.headers["Content-Type"].split(";")[0]
    if case["kind"] == "graph":
        assert media in RDF_TYPES
        parsed = ox.parse(response.get_data(), format=ox.RdfFormat.from_media_type(media))
        check_triples(case, triple_lines([q.triple for q in parsed]))
        return
    document = json.loads(response.get_data())
    if case["kind"] == "boolean":
        assert document["boolean"] is case["answer"]
    else:
        names = document["head"]["vars"]
        rows = [[b[n]["value"] for n in names] for b in document["results"]["bindings"]]
        check_rows(case, rows)
