"""HermiT over the hand-written data set: exactly the expected inferences, and clear failures."""

from __future__ import annotations

import pytest
from ontology_support import iri, load_clean, parts_of, tkg
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF

from therapykg.errors import InconsistentError, ReasonerError
from therapykg.ontology import load_ontology_graph
from therapykg.ontology.reasoning import ontology_terms, reason, reason_in_parts

EBTR = "article/ebtr/v1.0/"
PCT = "article/pct/v1.0/"
FRAMEWORK = iri("framework/evidence-based-therapy-relationships-and-responsiveness")
PCT_FRAMEWORK = iri("framework/person-centered-therapy")
MI = iri("framework/motivational-interviewing")
RANK = iri("person/otto-rank")
WORKING_ALLIANCE = iri("theory/working-alliance-theory")

T1_BACKED = {
    iri(EBTR + "s-creators-lineage-1"),
    iri(EBTR + "s-interventions-techniques-1"),
    iri(EBTR + "s-interventions-techniques-2"),
    iri(EBTR + "s-interventions-techniques-3"),
    iri(EBTR + "s-interventions-techniques-4"),
    iri(EBTR + "s-problems-for-work-1"),
    iri(EBTR + "s-treatment-plan-suggestions-smart-objectives-1"),
    iri(PCT + "s-creators-lineage-1"),
}
EXPECTED_MEMBERS = {
    "DemonstrablyEffectiveElement": {iri("element/alliance")},
    "ProbablyEffectiveElement": {iri("element/goal-consensus")},
    "PromisingElement": {iri("element/congruence-genuineness")},
    "DemonstrablyEffectiveAdaptation": {iri("adaptation/reactance-resistance-level")},
    "LLMTaggedStatement": {
        iri(EBTR + "s-creators-lineage-3"),
        iri(EBTR + "s-interventions-techniques-5"),
        iri(EBTR + "s-populations-indications-1"),
        iri(EBTR + "s-reflective-supervision-questions-1"),
        iri(PCT + "s-creators-lineage-2"),
    },
    # T1-backed statements are sourced too: the reasoner's answer includes the superclass.
    "SourcedStatement": T1_BACKED
    | {iri(EBTR + "s-creators-lineage-2"), iri(EBTR + "s-key-terms-1")},
    "T1BackedStatement": T1_BACKED,
}
EXPECTED_LINEAGE = {
    (FRAMEWORK, PCT_FRAMEWORK),
    (FRAMEWORK, WORKING_ALLIANCE),
    (FRAMEWORK, RANK),  # across the two article graphs
    (PCT_FRAMEWORK, RANK),
    (MI, PCT_FRAMEWORK),
    (MI, RANK),
}


@pytest.fixture(scope="module")
def inferred(clean_graph: Graph) -> Graph:
    return reason(clean_graph)


@pytest.mark.parametrize("name", sorted(EXPECTED_MEMBERS))
def test_defined_class_members(inferred: Graph, name: str) -> None:
    assert set(inferred.subjects(RDF.type, tkg(name))) == EXPECTED_MEMBERS[name]


def test_only_defined_classes_are_inferred(inferred: Graph) -> None:
    assert set(inferred.objects(None, RDF.type)) == {tkg(name) for name in EXPECTED_MEMBERS}


def test_llm_tagged_value_restriction_is_classified(inferred: Graph) -> None:
    """owlready2 hands HermiT a real xsd:boolean, so `llmTagged value true` needs no fallback."""
    assert (iri(EBTR + "s-creators-lineage-3"), RDF.type, tkg("LLMTaggedStatement")) in inferred
    assert (iri(EBTR + "s-lead-1"), RDF.type, tkg("LLMTaggedStatement")) not in inferred


def test_lineage_closure(inferred: Graph) -> None:
    assert set(inferred.subject_objects(tkg("influencedBy"))) == EXPECTED_LINEAGE


def test_property_chain_and_inverse_values(inferred: Graph) -> None:
    achieved = set(inferred.subject_objects(tkg("achievedGrade")))
    assert achieved == {
        (iri("element/alliance"), iri("grade/demonstrably-effective")),
        (iri("element/goal-consensus"), iri("grade/probably-effective")),
        (iri("element/congruence-genuineness"), iri("grade/promising")),
        (iri("adaptation/reactance-resistance-level"), iri("grade/demonstrably-effective")),
        (iri("adaptation/stage-of-change"), iri("grade/probably-effective")),
    }
    graded_in = set(inferred.subject_objects(tkg("isGradedIn")))
    assert (iri("element/alliance"), iri(EBTR + "grading-1")) in graded_in
    assert len(graded_in) == 5


