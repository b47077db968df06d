"""Serialising query results: SPARQL result formats for SELECT/ASK, RDF syntaxes for graphs.

One place decides which media types and short names exist, for the CLI and the web alike.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from enum import StrEnum

import pyoxigraph as ox

from therapykg.errors import UnsupportedFormat as UnsupportedFormat  # as it was found
from therapykg.graph.store import QueryResult
from therapykg.ontology.vocab import PREFIXES


class ResultFormat(StrEnum):
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


SOLUTION_FORMATS: dict[ResultFormat, ox.QueryResultsFormat] = {
    ResultFormat.JSON: ox.QueryResultsFormat.JSON,
    ResultFormat.CSV: ox.QueryResultsFormat.CSV,
    ResultFormat.TSV: ox.QueryResultsFormat.TSV,
    ResultFormat.XML: ox.QueryResultsFormat.XML,
}

RDF_SYNTAXES: dict[ResultFormat, ox.RdfFormat] = {
    ResultFormat.TURTLE: ox.RdfFormat.TURTLE,
    ResultFormat.NT: ox.RdfFormat.N_TRIPLES,
    ResultFormat.NQ: ox.RdfFormat.N_QUADS,
    ResultFormat.TRIG: ox.RdfFormat.TRIG,
    ResultFormat.RDFXML: ox.RdfFormat.RDF_XML,
    ResultFormat.JSONLD: ox.RdfFormat.JSON_LD,
}

GRAPH_RESULT_FORMATS = (
    ResultFormat.TURTLE,
    ResultFormat.NT,
    ResultFormat.RDFXML,
    ResultFormat.JSONLD,
)


def serialize_result(result: QueryResult, fmt: ResultFormat) -> bytes:
    """Bytes of `result` in `fmt`; UnsupportedFormat when the two do not fit."""
    if isinstance(result, ox.QueryBoolean):
        return _boolean(bool(result), fmt)
    if isinstance(result, ox.QuerySolutions):
        if fmt is ResultFormat.TABLE:
            return render_table(result).encode("utf-8")
        if fmt not in SOLUTION_FORMATS:
            raise UnsupportedFormat(
                f"a SELECT result cannot be written as {fmt}; use table, json, csv, tsv or xml"
            )
        data = result.serialize(format=SOLUTION_FORMATS[fmt])
        assert data is not None
        return data
    syntax = RDF_SYNTAXES.get(fmt if fmt is not ResultFormat.TABLE else ResultFormat.TURTLE)
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
