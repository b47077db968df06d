"""Named queries whose rows are kept in the summary graph (`# kept: summary`): a page read from
the kept rows by rank is the page the query's own text gives, row for row, on the bundled corpus
and on a generated one; rows kept for another text of the query are not used.
"""

from __future__ import annotations

from dataclasses import replace

import pyoxigraph as ox
import pytest

from therapykg.graph.kept import compute_kept, kept_digest, kept_quads, table_iri
from therapykg.graph.store import OxigraphStore
from therapykg.graph.summary import refresh_summary, summary_graph
from therapykg.ontology.vocab import TKG
from therapykg.queries.registry import (
    NamedQuery,
    Window,
    keeps,
    named_queries,
    parse_query_file,
)

KEPT = sorted(name for name, q in named_queries().items() if q.kept)


def rows(store: OxigraphStore, sparql: str) -> list[tuple[str, ...]]:
    result = store.query(sparql)
    assert isinstance(result, ox.QuerySolutions)
    names = [v.value for v in result.variables]
    return [tuple(str(row[n]) for n in names) for row in result]


def test_the_listings_that_grow_with_the_corpus_are_kept() -> None:
    assert KEPT == ["frameworks", "key-terms"]


@pytest.mark.parametrize("corpus", ["bundled", "generated"])
@pytest.mark.parametrize("name", KEPT)
def test_every_page_read_by_rank_is_the_querys_own_page(
    corpus: str, name: str, request: pytest.FixtureRequest
) -> None:
    store: OxigraphStore = request.getfixturevalue(corpus)
    query = named_queries()[name]
    assert keeps(store, query)
    whole = rows(store, query.text)
    assert len(whole) >= 6, f"{name} answers too few rows on the {corpus} corpus to page"
    for size in (1, 2, 7, 50, len(whole) + 5):
        for offset in range(0, len(whole) + size, size):
            window = Window(size, offset)
            kept = rows(store, query.windowed(window, kept=True))
            assert kept == rows(store, query.windowed(window)), (size, offset)
    assert rows(store, query.counting(kept=True)) == [(f'"{len(whole)}"^^<{XSD_INTEGER}>',)]


XSD_INTEGER = "http://www.w3.org/2001/XMLSchema#integer"


def test_columns_a_row_leaves_unbound_stay_unbound() -> None:
    store = OxigraphStore()
    text = (
        "# title: t\n# page: 5\n# kept: summary\n"
        'SELECT ?a ?b\nWHERE { VALUES (?a ?b) { (1 UNDEF) (2 "two"@en) } }\nORDER BY ?a ?b\n'
    )
    query = parse_query_file("t", text)
    store.change(insert=kept_quads(compute_kept(store, {"t": text}), summary_graph()))
    assert keeps(store, query)
    window = Window(5, 0)
    assert rows(store, query.windowed(window, kept=True)) == rows(store, query.windowed(window))
    assert rows(store, query.windowed(window, kept=True))[0][1] == "None"


def test_rows_kept_for_another_text_are_not_used(bundled: OxigraphStore) -> None:
    query = named_queries()["frameworks"]
    assert keeps(bundled, query)
    changed: NamedQuery = replace(
        query, text=query.text.replace("ORDER BY", "ORDER BY DESC(?label)")
    )
    assert not keeps(bundled, changed)
    store = OxigraphStore()
    store.bulk_add(q for q in bundled.quads() if q.graph_name != summary_graph())
    assert kept_digest(store, "frameworks") is None and not keeps(store, query)
    refresh_summary(store)
    assert keeps(store, query)


def test_a_reload_replaces_the_kept_rows(bundled: OxigraphStore) -> None:
    store = OxigraphStore()
    store.bulk_add(bundled.quads())
    before = sum(1 for _ in store.match(None, TKG.rowRank, None, summary_graph()))
    refresh_summary(store)
    after = sum(1 for _ in store.match(None, TKG.rowRank, None, summary_graph()))
    assert before == after > 0
    tables = list(store.match(None, TKG.queryDigest, None, summary_graph()))
    assert sorted(q.subject for q in tables) == sorted(table_iri(n) for n in KEPT)


@pytest.mark.parametrize(
    ("header", "body", "message"),
    [
        (
            '# page: 5\n# kept: summary\n# param: x string = ""\n',
            "SELECT ?a ?x",
            "without parameters",
        ),
        ("# kept: summary\n", "SELECT ?a", "only a paged query"),
        ("# page: 5\n# kept: somewhere\n", "SELECT ?a", "expected 'summary'"),
        ("# page: 5\n# kept: summary\n", "SELECT (1 AS ?a)", "projects plain variables"),
    ],
)
def test_a_query_that_cannot_be_kept_is_refused_naming_its_file(
    header: str, body: str, message: str
) -> None:
    with pytest.raises(ValueError, match=message) as caught:
        parse_query_file("q", f"# title: t\n{header}{body}\nWHERE {{ }}\nORDER BY ?a\n")
    assert "q.rq" in str(caught.value)
