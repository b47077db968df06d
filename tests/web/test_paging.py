"""Paging of named queries: pages on the web (HTML, JSON, CSV) and the full CSV streamed.

A real store holding the bundled articles, the real app and its test client: pages taken one
after another are the unpaged result, in order, and the links at each end are what they should be.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from html import unescape
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

from therapykg.graph.load import load_paths
from therapykg.graph.store import OxigraphStore
from therapykg.queries.registry import named_queries
from therapykg.web.app import close_app, create_app

CORPUS = Path(__file__).resolve().parents[2] / "therapykg" / "articles"
HTML = {"Accept": "text/html"}


@pytest.fixture(scope="module")
def app() -> Iterator[Flask]:
    store = OxigraphStore(None)
    load_paths(store, [CORPUS])
    made = create_app({"STORE": store})
    yield made
    close_app(made)


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


def rows(client: FlaskClient, url: str) -> list[list[str]]:
    response = client.get(url)
    assert response.status_code == 200, response.text
    return list(csv.reader(io.StringIO(response.text)))


def links(text: str) -> dict[str, str]:
    """The pager's previous/next links, by rel."""
    return {
        rel: unescape(href) for rel, href in re.findall(r'rel="(prev|next)" href="([^"]+)"', text)
    }


def test_the_queries_that_grow_with_the_corpus_page() -> None:
    queries = named_queries()
    for name in (
        "llm-only-claims",
        "provenance-by-section",
        "where-articles-disagree",
        "people-roles",
        "lineage",
        "works-most-cited",
    ):
        assert queries[name].page, name
    assert queries["grades-count"].page is None  # one row per grade, however many articles
    assert queries["works-most-cited"].total and not queries["llm-only-claims"].total


@pytest.mark.parametrize("name", ["llm-only-claims", "works-most-cited", "people-roles"])
def test_pages_in_turn_are_the_unpaged_result_in_order(client: FlaskClient, name: str) -> None:
    everything = rows(client, f"/queries/{name}.csv")
    header, body = everything[0], everything[1:]
    assert len(body) > 10
    first = rows(client, f"/queries/{name}.csv?limit=7")
    second = rows(client, f"/queries/{name}.csv?limit=7&offset=7")
    rest = rows(client, f"/queries/{name}.csv?offset=14&limit=10000")
    assert first[0] == second[0] == header
    assert first[1:] != second[1:] and len(first) == len(second) == 8
    assert first[1:] + second[1:] + rest[1:] == body


def test_the_html_page_shows_one_page_with_links_at_the_right_ends(client: FlaskClient) -> None:
    size = named_queries()["llm-only-claims"].page
    assert size is not None
    total = len(rows(client, "/queries/llm-only-claims.csv")) - 1
    assert total > size  # the bundled corpus has more than a page
    first = client.get("/queries/llm-only-claims", headers=HTML).text
    assert first.count("<tr>") == size + 1  # the header row and one page
    assert links(first) == {"next": f"/queries/llm-only-claims?offset={size}"}
    last_offset = (total - 1) // size * size
    last = client.get(f"/queries/llm-only-claims?offset={last_offset}", headers=HTML).text
    assert set(links(last)) == {"prev"} and f"Rows {last_offset + 1}–{total}" in last
    assert 'href="/queries/llm-only-claims.csv"' in first  # every row, a link away


def test_links_keep_the_other_arguments_and_say_the_total(client: FlaskClient) -> None:
    subject = "https://w3id.org/therapykg/id/framework/common-factors"
    total = len(rows(client, f"/queries/lineage.csv?subject={subject}")) - 1
    assert total > 2
    text = client.get(f"/queries/lineage?subject={subject}&limit=2&offset=2", headers=HTML).text
    found = links(text)
    assert f" of {total}" in text
    for rel, offset in (("prev", "0"), ("next", "4")):
        assert f"subject={subject.replace(':', '%3A').replace('/', '%2F')}" in found[rel]
        assert "limit=2" in found[rel] and f"offset={offset}" in found[rel]


def test_json_pages_carry_link_and_total_headers(client: FlaskClient) -> None:
    everything = client.get("/queries/works-most-cited.json").json["results"]["bindings"]
    first = client.get("/queries/works-most-cited.json?limit=5")
    assert first.headers["X-Therapykg-Total"] == str(len(everything))
    assert first.headers["Link"] == '</queries/works-most-cited.json?limit=5&offset=5>; rel="next"'
    assert first.json["results"]["bindings"] == everything[:5]
    last = client.get(f"/queries/works-most-cited.json?limit=5&offset={len(everything) - 2}")
    assert 'rel="prev"' in last.headers["Link"] and 'rel="next"' not in last.headers["Link"]
    assert last.json["results"]["bindings"] == everything[-2:]
    assert "X-Therapykg-Truncated" not in first.headers  # a page is not a cut result


@pytest.mark.parametrize(
    ("args", "named"),
    [
        ("limit=-1", "limit"),
        ("limit=ten", "limit"),
        ("offset=-5", "offset"),
        ("limit=1.5", "limit"),
        ("offset=1e3", "offset"),
        ("limit=99999999", "limit"),
    ],
)
@pytest.mark.parametrize("suffix", ["", ".json", ".csv"])
def test_a_bad_limit_or_offset_is_refused_naming_it(
    client: FlaskClient, args: str, named: str, suffix: str
) -> None:
    response = client.get(f"/queries/llm-only-claims{suffix}?{args}", headers=HTML)
    assert response.status_code == 400
    assert f"{named}:" in response.text


def test_the_full_csv_download_streams_every_row(client: FlaskClient) -> None:
    store = OxigraphStore(None)
    load_paths(store, [CORPUS])
    small = create_app({"STORE": store, "ROW_CAP": 5})  # chunks of 5 rows: many chunks
    try:
        response = small.test_client().get("/queries/llm-only-claims.csv")
        assert response.status_code == 200 and response.is_streamed
        assert not isinstance(response.response, list | tuple | bytes)  # a generator
        body = list(csv.reader(io.StringIO(response.get_data(as_text=True))))
    finally:
        close_app(small)
    unpaged = rows(client, "/queries/llm-only-claims.csv?limit=10000")
    assert len(body) > 20 and body == unpaged  # every row, in order, past the row cap of 5
    assert body.count(body[0]) == 1  # one header line, not one per chunk
