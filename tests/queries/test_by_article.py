"""Named queries paged by article (`# by article:`, therapykg/graph/byarticle.py): every page is
read article by article, the pages together are the query's own answer (the same rows, as a
multiset, whatever the page size), each page is the slice of one order (the article's ordinal,
then the query's order within it), and the pages follow a replacement and a removal.
"""

from __future__ import annotations

import shutil
from collections import Counter
from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path

import pyoxigraph as ox
import pytest

from benchmarks.common import Row, rows
from tests.corpora import ARTICLES
from therapykg.errors import CursorError
from therapykg.graph.byarticle import ORDINAL, Cursor, article_count, following, ordinals
from therapykg.graph.load import load_paths, remove_graphs
from therapykg.graph.store import OxigraphStore, Term
from therapykg.queries.registry import NamedQuery, Window, named_queries, parse_query_file

BY_ARTICLE = sorted(name for name, q in named_queries().items() if q.by_article)


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
            assert follow(store, query, bindings, size, Cursor(0)) == everything
        # a cursor from an offset page (inside an article or not) goes on to the end too
        for offset in (1, 3, len(whole) // 2):
            assert (
                follow(store, query, bindings, 4, Cursor.at_offset(offset)) == (everything[offset:])
            ), (name, given, offset)
    return found


def cursor_page(
    store: OxigraphStore, query: NamedQuery, bindings: Mapping[str, Term], size: int, at: Cursor
) -> tuple[list[Row], Cursor | None]:
    """One page read by cursor, the ordinal column dropped, and the cursor of the next."""
    articles = article_count(store)
    assert articles
    result = store.query(query.cursor_page(at, size + 1, articles), bindings=bindings)
    assert isinstance(result, ox.QuerySolutions)
    names = [v.value for v in result.variables]
    assert names == [ORDINAL, *query.columns]
    found = [tuple(str(row[n]) for n in names) for row in result]
    after = following(at, [int(row[0].strip('"').split('"')[0]) for row in found], size)
    return [row[1:] for row in found[:size]], after


def follow(
    store: OxigraphStore, query: NamedQuery, bindings: Mapping[str, Term], size: int, at: Cursor
) -> list[Row]:
    """Every row from `at` to the end, by following each page's next cursor (through its
    token, as a link would)."""
    paged: list[Row] = []
    cursor: Cursor | None = at
    while cursor is not None:
        assert cursor.row == len(paged) + at.row
        page, cursor = cursor_page(store, query, bindings, size, cursor)
        assert len(page) == size or cursor is None
        paged += page
        cursor = Cursor.read(cursor.token()) if cursor is not None else None
    return paged


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


def test_a_row_two_articles_give_is_paged_once_by_cursor(tmp_path: Path) -> None:
    """elements-by-grade does not project its article: an article that repeats another's
    sentences gives the same rows, which its text (DISTINCT) answers once. Read by cursor, a
    page that starts after the first article still leaves them out (`# earlier:`)."""
    folder = tmp_path / "articles"
    folder.mkdir()
    source = ARTICLES / "evidence_based_therapy_relationships.txt"
    text = source.read_text(encoding="utf-8")
    title = "\nEvidence-Based Therapy Relationships and Responsiveness\n"
    assert title in text
    (folder / source.name).write_text(text, encoding="utf-8")
    (folder / ("zzz-" + source.name)).write_text(  # its title, its slug and IRI another
        text.replace(title, "\nZzz " + title.lstrip(), 1), encoding="utf-8"
    )
    store = OxigraphStore()
    load_paths(store, sorted(folder.iterdir()), workers=0)
    assert article_count(store) == 2
    query = named_queries()["elements-by-grade"]
    whole = rows(store, query.text, query.bindings({}))
    naive = replace(query, earlier="")
    assert len(follow(store, naive, {}, 3, Cursor(0))) > len(whole) > 3  # repeated rows
    for name in BY_ARTICLE:
        assert_pages(store, name)


def test_a_bad_cursor_is_refused() -> None:
    good = Cursor(120, 7, 3)
    assert Cursor.read(good.token()) == good
    for token in (
        "",
        "x" * 100,
        "!!!",
        "MTIw",
        Cursor(1, 1, 2).token(),
        Cursor(5, 0, 0).token(),
        "MTIwLjcuMw==",
        "..",
        "' } ; DROP ALL ; {",
        "w6kuMS4x",
    ):
        with pytest.raises(CursorError, match=r"after: .* is not a cursor"):
            Cursor.read(token)


def test_the_next_cursor_says_where_the_page_ended() -> None:
    assert following(Cursor(0), [1, 1, 2, 2, 2], 4) == Cursor(4, 2, 2)  # mid-article
    assert following(Cursor(0), [1, 1, 2, 3], 3) == Cursor(3, 3, 0)  # at an article's start
    assert following(Cursor(4, 2, 2), [2, 2, 2], 2) == Cursor(6, 2, 4)  # one article long
    assert following(Cursor.at_offset(9), [5, 5, 5], 2) == Cursor(11, 1, 11)  # not known
    assert following(Cursor(0), [1, 2], 2) is None and following(Cursor(0), [1], 0) is None


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
    distinct = "SELECT DISTINCT ?a WHERE { ?a ?p ?o }\n# by article:\n"
    by_article = "SELECT DISTINCT ?articleOrdinal ?a WHERE { ?a ?p ?articleOrdinal }\n"
    with pytest.raises(ValueError, match=r"q\.rq: a DISTINCT query .* needs '# earlier:'"):
        parse_query_file("q", header + distinct + by_article)
    earlier = "# earlier:\n?a ?p ?earlierOrdinal .\n"
    assert parse_query_file("q", header + distinct + by_article + earlier).earlier == earlier[11:]
    with pytest.raises(ValueError, match=r"q\.rq: only a DISTINCT query .* '# earlier:'"):
        parse_query_file("q", header + good + "# by article:\n" + by_article + earlier)
    with pytest.raises(ValueError, match=r"q\.rq: only a paged query"):
        parse_query_file(
            "q",
            "# title: t\n" + good + "# by article:\n"
            "SELECT ?articleOrdinal ?a WHERE { ?a ?p ?articleOrdinal }\n",
        )
