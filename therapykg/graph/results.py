"""Serialising query results: SPARQL result formats for SELECT/ASK, RDF syntaxes for graphs.

One place decides which media types, extensions and short names exist, for the CLI and the web
alike: `ResultFormat` and its table (the RDF syntaxes' own table is loaders/formats.py's).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

import pyoxigraph as ox

from therapykg.errors import UnsupportedFormat as UnsupportedFormat  # as it was found
from therapykg.graph.store import QueryResult
from therapykg.loaders.formats import RdfSyntax
from therapykg.ontology.vocab import PREFIXES


class ResultFormat(StrEnum):
    """A format a query's result is written in: the command line's table, the four SPARQL
    results formats (SELECT, ASK) and the RDF syntaxes (CONSTRUCT, DESCRIBE, exports). Its value
    is its short name (`--format`, `format=`); the table below gives the rest."""

    TABLE = "table"
    JSON = "json"
    CSV = "csv"
    TSV = "tsv"
    XML = "xml"
    TURTLE = "turtle"
    NT = "nt"
    NQ = "nq"
    TRIG = "trig"
    RDFXML = "rdfxml"
    JSONLD = "jsonld"

    @property
    def media_type(self) -> str:
        media = _FORMATS[self].media_type
        if media is None:  # a programming error: the table is written for a terminal only
            raise ValueError(f"{self} has no media type")
        return media

    @property
    def extension(self) -> str | None:
        """The extension of a file in this format (without the dot)."""
        return _FORMATS[self].extension

    @property
    def results_format(self) -> ox.QueryResultsFormat | None:
        """pyoxigraph's writer of SELECT results in this format, if it is a results format."""
        return _FORMATS[self].results

    @property
    def rdf_syntax(self) -> RdfSyntax | None:
        return _FORMATS[self].syntax

    @property
    def rdf_format(self) -> ox.RdfFormat | None:
        """pyoxigraph's writer of triples or quads in this format, if it is an RDF syntax."""
        syntax = _FORMATS[self].syntax
        return None if syntax is None else syntax.oxigraph

    @classmethod
    def from_media_type(cls, media_type: str) -> ResultFormat | None:
        """The format a media type names (parameters ignored; the aliases clients send too)."""
        return _BY_MEDIA_TYPE.get(media_type.split(";", 1)[0].strip().lower())

    @classmethod
    def from_extension(cls, extension: str) -> ResultFormat | None:
        return _BY_EXTENSION.get(extension.lower().removeprefix("."))

    @classmethod
    def from_name(cls, name: str) -> ResultFormat | None:
        """The format a `format=` value names: a short name, a media type or another name
        clients use (`ttl`, `json-ld`, `n3`)."""
        key = name.strip().lower().split(";", 1)[0].strip()
        by_value = next((f for f in cls if f.value == key and f is not cls.TABLE), None)
        return by_value or _BY_MEDIA_TYPE.get(key) or _BY_NAME.get(key)

    @classmethod
    def media_types(cls) -> frozenset[str]:
        """Every media type a format is known by, aliases included."""
        return frozenset(_BY_MEDIA_TYPE)


@dataclass(frozen=True, slots=True)
class _Format:
    media_type: str | None
    extension: str | None
    results: ox.QueryResultsFormat | None = None
    syntax: RdfSyntax | None = None
    media_aliases: tuple[str, ...] = ()  # other media types clients send for it
    names: tuple[str, ...] = ()  # other short names for `format=`


