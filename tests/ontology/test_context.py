"""The JSON-LD context: compact JSON that expands to exactly the triples of the data model.

Expansion goes through rdflib's JSON-LD processor (`to_rdf`); `Graph.parse(format="json-ld")`
wraps the same function in a ConjunctiveGraph, which rdflib 7.6 deprecates with a warning.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from ontology_support import TKG, iri, tkg
from rdflib import Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import OWL, RDF, RDFS, XSD
from rdflib.plugins.parsers.jsonld import to_rdf

from therapykg.ontology import CONTEXT_PATH, load_context, load_ontology_graph
from therapykg.ontology.vocab import PREFIXES, TKG_TERMS

ARTICLE = "https://w3id.org/therapykg/id/article/ebtr/v1.0"
EXPECTED = f"""
@prefix tkg: <{TKG}> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix dcterms: <http://purl.org/dc/terms/> .

<{ARTICLE}> a tkg:Article ; dcterms:title "Evidence-Based Therapy Relationships" ;
    tkg:generatedOn "2026-06-04"^^xsd:date ; tkg:readingTimeMinutes 17 ;
    tkg:hasSection <{ARTICLE}/sec-lead> .
<{ARTICLE}/s-creators-lineage-1> a tkg:Statement ;
    tkg:text "The task force was chaired by John C. Norcross." ;
    tkg:provenanceTag "1" ; tkg:llmTagged false ;
    tkg:citesReference <{ARTICLE}/ref-1> ;
    tkg:inSection <{ARTICLE}/sec-creators-lineage> ; tkg:ordinal 11 ; tkg:sourceLine 17 .
<{ARTICLE}/ref-1> a tkg:Reference ; tkg:referenceNumber 1 ;
    tkg:sourceTier <https://w3id.org/therapykg/id/tier/T1> .
<{ARTICLE}/grading-1> a tkg:Grading ;
    tkg:gradedItem <https://w3id.org/therapykg/id/element/alliance> ;
    tkg:hasGrade <https://w3id.org/therapykg/id/grade/demonstrably-effective> ;
    tkg:inContext <https://w3id.org/therapykg/id/format/individual-psychotherapy> ,
        <https://w3id.org/therapykg/id/format/youth-psychotherapy> ;
    tkg:extractedFrom <{ARTICLE}/s-creators-lineage-1> .
<{ARTICLE}/role-1> a tkg:RoleAttribution , prov:Attribution ;
    prov:agent <https://w3id.org/therapykg/id/person/john-c-norcross> ;
    prov:hadRole tkg:ChairRole .
<{ARTICLE}/term-alliance> a tkg:KeyTerm ; skos:prefLabel "Alliance" ;
    skos:definition "the bond plus agreement on goals and tasks" .
