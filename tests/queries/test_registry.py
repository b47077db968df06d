"""Named queries: headers, typed parameters, and values bound rather than pasted."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from therapykg.graph.store import OxigraphStore
from therapykg.queries.registry import (
    QueryParameterError,
    get_query,
    named_queries,
    parse_query_file,
)

QUERIES = sorted(named_queries())


def test_at_least_twelve_named_queries_ship() -> None:
    assert len(QUERIES) >= 12


@pytest.mark.parametrize("name", QUERIES)
def test_each_query_has_a_header_and_runs_with_its_defaults(name: str) -> None:
    item = get_query(name)
    assert item.title and item.description
    store = OxigraphStore()
    # Oxigraph refuses to bind a variable the query does not project, so this also proves that
    # every declared parameter is a real, projected variable of the query.
    result = store.query(item.text, bindings=item.bindings({}))
    assert isinstance(result, ox.QuerySolutions)
    assert list(result) == []


def test_header_fields_and_parameters_are_read() -> None:
    text = (
        "# title: Demo\n# description: One line.\n# description: Two lines.\n"
        "# param: n integer = 3 | How many.\n# param: who iri\nSELECT ?n ?who WHERE {}\n"
    )
    item = parse_query_file("demo", text)
    assert item.title == "Demo"
    assert item.description == "One line. Two lines."
    assert [(p.name, p.type, p.default, p.help) for p in item.parameters] == [
        ("n", "integer", "3", "How many."),
        ("who", "iri", None, ""),
    ]


@pytest.mark.parametrize(
    "header", ["# param: n number = 3", "# param: = 3", "# description: no title"]
)
def test_bad_headers_say_what_was_expected(header: str) -> None:
    with pytest.raises(ValueError, match=r"demo\.rq"):
        parse_query_file("demo", header + "\nSELECT * {}\n")


@pytest.mark.parametrize(
    ("param", "value"),
    [("item", "not an iri"), ("item", "http://x/> } DROP ALL #")],
)
def test_values_that_do_not_fit_their_type_are_refused(param: str, value: str) -> None:
    with pytest.raises(QueryParameterError, match=param):
        get_query("smart-objectives").bindings({param: value})


def test_unknown_parameters_and_queries_are_named() -> None:
    with pytest.raises(QueryParameterError, match="no parameter colour"):
        get_query("key-terms").bindings({"colour": "red"})
    with pytest.raises(QueryParameterError, match="no named query 'nope'"):
        get_query("nope")


def _graded_adaptation_store() -> OxigraphStore:
    store = OxigraphStore()
    store.update(
        """PREFIX ex: <http://example.org/>
        INSERT DATA { GRAPH ex:g {
          ex:culture a tkg:ResponsivenessAdaptation ; skos:prefLabel "culture" .
          ex:grading tkg:gradedItem ex:culture ; tkg:hasGrade ex:de ; tkg:extractedFrom ex:s .
          ex:de skos:prefLabel "demonstrably effective" .
          ex:s tkg:text "Adapting to culture was rated demonstrably effective" ;
               tkg:provenanceTag "1" .
        } }"""
    )
    return store


@pytest.mark.parametrize(
    ("value", "rows"),
    [
        ("culture", 1),
        ("", 1),
        ("CULT", 1),
        ("religion", 0),
        # Pasted into CONTAINS(…, LCASE("…")) this would match every row; bound, it matches none.
        ('") ) || true || CONTAINS("', 0),
        ('" } ; DROP ALL ; SELECT * { "', 0),
    ],
)
def test_a_hostile_string_is_a_value_not_sparql(value: str, rows: int) -> None:
    store = _graded_adaptation_store()
    item = get_query("adaptations")
    result = store.query(item.text, bindings=item.bindings({"characteristic": value}))
    assert isinstance(result, ox.QuerySolutions)
    assert len(list(result)) == rows
    assert len(list(store.quads())) == 8


def test_a_page_header_is_read_and_refused_when_it_does_not_fit() -> None:
    from therapykg.queries.registry import Window, parse_query_file

    query = parse_query_file("q", "# title: T\n# page: 20 total\nSELECT ?x WHERE { ?x ?p ?o }\n")
    assert (query.page, query.total) == (20, True)
    assert query.windowed(Window(3, 6)).endswith("LIMIT 3 OFFSET 6\n")
    for bad in ("# page: none\n", "# page: 0\n", "# param: limit integer\n# page: 5\n"):
        with pytest.raises(ValueError):
            parse_query_file("q", "# title: T\n" + bad + "SELECT ?x WHERE { ?x ?p ?o }\n")
    with pytest.raises(ValueError, match="LIMIT"):
        parse_query_file("q", "# title: T\n# page: 5\nSELECT ?x WHERE { ?x ?p ?o } LIMIT 9\n")
