"""The parse decides in the serving process too: where queries run in-process (a `memory:` store,
a writable endpoint) and for updates on a writable endpoint. The network namespace does not
apply there, so the parse is the fence, and the issue's spelling must meet it."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from flask import Flask

from tests.web.conftest import make_app
from therapykg.errors import TherapyKGError
from therapykg.graph.store import OxigraphStore, QueryResult
from therapykg.web.app import close_app, size_in_bytes
from therapykg.web.executor import InProcessExecutor, QueryJob, QueryOutOfMemory

TRICK = "SELECT ?x WHERE { FILTER(1<2)SERVICE#>\n<http://127.0.0.1:9/>{?x ?y ?z} }"
UPDATE_TRICK = "INSERT { ?x ?y ?z } WHERE { FILTER(1<2)SERVICE#>\n<http://127.0.0.1:9/>{?x ?y ?z} }"


@pytest.fixture
def writable() -> Iterator[Flask]:
    application = make_app(READ_ONLY=False)
    yield application
    close_app(application)


def test_in_process_queries_are_parsed(writable: Flask) -> None:
    client = writable.test_client()
    answer = client.get("/sparql", query_string={"query": TRICK})
    assert answer.status_code == 403 and "SERVICE" in answer.text
    nested = client.post(
        "/sparql",
        data="SELECT * WHERE " + "{" * 30_000 + "}" * 30_000,
        content_type="application/sparql-query",
    )
    assert nested.status_code == 400 and "nested too deeply" in nested.text
    assert client.get("/sparql", query_string={"query": "ASK {}"}).status_code == 200


@pytest.mark.parametrize(
    ("text", "status", "words"),
    [
        (UPDATE_TRICK, 403, "SERVICE is turned off"),
        ("LOAD <http://127.0.0.1:9/data.ttl>", 403, "LOAD is turned off"),
        ("ASK {}", 400, "not an update"),
        ("INSERT DATA {", 400, "could not be parsed"),
    ],
)
def test_updates_on_a_writable_endpoint_are_parsed(
    writable: Flask, text: str, status: int, words: str
) -> None:
    answer = writable.test_client().post("/sparql", data={"update": text})
    assert answer.status_code == status, answer.text
    assert words in answer.text


@pytest.mark.parametrize(
    ("text", "size"),
    [("2G", 2 << 30), ("512M", 512 << 20), ("1GiB", 1 << 30), ("300000000", 300_000_000), ("0", 0)],
)
def test_memory_sizes(text: str, size: int) -> None:
    assert size_in_bytes(text) == size


def test_a_size_that_is_not_one_names_the_setting() -> None:
    with pytest.raises(TherapyKGError, match="THERAPYKG_QUERY_MEMORY"):
        size_in_bytes("lots")


class _Exhausted(OxigraphStore):
    """A store whose every query runs out of memory in Python."""

    def query(self, *args: object, **kwargs: object) -> QueryResult:
        raise MemoryError


def test_a_memory_error_in_python_is_a_memory_failure_not_a_crash() -> None:
    store = _Exhausted(None)
    executor = InProcessExecutor(store)
    with pytest.raises(QueryOutOfMemory, match="more memory"):
        executor.run(QueryJob("ASK {}"), timeout=5)
    store.close()
