"""The ontology and alignment files: they parse, declare every term, and are consistent."""

from __future__ import annotations

from pathlib import Path

import owlready2
import pyoxigraph
import pytest
from ontology_support import TKG, iri, tkg
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS
from rdflib.term import Node

from therapykg.ontology import (
    ALIGNMENT_PATH,
    ONTOLOGY_PATH,
    SHAPES_PATH,
    load_ontology_graph,
)
from therapykg.ontology.reasoning import find_java, reason
from therapykg.ontology.vocab import GRADES, ONTOLOGY_IRI, TIERS, TKG_TERMS, VERSION, grade, tier

DECLARATIONS = {
    OWL.Class,
    OWL.ObjectProperty,
    OWL.DatatypeProperty,
    OWL.AnnotationProperty,
    OWL.NamedIndividual,
}
# tkg: terms the ontology declares although no code uses them yet. Empty today; a term added to
# the ontology must either be used (and listed in TKG_TERMS) or be named here on purpose.
INTENTIONAL_EXTRAS: frozenset[str] = frozenset()


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return load_ontology_graph()


@pytest.mark.parametrize("path", [ONTOLOGY_PATH, ALIGNMENT_PATH, SHAPES_PATH], ids=lambda p: p.name)
def test_parses_with_rdflib_and_pyoxigraph(path: Path) -> None:
    graph = Graph().parse(path, format="turtle")
    store = pyoxigraph.Store()
    store.load(path=str(path), format=pyoxigraph.RdfFormat.TURTLE)
    assert len(graph) == len(store) > 0


def test_header(ontology: Graph) -> None:
    header = URIRef(ONTOLOGY_IRI)
    assert (header, RDF.type, OWL.Ontology) in ontology
    assert ontology.value(header, OWL.versionIRI) == URIRef(ONTOLOGY_IRI + "/" + VERSION)
    assert ontology.value(header, DCTERMS.license) == URIRef("https://spdx.org/licenses/MIT")
    for prop in (DCTERMS.title, DCTERMS.description, DCTERMS.creator):
        assert ontology.value(header, prop) is not None, prop


@pytest.mark.parametrize("name", TKG_TERMS)
def test_every_term_is_declared_with_label_and_definition(ontology: Graph, name: str) -> None:
    term = tkg(name)
    assert set(ontology.objects(term, RDF.type)) & DECLARATIONS, f"tkg:{name} is not declared"
    assert ontology.value(term, RDFS.label) is not None, f"tkg:{name} has no rdfs:label"
    assert ontology.value(term, SKOS.definition) is not None, f"tkg:{name} has no definition"


def test_every_declared_term_is_in_tkg_terms(ontology: Graph) -> None:
    declared = {
        str(s)[len(TKG) :]
        for s, _, kind in ontology.triples((None, RDF.type, None))
        if kind in DECLARATIONS and str(s).startswith(TKG)
    }
    assert declared - set(TKG_TERMS) == INTENTIONAL_EXTRAS


def test_classes_start_with_a_capital_and_properties_do_not(ontology: Graph) -> None:
    for name in TKG_TERMS:
        kinds = set(ontology.objects(tkg(name), RDF.type))
        if OWL.Class in kinds or OWL.NamedIndividual in kinds:
            assert name[0].isupper(), name
        else:
            assert name[0].islower(), name


@pytest.mark.parametrize(
    ("slug", "label"),
    [
        ("demonstrably-effective", "demonstrably effective"),
        ("probably-effective", "probably effective"),
        ("promising", "promising but insufficient research to judge"),
    ],
)
def test_grades_sit_at_the_vocab_iris(ontology: Graph, slug: str, label: str) -> None:
    node = URIRef(grade(slug).value)
    assert (node, RDF.type, tkg("EvidenceGrade")) in ontology
    assert ontology.value(node, SKOS.prefLabel) == Literal(label)
    assert ontology.value(node, SKOS.inScheme) == URIRef(grade("scheme").value)


def test_grades_are_ordered_and_pairwise_different(ontology: Graph) -> None:
    stronger = tkg("strongerThan")
    de, pe, pr = (URIRef(grade(slug).value) for slug in GRADES)
    assert set(ontology.subject_objects(stronger)) == {(de, pe), (pe, pr)}
    assert (stronger, RDF.type, OWL.TransitiveProperty) in ontology
    assert {de, pe, pr} in _all_different_groups(ontology)


def test_tiers_sit_at_the_vocab_iris(ontology: Graph) -> None:
    nodes = {URIRef(tier(name).value) for name in TIERS}
    for node in nodes:
        assert (node, RDF.type, tkg("SourceTier")) in ontology
        assert ontology.value(node, SKOS.inScheme) == URIRef(tier("scheme").value)
    assert nodes in _all_different_groups(ontology)


