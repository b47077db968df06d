"""What a request may do is read from a real parse (sparqlparse); the tokeniser (sparqltext) only
guesses a query's form for content negotiation."""

from __future__ import annotations

import pytest

from therapykg.graph.sparqltext import keywords, shape, split_leading_bases, unescape_codepoints
from therapykg.web.sparqlparse import Refused, Unreadable, read, vet

TARGET = "http://127.0.0.1:1/"


@pytest.mark.parametrize(
    "text",
    [
        f"SELECT * {{ SERVICE <{TARGET}> {{ ?s ?p ?o }} }}",
        f"select * {{ service <{TARGET}> {{ ?s ?p ?o }} }}",
        f"SELECT * {{ \\u0053ERVICE <{TARGET}> {{ ?s ?p ?o }} }}",
        "SELECT * {\n# a comment\nSERVICE SILENT ?endpoint { ?s ?p ?o } }",
        'SELECT * { ?s ?p "x" FILTER(?o<3) SERVICE<http://x/>{} }',
        f"SELECT ?x WHERE {{ FILTER(1<2)SERVICE#>\n<{TARGET}>{{?x ?y ?z}} }}",
        f"SELECT * WHERE {{ BIND(tkg:a\\' AS ?q) SERVICE <{TARGET}> {{ ?x ?y ?z }} }} #'",
        f"INSERT {{ ?x ?y ?z }} WHERE {{ FILTER(1<2)SERVICE#>\n<{TARGET}>{{?x ?y ?z}} }}",
    ],
)
def test_service_is_seen_however_it_is_written(text: str) -> None:
    assert read(text).service
    with pytest.raises(Refused, match="SERVICE"):
        vet(text, "query")


@pytest.mark.parametrize(
    "text",
    [
        'SELECT * { ?s ?p "SERVICE" }',
        "SELECT * { ?s ?p '''many\nlines SERVICE''' }",
        "SELECT * { ?s <http://example.org/SERVICE> ?o } # SERVICE in a comment",
        "PREFIX ex: <http://example.org/> SELECT * { ?s ex:SERVICE ?o . ?service ?p ?o }",
    ],
)
def test_service_inside_strings_iris_names_and_comments_is_not_a_pattern(text: str) -> None:
    assert not read(text).service
    vet(text, "query")


def test_forms_updates_load_and_datasets_come_from_the_parse() -> None:
    assert read("PREFIX a: <x:> ASK {}").form == "ASK"
    assert read("BASE <http://x/> CONSTRUCT WHERE { ?s ?p ?o }").form == "CONSTRUCT"
    update = read("PREFIX a: <x:> INSERT DATA { <a> <b> <c> }")
    assert update.operation == "update" and update.form is None
    assert read("LOAD <http://example.org/data.ttl>").load
    assert read("ASK FROM <http://g> {}").names_dataset
    assert not read("ASK { ?s ?p 'FROM' }").names_dataset
    with pytest.raises(Refused, match="update"):
        vet("PREFIX x: <http://e/> \\u0049NSERT DATA { x:a x:p 1 }", "query")
    with pytest.raises(Refused, match="LOAD"):
        vet("LOAD SILENT <http://e/> INTO GRAPH <http://g>", "update")


def test_what_cannot_be_parsed_is_refused_with_where() -> None:
    with pytest.raises(Unreadable, match=r"could not be parsed as SPARQL: .* at line 1, column 18"):
        read("SELECT * WHERE { ?s ?p }")


def test_deep_nesting_is_refused_not_crashed() -> None:
    with pytest.raises(Unreadable, match="nested too deeply"):
        read("SELECT * WHERE " + "{" * 30_000 + "}" * 30_000)
    with pytest.raises(Unreadable, match="nested too deeply"):
        read("ASK { FILTER" + "(" * 30_000 + "1" + ")" * 30_000 + " }")


def test_the_tokeniser_only_guesses_the_form() -> None:
    assert shape("PREFIX a: <x:> ASK {}").form == "ASK"
    assert shape("CLEAR ALL").form is None
    assert unescape_codepoints("\\u0041\\U00000042") == "AB"
    assert keywords("\\u0053ELECT * {}") == ["SELECT"]


@pytest.mark.parametrize(
    ("text", "bases"),
    [
        ("BASE <http://x/> SELECT * {}", "BASE <http://x/>"),
        (
            "# why\nBASE <http://x/>\nBASE <http://y/> ASK {}",
            "# why\nBASE <http://x/>\nBASE <http://y/>",
        ),
        ("PREFIX a: <b> BASE <x> SELECT * {}", ""),  # after a PREFIX: left where it is
        ("SELECT ?base WHERE { ?base ?p 'BASE <x>' }", ""),
        ("BASE SELECT", ""),  # no IRI: not a declaration
    ],
)
def test_the_opening_base_declarations_are_split_off(text: str, bases: str) -> None:
    lead, rest = split_leading_bases(text)
    assert (lead, lead + rest) == (bases, text)
