"""Paging of named queries: pages on the web (HTML, JSON, CSV) and the full CSV streamed.

A real store holding the bundled articles, the real app and its test client: pages taken one
after another are the unpaged result, in order, and the links at each end are what they should be.
"""

from __future__ import annotations

import csv
import io
import re
import shutil
from collections.abc import Iterator
from html import unescape
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

from therapykg.graph.byarticle import Cursor, article_count
from therapykg.graph.load import load_paths, remove_graphs
from therapykg.graph.results import ResultFormat
from therapykg.graph.store import OxigraphStore
from therapykg.queries.registry import Window, named_queries
from therapykg.web.app import close_app, create_app
from therapykg.web.resultio import write_solutions

CORPUS = Path(__file__).resolve().parents[2] / "therapykg" / "articles"
HTML = {"Accept": "text/html"}


BY_ARTICLE = sorted(name for name, q in named_queries().items() if q.by_article)


@pytest.fixture(scope="module")
def store() -> OxigraphStore:
    loaded = OxigraphStore(None)
    load_paths(loaded, [CORPUS])
    return loaded


@pytest.fixture(scope="module")
def app(store: OxigraphStore) -> Iterator[Flask]:
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
    (rel, after), *_ = links(first).items()  # paged by article: the next page by cursor
    assert rel == "next" and after.startswith("/queries/llm-only-claims?after=")
    assert Cursor.read(after.split("after=")[1]).row == size  # where the next page starts
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


def text_rows(store: OxigraphStore, name: str, text: str) -> list[list[str]]:
    """What `text` answers on the store, as the CSV of the query's columns (no header)."""
    query = named_queries()[name]
    result = store.query(text, bindings=query.bindings({}))
    body = write_solutions(list(query.columns), list(result), ResultFormat.CSV)  # type: ignore[arg-type]
    return list(csv.reader(io.StringIO(body.decode("utf-8"))))[1:]


def next_link(response_link: str | None) -> str | None:
    found = re.search(r'<([^>]+)>; rel="next"', response_link or "")
    return found.group(1) if found else None


def follow(client: FlaskClient, url: str | None) -> tuple[list[str], list[list[str]], int]:
    """Every row from `url` on, by each page's next link (the CSV's `Link` header); the
    header, the rows and how many pages."""
    header: list[str] = []
    found: list[list[str]] = []
    pages = 0
    while url is not None:
        response = client.get(url)
        assert response.status_code == 200, response.text
        page = list(csv.reader(io.StringIO(response.text)))
        header = header or page[0]
        assert page[0] == header and ORDINAL_COLUMN not in header
        found += page[1:]
        pages += 1
        url = next_link(response.headers.get("Link"))
        assert url is None or "offset=" not in url
    return header, found, pages


ORDINAL_COLUMN = "articleOrdinal"


