"""Named queries whose rows are kept in the summary graph (`# kept: summary`): a page read from
the kept rows by rank is the page the query's own text gives, row for row, on the bundled corpus
and on a generated one; rows kept for another text of the query are not used.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import replace

import pyoxigraph as ox
import pytest

from therapykg.errors import StoreError
from therapykg.graph import kept as kept_module
from therapykg.graph.kept import (
    KeptRows,
    compute_kept,
    drop_table,
    is_kept_graph,
    kept_digest,
    kept_graph,
    kept_quads,
    table_chunks,
    table_iri,
    write_kept,
)
from therapykg.graph.store import NewQuads, OxigraphStore, Term
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


def rows(
    store: OxigraphStore, sparql: str, bindings: Mapping[str, Term] | None = None
) -> list[tuple[str, ...]]:
    result = store.query(sparql, bindings=bindings)
    assert isinstance(result, ox.QuerySolutions)
    names = [v.value for v in result.variables]
    return [tuple(str(row[n]) for n in names) for row in result]


def test_the_listings_that_grow_with_the_corpus_are_kept() -> None:
    assert KEPT == [
        "adaptations",
        "element-evidence",
        "frameworks",
        "key-terms",
        "people-roles",
        "problems-elements",
        "smart-objectives",
    ]


@pytest.mark.parametrize("corpus", ["bundled", "generated"])
@pytest.mark.parametrize("name", KEPT)
def test_every_page_read_by_rank_is_the_querys_own_page(
    corpus: str, name: str, request: pytest.FixtureRequest
) -> None:
    """At the query's default values (those a page asks for when none is given), every page of
    the kept rows is the text's own page, and the kept count is the text's."""
    store: OxigraphStore = request.getfixturevalue(corpus)
    query = named_queries()[name]
    bindings = query.bindings({})
    assert keeps(store, query) and query.kept_at(bindings)
    whole = rows(store, query.text, bindings)
    assert len(whole) >= 6, f"{name} answers too few rows on the {corpus} corpus to page"
    assert rows(store, query.windowed(Window(len(whole) + 5), kept=True), bindings) == whole
    for size in (1, 2, 7, 50):
        for offset in range(0, len(whole) + size, size):
            window = Window(size, offset)
            kept = rows(store, query.windowed(window, kept=True), bindings)
            assert kept == whole[offset : offset + size], (size, offset)
            if size >= 7 or offset < 4 * size:  # the text's own pages (each runs it whole)
                assert kept == rows(store, query.windowed(window), bindings), (size, offset)
    values = tuple(str(bindings.get(p.name)) for p in query.parameters)
    total = f'"{len(whole)}"^^<{XSD_INTEGER}>'
    assert rows(store, query.counting(kept=True), bindings) == [(*values, total)]


@pytest.mark.parametrize("name", [n for n in KEPT if named_queries()[n].parameters])
def test_other_values_than_the_defaults_are_answered_by_the_text(name: str) -> None:
    query = named_queries()[name]
    defaults = query.bindings({})
    assert query.kept_at(defaults)
    for parameter in query.parameters:
        other = "https://example.org/other" if parameter.type == "iri" else "other words"
        assert not query.kept_at(query.bindings({parameter.name: other}))
    if any(p.default is None for p in query.parameters):  # "every item" is the unbound default
        assert not query.kept_at({**defaults, "item": ox.NamedNode("https://example.org/x")})


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


def test_computed_columns_are_kept_as_values() -> None:
    store = OxigraphStore()
    text = (
        '# title: t\n# page: 5\n# param: x string = "" | words\n# kept: summary\n'
        "SELECT ?x ?a (?a * 2 AS ?b)\nWHERE { VALUES ?a { 1 2 3 } }\nORDER BY DESC(?b)\n"
    )
    query = parse_query_file("t", text)
    assert query.kept == ("x", "a", "b")
    store.change(insert=kept_quads(compute_kept(store, {"t": text}), summary_graph()))
    bindings = query.bindings({})
    window = Window(2, 1)
    kept = rows(store, query.windowed(window, kept=True), bindings)
    assert kept == rows(store, query.windowed(window), bindings)
    assert kept[0][0] == '""' and kept[0][2] == f'"4"^^<{XSD_INTEGER}>'


def test_rows_kept_for_another_text_are_not_used(bundled: OxigraphStore) -> None:
    query = named_queries()["frameworks"]
    assert keeps(bundled, query)
    changed: NamedQuery = replace(
        query, text=query.text.replace("ORDER BY", "ORDER BY DESC(?label)")
    )
    assert not keeps(bundled, changed)
    store = OxigraphStore()
    store.bulk_add(q for q in bundled.quads() if not derived(q))
    assert kept_digest(store, "frameworks") is None and not keeps(store, query)
    refresh_summary(store)
    assert keeps(store, query)


def test_a_table_is_used_only_once_its_last_chunk_is_written(bundled: OxigraphStore) -> None:
    query = named_queries()["people-roles"]
    store = OxigraphStore()
    store.bulk_add(q for q in bundled.quads() if not derived(q))
    [table] = compute_kept(store, {query.name: query.text})
    graph = kept_graph(query.name)
    chunks = list(table_chunks(table, graph, size=40))  # as a store without a bulk loader
    assert len(chunks) > 2
    assert [q for chunk in chunks for q in chunk] == kept_quads([table], graph)
    for chunk in chunks[:-1]:
        store.change(insert=chunk)
        assert kept_digest(store, query.name) is None and not keeps(store, query)
    store.change(insert=chunks[-1])
    assert keeps(store, query)
    window = Window(7, 3)
    assert rows(store, query.windowed(window, kept=True)) == rows(store, query.windowed(window))


def derived(quad: ox.Quad) -> bool:
    """A quad of the summary graph or of a kept table's graph."""
    graph = quad.graph_name
    return graph == summary_graph() or (isinstance(graph, ox.NamedNode) and is_kept_graph(graph))


