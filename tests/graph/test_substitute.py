"""Substitution for text-only stores gives the same answers as the embedded store's binding."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from therapykg.graph.substitute import substitute, with_values

EX = "http://example.org/"
DATA = f"""
<{EX}a> <{EX}p> "x" . <{EX}a> <{EX}kind> <{EX}K> .
<{EX}b> <{EX}p> "y" . <{EX}b> <{EX}kind> <{EX}K> .
<{EX}c> <{EX}p> "x" . <{EX}c> <{EX}kind> <{EX}L> .
"""

QUERIES = [
    "SELECT ?s ?o WHERE { ?s <http://example.org/p> ?o } ORDER BY ?s",
    "SELECT ?k (COUNT(?s) AS ?n) WHERE { ?s <http://example.org/kind> ?k } GROUP BY ?k",
    "SELECT ?o (COUNT(?s) AS ?n) WHERE { ?s <http://example.org/p> ?o } GROUP BY ?o ORDER BY ?o",
    "SELECT ?o ?s WHERE { ?s <http://example.org/p> ?x FILTER(?x = ?o) }",
    "SELECT ?o ?s WHERE { { SELECT ?s ?o WHERE { ?s <http://example.org/p> ?o } } }",
]


def store() -> ox.Store:
    s = ox.Store()
    s.load(DATA.encode(), format=ox.RdfFormat.TURTLE)
    return s


def rows(result: object) -> list[tuple[str, ...]]:
    assert isinstance(result, ox.QuerySolutions)
    return sorted(tuple(str(row[v]) for v in result.variables) for row in result)


BINDINGS: list[dict[str, ox.NamedNode | ox.Literal]] = [
    {"o": ox.Literal("x")},
    {"k": ox.NamedNode(EX + "K")},
    {"o": ox.Literal('x" } ; DROP ALL ; SELECT * { "')},
]
# Native binding needs the variable projected, so pair each query with the bindings it projects.
CASES = [
    (q, b) for q in QUERIES for b in BINDINGS if all(f"?{n}" in q.split("WHERE")[0] for n in b)
]


@pytest.mark.parametrize(("query", "bindings"), CASES)
def test_substitution_matches_native_binding(
    query: str, bindings: dict[str, ox.NamedNode | ox.Literal]
) -> None:
    s = store()
    native = s.query(query, substitutions={ox.Variable(k): v for k, v in bindings.items()})
    text = s.query(substitute(query, bindings))
    assert rows(text) == rows(native)
    assert len(s) == 6


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("SELECT ?o WHERE { ?s ?p ?o }", 'SELECT ("v" AS ?o) WHERE { ?s ?p "v" }'),
        ("SELECT * WHERE { ?s ?p '?o' } # ?o", "SELECT * WHERE { ?s ?p '?o' } # ?o"),
        ("SELECT ?s WHERE { ?s <http://x/?o> ?o }", 'SELECT ?s WHERE { ?s <http://x/?o> "v" }'),
        (
            "SELECT (STR(?o) AS ?t) WHERE {} ORDER BY ?o",
            'SELECT (STR("v") AS ?t) WHERE {} ORDER BY ("v")',
        ),
    ],
)
def test_strings_iris_and_comments_are_left_alone(query: str, expected: str) -> None:
    assert substitute(query, {"o": ox.Literal("v")}) == expected


def test_blank_nodes_cannot_be_substituted() -> None:
    with pytest.raises(ValueError, match="blank node"):
        substitute("SELECT ?o WHERE {}", {"o": ox.BlankNode()})


def test_a_list_of_values_fills_the_empty_values_block() -> None:
    query = 'SELECT ?x WHERE { VALUES ?x {} ?x ?p "VALUES ?x {}" }'
    filled = with_values(query, "x", [ox.NamedNode("http://a"), ox.Literal('b" } ; DROP ALL')])
    written = '<http://a> "b\\" } ; DROP ALL"'
    assert filled == f'SELECT ?x WHERE {{ VALUES ?x {{ {written} }} ?x ?p "VALUES ?x {{}}" }}'
    with pytest.raises(ValueError, match="no empty VALUES"):
        with_values("SELECT ?y WHERE { ?y ?p ?o }", "y", [])
