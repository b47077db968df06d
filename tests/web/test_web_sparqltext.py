"""The request-shape reader sees keywords, never text inside strings, IRIs or comments."""

from __future__ import annotations

import pytest

from therapykg.web.sparqltext import keywords, shape, unescape_codepoints


@pytest.mark.parametrize(
    "text",
    [
        "SELECT * { SERVICE <http://127.0.0.1:1/> { ?s ?p ?o } }",
        "select * { service <http://127.0.0.1:1/> { ?s ?p ?o } }",
        "SELECT * { \\u0053ERVICE <http://127.0.0.1:1/> { ?s ?p ?o } }",
        "SELECT * {\n# a comment\nSERVICE SILENT ?endpoint { ?s ?p ?o } }",
        'SELECT * { ?s ?p "x" FILTER(?o<3) SERVICE<http://x/>{} }',
    ],
)
def test_service_is_seen_however_it_is_written(text: str) -> None:
    assert shape(text).uses_service


@pytest.mark.parametrize(
    "text",
    [
        'SELECT * { ?s ?p "SERVICE" }',
        "SELECT * { ?s ?p '''many\nlines SERVICE''' }",
        "SELECT * { ?s <http://example.org/SERVICE> ?o } # SERVICE in a comment",
        "PREFIX ex: <http://example.org/> SELECT * { ?s ex:SERVICE ?o . ?service ?p ?o }",
    ],
)
def test_service_inside_strings_iris_names_and_comments_is_not_a_keyword(text: str) -> None:
    assert not shape(text).uses_service


def test_query_forms_and_updates() -> None:
    assert shape("PREFIX a: <x:> ASK {}").form == "ASK"
    assert shape("BASE <http://x/> CONSTRUCT WHERE { ?s ?p ?o }").form == "CONSTRUCT"
    update = shape("PREFIX a: <x:> INSERT DATA { <a> <b> <c> }")
    assert update.is_update and update.form is None
    assert shape("LOAD <http://example.org/data.ttl>").uses_load
    assert shape("ASK FROM <http://g> {}").names_dataset
    assert not shape("ASK { ?s ?p 'FROM' }").names_dataset


def test_codepoint_escapes_are_read_first() -> None:
    assert unescape_codepoints("\\u0041\\U00000042") == "AB"
    assert keywords("\\u0053ELECT * {}") == ["SELECT"]
