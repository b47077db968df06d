"""The facts of one loaded article, read back with SPARQL against the documented vocabulary
(docs/data-model.md): what a researcher querying the graph would see, not the loader's dataclasses.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pyoxigraph as ox

from therapykg.evaluation.concepts import ConceptIndex, relation_id
from therapykg.evaluation.gold import LLM, Tag
from therapykg.graph.shared import key_triple
from therapykg.graph.store import Store
from therapykg.graph.substitute import substitute
from therapykg.ontology.vocab import RDF, TKG, metadata_graph

_ARTICLE = """
SELECT ?article ?title ?approach WHERE {
  GRAPH ?article { ?article a tkg:Article ; tkg:describesApproach ?approach .
                   OPTIONAL { ?article dcterms:title ?title } }
} ORDER BY ?article
"""
_STATEMENTS = """
SELECT ?s ?ordinal ?text ?llm ?tag (GROUP_CONCAT(STR(?number); separator=" ") AS ?numbers) WHERE {
  GRAPH ?g {
    ?s a tkg:Statement ; tkg:text ?text ; tkg:ordinal ?ordinal .
    OPTIONAL { ?s tkg:llmTagged ?llm }
    OPTIONAL { ?s tkg:provenanceTag ?tag }
    OPTIONAL { ?s tkg:citesReference ?r . ?r tkg:referenceNumber ?number }
  }
} GROUP BY ?s ?ordinal ?text ?llm ?tag ORDER BY ?ordinal
"""
_REFERENCES = """
SELECT ?number ?tier WHERE {
  GRAPH ?g { ?g tkg:hasReference ?r . ?r tkg:referenceNumber ?number .
                  OPTIONAL { ?r tkg:sourceTier ?tier } }
}
"""
_GRADINGS = """
SELECT ?grading ?item ?grade WHERE {
  GRAPH ?g { ?grading a tkg:Grading ; tkg:gradedItem ?item ; tkg:hasGrade ?grade }
}
"""
# An edition property's value, or, when it names a node (a task-force edition), that node's year,
# number, edition or label: every way the graph says which edition a grading belongs to.
_EDITIONS = """
SELECT ?grading ?value WHERE {
  GRAPH ?g { ?grading a tkg:Grading ; ?p ?direct }
  OPTIONAL { ?direct tkg:editionYear|tkg:editionNumber|tkg:edition|tkg:year|rdfs:label ?named }
  BIND(IF(isLiteral(?direct), ?direct, ?named) AS ?value)
  FILTER(BOUND(?value))
}
"""
_LINEAGE = """
SELECT ?link ?subject ?object WHERE {
  GRAPH ?g { ?link a tkg:LineageLink ; tkg:lineageSubject ?subject ;
                  tkg:lineageObject ?object }
}
"""
_RELATIONS = """
SELECT ?link ?relation WHERE { GRAPH ?g { ?link a tkg:LineageLink ; ?p ?relation } }
"""
_CREATORS = """
SELECT DISTINCT ?person WHERE {
  GRAPH ?g { ?approach prov:qualifiedAttribution ?role .
                  ?role prov:agent ?person ; prov:hadRole tkg:CreatorRole }
  FILTER(?approach = ?a)
}
"""
_PEOPLE = "SELECT DISTINCT ?person WHERE { GRAPH ?g { ?person a tkg:Person } }"
_SMART = """
SELECT ?row ?goal ?objective ?ordinal (GROUP_CONCAT(STR(?mechanism); separator=" ") AS ?mechanisms)
WHERE {
  GRAPH ?g {
    ?row a tkg:SmartObjective ; tkg:goal ?goal ; tkg:objective ?objective .
    OPTIONAL { ?row tkg:extractedFrom ?s . ?s tkg:ordinal ?ordinal }
    OPTIONAL { ?row tkg:mechanism ?mechanism }
  }
} GROUP BY ?row ?goal ?objective ?ordinal ORDER BY ?ordinal ?row
"""
_KEY_TERMS = """
SELECT ?term ?label WHERE { GRAPH ?g { ?term a tkg:KeyTerm ; skos:prefLabel ?label } }
"""
_QUESTIONS = """
SELECT ?question ?text ?ordinal WHERE {
  GRAPH ?g { ?question a tkg:ReflectiveQuestion ; tkg:extractedFrom ?s .
                  ?s tkg:text ?text ; tkg:ordinal ?ordinal }
} ORDER BY ?ordinal
"""
_LINKED = "SELECT DISTINCT ?item WHERE { GRAPH ?g { ?a ?p ?item } }"
_TKG = "https://w3id.org/therapykg/ontology#"


@dataclass(frozen=True, slots=True)
class ExtractedStatement:
    ordinal: int
    text: str
    tag: Tag | None  # None: untagged


@dataclass(frozen=True, slots=True)
class ExtractedSmart:
    goal: str
    objective: str
    mechanisms: frozenset[str]


@dataclass(slots=True)
class Extracted:
    """What the graph says about one article, as identifiers and texts."""

    graph: str
    approach: str
    title: str | None = None
    statements: list[ExtractedStatement] = field(default_factory=list)
    references: set[tuple[int, str]] = field(default_factory=set)
    gradings: set[tuple[str, str]] = field(default_factory=set)
    # (item, grade, every value naming its edition) for each grading that names one
    editions: set[tuple[str, str, frozenset[str]]] = field(default_factory=set)
    lineage: set[tuple[str, str]] = field(default_factory=set)  # (subject or "", object)
    relations: set[tuple[str, str, str]] = field(default_factory=set)
    creators: set[str] = field(default_factory=set)
    people: set[str] = field(default_factory=set)
    smart: list[ExtractedSmart] = field(default_factory=list)
    key_terms: list[str] = field(default_factory=list)
    questions: list[str] = field(default_factory=list)
    populations: set[str] = field(default_factory=set)
    conditions: set[str] = field(default_factory=set)
    problems: set[str] = field(default_factory=set)


def articles_in(store: Store) -> list[tuple[str, str, str | None]]:
    """(graph, approach, title) of every article graph in the store."""
    return [
        (_iri(row["article"]), _iri(row["approach"]), _str_or_none(row["title"]))
        for row in _select(store, _ARTICLE)
    ]


def read_extracted(store: Store, graph: str, index: ConceptIndex) -> Extracted:
    """Every scored fact type of the article whose graph (and IRI) is `graph`."""
    found = {g: (a, t) for g, a, t in articles_in(store)}
    approach, title = found[graph]
    out = Extracted(graph, approach, title)
    fill = {"g": graph, "a": approach}
    for row in _select(store, _STATEMENTS, **fill):
        out.statements.append(
            ExtractedStatement(_int(row["ordinal"]), _str(row["text"]), _tag(row))
        )
    for row in _select(store, _REFERENCES, **fill):
        tier = row["tier"]
        out.references.add((_int(row["number"]), tier.value if tier is not None else ""))
    graded: dict[str, tuple[str, str]] = {}
    for row in _select(store, _GRADINGS, **fill):
        graded[_iri(row["grading"])] = (_iri(row["item"]), _iri(row["grade"]))
    out.gradings = set(graded.values())
    named: dict[str, set[str]] = {}
    for prop in index.edition_properties:
        for row in _select(store, _EDITIONS, **fill, p=prop):
            named.setdefault(_iri(row["grading"]), set()).add(_str(row["value"]))
    for grading, values in named.items():
        item, grade = graded[grading]
        out.editions.add((item, grade, frozenset(values)))
    links: dict[str, tuple[str, str]] = {}
    for row in _select(store, _LINEAGE, **fill):
        subject, obj = _iri(row["subject"]), _iri(row["object"])
        key = ("" if subject == approach else subject, obj)
        links[_iri(row["link"])] = key
        if subject == approach:  # gold lists the approach's own links, not later approaches'
            out.lineage.add(key)
    for prop in index.relation_properties:
        for row in _select(store, _RELATIONS, **fill, p=prop):
            value = row["relation"]
            relation = relation_id(index, value.value, iri=isinstance(value, ox.NamedNode))
            subject, obj = links[_iri(row["link"])]
            if not subject:
                out.relations.add((subject, obj, relation))
    out.creators = {_iri(row["person"]) for row in _select(store, _CREATORS, **fill)}
    shared = _shared_triples(store, graph)
    out.people = {_iri(row["person"]) for row in _select(store, _PEOPLE, **fill)} | {
        t.subject.value
        for t in shared
        if t.predicate == RDF.type
        and t.object == TKG.Person
        and isinstance(t.subject, ox.NamedNode)
    }
    for row in _select(store, _SMART, **fill):
        mechanisms = (
            frozenset(_str(row["mechanisms"]).split()) if row["mechanisms"] else frozenset()
        )
        out.smart.append(ExtractedSmart(_str(row["goal"]), _str(row["objective"]), mechanisms))
    out.key_terms = [_str(row["label"]) for row in _select(store, _KEY_TERMS, **fill)]
    out.questions = [_str(row["text"]) for row in _select(store, _QUESTIONS, **fill)]
    for name, prop in (
        ("populations", "appliesToPopulation"),
        ("conditions", "inScopeCondition"),
        ("problems", "addressesProblem"),
    ):
        items = {_iri(row["item"]) for row in _select(store, _LINKED, **fill, p=_TKG + prop)}
        items |= {
            t.object.value
            for t in shared
            if t.subject == ox.NamedNode(approach)
            and t.predicate.value == _TKG + prop
            and isinstance(t.object, ox.NamedNode)
        }
        setattr(out, name, items)
    return out


def _tag(row: ox.QuerySolution) -> Tag | None:
    llm = row["llm"]
    if isinstance(llm, ox.Literal) and llm.value in ("true", "1"):
        return LLM
    if row["tag"] is None:
        return None
    numbers = row["numbers"]
    text = numbers.value if isinstance(numbers, ox.Literal) else ""
    return tuple(sorted({int(n) for n in text.split()}))


def _shared_triples(store: Store, graph: str) -> list[ox.Triple]:
    """What the article states about shared nodes: in the shared graph, keyed on its load record
    (therapykg.graph.shared); the article graph itself holds only its own nodes' triples."""
    rows = _select(
        store,
        "SELECT ?k WHERE { GRAPH ?meta { ?r tkg:loadedGraph ?g ; tkg:sharesTriple ?k } }",
        g=graph,
        meta=metadata_graph().value,
    )
    return [key_triple(row["k"].value) for row in rows]


def _select(store: Store, sparql: str, **values: str) -> list[ox.QuerySolution]:
    """Rows of `sparql` with each value bound to its variable (SEP-0007 substitution: the IRI
    is written by the RDF serialiser, never pasted as text)."""
    bound = {name: ox.NamedNode(value) for name, value in values.items()}
    return list(store.select(substitute(sparql, bound) if bound else sparql))


def _iri(term: object) -> str:
    assert isinstance(term, ox.NamedNode), term
    return term.value


def _str(term: object) -> str:
    assert isinstance(term, ox.Literal), term
    return term.value


def _str_or_none(term: object) -> str | None:
    return term.value if isinstance(term, ox.Literal) else None


def _int(term: object) -> int:
    return int(_str(term))
