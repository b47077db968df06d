"""Writing query results with a row cap.

pyoxigraph serialises a whole result or nothing, and the endpoint must stop at the cap and say it
did, so the four SPARQL result formats are written here, row by row, straight from the solutions.
Graph results are capped the same way and handed to pyoxigraph's RDF writers.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Iterator
from itertools import islice
from typing import Any
from xml.sax.saxutils import escape, quoteattr

import pyoxigraph as ox

from therapykg.graph.results import ResultFormat
from therapykg.ontology.vocab import PREFIXES

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"
AnyTerm = ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple


def capped(items: Iterable[Any], cap: int) -> tuple[list[Any], bool]:
    """At most `cap` items, and whether there were more."""
    taken = list(islice(iter(items), cap + 1))
    return taken[:cap], len(taken) > cap


def _json_term(term: AnyTerm) -> dict[str, Any]:
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Triple):
        parts = ("subject", "predicate", "object")
        return {"type": "triple", "value": {p: _json_term(getattr(term, p)) for p in parts}}
    out: dict[str, Any] = {"type": "literal", "value": term.value}
    if term.language:
        out["xml:lang"] = term.language
    elif term.datatype.value != XSD_STRING:
        out["datatype"] = term.datatype.value
    return out


def _xml_term(term: AnyTerm) -> str:
    if isinstance(term, ox.NamedNode):
        return f"<uri>{escape(term.value)}</uri>"
    if isinstance(term, ox.BlankNode):
        return f"<bnode>{escape(term.value)}</bnode>"
    if isinstance(term, ox.Triple):
        parts = "".join(
            f"<{p}>{_xml_term(getattr(term, p))}</{p}>" for p in ("subject", "predicate", "object")
        )
        return f"<triple>{parts}</triple>"
    if term.language:
        return f"<literal xml:lang={quoteattr(term.language)}>{escape(term.value)}</literal>"
    if term.datatype.value != XSD_STRING:
        return f"<literal datatype={quoteattr(term.datatype.value)}>{escape(term.value)}</literal>"
    return f"<literal>{escape(term.value)}</literal>"


def _csv_term(term: AnyTerm | None) -> str:
    if term is None:
        return ""
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    if isinstance(term, ox.Triple):
        return str(term)
    return term.value


def _rows(variables: list[str], rows: list[ox.QuerySolution]) -> Iterator[list[AnyTerm | None]]:
    for row in rows:
        yield [row[name] for name in variables]


def write_solutions(variables: list[str], rows: list[ox.QuerySolution], fmt: ResultFormat) -> bytes:
    """A SELECT result in one of the four SPARQL result formats."""
    if fmt is ResultFormat.JSON:
        bindings = [
            {n: _json_term(t) for n, t in zip(variables, r, strict=True) if t is not None}
            for r in _rows(variables, rows)
        ]
        doc = {"head": {"vars": variables}, "results": {"bindings": bindings}}
        return json.dumps(doc, ensure_ascii=False).encode("utf-8")
    if fmt is ResultFormat.XML:
        return _xml_solutions(variables, rows).encode("utf-8")
    if fmt is ResultFormat.CSV:
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\r\n")
        writer.writerow(variables)
        writer.writerows([_csv_term(t) for t in r] for r in _rows(variables, rows))
        return buffer.getvalue().encode("utf-8")
    if fmt is ResultFormat.TSV:
        lines = ["\t".join(f"?{v}" for v in variables)]
        lines += ["\t".join("" if t is None else str(t) for t in r) for r in _rows(variables, rows)]
        return ("\n".join(lines) + "\n").encode("utf-8")
    raise ValueError(f"{fmt} is not a format for SELECT results")


def _xml_solutions(variables: list[str], rows: list[ox.QuerySolution]) -> str:
    parts = ['<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#"><head>']
    parts += [f"<variable name={quoteattr(v)}/>" for v in variables]
    parts.append("</head><results>")
    for row in _rows(variables, rows):
        parts.append("<result>")
        parts += [
            f"<binding name={quoteattr(n)}>{_xml_term(t)}</binding>"
            for n, t in zip(variables, row, strict=True)
            if t is not None
        ]
        parts.append("</result>")
    parts.append("</results></sparql>\n")
    return "".join(parts)


def write_boolean(value: bool, fmt: ResultFormat) -> bytes:
    """An ASK result: JSON or XML as the spec says; any other format as the bare word."""
    word = "true" if value else "false"
    if fmt is ResultFormat.JSON:
        return json.dumps({"head": {}, "boolean": value}).encode("utf-8")
    if fmt is ResultFormat.XML:
        return (
            '<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">'
            f"<head/><boolean>{word}</boolean></sparql>\n"
        ).encode()
    return (word + "\n").encode("utf-8")


def write_triples(triples: list[ox.Triple], fmt: ResultFormat) -> bytes:
    """A CONSTRUCT or DESCRIBE result; quad syntaxes put the triples in the default graph."""
    syntax = fmt.rdf_format
    if fmt in (ResultFormat.NQ, ResultFormat.TRIG) and syntax is not None:
        quads = [ox.Quad(t.subject, t.predicate, t.object, ox.DefaultGraph()) for t in triples]
        return ox.serialize(quads, format=syntax, prefixes=PREFIXES) or b""
    if syntax is None:
        raise ValueError(f"{fmt} is not a format for graph results")
    return ox.serialize(triples, format=syntax, prefixes=PREFIXES) or b""