@pytest.mark.parametrize("size", [1, 7, 50])
@pytest.mark.parametrize("name", BY_ARTICLE)
def test_next_links_by_cursor_are_the_whole_answer_in_the_offset_order(
    client: FlaskClient, store: OxigraphStore, name: str, size: int
) -> None:
    """From the first page to the last by next links (each carrying a cursor), the rows are
    the query text's, as many times each, in the order of the pages read by offset."""
    query = named_queries()[name]
    articles = article_count(store)
    assert articles
    header, paged, pages = follow(client, f"/queries/{name}.csv?limit={size}")
    assert header == list(query.columns)
    whole = text_rows(store, name, query.text)
    by_offset = text_rows(store, name, query.windowed(Window(10_000), articles=articles))
    assert sorted(paged) == sorted(whole) and paged == by_offset
    assert pages == max(1, -(-len(whole) // size))


def test_html_and_json_pages_follow_the_cursor(client: FlaskClient) -> None:
    """The HTML page's next link and the JSON's `Link` header carry the same cursor; a page
    read by cursor says which rows it holds and links back by offset."""
    everything = client.get("/queries/llm-only-claims.json?limit=10000").json
    assert everything is not None
    rows_all = everything["results"]["bindings"]
    url: str | None = "/queries/llm-only-claims.json?limit=9"
    got: list[dict[str, object]] = []
    while url is not None:
        response = client.get(url)
        assert response.json is not None and "articleOrdinal" not in response.json["head"]["vars"]
        got += response.json["results"]["bindings"]
        url = next_link(response.headers.get("Link"))
    assert got == rows_all
    second = client.get(f"/queries/llm-only-claims?limit=9&after={Cursor(9).token()}", headers=HTML)
    assert second.status_code == 200 and "Rows 10–18" in second.text
    found = links(second.text)
    assert found["prev"] == "/queries/llm-only-claims?limit=9&offset=0"
    assert found["next"].startswith("/queries/llm-only-claims?limit=9&after=")
    assert second.text.count("<tr>") == 10


@pytest.mark.parametrize(
    "after",
    [
        "garbage!",
        "",
        "x" * 200,
        Cursor(1, 1, 2).token(),
        Cursor(3, 0, 0).token(),
        "%27%20%7D%20%3B%20DROP%20ALL",
        "MS4xLjE%3D%3D%3D",
    ],
)
@pytest.mark.parametrize("suffix", ["", ".json", ".csv"])
def test_a_bad_cursor_is_refused(client: FlaskClient, after: str, suffix: str) -> None:
    response = client.get(f"/queries/llm-only-claims{suffix}?after={after}", headers=HTML)
    assert response.status_code == 400, response.text
    assert "after:" in response.text and "Traceback" not in response.text


def test_a_cursor_and_an_offset_are_not_both_given(client: FlaskClient) -> None:
    response = client.get(f"/queries/elements-by-grade.csv?offset=3&after={Cursor(3).token()}")
    assert response.status_code == 400 and "after:" in response.text


def test_a_cursor_after_a_replacement_and_a_removal_gives_a_page(tmp_path: Path) -> None:
    """Between two pages an article is replaced (its title changed: the ordinals move) and
    another removed: the next link still answers a well-formed page, and so do the ones after."""
    folder = tmp_path / "articles"
    shutil.copytree(CORPUS, folder)
    paths = sorted(p for p in folder.iterdir() if p.suffix in (".txt", ".md", ".html"))
    paths = [p for p in paths if p.name != "README.md"]
    store = OxigraphStore(None)
    load_paths(store, paths, workers=0)
    for name in BY_ARTICLE:
        before = create_app({"STORE": store})
        try:
            first = before.test_client().get(f"/queries/{name}.csv?limit=3")
            assert first.status_code == 200
            after = next_link(first.headers.get("Link"))
        finally:
            close_app(before)
        if after is None:  # the bundled articles never grade one item two ways
            assert name == "where-articles-disagree"
            continue
        if name == BY_ARTICLE[0]:
            replaced = next(p for p in paths if p.suffix == ".txt")
            text = replaced.read_text(encoding="utf-8")
            title = "\nEvidence-Based Therapy Relationships and Responsiveness\n"
            edited = text.replace(title, "\nAaa " + title.lstrip("\n"), 1)
            replaced.write_text(edited, encoding="utf-8")
            load_paths(store, paths, workers=0)
            removed = next(g for g in store.graphs() if "/article/" in g.value)
            assert remove_graphs(store, [removed]) == 1
        later = create_app({"STORE": store})
        try:
            header, found, _ = follow(later.test_client(), after)
        finally:
            close_app(later)
        assert header == list(named_queries()[name].columns)
        assert all(len(row) == len(header) for row in found)


@pytest.mark.parametrize("name", BY_ARTICLE)
def test_the_full_csv_of_a_listing_by_article_streams_by_cursor(
    store: OxigraphStore, name: str
) -> None:
    """Chunks of 4 rows, each from the cursor where the one before ended: every row of the
    text, once each as it answers them, in the order of the pages."""
    small = create_app({"STORE": store, "ROW_CAP": 4})
    try:
        response = small.test_client().get(f"/queries/{name}.csv")
        assert response.status_code == 200 and response.is_streamed
        body = list(csv.reader(io.StringIO(response.get_data(as_text=True))))
    finally:
        close_app(small)
    query = named_queries()[name]
    articles = article_count(store)
    assert articles
    assert body[0] == list(query.columns) and body.count(body[0]) == 1
    assert sorted(body[1:]) == sorted(text_rows(store, name, query.text))
    assert body[1:] == text_rows(store, name, query.windowed(Window(10_000), articles=articles))
