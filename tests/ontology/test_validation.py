"""SHACL validation: clean data conforms, and each file in data/violations breaks exactly its rule.

A violation file adds a few triples to the clean data set. Its comment header says what must come
out, and nothing else may:

    # expect-shape: tkgsh:Statement-ordinal     (one or more; the set of result shapes, exactly)
    # expect-focus: ebtr:s-bad-1                (optional; the set of focus nodes, exactly)
    # expect-message: ordinal                   (optional; a fragment some message contains)
    # expect-severity: Warning                  (optional; default Violation, for every result)
    # expect-line: 42                           (optional; some result points at this file line)
"""

from __future__ import annotations

import doctest
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from ontology_support import VIOLATIONS, iri, load_clean, tkg
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.namespace import RDF, SH, XSD

from therapykg.loaders.model import Kind
from therapykg.ontology import SHAPES_IRI, load_ontology_graph, load_shapes_graph, validation
from therapykg.ontology.validation import Report, Result, format_report, union_graph, validate

VIOLATION_FILES = sorted(VIOLATIONS.glob("*.ttl"))


@dataclass
class Expectation:
    shapes: set[str] = field(default_factory=set)
    focus: set[str] = field(default_factory=set)
    messages: list[str] = field(default_factory=list)
    severity: str = "Violation"
    line: int | None = None


def read_expectation(path: Path, graph: Graph) -> Expectation:
    """The `# expect-…:` header of a violation file, with prefixed names expanded."""
    prefixes = {p: str(ns) for p, ns in graph.namespaces()} | {"tkgsh": SHAPES_IRI}
    expected = Expectation()
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.startswith("# expect-"):
            continue
        key, _, value = line.removeprefix("# expect-").partition(": ")
        if key == "shape":
            expected.shapes.add(_expand(value, prefixes))
        elif key == "focus":
            expected.focus.add(_expand(value, prefixes))
        elif key == "message":
            expected.messages.append(value)
        elif key == "severity":
            expected.severity = value
        elif key == "line":
            expected.line = int(value)
    return expected


def _expand(name: str, prefixes: dict[str, str]) -> str:
    if name.startswith("<") and name.endswith(">"):
        return name[1:-1]
    prefix, _, local = name.partition(":")
    return prefixes[prefix] + local


def with_violation(path: Path) -> tuple[Dataset, Graph]:
    """The clean data set plus the file's triples in a graph of their own."""
    dataset = load_clean()
    added = dataset.graph(URIRef("urn:x-test:violation"))
    added.parse(data=path.read_text(encoding="utf-8"), format="turtle")
    return dataset, added


def test_clean_data_conforms(clean_dataset: Dataset) -> None:
    report = validate(clean_dataset)
    assert report == Report(conforms=True, results=[])
    assert report.exit_code == 0
    assert format_report(report) == "Conforms."


def test_there_is_a_violation_file_per_rule() -> None:
    assert len(VIOLATION_FILES) >= 25


@pytest.mark.parametrize("path", VIOLATION_FILES, ids=lambda p: p.stem)
def test_violation_file(path: Path) -> None:
    dataset, added = with_violation(path)
    expected = read_expectation(path, added)
    report = validate(dataset)
    assert report.results, f"{path.name}: no result at all"
    assert {r.source_shape for r in report.results} == expected.shapes
    assert {r.severity for r in report.results} == {expected.severity}
    if expected.focus:
        assert {r.focus_node for r in report.results} == expected.focus
    for fragment in expected.messages:
        assert any(fragment in r.message for r in report.results), fragment
    if expected.line is not None:
        assert expected.line in {r.source_line for r in report.results}
    assert report.conforms == (expected.severity != "Violation")
    assert report.exit_code == (1 if expected.severity == "Violation" else 0)


def test_source_count_mismatch_is_only_an_info_listed_when_asked() -> None:
    """A miscounted source list is a fact about the article, not a fault: no warning."""
    dataset, _ = with_violation(VIOLATIONS / "source-count-mismatch.ttl")
    report = validate(dataset)
    assert report.conforms and report.exit_code == 0
    assert [r.severity for r in report.results] == ["Info"]
    assert report.violations == [] and report.warnings == [] and len(report.infos) == 1
    assert format_report(report) == "Conforms."
    listed = format_report(report, infos=True).splitlines()
    assert listed[:2] == ["Conforms: 1 info.", "Info: id:article/mini/v1.0"]
    assert "declares 6 sources but the source list has 7" in listed[2]


