"""SHACL validation of loaded data against shapes.ttl, with results a person can act on.

`validate(data)` runs pySHACL and returns a `Report`: whether the data conforms and one `Result`
per problem, each with the line of the article file it points back to when there is one (the
focus statement's `tkg:sourceLine`, or for an extracted fact the first line of the statements it
came from). Warnings never make data fail, and neither do infos: facts about an article rather than
faults in the data (a provenance line that miscounts its sources), which `format_report` lists
only when asked. `Report.exit_code` is the CLI's status for it: 0 conforms, 1 violations (2, a
run that failed, is the CLI's to give).

    >>> report = validate(Graph())
    >>> report.conforms, report.exit_code, report.results
    (True, 0, [])
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pyshacl
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.namespace import RDF, SH, XSD
from rdflib.term import Node

from therapykg.ontology import SHAPES_IRI, load_ontology_graph, load_shapes_graph
from therapykg.ontology.vocab import PREFIXES, TKG_IRI, base_iri

TKG_SOURCE_LINE = URIRef(TKG_IRI + "sourceLine")
TKG_EXTRACTED_FROM = URIRef(TKG_IRI + "extractedFrom")
_SEVERITY_ORDER = {"Violation": 0, "Warning": 1, "Info": 2}


@dataclass(frozen=True, slots=True)
class Result:
    """One SHACL result: which node broke which rule, and where in the article file to look."""

    severity: str  # "Violation", "Warning" or "Info"
    focus_node: str
    path: str | None
    message: str
    value: str | None
    source_line: int | None
    source_shape: str | None = None  # the shape's IRI, e.g. …/shapes#Statement-ordinal
    constraint: str | None = None  # the component's local name, e.g. "MinCountConstraintComponent"


@dataclass(frozen=True, slots=True)
class Report:
    """The outcome of one validation; warnings and infos alone still conform."""

    conforms: bool
    results: list[Result] = field(default_factory=list)

    @property
    def exit_code(self) -> int:
        """0 when the data conforms, 1 when there is at least one violation."""
        return 0 if self.conforms else 1

    @property
    def violations(self) -> list[Result]:
        return [r for r in self.results if r.severity == "Violation"]

    @property
    def warnings(self) -> list[Result]:
        return [r for r in self.results if r.severity == "Warning"]

    @property
    def infos(self) -> list[Result]:
        return [r for r in self.results if r.severity == "Info"]


def validate(data: Graph | Dataset, *, ontology: bool = True) -> Report:
    """Check `data` (a graph, or a dataset taken as the union of its graphs) against shapes.ttl.

    With `ontology` the ontology is mixed in so that sh:class sees the class hierarchy; pass
    False when the data already holds it (a store's `id:graph/ontology`). A dataset is validated
    as one union graph, because a lineage cycle can run across articles. No inference is run:
    the shapes describe what the loader writes, and that keeps validation fast.
    """
    graph = union_graph(data)
    if ontology:
        graph += load_ontology_graph()
    _, results_graph, _ = pyshacl.validate(
        graph,
        shacl_graph=load_shapes_graph(),
        inference="none",
        advanced=True,
        inplace=True,
        allow_warnings=True,
        allow_infos=True,
    )
    results = sorted(_results(results_graph, graph), key=sort_key)
    return Report(conforms=not any(r.severity == "Violation" for r in results), results=results)


def union_graph(data: Graph | Dataset) -> Graph:
    """A new Graph holding every triple of `data`, from all its named graphs when it has them.

    Literals typed xsd:string become plain: RDF 1.1 says they are the same term, but rdflib
    compares them as different, and the shapes' sh:in and sh:hasValue would then miss them.
    """
    union = Graph()
    if isinstance(data, Dataset):
        triples = ((s, p, o) for s, p, o, _ in data.quads((None, None, None, None)))
    else:
        triples = iter(data)
    for subject, predicate, obj in triples:
        union.add((subject, predicate, _plain(obj)))
    return union


def _plain(term: Node) -> Node:
    """An xsd:string literal as the simple literal it equals."""
    if isinstance(term, Literal) and term.datatype == XSD.string:
        return Literal(str(term))
    return term


def format_report(report: Report, *, infos: bool = False) -> str:
    """The report as readable text: a summary line, then one block per result.

    Info results are facts about the data, not faults in it: they are counted and listed only
    with `infos`.
    """
    lines = [_summary(report, infos=infos)]
    for result in report.results:
        if result.severity == "Info" and not infos:
            continue
        where = f" (line {result.source_line})" if result.source_line is not None else ""
        lines.append(f"{result.severity}: {_compact(result.focus_node)}{where}")
        lines.append(f"  {result.message}")
        if result.path:
            lines.append(f"  path: {_compact(result.path)}")
        if result.value is not None:
            lines.append(f"  value: {_compact(result.value)}")
        if result.source_shape:
            lines.append(f"  rule: {_compact(result.source_shape)}")
    return "\n".join(lines)


def _summary(report: Report, *, infos: bool = False) -> str:
    """'Conforms.' or 'Does not conform: 2 violations, 1 warning.' (and '3 infos' with infos)."""
    counts = [
        _plural(len(report.violations), "violation"),
        _plural(len(report.warnings), "warning"),
        _plural(len(report.infos) if infos else 0, "info"),
    ]
    detail = ", ".join(c for c in counts if not c.startswith("0 "))
    head = "Conforms" if report.conforms else "Does not conform"
    return f"{head}: {detail}." if detail else f"{head}."


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def _results(results_graph: Graph, data: Graph) -> list[Result]:
    """One Result per sh:ValidationResult in pySHACL's report graph."""
    return [_result(results_graph, node, data) for node in _result_nodes(results_graph)]


def _result_nodes(results_graph: Graph) -> list[Node]:
    return list(results_graph.subjects(RDF.type, SH.ValidationResult))


def _result(report: Graph, node: Node, data: Graph) -> Result:
    """Read one validation result, and find the file line its focus node points back to."""
    focus = report.value(node, SH.focusNode)
    severity = report.value(node, SH.resultSeverity)
    messages = sorted(str(m) for m in report.objects(node, SH.resultMessage))
    component = report.value(node, SH.sourceConstraintComponent)
    return Result(
        severity=_local(severity) if severity is not None else "Violation",
        focus_node=str(focus),
        path=_text(report.value(node, SH.resultPath)),
        message=" ".join(messages) or "(no message)",
        value=_text(report.value(node, SH.value)),
        source_line=_source_line(data, focus),
        source_shape=_text(report.value(node, SH.sourceShape)),
        constraint=_local(component) if component is not None else None,
    )


def _source_line(data: Graph, focus: Node | None) -> int | None:
    """The focus node's own tkg:sourceLine, else the first line of the statements it came from."""
    if focus is None:
        return None
    own = _lines(data, focus)
    if own:
        return min(own)
    derived = [line for s in data.objects(focus, TKG_EXTRACTED_FROM) for line in _lines(data, s)]
    return min(derived) if derived else None


def _lines(data: Graph, node: Node) -> list[int]:
    values = (v for v in data.objects(node, TKG_SOURCE_LINE) if isinstance(v, Literal))
    return [v.toPython() for v in values if isinstance(v.toPython(), int)]


def _text(term: Node | None) -> str | None:
    """An IRI or literal as plain text; None for nothing (a blank node path reads as its id)."""
    return None if term is None else str(term)


def _local(term: Node) -> str:
    """The local name of an IRI: sh:Violation → 'Violation'."""
    text = str(term)
    return text.rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def _compact(text: str) -> str:
    """Shorten an IRI with the project prefixes (id: for the instance base) for reading."""
    prefixes = {**PREFIXES, "tkgsh": SHAPES_IRI, "id": base_iri()}
    for prefix, iri in sorted(prefixes.items(), key=lambda item: -len(item[1])):
        if text.startswith(iri) and len(text) > len(iri):
            return f"{prefix}:{text[len(iri) :]}"
    return text


def sort_key(result: Result) -> tuple[int, int, str, str, str, str, str, str]:
    """Violations first, then by file line, focus node and message; then by rule, component,
    path and value, so that the order is the same however the results were found."""
    line = result.source_line if result.source_line is not None else 1 << 30
    return (
        _SEVERITY_ORDER.get(result.severity, 3),
        line,
        result.focus_node,
        result.message,
        result.source_shape or "",
        result.constraint or "",
        result.path or "",
        result.value or "",
    )