def test_super_property_values(inferred: Graph, clean_graph: Graph) -> None:
    derived = set(inferred.subject_objects(URIRef("http://www.w3.org/ns/prov#wasDerivedFrom")))
    assert derived == set(clean_graph.subject_objects(tkg("extractedFrom")))


def test_returns_only_new_non_trivial_triples(inferred: Graph, clean_graph: Graph) -> None:
    own_terms = ontology_terms(load_ontology_graph())  # the scheme's graded items are data
    for triple in inferred:
        assert triple not in clean_graph, triple
        assert triple[0] not in own_terms, triple
        assert triple[2] not in {OWL.Thing, OWL.NamedIndividual}, triple
    predicates = set(inferred.predicates())
    assert predicates == {
        RDF.type,
        tkg("influencedBy"),
        tkg("achievedGrade"),
        tkg("isGradedIn"),
        URIRef("http://www.w3.org/ns/prov#wasDerivedFrom"),
    }


def test_in_parts_matches_the_whole(inferred: Graph, clean_dataset: Dataset) -> None:
    parts = parts_of(clean_dataset)
    assert set(reason_in_parts(parts)) == set(inferred)


def test_in_parts_one_article_per_run_closes_lineage_across_articles(inferred: Graph) -> None:
    parts = parts_of(load_clean())
    in_parts = reason_in_parts(parts, batch_triples=1)
    assert set(in_parts) == set(inferred)
    alone = reason(next(p for p in parts if (FRAMEWORK, tkg("directlyInfluencedBy"), None) in p))
    assert (FRAMEWORK, tkg("influencedBy"), RANK) not in alone


def test_disjoint_types_raise_inconsistent_error_naming_the_individual() -> None:
    both = iri("element/alliance-or-adaptation")
    data = Graph()
    data.add((both, RDF.type, tkg("RelationshipElement")))
    data.add((both, RDF.type, tkg("ResponsivenessAdaptation")))
    with pytest.raises(InconsistentError) as caught:
        reason(data)
    assert caught.value.culprits == [str(both)]
    message = str(caught.value)
    assert str(both) in message
    assert "tkg:RelationshipElement" in message and "tkg:ResponsivenessAdaptation" in message
    assert "OwlReadyInconsistentOntologyError" in message


def test_two_grades_for_one_grading_raise_inconsistent_error() -> None:
    grading = iri(EBTR + "grading-99")
    data = Graph()
    data.add((grading, RDF.type, tkg("Grading")))
    data.add((grading, tkg("hasGrade"), iri("grade/promising")))
    data.add((grading, tkg("hasGrade"), iri("grade/demonstrably-effective")))
    with pytest.raises(InconsistentError) as caught:
        reason(data)
    assert caught.value.culprits == [str(grading)]
    assert "functional tkg:hasGrade" in str(caught.value)


def test_a_non_boolean_llm_tagged_is_inconsistent() -> None:
    statement = iri(EBTR + "s-bad-1")
    data = Graph()
    data.add((statement, RDF.type, tkg("Statement")))
    data.add((statement, tkg("llmTagged"), Literal("yes")))
    with pytest.raises(InconsistentError) as caught:
        reason(data)
    assert caught.value.culprits == [str(statement)]
    assert 'tkg:llmTagged "yes", not an xsd:boolean' in str(caught.value)


def test_missing_java_raises_reasoner_error_with_install_hint() -> None:
    with pytest.raises(ReasonerError) as caught:
        reason(Graph(), java="/nonexistent/bin/java")
    message = str(caught.value)
    assert "/nonexistent/bin/java" in message
    assert "apt-get install -y default-jre-headless" in message
    assert "THERAPYKG_JAVA" in message


def test_java_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("THERAPYKG_JAVA", "/nonexistent/jre/bin/java")
    with pytest.raises(ReasonerError, match="/nonexistent/jre/bin/java"):
        reason_in_parts([Graph()])


def test_inconsistency_in_a_worker_keeps_its_culprits() -> None:
    """With several batches the work runs in processes; the error must survive the trip back."""
    both = iri("element/alliance-or-adaptation")
    bad = Graph()
    bad.add((both, RDF.type, tkg("RelationshipElement")))
    bad.add((both, RDF.type, tkg("ResponsivenessAdaptation")))
    with pytest.raises(InconsistentError) as caught:
        reason_in_parts([*parts_of(load_clean()), bad], batch_triples=1, workers=2)
    assert caught.value.culprits == [str(both)]


def test_a_java_that_fails_raises_reasoner_error() -> None:
    with pytest.raises(ReasonerError, match="HermiT could not run"):
        reason(Graph(), java="/bin/false")
