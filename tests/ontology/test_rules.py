"""The rule engine: HermiT's inferences from the ontology's own axioms, and loud refusals."""

from __future__ import annotations

import pytest
from ontology_support import iri, tkg
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import OWL, RDF, RDFS, XSD

from therapykg.errors import InconsistentError, ReasonerError
from therapykg.ontology import load_ontology_graph
from therapykg.ontology.reasoning import _run_hermit, find_java, reason
from therapykg.ontology.rules import RuleEngine, as_graph, triples_of


@pytest.fixture(scope="module")
def engine() -> RuleEngine:
    return RuleEngine.from_ontology(load_ontology_graph())


def infer(engine: RuleEngine, data: Graph) -> Graph:
    return as_graph(engine.infer(triples_of(data)))


def test_same_inferences_as_hermit_on_the_clean_data(
    engine: RuleEngine, clean_graph: Graph
) -> None:
    assert set(infer(engine, clean_graph)) == set(reason(clean_graph))


def test_hermit_finds_no_subsumption_beyond_the_stated_hierarchy(engine: RuleEngine) -> None:
    """ "Most specific" uses the stated hierarchy; a definition that entails more must say so."""
    ontology = load_ontology_graph()
    raw = _run_hermit(ontology, Graph(), find_java())  # also: the ontology alone is consistent
    for sub, sup in raw.subject_objects(RDFS.subClassOf):
        if isinstance(sub, URIRef) and isinstance(sup, URIRef) and sup != OWL.Thing:
            assert str(sup) in engine.supers.get(str(sub), {str(sub)}), (sub, sup)


def test_a_new_definition_in_the_ontology_is_a_new_rule(clean_graph: Graph) -> None:
    ontology = load_ontology_graph()
    graded = tkg("GradedApproach")
    restriction, members = BNode(), BNode()
    ontology.add((graded, RDF.type, OWL.Class))
    ontology.add((restriction, RDF.type, OWL.Restriction))
    ontology.add((restriction, OWL.onProperty, tkg("hasGrading")))
    ontology.add((restriction, OWL.someValuesFrom, tkg("Grading")))
    Collection(ontology, members, [tkg("PsychotherapyApproach"), restriction])
    intersection = BNode()
    ontology.add((intersection, OWL.intersectionOf, members))
    ontology.add((graded, OWL.equivalentClass, intersection))
    inferred = infer(RuleEngine.from_ontology(ontology), clean_graph)
    graded_approaches = set(inferred.subjects(RDF.type, graded))
    assert graded_approaches == set(clean_graph.subjects(tkg("hasGrading"), None))
    assert graded_approaches


@pytest.mark.parametrize(
    ("predicate", "obj", "named"),
    [
        (OWL.allValuesFrom, tkg("Grading"), "owl:allValuesFrom"),
        (OWL.maxCardinality, Literal(1), "owl:maxCardinality"),
        (OWL.complementOf, tkg("Grading"), "owl:complementOf"),
    ],
)
def test_an_axiom_form_the_rules_do_not_cover_is_refused(
    predicate: URIRef, obj: URIRef | Literal, named: str
) -> None:
    ontology = load_ontology_graph()
    restriction = BNode()
    ontology.add((tkg("Grading"), RDFS.subClassOf, restriction))
    ontology.add((restriction, OWL.onProperty, tkg("hasGrade")))
    ontology.add((restriction, predicate, obj))
    with pytest.raises(ReasonerError, match=named):
        RuleEngine.from_ontology(ontology)


def test_a_symmetric_property_is_refused() -> None:
    ontology = load_ontology_graph()
    ontology.add((tkg("strongerThan"), RDF.type, OWL.SymmetricProperty))
    with pytest.raises(ReasonerError, match="owl:SymmetricProperty"):
        RuleEngine.from_ontology(ontology)


