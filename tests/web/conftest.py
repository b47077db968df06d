"""Fixtures for the web tests: one factory for a store holding the test graph, thin ones over it.

The test graph (data/mini.trig) follows docs/data-model.md: a clean article with an LLM-tagged,
a sourced and an untagged sentence, and a hostile article whose text holds `<script>` and
`" onmouseover=`. The W3C protocol cases add four tiny graphs of their own.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pytest
from flask import Flask
from flask.testing import FlaskClient

from tests.web.live import live_server
from therapykg.graph.store import OxigraphStore
from therapykg.graph.summary import refresh_summary
from therapykg.ontology.files import ontology_quads
from therapykg.web.app import close_app, create_app

DATA = Path(__file__).resolve().parent / "data"
MINI = DATA / "mini.trig"
PROTOCOL = json.loads((DATA / "protocol_cases.json").read_text(encoding="utf-8"))


def fill(store: ox.Store) -> None:
    """The test graph plus the protocol suite's four graphs (the summary graph that a load
    derives is added by `memory_store` and `disk_store`)."""
    store.load(path=str(MINI), format=ox.RdfFormat.TRIG)
    store.extend(ontology_quads())
    for graph, triples in PROTOCOL["graphs"].items():
        store.load(triples.encode(), format=ox.RdfFormat.TURTLE, to_graph=ox.NamedNode(graph))


def memory_store() -> OxigraphStore:
    store = OxigraphStore(None)
    fill(store._store)
    refresh_summary(store)
    return store


def disk_store(path: Path) -> str:
    """An on-disk store holding the test graph, closed again so workers can open it read-only."""
    store = OxigraphStore(str(path))
    fill(store._store)
    refresh_summary(store)
    store.close()
    return str(path)


def make_app(**config: Any) -> Flask:
    """The factory the fixtures share: an app over a fresh in-memory test graph by default."""
    settings: dict[str, Any] = {"STORE": memory_store()}
    settings.update(config)
    return create_app(settings)


@pytest.fixture
def app() -> Iterator[Flask]:
    application = make_app()
    yield application
    close_app(application)


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture(scope="session")
def disk_path(tmp_path_factory: pytest.TempPathFactory) -> str:
    return disk_store(tmp_path_factory.mktemp("web") / "store")


@pytest.fixture(scope="session")
def live_url(disk_path: str) -> Iterator[str]:
    """A live server over the on-disk test store, with two query worker processes."""
    application = create_app(
        {"STORE": disk_path, "QUERY_WORKERS": 2, "QUERY_TIMEOUT": 5.0, "ROW_CAP": 50}
    )
    with live_server(application) as url:
        yield url
    close_app(application)