def test_a_reload_replaces_the_kept_rows(bundled: OxigraphStore) -> None:
    store = OxigraphStore()
    store.bulk_add(bundled.quads())
    before = sum(1 for _ in store.match(None, TKG.rowRank, None, None))
    refresh_summary(store)
    after = sum(1 for _ in store.match(None, TKG.rowRank, None, None))
    assert before == after > 0
    tables = list(store.match(None, TKG.queryDigest, None, None))
    assert sorted(q.subject for q in tables) == sorted(table_iri(n) for n in KEPT)
    # each table alone in its graph, and nothing of them left in the summary graph
    assert {q.graph_name for q in tables} == {kept_graph(n) for n in KEPT}
    assert not list(store.match(None, TKG.rowRank, None, summary_graph()))


def test_a_table_no_longer_kept_is_dropped(bundled: OxigraphStore) -> None:
    store = OxigraphStore()
    store.bulk_add(bundled.quads())
    stale = kept_graph("no-longer-kept")
    node = table_iri("no-longer-kept")
    store.change(insert=[ox.Quad(node, TKG.rowCount, ox.Literal("1"), stale)])
    refresh_summary(store)
    assert stale not in store.graphs()
    assert sorted(g for g in store.graphs() if is_kept_graph(g)) == sorted(
        kept_graph(n) for n in KEPT
    )


