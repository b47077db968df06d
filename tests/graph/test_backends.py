"""The same corpus in the embedded store, in `oxigraph serve` and in Virtuoso answers alike.

One parametrised test over the backends runs every named query (with its default parameters),
the statistics and the export, and compares each with the embedded store's answer.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Iterator
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pytest

from tests.servers import oxigraph_server, virtuoso_server
from therapykg.graph.load import iter_files, load_paths
from therapykg.graph.remote import RemoteStore
from therapykg.graph.stats import article_counts, class_counts
from therapykg.graph.store import OxigraphStore, Store
from therapykg.ontology.vocab import RDF, TKG
from therapykg.queries.registry import named_queries

REPO = Path(__file__).resolve().parents[2]
CORPUS = REPO / "articles"
NUMERIC = ("integer", "int", "long", "decimal", "double", "float", "short")


def canonical(term: object) -> str:
    """A term's value as every engine should agree on it (numbers by value, not by type)."""
    if term is None:
        return ""
    if isinstance(term, ox.Literal):
        local = term.datatype.value.rsplit("#", 1)[-1]
        if local in NUMERIC:
            try:
                return str(Decimal(term.value).normalize())
            except InvalidOperation:
                return term.value
        return term.value + (f"@{term.language}" if term.language else "")
    if isinstance(term, ox.NamedNode):
        return term.value
    return "_:"  # blank nodes are local to a result


def answer(store: Store, name: str) -> list[tuple[str, ...]]:
    query = named_queries()[name]
    result = store.query(query.text, bindings=query.bindings({}))
    assert isinstance(result, ox.QuerySolutions)
    names = [v.value for v in result.variables]
    return sorted(tuple(canonical(row[n]) for n in names) for row in result)


@pytest.fixture(scope="module")
def reference() -> Iterator[OxigraphStore]:
    store = OxigraphStore()
    summary = load_paths(store, [CORPUS])
    assert not summary.errors
    yield store


@pytest.fixture(scope="module", params=["oxigraph-serve", "virtuoso"])
def remote(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Store]:
    directory = tmp_path_factory.mktemp(request.param)
    server = oxigraph_server if request.param == "oxigraph-serve" else virtuoso_server
    with server(directory) as (url, _process):
        store = RemoteStore(url)
        summary = load_paths(store, [CORPUS])
        assert not summary.errors, summary.errors
        yield store
        store.close()


@pytest.mark.parametrize("name", sorted(named_queries()))
def test_named_queries_agree(reference: OxigraphStore, remote: Store, name: str) -> None:
    expected = answer(reference, name)
    assert answer(remote, name) == expected


def test_statistics_agree(reference: OxigraphStore, remote: Store) -> None:
    assert class_counts(remote) == class_counts(reference)
    assert article_counts(remote) == article_counts(reference)


def test_ask_is_answered_as_a_boolean(remote: Store) -> None:
    # Virtuoso answers ASK as a SELECT of __ASK_RETVAL: one row of 1, or no row
    for sparql, expected in (
        ("ASK { ?a a tkg:Article }", True),
        ("ASK { ?a a tkg:Nothing }", False),
    ):
        result = remote.query(sparql)
        assert isinstance(result, ox.QueryBoolean)
        assert bool(result) is expected


def test_query_forms_agree(reference: OxigraphStore, remote: Store) -> None:
    ask = "ASK { ?a a tkg:Article }"
    assert remote.ask(ask) is reference.ask(ask) is True
    construct = "CONSTRUCT { ?a a tkg:Article } WHERE { ?a a tkg:Article }"
    expected = sorted(canonical(t.subject) for t in reference.construct(construct))
    assert sorted(canonical(t.subject) for t in remote.construct(construct)) == expected
    assert not remote.bulk_loads and remote.directory is None
    remote.flush()  # nothing held back: does nothing
    assert remote.roll_back_interrupted() == 0


def test_graphs_and_quads_agree(reference: OxigraphStore, remote: Store) -> None:
    ours = {g.value for g in reference.graphs()}
    theirs = {g.value for g in remote.graphs()}
    assert ours <= theirs  # a server may hold graphs of its own (Virtuoso's system graphs)
    for graph in reference.graphs():
        if "graph/metadata" in graph.value:
            continue  # load times differ
        expected = kept_rows_aside(reference.quads(graph))
        assert kept_rows_aside(remote.quads(graph)) == expected


def kept_rows_aside(quads: Iterable[ox.Quad]) -> tuple[set[tuple[str, str, str]], Counter[Any]]:
    """A graph's quads, with the summary's kept rows as each table's multiset of rows: each
    engine numbers the rows of a query's answer by its own order, and rows that tie in the
    query's ORDER BY may come in either order (the pages agree as answers, not as row numbers)."""
    plain: set[tuple[str, str, str]] = set()
    rows: dict[str, dict[str, tuple[str, str]]] = {}
    for quad in quads:
        subject = canonical(quad.subject)
        if _KEPT_ROW.search(subject):
            if quad.predicate != TKG.rowRank:
                rows.setdefault(subject, {})[quad.predicate.value] = canonical(quad.object)
            continue
        plain.add(key(quad))
    tables = Counter(
        (_RANK.sub("", subject), tuple(sorted(cells.items()))) for subject, cells in rows.items()
    )
    return plain, tables


_KEPT_ROW = re.compile(r"/summary/rows/[^/]+/\d+$")
_RANK = re.compile(r"/\d+$")


def key(quad: ox.Quad) -> tuple[str, str, str]:
    return canonical(quad.subject), quad.predicate.value, canonical(quad.object)


def test_reloading_is_a_no_op_on_the_server(remote: Store) -> None:
    summary = load_paths(remote, [CORPUS])
    assert (summary.articles, summary.rdf_files, summary.errors) == (0, 0, [])
    assert summary.unchanged == len(list(iter_files([CORPUS])))


def test_pattern_matches_agree(reference: OxigraphStore, remote: Store) -> None:
    """`Store.match`, which SHACL checking reads nodes with: the remote store asks by SPARQL."""
    article = next(g for g in reference.graphs() if "/article/" in g.value)
    statement = next(q.subject for q in reference.match(None, RDF.type, TKG.Statement, article))
    assert isinstance(statement, ox.NamedNode)
    patterns: list[tuple[ox.NamedNode | None, ox.NamedNode | None, ox.NamedNode | None]] = [
        (statement, None, None),  # a node's triples, from every graph
        (statement, TKG.inArticle, None),
        (None, RDF.type, article),  # a graph's types
    ]
    for subject, predicate, graph in patterns:
        expected = {key(q) for q in reference.match(subject, predicate, None, graph)}
        assert expected
        assert {key(q) for q in remote.match(subject, predicate, None, graph)} == expected
