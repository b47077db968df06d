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
    if rdf_format is ox.RdfFormat.RDF_XML:
        check_xml_safety(path)
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


MAX_ENTITY_EXPANSION = 10_000_000  # characters that internal entities may add to a document


def check_xml_safety(path: Path) -> None:
    """Refuse RDF/XML that would make a parser read outside the file or expand without bound.

    pyoxigraph reads no external entity, but it expands internal entities without limit (a 1 kB
    "billion laughs" file grows to gigabytes) and is slow on very deep nesting. libxml2, through
    lxml, checks the file first with entities left unexpanded and its default depth limit (256).
    Entity declarations are then allowed only when they are internal, do not refer to other
    entities, and their uses add at most MAX_ENTITY_EXPANSION characters: what ontology editors
    write (`<!ENTITY owl "http://www.w3.org/2002/07/owl#">`) passes.
    """
    from lxml import etree

    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False
    )
    try:
        tree = etree.parse(str(path), parser)
    except etree.XMLSyntaxError as exc:
        line, column = exc.position
        raise RDFImportError(
            path,
            f"not safe or not well-formed XML: {exc.msg}",
            line=line,
            column=column,
            expected="well-formed RDF/XML nested at most 256 deep",
        ) from exc
    _check_entities(path, tree)


def _check_entities(path: Path, tree: object) -> None:
    dtd = getattr(getattr(tree, "docinfo", None), "internalDTD", None)
    if dtd is None:
        return
    text = path.read_text(encoding="utf-8", errors="replace")
    growth = 0
    for entity in dtd.iterentities():
        if entity.system_url or entity.orig is None:
            raise RDFImportError(
                path,
                f"the entity {entity.name!r} names an external resource",
                expected="internal entities only; therapykg reads nothing outside the file",
            )
        if "&" in (entity.content or ""):
            raise RDFImportError(
                path,
                f"the entity {entity.name!r} refers to other entities",
                expected="entities that do not nest (nesting is how entity bombs grow)",
            )
        growth += len(entity.content or "") * text.count(f"&{entity.name};")
    if growth > MAX_ENTITY_EXPANSION:
        raise RDFImportError(
            path,
            f"its entities would add {growth:,} characters",
            expected=f"at most {MAX_ENTITY_EXPANSION:,} characters of entity expansion",
        )


def _first_line(text: str) -> str:
    return text.splitlines()[0] if text else "cannot parse"
