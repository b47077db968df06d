"""Named queries paged by article (`# by article:`, therapykg/graph/byarticle.py): every page is
read article by article, the pages together are the query's own answer (the same rows, as a
multiset, whatever the page size), each page is the slice of one order (the article's ordinal,
then the query's order within it), and the pages follow a replacement and a removal.
"""

from __future__ import annotations

import shutil
from collections import Counter
from collections.abc import Mapping
from pathlib import Path

import pyoxigraph as ox
import pytest

from tests.corpora import ARTICLES
from therapykg.graph.byarticle import article_count, ordinals
from therapykg.graph.load import load_paths, remove_graphs
from therapykg.graph.store import OxigraphStore, Term
from therapykg.queries.registry import Window, named_queries, parse_query_file

BY_ARTICLE = sorted(name for name, q in named_queries().items() if q.by_article)
Row = tuple[str, ...]


def rows(store: OxigraphStore, sparql: str, bindings: Mapping[str, Term]) -> list[Row]:
    result = store.query(sparql, bindings=bindings)
    assert isinstance(result, ox.QuerySolutions)
    names = [v.value for v in result.variables]
    return [tuple(str(row[n]) for n in names) for row in result]


def values_of(store: OxigraphStore, name: str) -> list[dict[str, str]]:
    """The values each query is checked at: its defaults, and for the two with an IRI
    parameter, another value the corpus holds (an item graded two ways, another grade)."""
    if name == "where-articles-disagree":
        found = rows(store, named_queries()[name].text, {})
        return [{}, {"item": found[0][0][1:-1]}] if found else [{}]
    if name == "elements-by-grade":
        return [{}, {"grade": "https://w3id.org/therapykg/id/grade/promising"}]
    return [{}]


def assert_pages(store: OxigraphStore, name: str) -> int:
    """Every page of `name` checked against its text at each of its values; the rows found."""
    query = named_queries()[name]
    found = 0
    articles = article_count(store)
    assert articles, "the summary graph gives every article an ordinal"
    for given in values_of(store, name):
        bindings = query.bindings(given)
        whole = rows(store, query.text, bindings)
        everything = rows(
            store, query.windowed(Window(len(whole) + 5), articles=articles), bindings
        )
        # the same rows as the text, as many times each; a DISTINCT query's rows once
        assert Counter(everything) == Counter(whole), (name, given)
        found += len(whole)
        for size in (1, 2, 7, 50):
            paged: list[Row] = []
            for offset in range(0, len(whole) + size, size):
                page = rows(
                    store, query.windowed(Window(size, offset), articles=articles), bindings
                )
                assert page == everything[offset : offset + size], (name, given, size, offset)
                paged += page
            assert paged == everything
    return found


@pytest.mark.parametrize("corpus", ["bundled", "generated"])
@pytest.mark.parametrize("name", BY_ARTICLE)
def test_the_pages_together_are_the_querys_answer(
    corpus: str, name: str, request: pytest.FixtureRequest
) -> None:
    found = assert_pages(request.getfixturevalue(corpus), name)
    # the bundled articles never grade one item two ways; the generated ones do
    if corpus == "generated" or name != "where-articles-disagree":
        assert found >= 6, f"{name} answers too few rows on the {corpus} corpus to page"


def test_the_four_listings_too_large_to_keep_are_paged_by_article() -> None:
    assert BY_ARTICLE == [
        "elements-by-grade",
        "llm-only-claims",
        "provenance-by-section",
        "where-articles-disagree",
    ]


def test_a_page_is_in_the_order_of_its_articles(bundled: OxigraphStore) -> None:
    """llm-only-claims projects its article: a page's rows come article by article, in the
    order of their titles (the ordinals), and within an article in the query's own order."""
    query = named_queries()["llm-only-claims"]
    articles = article_count(bundled)
    assert articles is not None
    found = rows(bundled, query.windowed(Window(10_000), articles=articles), {})
    order: list[str] = []
    for row in found:
        if not order or order[-1] != row[2]:
            order.append(row[2])
    assert len(order) == len(set(order)) >= 2  # each article's rows together
    titles = {
        row[0]: row[1]
        for row in rows(bundled, "SELECT ?a ?t WHERE { ?a a tkg:Article ; dcterms:title ?t }", {})
    }
    ranked = [
        f"<{a.value}>" for a in ordinals({ox.NamedNode(a[1:-1]): t for a, t in titles.items()})
    ]
    assert order == [a for a in ranked if a in order]
    for article in order:  # within an article: the query's ORDER BY ?factType ?fact ?sentence
        mine = [row for row in found if row[2] == article]
        assert mine == sorted(mine, key=lambda r: (r[1], r[0], r[3]))


def test_the_pages_follow_a_replacement_and_a_removal(tmp_path: Path) -> None:
    """The ordinals are rebuilt with the summary graph: after an article is replaced (its
    title changed, so its ordinal moves) and another removed, every page is still the text's."""
    folder = tmp_path / "articles"
    folder.mkdir()
    for path in ARTICLES.iterdir():
        if path.suffix in (".txt", ".md", ".html") and path.name != "README.md":
            shutil.copy(path, folder / path.name)
    paths = sorted(p for p in folder.iterdir() if p.suffix in (".txt", ".md", ".html"))
    store = OxigraphStore()
    load_paths(store, paths, workers=0)
    before = article_count(store)
    for name in BY_ARTICLE:
        assert_pages(store, name)

    replaced = next(p for p in paths if p.suffix == ".txt")
    text = replaced.read_text(encoding="utf-8")
    first = text.splitlines()[0]
    edited = text.replace(first, "Aaa " + first.lstrip("# "), 1).replace(
        "demonstrably effective", "promising", 1
    )
    replaced.write_text(edited, encoding="utf-8")
    assert load_paths(store, paths, workers=0).articles == 1
    assert article_count(store) == before
    for name in BY_ARTICLE:
        assert_pages(store, name)

    removed = next(g for g in store.graphs() if "/article/" in g.value)
    assert remove_graphs(store, [removed]) == 1
    assert article_count(store) == (before or 0) - 1
    for name in BY_ARTICLE:
        assert_pages(store, name)


def test_a_store_without_ordinals_is_answered_by_the_text(bundled: OxigraphStore) -> None:
    store = OxigraphStore()
    store.bulk_add(
        q
        for q in bundled.quads()
        if "articleOrdinal" not in q.predicate.value and "articleCount" not in q.predicate.value
    )
    assert article_count(store) is None
    query = named_queries()["llm-only-claims"]
    assert query.windowed(Window(5), articles=article_count(store)) == (
        f"{query.text}LIMIT 5 OFFSET 0\n"
    )


def test_a_by_article_text_projects_the_ordinal_and_the_querys_columns() -> None:
    header = "# title: t\n# page: 5\n"
    good = "SELECT ?a WHERE { ?a ?p ?o }\n"
    parsed = parse_query_file(
        "q",
        header + good + "# by article:\n"
        "SELECT ?articleOrdinal ?a WHERE { ?a ?p ?articleOrdinal }\n",
    )
    assert parsed.by_article and parsed.columns == ("a",) and parsed.text == header + good
    with pytest.raises(ValueError, match=r"q\.rq: its by-article text projects"):
        parse_query_file("q", header + good + "# by article:\nSELECT ?a WHERE { ?a ?p ?o }\n")
    with pytest.raises(ValueError, match=r"q\.rq: only a paged query"):
        parse_query_file(
            "q",
            "# title: t\n" + good + "# by article:\n"
            "SELECT ?articleOrdinal ?a WHERE { ?a ?p ?articleOrdinal }\n",
        )
