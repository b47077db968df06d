"""Every named query that orders its rows orders them totally, so that pages never overlap or
skip: rows with equal leading sort keys come out in one order on every page.

Generated from the registry: each query's ORDER BY names every variable it projects (bar its
parameters, which are one value, and values computed from the others), so two different rows
never compare equal; and each paged query, read a row at a time over every page on the bundled
corpus, gives exactly its whole answer.
"""

from __future__ import annotations

import re
from pathlib import Path

import pyoxigraph as ox
import pytest

from therapykg.graph.load import load_paths
from therapykg.graph.store import OxigraphStore, Term
from therapykg.queries.registry import NamedQuery, Window, named_queries

REPO = Path(__file__).resolve().parents[2]
ORDERED = sorted(name for name, q in named_queries().items() if "ORDER BY" in q.text)
PAGED = sorted(name for name, q in named_queries().items() if q.page is not None)
# Parameters under which a query answers several rows on the bundled corpus (its default person
# has one role there).
GIVEN = {"person-roles": {"person": "https://w3id.org/therapykg/id/person/m-lambert"}}


def projected(text: str) -> set[str]:
    """The variables the outer SELECT projects by name (not those it computes: `(… AS ?x)`)."""
    clause = re.search(r"SELECT\s+(?:DISTINCT\s+)?(.*?)\s*WHERE", text, re.S)
    assert clause is not None
    names, depth = [], 0
    for token in re.findall(r"[()]|\?\w+", clause.group(1)):
        depth += {"(": 1, ")": -1}.get(token, 0)
        if depth == 0 and token.startswith("?"):
            names.append(token[1:])
    return set(names)


def order_keys(text: str) -> set[str]:
    """The variables the outer ORDER BY reads (the last one: sub-selects do not order)."""
    return set(re.findall(r"\?(\w+)", text.rsplit("ORDER BY", 1)[1]))


def test_every_paged_query_orders_its_rows() -> None:
    assert PAGED and set(PAGED) <= set(ORDERED)


def test_the_reading_of_a_projection_and_an_order() -> None:
    text = "SELECT DISTINCT ?a ?b (COUNT(?c) AS ?n) (ROUND(?x / (?y)) AS ?m) WHERE { } ORDER BY ?a"
    assert projected(text) == {"a", "b"}
    assert order_keys("SELECT ?a { { SELECT ?b {} ORDER BY ?b } } ORDER BY DESC(?a)") == {"a"}


@pytest.mark.parametrize("name", ORDERED)
def test_the_order_is_total(name: str) -> None:
    item = named_queries()[name]
    parameters = {p.name for p in item.parameters}
    missing = projected(item.text) - parameters - order_keys(item.text)
    assert not missing, f"{name}.rq: ORDER BY leaves ties among rows that differ in {missing}"


@pytest.fixture(scope="module")
def store() -> OxigraphStore:
    store = OxigraphStore()
    load_paths(store, [REPO / "therapykg" / "articles"])
    return store


def answer(store: OxigraphStore, sparql: str, bindings: dict[str, Term]) -> list[tuple[str, ...]]:
    result = store.query(sparql, bindings=bindings)
    assert isinstance(result, ox.QuerySolutions)
    names = [v.value for v in result.variables]
    return [tuple(str(row[n]) for n in names) for row in result]


@pytest.mark.parametrize("name", PAGED)
def test_pages_of_one_row_give_the_whole_answer_once(store: OxigraphStore, name: str) -> None:
    item: NamedQuery = named_queries()[name]
    bindings = item.bindings(GIVEN.get(name, {}))
    whole = answer(store, item.text, bindings)
    pages: list[tuple[str, ...]] = []
    while True:
        page = answer(store, item.windowed(Window(1, len(pages))), bindings)
        if not page:
            break
        assert len(page) == 1
        pages.extend(page)
    assert pages == whole
    if "SELECT DISTINCT" in item.text:
        assert len(set(pages)) == len(pages)


NODE_DEFAULTS = sorted(
    name
    for name, q in named_queries().items()
    if any(p.type == "iri" and p.default for p in q.parameters)
)


@pytest.mark.parametrize("name", NODE_DEFAULTS)
def test_every_default_node_is_one_the_bundled_corpus_mints(
    store: OxigraphStore, name: str
) -> None:
    """A researcher who runs a named query as shipped sees rows: its default nodes are nodes the
    bundled articles mint (a default that names no node answers nothing)."""
    item = named_queries()[name]
    assert answer(store, item.text, item.bindings({})), f"{name}.rq answers no row by default"