"""


def compact_document() -> dict[str, Any]:
    """A compacted export as a person would read it: short keys, no @-keywords in the data."""
    return {
        "@context": load_context()["@context"],
        "@graph": [
            {
                "id": ARTICLE,
                "type": "Article",
                "title": "Evidence-Based Therapy Relationships",
                "generatedOn": "2026-06-04",
                "readingTimeMinutes": 17,
                "sections": [f"{ARTICLE}/sec-lead"],
            },
            {
                "id": f"{ARTICLE}/s-creators-lineage-1",
                "type": "Statement",
                "text": "The task force was chaired by John C. Norcross.",
                "tag": "1",
                "llmTagged": False,
                "cites": [f"{ARTICLE}/ref-1"],
                "section": f"{ARTICLE}/sec-creators-lineage",
                "ordinal": 11,
                "sourceLine": 17,
            },
            {
                "id": f"{ARTICLE}/ref-1",
                "type": "Reference",
                "number": 1,
                "tier": "https://w3id.org/therapykg/id/tier/T1",
            },
            {
                "id": f"{ARTICLE}/grading-1",
                "type": "Grading",
                "item": str(iri("element/alliance")),
                "grade": str(iri("grade/demonstrably-effective")),
                "contexts": [
                    str(iri("format/individual-psychotherapy")),
                    str(iri("format/youth-psychotherapy")),
                ],
                "extractedFrom": [f"{ARTICLE}/s-creators-lineage-1"],
            },
            {
                "id": f"{ARTICLE}/role-1",
                "type": ["RoleAttribution", "prov:Attribution"],
                "agent": str(iri("person/john-c-norcross")),
                "role": "ChairRole",
            },
            {
                "id": f"{ARTICLE}/term-alliance",
                "type": "KeyTerm",
                "label": "Alliance",
                "definition": "the bond plus agreement on goals and tasks",
            },
        ],
    }


def expand(document: dict[str, Any]) -> Graph:
    graph = Graph()
    to_rdf(json.loads(json.dumps(document)), graph)
    return graph


@pytest.fixture(scope="module")
def context() -> dict[str, Any]:
    inner: dict[str, Any] = load_context()["@context"]
    return inner


def test_context_file_is_json_ld_1_1(context: dict[str, Any]) -> None:
    assert json.loads(CONTEXT_PATH.read_text(encoding="utf-8"))["@context"] == context
    assert context["@version"] == 1.1
    assert context["@vocab"] == TKG
    for prefix, namespace in PREFIXES.items():
        assert context[prefix] == namespace, prefix


def test_compact_document_expands_to_the_data_model() -> None:
    expected = Graph().parse(data=EXPECTED, format="turtle")
    assert isomorphic(expand(compact_document()), expected)


def test_types_are_coerced() -> None:
    graph = expand(compact_document())
    statement = URIRef(f"{ARTICLE}/s-creators-lineage-1")
    assert graph.value(statement, tkg("llmTagged")) == Literal(False)
    assert graph.value(statement, tkg("ordinal")) == Literal(11, datatype=XSD.integer)
    assert graph.value(URIRef(ARTICLE), tkg("generatedOn")) == Literal(
        "2026-06-04", datatype=XSD.date
    )


def test_every_object_property_expands_to_an_iri(context: dict[str, Any]) -> None:
    """A key for an object property without @type @id would turn IRIs into strings."""
    ontology = load_ontology_graph()
    mapped = _terms_by_iri(context)
    for prop in ontology.subjects(RDF.type, OWL.ObjectProperty):
        if not str(prop).startswith(TKG):
            continue
        definition = mapped.get(str(prop))
        assert definition is not None, f"no key for {prop}"
        assert definition.get("@type") in ("@id", "@vocab"), prop


def test_every_typed_data_property_is_coerced(context: dict[str, Any]) -> None:
    ontology = load_ontology_graph()
    mapped = _terms_by_iri(context)
    for prop, datatype in ontology.subject_objects(RDFS.range):
        if str(prop).startswith(TKG) and datatype in (XSD.integer, XSD.boolean):
            definition = mapped.get(str(prop))
            assert definition is not None, f"no key for {prop}"
            assert _expand(definition["@type"], context) == str(datatype), prop


def test_every_key_names_a_known_term(context: dict[str, Any]) -> None:
    external = tuple(ns for prefix, ns in PREFIXES.items() if prefix != "tkg")
    for key, target in _terms_by_iri(context).items():
        if key.startswith(TKG):
            assert key[len(TKG) :] in TKG_TERMS, key
        else:
            assert key.startswith(external), (key, target)


def _terms_by_iri(context: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Each term definition keyed by the full IRI it stands for (prefix declarations skipped)."""
    terms: dict[str, dict[str, Any]] = {}
    for key, value in context.items():
        if key.startswith("@") or key in PREFIXES or value in ("@id", "@type"):
            continue
        definition = value if isinstance(value, dict) else {"@id": value}
        terms[_expand(definition["@id"], context)] = definition
    return terms


def _expand(name: str, context: dict[str, Any]) -> str:
    prefix, _, local = name.partition(":")
    namespace = context.get(prefix)
    return namespace + local if isinstance(namespace, str) and local else name
