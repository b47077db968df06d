"""RDF syntaxes and article formats: found by extension and by media type, from one table each."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from therapykg.loaders.formats import ArticleFormat, RdfSyntax, article_extensions


@pytest.mark.parametrize(
    ("extension", "expected"),
    [("ttl", RdfSyntax.TURTLE), (".OWL", RdfSyntax.RDF_XML), ("json", RdfSyntax.JSON_LD)],
)
def test_rdf_syntax_by_extension(extension: str, expected: RdfSyntax) -> None:
    assert RdfSyntax.from_extension(extension) is expected


def test_rdf_syntax_refuses_what_is_not_an_rdf_file() -> None:
    assert RdfSyntax.from_extension("txt") is None  # pyoxigraph reads .txt as N-Triples; we don't
    assert RdfSyntax.from_extension("n3") is None


def test_rdf_syntax_by_media_type_is_pyoxigraphs() -> None:
    assert RdfSyntax.from_media_type("application/x-turtle; charset=utf-8") is RdfSyntax.TURTLE
    assert RdfSyntax.from_media_type("text/n3") is RdfSyntax.N3
    assert RdfSyntax.from_media_type("text/csv") is None
    assert RdfSyntax.TRIG.oxigraph == ox.RdfFormat.TRIG


def test_article_formats() -> None:
    assert ArticleFormat.from_extension(".Markdown") is ArticleFormat.MARKDOWN
    assert ArticleFormat.from_extension("xhtml") is ArticleFormat.HTML  # read, not picked up
    assert ArticleFormat.from_media_type("text/html; charset=utf-8") is ArticleFormat.HTML
    assert ArticleFormat.TEXT == "text"  # Article.format compares as the str it was
    assert article_extensions() == {".txt", ".md", ".markdown", ".html", ".htm"}
