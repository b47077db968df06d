"""The formats files come in: RDF syntaxes and article formats, each an enum over one table.

As pyoxigraph's `RdfFormat` does, each enum says its media type and extensions and finds a member
`from_media_type` and `from_extension` (an extension without its dot, any case; a media type's
parameters are ignored); None when nothing matches. The RDF syntaxes' media types are
pyoxigraph's own (its table has every alias a server sends); their extensions are ours, since
therapykg also reads `.owl`, `.xml` and `.turtle` files and never a `.txt` as N-Triples.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

import pyoxigraph as ox


class RdfSyntax(StrEnum):
    """An RDF syntax therapykg reads and writes."""

    TURTLE = "turtle"
    N_TRIPLES = "n-triples"
    N_QUADS = "n-quads"
    TRIG = "trig"
    JSON_LD = "json-ld"
    RDF_XML = "rdf-xml"
    N3 = "n3"  # by media type only (a request body): no file extension loads N3

    @property
    def oxigraph(self) -> ox.RdfFormat:
        """The pyoxigraph format that parses and writes this syntax."""
        return _RDF[self].oxigraph

    @property
    def media_type(self) -> str:
        return self.oxigraph.media_type

    @property
    def extensions(self) -> tuple[str, ...]:
        return _RDF[self].extensions

    @classmethod
    def from_extension(cls, extension: str) -> RdfSyntax | None:
        """The syntax of a file with this extension (`ttl`, `.ttl`), None for no RDF file."""
        return _RDF_BY_EXTENSION.get(_bare(extension))

    @classmethod
    def from_media_type(cls, media_type: str) -> RdfSyntax | None:
        """The syntax a media type names, pyoxigraph's aliases included."""
        found = ox.RdfFormat.from_media_type(media_type.split(";")[0].strip())
        return None if found is None else _RDF_BY_OXIGRAPH.get(found)


@dataclass(frozen=True, slots=True)
class _Rdf:
    oxigraph: ox.RdfFormat
    extensions: tuple[str, ...] = ()


_RDF: dict[RdfSyntax, _Rdf] = {
    RdfSyntax.TURTLE: _Rdf(ox.RdfFormat.TURTLE, ("ttl", "turtle")),
    RdfSyntax.N_TRIPLES: _Rdf(ox.RdfFormat.N_TRIPLES, ("nt",)),
    RdfSyntax.N_QUADS: _Rdf(ox.RdfFormat.N_QUADS, ("nq",)),
    RdfSyntax.TRIG: _Rdf(ox.RdfFormat.TRIG, ("trig",)),
    RdfSyntax.JSON_LD: _Rdf(ox.RdfFormat.JSON_LD, ("jsonld", "json")),
    RdfSyntax.RDF_XML: _Rdf(ox.RdfFormat.RDF_XML, ("rdf", "owl", "xml")),
    RdfSyntax.N3: _Rdf(ox.RdfFormat.N3),
}
_RDF_BY_EXTENSION = {ext: syntax for syntax, row in _RDF.items() for ext in row.extensions}
_RDF_BY_OXIGRAPH = {row.oxigraph: syntax for syntax, row in _RDF.items()}


class ArticleFormat(StrEnum):
    """The formats a wiki article is read from; a str, as `Article.format` always was."""

    TEXT = "text"
    MARKDOWN = "markdown"
    HTML = "html"

    @property
    def media_type(self) -> str:
        return _ARTICLES[self].media_types[0]

    @property
    def extensions(self) -> tuple[str, ...]:
        """The extensions a folder load picks up as articles of this format."""
        return _ARTICLES[self].extensions

    @classmethod
    def from_extension(cls, extension: str) -> ArticleFormat | None:
        """The format of a file with this extension: the ones a folder load picks up, and the
        ones read only when a file is named (`.text`, `.xhtml`)."""
        return _ARTICLE_BY_EXTENSION.get(_bare(extension))

    @classmethod
    def from_media_type(cls, media_type: str) -> ArticleFormat | None:
        key = media_type.split(";")[0].strip().lower()
        return next((f for f, row in _ARTICLES.items() if key in row.media_types), None)


@dataclass(frozen=True, slots=True)
class _Article:
    media_types: tuple[str, ...]
    extensions: tuple[str, ...]
    also_read: tuple[str, ...] = ()  # read when named, not picked up from a folder


_ARTICLES: dict[ArticleFormat, _Article] = {
    ArticleFormat.TEXT: _Article(("text/plain",), ("txt",), also_read=("text",)),
    ArticleFormat.MARKDOWN: _Article(("text/markdown", "text/x-markdown"), ("md", "markdown")),
    ArticleFormat.HTML: _Article(
        ("text/html", "application/xhtml+xml"), ("html", "htm"), also_read=("xhtml",)
    ),
}
_ARTICLE_BY_EXTENSION = {
    ext: fmt for fmt, row in _ARTICLES.items() for ext in (*row.extensions, *row.also_read)
}


def article_extensions() -> frozenset[str]:
    """The suffixes (`.txt`) of the files a folder load picks up as articles."""
    return frozenset(f".{ext}" for fmt in ArticleFormat for ext in fmt.extensions)


def _bare(extension: str) -> str:
    return extension.lower().removeprefix(".")