_FORMATS: dict[ResultFormat, _Format] = {
    ResultFormat.TABLE: _Format(None, "txt"),
    ResultFormat.JSON: _Format(
        "application/sparql-results+json",
        "json",
        ox.QueryResultsFormat.JSON,
        media_aliases=("application/json",),
        names=("srj",),
    ),
    ResultFormat.CSV: _Format("text/csv", "csv", ox.QueryResultsFormat.CSV),
    ResultFormat.TSV: _Format("text/tab-separated-values", "tsv", ox.QueryResultsFormat.TSV),
    ResultFormat.XML: _Format(
        "application/sparql-results+xml",
        "xml",
        ox.QueryResultsFormat.XML,
        media_aliases=("application/xml", "text/xml"),
        names=("srx",),
    ),
    ResultFormat.TURTLE: _Format(
        "text/turtle",
        "ttl",
        syntax=RdfSyntax.TURTLE,
        # N3 is a superset of Turtle, so a Turtle answer is a valid N3 answer (SPARQLWrapper's N3)
        media_aliases=("application/x-turtle", "text/n3", "text/rdf+n3"),
        names=("ttl", "n3"),
    ),
    ResultFormat.NT: _Format(
        "application/n-triples",
        "nt",
        syntax=RdfSyntax.N_TRIPLES,
        media_aliases=("text/plain",),
        names=("ntriples", "n-triples"),
    ),
    ResultFormat.NQ: _Format(
        "application/n-quads", "nq", syntax=RdfSyntax.N_QUADS, names=("nquads",)
    ),
    ResultFormat.TRIG: _Format("application/trig", "trig", syntax=RdfSyntax.TRIG),
    ResultFormat.RDFXML: _Format(
        "application/rdf+xml", "rdf", syntax=RdfSyntax.RDF_XML, names=("rdf", "rdf+xml")
    ),
    ResultFormat.JSONLD: _Format(
        "application/ld+json",
        "jsonld",
        syntax=RdfSyntax.JSON_LD,
        media_aliases=("application/x-json+ld",),
        names=("json-ld",),
    ),
}
_BY_MEDIA_TYPE = {
    media: fmt
    for fmt, row in _FORMATS.items()
    for media in (*([row.media_type] if row.media_type else []), *row.media_aliases)
}
_BY_EXTENSION = {row.extension: fmt for fmt, row in _FORMATS.items() if row.extension}
_BY_NAME = {name: fmt for fmt, row in _FORMATS.items() for name in row.names}

# What each kind of result may be written as, in the order offered.
SOLUTION_FORMATS = (ResultFormat.JSON, ResultFormat.XML, ResultFormat.CSV, ResultFormat.TSV)
GRAPH_FORMATS = (
    ResultFormat.TURTLE,
    ResultFormat.NT,
    ResultFormat.RDFXML,
    ResultFormat.JSONLD,
    ResultFormat.NQ,
    ResultFormat.TRIG,
)


def serialize_result(result: QueryResult, fmt: ResultFormat) -> bytes:
    """Bytes of `result` in `fmt`; UnsupportedFormat when the two do not fit."""
    if isinstance(result, ox.QueryBoolean):
        return _boolean(bool(result), fmt)
    if isinstance(result, ox.QuerySolutions):
        if fmt is ResultFormat.TABLE:
            return render_table(result).encode("utf-8")
        results_format = fmt.results_format
        if results_format is None:
            raise UnsupportedFormat(
                f"a SELECT result cannot be written as {fmt}; use table, json, csv, tsv or xml"
            )
        data = result.serialize(format=results_format)
        assert data is not None
        return data
    syntax = (fmt if fmt is not ResultFormat.TABLE else ResultFormat.TURTLE).rdf_format
    if syntax is None or fmt in (ResultFormat.NQ, ResultFormat.TRIG):
        raise UnsupportedFormat(
            f"a CONSTRUCT or DESCRIBE result cannot be written as {fmt}; "
            "use turtle, nt, rdfxml or jsonld"
        )
    data = ox.serialize(result, format=syntax, prefixes=PREFIXES)
    return data or b""


def _boolean(value: bool, fmt: ResultFormat) -> bytes:
    if fmt is ResultFormat.JSON:
        return json.dumps({"head": {}, "boolean": value}).encode("utf-8")
    if fmt is ResultFormat.XML:
        text = "true" if value else "false"
        return (
            '<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">'
            f"<head/><boolean>{text}</boolean></sparql>\n"
        ).encode()
    return (("true" if value else "false") + "\n").encode("utf-8")


def term_text(term: object) -> str:
    """A term as a person reads it: IRIs bare, literals by their lexical form."""
    if term is None:
        return ""
    if isinstance(term, ox.NamedNode | ox.Literal):
        return term.value
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    return str(term)


def render_table(result: ox.QuerySolutions, *, max_width: int = 60) -> str:
    """A plain-text table of a SELECT result, long cells cut with an ellipsis."""
    return table_text([v.value for v in result.variables], result, max_width=max_width)


def table_text(
    names: list[str], solutions: Iterable[ox.QuerySolution], *, max_width: int = 60
) -> str:
    """A plain-text table of rows already taken from a result (a page of it, say)."""
    rows = [[_cut(term_text(row[name]), max_width) for name in names] for row in solutions]
    widths = [max([len(n), *(len(r[i]) for r in rows)]) for i, n in enumerate(names)]
    lines = [
        "  ".join(n.ljust(w) for n, w in zip(names, widths, strict=True)),
        "  ".join("-" * w for w in widths),
    ]
    lines += ["  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)) for r in rows]
    lines.append(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")
    return "\n".join(line.rstrip() for line in lines) + "\n"


def _cut(text: str, width: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"
