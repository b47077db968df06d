"""An entity page lists a bounded first page of each property's values, each way, with their
count, and pages the rest of one property (`?p=` or `?in=`, `offset`, `limit`): on 30 generated
articles, reasoned, where the busiest element is graded in more articles than a page shows."""

from __future__ import annotations

import re
from collections.abc import Iterator
from html import unescape
from urllib.parse import parse_qs, urlsplit

import pyoxigraph as ox
import pytest
from flask.testing import FlaskClient

from benchmarks.generate import generate
from tests.corpora import loaded
from tests.web.conftest import make_app, memory_store
from therapykg.graph.reason import reason_store
from therapykg.graph.store import OxigraphStore
from therapykg.ontology.vocab import TKG_IRI
from therapykg.web.app import close_app
from therapykg.web.describe import PAGE_SIZE, VALUES_SHOWN
from therapykg.web.paths import local_path

HTML = {"Accept": "text/html"}
SUMMARY = "https://w3id.org/therapykg/id/graph/summary"
# the element graded in the most articles, with how many gradings name it
BUSIEST = """SELECT ?item (COUNT(DISTINCT ?grading) AS ?n)
WHERE { GRAPH ?g { ?grading tkg:gradedItem ?item } }
GROUP BY ?item ORDER BY DESC(?n) ?item LIMIT 1"""


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> OxigraphStore:
    kg = loaded(generate(30, tmp_path_factory.mktemp("generated")))
    reason_store(kg, workers=0)  # alliance's `tkg:isGradedIn` values are inferred
    return kg


@pytest.fixture(scope="module")
def client(store: OxigraphStore) -> Iterator[FlaskClient]:
    app = make_app(STORE=store)
    yield app.test_client()
    close_app(app)


@pytest.fixture(scope="module")
def busiest(store: OxigraphStore) -> tuple[str, int]:
    row = next(iter(store.select(BUSIEST)))
    item, count = row["item"].value, int(row["n"].value)
    assert count > VALUES_SHOWN, "the corpus grades an element more often than a page shows"
    return item, count


def _gradings(store: OxigraphStore, item: str, pattern: str) -> set[str]:
    """Every value of one property of `item`, each once, as the store has them."""
    found = store.select(
        f"SELECT DISTINCT ?item ?x WHERE {{ {pattern} }}", bindings={"item": ox.NamedNode(item)}
    )
    return {row["x"].value for row in found}


OUTGOING = "?item tkg:isGradedIn ?x"
INCOMING = f"GRAPH ?g {{ ?x tkg:gradedItem ?item }} FILTER(?g != <{SUMMARY}>)"


def _path(iri: str) -> str:
    path = local_path(iri)
    assert path is not None
    return path


def _row(text: str, label: str) -> str:
    """The table row of one property on an entity page."""
    found = re.search(rf"<tr><th>(?:<a [^>]*>)?{label}(?:</a>)?.*?</tr>", text, re.S | re.I)
    assert found, f"the page lists {label}"
    return found.group(0)


def _listed(block: str) -> list[str]:
    """The IRIs of the values a block lists, from their links."""
    return [href for href in re.findall(r'<li><a href="([^"]+)"', block) if href.startswith("/id/")]


def _values(text: str) -> list[str]:
    found = re.search(r'<ol class="values"[^>]*>(.*?)</ol>', text, re.S)
    assert found, "a property's page lists its values"
    return _listed(found.group(1))


def _next(text: str) -> str | None:
    found = re.search(r'<a rel="next" href="([^"]+)"', text)
    return unescape(found.group(1)) if found else None


@pytest.mark.parametrize(
    ("label", "argument", "pattern"),
    [("is graded in", "p", OUTGOING), ("graded item", "in", INCOMING)],
)
def test_the_entity_page_lists_the_first_values_with_their_count_and_a_link_to_the_rest(
    client: FlaskClient,
    store: OxigraphStore,
    busiest: tuple[str, int],
    label: str,
    argument: str,
    pattern: str,
) -> None:
    item, count = busiest
    every = _gradings(store, item, pattern)
    assert len(every) == count
    text = client.get(_path(item), headers=HTML).text
    row = _row(text, label)
    assert f'<span class="note">({count})</span>' in row
    shown = _listed(row)
    assert len(shown) == len(set(shown)) == VALUES_SHOWN and set(shown) <= {_path(g) for g in every}
    paged = client.get(f"{_path(item)}?{argument}={_NAMES[argument]}", headers=HTML).text
    assert shown == _values(paged)[:VALUES_SHOWN], "the first values of the property's own page"
    link = re.search(r'<li class="note more"><a href="([^"]+)">and (\d+) more</a>', row)
    assert link, "the row links to the rest of the values"
    assert int(link.group(2)) == count - VALUES_SHOWN
    query = parse_qs(urlsplit(unescape(link.group(1))).query)
    assert query == {argument: [_NAMES[argument]], "offset": [str(VALUES_SHOWN)]}


_NAMES = {"p": "tkg:isGradedIn", "in": "tkg:gradedItem"}