def test_a_union_outside_a_domain_or_range_is_refused() -> None:
    ontology = load_ontology_graph()
    union, members = BNode(), BNode()
    Collection(ontology, members, [tkg("Person"), tkg("Organization")])
    ontology.add((union, OWL.unionOf, members))
    ontology.add((tkg("Person"), RDFS.subClassOf, union))
    with pytest.raises(ReasonerError, match="owl:unionOf used by"):
        RuleEngine.from_ontology(ontology)


# --- inconsistencies: the same culprits HermiT's path names -------------------------------------


def test_disjoint_types_are_inconsistent(engine: RuleEngine) -> None:
    both = iri("element/alliance-or-adaptation")
    data = Graph()
    data.add((both, RDF.type, tkg("RelationshipElement")))
    data.add((both, RDF.type, tkg("ResponsivenessAdaptation")))
    with pytest.raises(InconsistentError) as caught:
        engine.infer(triples_of(data))
    assert caught.value.culprits == [str(both)]
    assert "tkg:RelationshipElement and a tkg:ResponsivenessAdaptation" in str(caught.value)


def test_disjoint_types_by_range_are_inconsistent(engine: RuleEngine) -> None:
    """A statement cites a node that is a Work, and citesReference's range makes it a Reference."""
    statement, work = iri("article/x/v1/s-1"), iri("work/a-book")
    data = Graph()
    data.add((statement, tkg("citesReference"), work))
    data.add((work, RDF.type, tkg("Work")))
    with pytest.raises(InconsistentError) as caught:
        engine.infer(triples_of(data))
    assert caught.value.culprits == [str(work)]


def test_two_declared_different_grades_are_inconsistent(engine: RuleEngine) -> None:
    grading = iri("article/x/v1/grading-99")
    data = Graph()
    data.add((grading, tkg("hasGrade"), iri("grade/promising")))
    data.add((grading, tkg("hasGrade"), iri("grade/demonstrably-effective")))
    with pytest.raises(InconsistentError) as caught:
        engine.infer(triples_of(data))
    assert caught.value.culprits == [str(grading)]
    assert "functional tkg:hasGrade" in str(caught.value)


def test_a_string_where_a_boolean_belongs_is_inconsistent(engine: RuleEngine) -> None:
    statement = iri("article/x/v1/s-1")
    data = Graph()
    data.add((statement, tkg("llmTagged"), Literal("true")))
    with pytest.raises(InconsistentError) as caught:
        engine.infer(triples_of(data))
    assert caught.value.culprits == [str(statement)]
    assert "not an xsd:boolean" in str(caught.value)


def test_a_node_outside_a_union_range_is_inconsistent(engine: RuleEngine) -> None:
    """influencedBy's range is an approach or a person; a Work is neither (they are disjoint)."""
    approach, work = iri("framework/x"), iri("work/a-book")
    data = Graph()
    data.add((approach, tkg("influencedBy"), work))
    data.add((work, RDF.type, tkg("Work")))
    with pytest.raises(InconsistentError) as caught:
        engine.infer(triples_of(data))
    assert caught.value.culprits == [str(work)]
    assert "range of tkg:influencedBy" in str(caught.value)


def test_a_merge_owl_would_make_is_refused_not_guessed(engine: RuleEngine) -> None:
    """Two works for one reference: OWL makes them one individual; the rules do not merge."""
    reference = iri("article/x/v1/ref-1")
    data = Graph()
    data.add((reference, tkg("refersToWork"), iri("work/one")))
    data.add((reference, tkg("refersToWork"), iri("work/two")))
    with pytest.raises(ReasonerError, match="merge individuals") as caught:
        engine.infer(triples_of(data))
    assert "--hermit" in str(caught.value)


def test_llm_tagged_by_value_not_by_spelling(engine: RuleEngine) -> None:
    """HermiT compares literals by value: "1"^^xsd:boolean is true."""
    statement = iri("article/x/v1/s-1")
    data = Graph()
    data.add((statement, RDF.type, tkg("Statement")))
    data.add((statement, tkg("llmTagged"), Literal("1", datatype=XSD.boolean)))
    assert (statement, RDF.type, tkg("LLMTaggedStatement")) in infer(engine, data)
