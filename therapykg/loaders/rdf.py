"""Import plain RDF files (Turtle, N-Triples, N-Quads, TriG, JSON-LD, RDF/XML) into a named graph.

Parsing is done by pyoxigraph, which reads files without resolving external entities or fetching
remote JSON-LD contexts. Triples in a file's default graph go to the target graph; quads that name
their own graph keep it.
"""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox

from therapykg.errors import RDFImportError

RDF_FORMATS: dict[str, ox.RdfFormat] = {
    ".ttl": ox.RdfFormat.TURTLE,
    ".turtle": ox.RdfFormat.TURTLE,
    ".nt": ox.RdfFormat.N_TRIPLES,
    ".nq": ox.RdfFormat.N_QUADS,
    ".trig": ox.RdfFormat.TRIG,
    ".jsonld": ox.RdfFormat.JSON_LD,
    ".json": ox.RdfFormat.JSON_LD,
    ".rdf": ox.RdfFormat.RDF_XML,
    ".owl": ox.RdfFormat.RDF_XML,
    ".xml": ox.RdfFormat.RDF_XML,
}

FORMAT_NAMES = ", ".join(sorted({f.name for f in RDF_FORMATS.values()}))


def is_rdf_file(path: Path) -> bool:
    return path.suffix.lower() in RDF_FORMATS


def read_rdf(path: Path, graph: ox.NamedNode) -> list[ox.Quad]:
    """Every quad of an RDF file, default-graph triples moved into `graph`."""
    rdf_format = RDF_FORMATS.get(path.suffix.lower())
    if rdf_format is None:
        raise RDFImportError(
            path, "not an RDF file name", expected=f"one of {', '.join(sorted(RDF_FORMATS))}"
        )
    try:
        with path.open("rb") as stream:
            parsed = list(ox.parse(stream, format=rdf_format, base_iri=path.resolve().as_uri()))
    except SyntaxError as exc:
        raise RDFImportError(
            path,
            _first_line(str(exc)),
            line=exc.lineno,
            column=exc.offset,
            expected=f"valid {rdf_format.name}",
        ) from exc
    except (OSError, ValueError) as exc:
        raise RDFImportError(path, f"cannot read the file: {exc}") from exc
    return [
        ox.Quad(q.subject, q.predicate, q.object, graph)
        if isinstance(q.graph_name, ox.DefaultGraph)
        else q
        for q in parsed
    ]


def _first_line(text: str) -> str:
    return text.splitlines()[0] if text else "cannot parse"