def test_a_table_whose_bulk_load_fails_is_rolled_back_and_not_used(
    bundled: OxigraphStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The bulk loader dies part-way through a table: its graph is removed by the rollback
    (the journal names it), and the query is answered by its text until the next load."""
    query = named_queries()["key-terms"]
    store = OxigraphStore()
    store.bulk_add(q for q in bundled.quads() if not derived(q))
    [table] = compute_kept(store, {query.name: query.text})
    graph = kept_graph(query.name)
    half = kept_quads([table], graph)[:40]
    inner = store._store

    class Dying:
        def __getattr__(self, name: str) -> object:
            return getattr(inner, name)

        def bulk_load(self, *args: object, **kwargs: object) -> None:
            inner.extend(half)  # part of the table reached the store, then the loader failed
            raise OSError("disk gone")

    store._store = Dying()  # type: ignore[assignment]
    with pytest.raises(StoreError):
        write_kept(store, {query.name: query.text})
    store._store = inner
    assert graph not in store.graphs()
    assert kept_digest(store, query.name) is None and not keeps(store, query)


def _base(bundled: OxigraphStore) -> OxigraphStore:
    """A store with the bundled corpus's quads, its summary's counts and no kept table."""
    store = OxigraphStore()
    store.bulk_add(q for q in bundled.quads() if not is_kept_graph_quad(q))
    return store


def is_kept_graph_quad(quad: ox.Quad) -> bool:
    graph = quad.graph_name
    return isinstance(graph, ox.NamedNode) and is_kept_graph(graph)


def test_kept_queries_run_side_by_side_write_what_one_at_a_time_writes(
    bundled: OxigraphStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two queries at once in threads, the tables written as their rows come: the same tables,
    written in the same (name) order, as one query after another."""
    texts = {name: named_queries()[name].text for name in KEPT}
    found: dict[int, tuple[list[str], set[str]]] = {}
    for threads in (1, 2):
        store = _base(bundled)
        order: list[str] = []
        add_new = store.add_new

        def noting(batch: NewQuads, add_new: Callable[[NewQuads], None] = add_new,
                   order: list[str] = order) -> None:  # fmt: skip
            order.append(batch.graphs[0].value)
            add_new(batch)

        monkeypatch.setattr(store, "add_new", noting)
        write_kept(store, texts, threads=threads)
        found[threads] = (order, {str(q) for q in store.quads() if is_kept_graph_quad(q)})
    assert found[2] == found[1]
    assert found[2][0] == [kept_graph(name).value for name in KEPT]
    assert len(found[2][1]) > 100


def test_a_table_is_dropped_node_first_then_a_chunk_at_a_time(
    bundled: OxigraphStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`drop_table`: the table's node goes first (its query is then answered by its text),
    then its rows a few quads a transaction, then its graph; nothing else is touched."""
    store = _base(bundled)
    write_kept(store, {name: named_queries()[name].text for name in KEPT})
    graph = kept_graph("key-terms")
    size = sum(1 for _ in store.quads(graph))
    others = {str(q) for q in store.quads() if q.graph_name != graph}
    updates: list[str] = []
    update = store.update

    def noting(sparql: str) -> None:
        updates.append(sparql)
        update(sparql)

    monkeypatch.setattr(store, "update", noting)
    assert drop_table(store, graph, size=7) == size
    assert graph not in store.graphs() and kept_digest(store, "key-terms") is None
    assert {str(q) for q in store.quads()} == others
    assert table_iri("key-terms").value in updates[0]  # the node first
    assert sum("LIMIT 7" in text for text in updates) == -(-size // 7) > 3
    assert "DROP" in updates[-1]


def test_a_table_that_cannot_be_written_stops_the_queries_not_yet_begun(
    bundled: OxigraphStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The first table's write fails: the error is raised, and no kept query ran beyond the
    two handed to the threads (the second may be cancelled before it begins)."""
    texts = {name: named_queries()[name].text for name in KEPT}
    store = _base(bundled)
    begun: list[str] = []

    def counting(store: OxigraphStore, texts: dict[str, str]) -> list[KeptRows]:
        begun.extend(texts)
        return compute_kept(store, texts)

    def failing(batch: NewQuads) -> None:
        raise StoreError(f"{store.location}: disk gone")

    monkeypatch.setattr(kept_module, "compute_kept", counting)
    monkeypatch.setattr(store, "add_new", failing)
    with pytest.raises(StoreError, match="disk gone"):
        write_kept(store, texts, threads=2)
    assert begun[:1] == KEPT[:1] and set(begun) <= set(KEPT[:2])


@pytest.mark.parametrize(
    ("header", "body", "message"),
    [
        (
            '# page: 5\n# kept: summary\n# param: x string = ""\n',
            "SELECT ?a",
            "projects its parameters",
        ),
        ("# kept: summary\n", "SELECT ?a", "only a paged query"),
        ("# page: 5\n# kept: somewhere\n", "SELECT ?a", "expected 'summary'"),
        ("# page: 5\n# kept: summary\n", "SELECT (1 AS ?a", "q.rq"),
    ],
)
def test_a_query_that_cannot_be_kept_is_refused_naming_its_file(
    header: str, body: str, message: str
) -> None:
    with pytest.raises(ValueError, match=message) as caught:
        parse_query_file("q", f"# title: t\n{header}{body}\nWHERE {{ }}\nORDER BY ?a\n")
    assert "q.rq" in str(caught.value)