def test_graph_and_dataset_give_the_same_report() -> None:
    dataset, _ = with_violation(VIOLATIONS / "statement-without-ordinal.ttl")
    assert validate(union_graph(dataset)) == validate(dataset)


def test_ontology_false_when_the_data_holds_it() -> None:
    dataset, _ = with_violation(VIOLATIONS / "grading-two-items.ttl")
    graph = union_graph(dataset) + load_ontology_graph()
    assert validate(graph, ontology=False) == validate(dataset)


def test_without_the_ontology_subclasses_are_unknown(clean_dataset: Dataset) -> None:
    """sh:class needs the hierarchy: a tkg:Framework is an approach only through the ontology."""
    report = validate(clean_dataset, ontology=False)
    shapes = {r.source_shape for r in report.results}
    assert SHAPES_IRI + "Article-describesApproach" in shapes


def test_validate_does_not_change_its_input() -> None:
    dataset, _ = with_violation(VIOLATIONS / "reference-without-tier.ttl")
    graph = union_graph(dataset)
    before = len(graph)
    validate(graph)
    assert len(graph) == before


def test_report_text_names_line_rule_and_value() -> None:
    dataset, _ = with_violation(VIOLATIONS / "grading-grade-outside-scheme.ttl")
    text = format_report(validate(dataset))
    assert text.splitlines() == [
        "Does not conform: 1 violation.",
        "Violation: id:article/ebtr/v1.0/grading-9 (line 25)",
        "  A grading has exactly one tkg:hasGrade from the grade scheme.",
        "  path: tkg:hasGrade",
        "  value: id:grade/effective",
        "  rule: tkgsh:Grading-hasGrade",
    ]


def test_results_come_violations_first_then_by_line() -> None:
    report = Report(
        conforms=False,
        results=sorted(
            [
                Result("Warning", "urn:a", None, "w", None, 1),
                Result("Violation", "urn:b", None, "v", None, 30),
                Result("Violation", "urn:c", None, "v", None, 4),
            ],
            key=validation.sort_key,
        ),
    )
    assert [r.focus_node for r in report.results] == ["urn:c", "urn:b", "urn:a"]


def test_source_line_of_a_fact_is_that_of_its_statement() -> None:
    data = union_graph(load_clean())
    grading = iri("article/ebtr/v1.0/grading-1")
    data.remove((grading, tkg("hasGrade"), None))
    [result] = validate(data).results
    assert result.focus_node == str(grading)
    assert result.source_line == 25


def test_statement_kinds_match_the_article_model() -> None:
    shapes = load_shapes_graph()
    kinds = URIRef(SHAPES_IRI + "Statement-statementKind")
    head = shapes.value(kinds, SH["in"])
    assert head is not None
    listed = list(shapes.items(head))
    assert listed == [Literal(kind.value) for kind in Kind]


def test_every_property_shape_has_a_message() -> None:
    shapes = load_shapes_graph()
    for shape in shapes.subjects(RDF.type, SH.PropertyShape):
        assert shapes.value(shape, SH.message) is not None, shape


def test_docstring_examples() -> None:
    assert doctest.testmod(validation).failed == 0


def test_xsd_string_literals_count_as_plain_ones() -> None:
    """pyoxigraph hands out "LLM"^^xsd:string; RDF 1.1 says that is the plain literal "LLM"."""
    data = union_graph(load_clean())
    for statement, tag in list(data.subject_objects(tkg("provenanceTag"))):
        data.set((statement, tkg("provenanceTag"), Literal(str(tag), datatype=XSD.string)))
    assert validate(data).conforms


@pytest.mark.parametrize(
    ("statement", "tag", "conforms"),
    [
        ("s-creators-lineage-3", "LLM", True),
        ("s-creators-lineage-3", "`LLM`", True),  # Markdown
        ("s-creators-lineage-3", "(LLM)", True),
        ("s-creators-lineage-3", "1", False),
        ("s-creators-lineage-1", "1", True),
        ("s-creators-lineage-1", "[1]", True),  # Markdown
        ("s-creators-lineage-1", "<sup>1</sup>", True),  # HTML
        ("s-creators-lineage-1", "LLM 1", False),
        ("s-creators-lineage-1", "see source", False),
    ],
)
def test_tags_are_read_through_their_markup(statement: str, tag: str, conforms: bool) -> None:
    """The tag is kept as written; the shapes check what it says (LLM, or source numbers)."""
    data = union_graph(load_clean())
    data.set((iri("article/ebtr/v1.0/" + statement), tkg("provenanceTag"), Literal(tag)))
    assert validate(data).conforms == conforms
