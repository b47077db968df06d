"""The web app serves a SPARQL server's data as it serves the embedded store's."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask

from tests.servers import oxigraph_server
from tests.web.conftest import make_app
from therapykg.graph.load import load_paths
from therapykg.graph.remote import RemoteStore
from therapykg.graph.store import OxigraphStore
from therapykg.web.app import close_app

ARTICLES = Path(__file__).resolve().parents[2] / "articles"
QUERIES = [
    "SELECT ?llm (COUNT(?s) AS ?n) WHERE { ?s a tkg:Statement ; tkg:llmTagged ?llm } GROUP BY ?llm",
    "SELECT ?label WHERE { ?e a tkg:RelationshipElement ; skos:prefLabel ?label } ORDER BY ?label",
]


def rows(app: Flask, query: str, **params: str) -> list[dict[str, str]]:
    response = app.test_client().get(
        "/sparql",
        query_string={"query": query, **params},
        headers={"Accept": "application/sparql-results+json"},
    )
    assert response.status_code == 200, response.get_data(as_text=True)
    data = json.loads(response.get_data())
    return sorted(
        ({k: v["value"] for k, v in b.items()} for b in data["results"]["bindings"]),
        key=lambda r: sorted(r.items()),
    )


@pytest.fixture(scope="module")
def apps(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Flask, Flask]]:
    embedded = OxigraphStore()
    load_paths(embedded, [ARTICLES])
    with oxigraph_server(tmp_path_factory.mktemp("oxigraph")) as (url, _process):
        remote = RemoteStore(url)
        load_paths(remote, [ARTICLES])
        ours, theirs = make_app(STORE=embedded), make_app(STORE=remote)
        yield ours, theirs
        close_app(ours)
        close_app(theirs)


@pytest.mark.parametrize("query", QUERIES)
def test_endpoint_answers_alike(apps: tuple[Flask, Flask], query: str) -> None:
    embedded, remote = apps
    assert rows(remote, query) == rows(embedded, query)
    assert rows(remote, query)


def test_protocol_dataset_reaches_the_server(apps: tuple[Flask, Flask]) -> None:
    embedded, remote = apps
    graph = "https://w3id.org/therapykg/id/article/common-factors/v1.0"
    query = "SELECT (COUNT(?s) AS ?n) WHERE { ?s a tkg:Statement }"
    ours = rows(embedded, query, **{"default-graph-uri": graph})
    assert rows(remote, query, **{"default-graph-uri": graph}) == ours
    assert ours != rows(embedded, query)


def test_entity_page_over_the_server(apps: tuple[Flask, Flask]) -> None:
    _, remote = apps
    page = remote.test_client().get("/id/element/alliance", headers={"Accept": "text/html"})
    assert page.status_code == 200
    assert "alliance" in page.get_data(as_text=True)
