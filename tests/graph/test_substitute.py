"""Substitution for text-only stores gives the same answers as the embedded store's binding."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from therapykg.graph.substitute import substitute, with_list, with_quads, with_rows, with_values

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


HOSTILE = ox.Literal('b" } ; DROP ALL ; #')


def test_every_empty_values_block_of_the_name_is_filled() -> None:
    query = "SELECT ?x WHERE { { VALUES ?x {} ?x ?p 1 } UNION { VALUES ?x {} ?x ?q 2 } }"
    filled = with_values(query, "x", [ox.NamedNode("http://a")])
    assert filled.count("VALUES ?x { <http://a> }") == 2


def test_rows_fill_the_empty_values_block_of_their_variables() -> None:
    query = "SELECT ?s ?k WHERE { VALUES (?s ?k) {} # VALUES (?s ?k) {}\n}"
    filled = with_rows(query, ("s", "k"), [(ox.NamedNode("http://a"), HOSTILE)])
    assert filled == (
        'SELECT ?s ?k WHERE { VALUES (?s ?k) { (<http://a> "b\\" } ; DROP ALL ; #") }'
        " # VALUES (?s ?k) {}\n}"
    )
    assert rows(store().query(filled)) == [("<http://a>", str(HOSTILE))]
    with pytest.raises(ValueError, match=r"no empty VALUES \(\?s \?o\)"):
        with_rows(query, ("s", "o"), [])


@pytest.mark.parametrize("negated", [True, False])
def test_a_list_fills_the_empty_in_list_of_its_variable(negated: bool) -> None:
    test = "NOT IN" if negated else "IN"
    query = f"SELECT ?s WHERE {{ ?s <{EX}p> ?o FILTER(?s {test} ()) }}"
    filled = with_list(query, "s", [ox.NamedNode(EX + "a"), ox.NamedNode(EX + "c")])
    assert f"?s {test} (<{EX}a>, <{EX}c>)" in filled
    found = {row[0] for row in rows(store().query(filled))}
    assert found == ({f"<{EX}b>"} if negated else {f"<{EX}a>", f"<{EX}c>"})
    nothing = {row[0] for row in rows(store().query(with_list(query, "s", [])))}
    assert nothing == ({f"<{EX}{n}>" for n in "abc"} if negated else set())
    with pytest.raises(ValueError, match=r"no empty \?o NOT IN \(\)"):
        with_list(query, "o", [])


def test_quads_fill_the_empty_block_of_an_update_by_graph() -> None:
    g1, g2, a = ox.NamedNode(EX + "g1"), ox.NamedNode(EX + "g2"), ox.NamedNode(EX + "a")
    quads = [ox.Quad(a, a, HOSTILE, g1), ox.Quad(a, a, a, g2), ox.Quad(a, a, a, g1)]
    update = with_quads("INSERT DATA {}", quads)
    s = ox.Store()
    s.update(update)
    assert set(s) == set(quads)
    assert update.count("GRAPH") == 2
    blank = ox.Quad(ox.BlankNode(), a, ox.BlankNode(), g1)
    s.update(with_quads("INSERT {} WHERE {}", [blank]))
    assert len(s) == 4
    with pytest.raises(ValueError, match="no empty block"):
        with_quads("DELETE WHERE { ?s ?p ?o }", quads)
    with pytest.raises(ValueError, match="named graph"):
        with_quads("INSERT DATA {}", [ox.Quad(a, a, a, ox.DefaultGraph())])