@pytest.mark.parametrize(
    ("name", "pattern"),
    [("p=tkg:isGradedIn", OUTGOING), ("in=tkg:gradedItem", INCOMING)],
)
def test_following_next_pages_gives_every_value_once(
    client: FlaskClient, store: OxigraphStore, busiest: tuple[str, int], name: str, pattern: str
) -> None:
    item, count = busiest
    url: str | None = f"{_path(item)}?{name}&limit=7"
    pages: list[list[str]] = []
    while url is not None:
        response = client.get(url, headers=HTML)
        assert response.status_code == 200, url
        pages.append(_values(response.text))
        first = 7 * (len(pages) - 1) + 1
        last = first + len(pages[-1]) - 1
        assert f"Values {first}–{last} of {count}" in response.text or (
            first == last and f"Value {first} of {count}" in response.text
        )
        if len(pages) > 1:
            assert 'rel="prev"' in response.text
        url = _next(response.text)
    assert all(len(page) == 7 for page in pages[:-1]) and 1 <= len(pages[-1]) <= 7
    walked = [value for page in pages for value in page]
    assert len(walked) == len(set(walked)) == count, "no value twice, none left out"
    assert set(walked) == {_path(g) for g in _gradings(store, item, pattern)}
    second = client.get(f"{_path(item)}?{name}&offset=7&limit=7", headers=HTML).text
    assert _values(second) == pages[1], "page 2 shows the next values"
    wide = client.get(f"{_path(item)}?{name}&offset=3&limit=9", headers=HTML).text
    assert _values(wide) == walked[3:12], "the same order whatever the page size"


def test_a_page_without_a_limit_shows_a_page_size_and_the_entity_page_shows_the_first(
    client: FlaskClient, busiest: tuple[str, int]
) -> None:
    item, count = busiest
    text = client.get(f"{_path(item)}?in=tkg:gradedItem", headers=HTML).text
    assert len(_values(text)) == min(count, PAGE_SIZE)
    whole = client.get(f"{_path(item)}?in=tkg:gradedItem&offset=0", headers=HTML).text
    assert _values(whole)[:VALUES_SHOWN] == _listed(_row(
        client.get(_path(item), headers=HTML).text, "graded item"
    ))  # fmt: skip


HOSTILE = [
    ("p=tkg:isGradedIn&offset=-1", "offset"),
    ("p=tkg:isGradedIn&offset=1e3", "offset"),
    ("p=tkg:isGradedIn&offset=0x10", "offset"),
    ("p=tkg:isGradedIn&offset=%D9%A3", "offset"),  # an Arabic-Indic digit three
    ("p=tkg:isGradedIn&offset=99999999999999999999", "offset"),
    ("p=tkg:isGradedIn&offset=1%20OR%201%3D1", "offset"),
    ("p=tkg:isGradedIn&offset=100000", "offset"),  # past the last value
    ("p=tkg:isGradedIn&limit=0", "limit"),
    ("p=tkg:isGradedIn&limit=501", "limit"),
    ("p=tkg:isGradedIn&limit=", None),  # empty: the default
    ("offset=20", "offset"),
    ("limit=5", "limit"),
    ("p=tkg:isGradedIn&in=tkg:gradedItem", "not both"),
    ("p=tkg:isGradedIn&p=tkg:gradedItem", "p"),
    ("p=", "p"),
    ("p=%3Cscript%3Ealert(1)%3C%2Fscript%3E", "p"),
    ("p=tkg:isGradedIn%3E%20%7D%20UNION%20%7B%20%3Fs%20%3Fp%20%3Fo", "p"),
    ("p=tkg:nope", "p"),
    ("p=javascript:alert(1)", "p"),
    ("in=tkg:isGradedIn", "in"),  # a property it has, but nothing points at it with it
    ("in=%22%20onmouseover%3D%22alert(2)", "in"),
]


@pytest.mark.parametrize(("query", "named"), HOSTILE)
def test_hostile_paging_arguments_are_refused_with_a_clear_400(
    client: FlaskClient, busiest: tuple[str, int], query: str, named: str | None
) -> None:
    item, _ = busiest
    response = client.get(f"{_path(item)}?{query}", headers=HTML)
    if named is None:
        assert response.status_code == 200
        return
    assert response.status_code == 400, query
    message = re.search(r'<p class="error-message">(.*?)</p>', response.text, re.S)
    assert message, "the page says what is wrong"
    text = unescape(message.group(1))
    assert text.startswith(named + ":") if named != "not both" else named in text, text
    assert "<script>" not in response.text and 'onmouseover="' not in response.text


def test_values_are_escaped_on_a_property_page() -> None:
    """The hostile article of the web tests: its title holds `<script>` and `" onmouseover=`."""
    app = make_app()
    try:
        client = app.test_client()
        text = client.get("/id/article/xss/v1.0?p=dcterms:title", headers=HTML).text
        assert "&lt;script&gt;alert(" in text and "<script>alert(" not in text
        assert 'onmouseover="alert' not in text
        framework = client.get("/id/framework/hostile?in=tkg:describesApproach", headers=HTML)
        assert framework.status_code == 200
        assert "&lt;script&gt;alert(" in framework.text and "<script>alert(" not in framework.text
    finally:
        close_app(app)


def test_a_value_that_is_a_triple_term_is_listed_and_paged_past() -> None:
    """Every value read counts toward the next page's offset, even one shown as text only."""
    store = memory_store()
    thing, said = ox.NamedNode("https://w3id.org/therapykg/id/thing/t"), TKG_IRI + "says"
    graph = ox.NamedNode("https://w3id.org/therapykg/id/graph/test")
    triple = ox.Triple(thing, ox.NamedNode(said), ox.Literal("inner"))
    for value in (ox.Literal("one"), triple, ox.Literal("two")):
        store._store.add(ox.Quad(thing, ox.NamedNode(said), value, graph))
    app = make_app(STORE=store)
    try:
        client = app.test_client()
        seen: list[str] = []
        url: str | None = "/id/thing/t?p=tkg:says&limit=1"
        while url is not None:
            text = client.get(url, headers=HTML).text
            found = re.search(r'<ol class="values"[^>]*>\s*<li>(.*?)</li>', text, re.S)
            assert found, url
            seen.append(unescape(found.group(1)))
            url = _next(text)
        assert len(seen) == 3 and {"one", "two"} <= set(seen), seen
    finally:
        close_app(app)