def test_property_chain_and_inverse(ontology: Graph) -> None:
    chain_head = ontology.value(tkg("achievedGrade"), OWL.propertyChainAxiom)
    assert chain_head is not None
    assert list(ontology.items(chain_head)) == [tkg("isGradedIn"), tkg("hasGrade")]
    assert ontology.value(tkg("gradedItem"), OWL.inverseOf) == tkg("isGradedIn")


def test_lineage_properties(ontology: Graph) -> None:
    direct, closure = tkg("directlyInfluencedBy"), tkg("influencedBy")
    assert (direct, RDFS.subPropertyOf, closure) in ontology
    assert (closure, RDF.type, OWL.TransitiveProperty) in ontology
    assert (tkg("extractedFrom"), RDFS.subPropertyOf, URIRef(_prov("wasDerivedFrom"))) in ontology


def test_ordinal_has_no_domain(ontology: Graph) -> None:
    """Sections and statements both carry tkg:ordinal; a domain would make sections statements."""
    for name in ("ordinal", "inArticle", "sourceLine"):
        assert ontology.value(tkg(name), RDFS.domain) is None, name


def test_alignment_uses_exact_match_for_checked_identifiers_only() -> None:
    alignment = Graph().parse(ALIGNMENT_PATH, format="turtle")
    assert set(alignment.subject_objects(SKOS.exactMatch)) == {
        (iri("condition/major-depressive-disorder"), _obo("DOID_1470")),
        (iri("condition/generalized-anxiety-disorder"), _obo("DOID_14320")),
        (iri("condition/ptsd"), _obo("DOID_2055")),
    }
    assert not list(alignment.triples((None, OWL.sameAs, None)))
    assert (tkg("citesReference"), RDFS.subPropertyOf, URIRef(_cito("cites"))) in alignment
    assert (tkg("Work"), RDFS.subClassOf, URIRef("https://schema.org/CreativeWork")) in (alignment)


def test_owlready2_loads_the_ontology(tmp_path: Path) -> None:
    path = tmp_path / "ontology.nt"
    load_ontology_graph().serialize(destination=path, format="nt", encoding="utf-8")
    world = owlready2.World()
    try:
        onto = world.get_ontology(path.as_uri()).load()
        names = {cls.name for cls in onto.classes()}
        assert {"Statement", "DemonstrablyEffectiveElement", "T1BackedStatement"} <= names
    finally:
        world.close()


def test_hermit_finds_the_ontology_consistent() -> None:
    """Reasoning over no data runs HermiT over the ontology alone: consistent, nothing new."""
    assert len(reason(Graph())) == 0


def test_hermit_finds_ontology_and_alignment_consistent(tmp_path: Path) -> None:
    path = tmp_path / "both.nt"
    load_ontology_graph(alignment=True).serialize(destination=path, format="nt", encoding="utf-8")
    world = owlready2.World()
    previous, owlready2.JAVA_EXE = owlready2.JAVA_EXE, find_java()
    try:
        world.get_ontology(path.as_uri()).load()
        owlready2.sync_reasoner_hermit(world, debug=0)
        assert list(world.inconsistent_classes()) == []
    finally:
        owlready2.JAVA_EXE = previous
        world.close()


def _all_different_groups(ontology: Graph) -> list[set[Node]]:
    groups = []
    for node in ontology.subjects(RDF.type, OWL.AllDifferent):
        head = ontology.value(node, OWL.distinctMembers)
        assert head is not None
        groups.append(set(ontology.items(head)))
    return groups


def _prov(name: str) -> str:
    return "http://www.w3.org/ns/prov#" + name


def _cito(name: str) -> str:
    return "http://purl.org/spar/cito/" + name


def _obo(name: str) -> URIRef:
    return URIRef("http://purl.obolibrary.org/obo/" + name)


# --- lineage relations (begin) ---
def test_lineage_relations_sit_at_the_vocab_iris_and_say_whether_they_imply_influence(
    ontology: Graph,
) -> None:
    from therapykg.ontology.vocab import LINEAGE_RELATIONS, lineage_relation

    nodes = set()
    for slug, (label, implies) in LINEAGE_RELATIONS.items():
        node = URIRef(lineage_relation(slug).value)
        nodes.add(node)
        assert (node, RDF.type, tkg("LineageRelation")) in ontology
        assert ontology.value(node, SKOS.prefLabel) == Literal(label)
        assert ontology.value(node, SKOS.notation) == Literal(slug)
        assert ontology.value(node, SKOS.inScheme) == URIRef(lineage_relation("scheme").value)
        assert ontology.value(node, tkg("impliesInfluence")).toPython() is implies
    assert nodes in _all_different_groups(ontology)
    assert set(ontology.subjects(RDF.type, tkg("LineageRelation"))) == nodes


# --- lineage relations (end) ---
