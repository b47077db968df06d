"""What an entity page shows: label, types, definition, properties, incoming links, provenance.

Every fact node points at the statement(s) it came from (`tkg:extractedFrom`); each statement is
either LLM-tagged, sourced (citing numbered references with a tier) or untagged. The badges on a
page say exactly that and nothing more: a source number means the model cited a source, not that
anyone checked it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache

import pyoxigraph as ox

from therapykg.graph.kept import kept_graph, kept_query_texts
from therapykg.graph.store import Store
from therapykg.graph.substitute import with_values
from therapykg.graph.summary import summary_graph
from therapykg.ontology.vocab import DCT, FOAF, RDF, RDFS, SKOS, TKG, base_iri
from therapykg.web.paths import local_path
from therapykg.web.vocabulary import compact, curie, label

LABEL_PROPERTIES = (SKOS.prefLabel.value, RDFS.label.value, FOAF.name.value, DCT.title.value)
DEFINITION_PROPERTIES = (
    SKOS.definition.value,
    TKG.text.value,
    TKG.summary.value,
    RDFS.comment.value,
)
VALUES_SHOWN = 20  # the values an entity page lists of each property, outgoing and incoming
PAGE_SIZE = 100  # the values of one property a page lists (`?p=` or `?in=`) when no limit is given
MAX_PAGE = 500  # the most values of one property a page may list (`limit`)
GRADINGS_PER_GRADE = 5  # the gradings an element's page shows of each grade it was given


# A fact node without a label of its own is listed by what it states; one UNION branch per kind,
# each starting from the nodes asked about, in order of preference. (One OPTIONAL per kind would
# be evaluated over the whole graph before the join: minutes at 1,000 articles.)
_DESCRIBED_BY = (
    ("?x skos:prefLabel|rdfs:label|foaf:name|dcterms:title ?a .", "{a}"),
    (
        "?x tkg:gradedItem/skos:prefLabel ?a ; tkg:hasGrade/skos:prefLabel ?b .",
        "grading: {a} — {b}",
    ),
    ("?x tkg:goal ?a .", "SMART objective: {a}"),
    ("?x tkg:problemAddressed/skos:prefLabel ?a .", "problem addressed: {a}"),
    ("?x tkg:lineageObject/skos:prefLabel ?a .", "influenced by {a}"),
    ("?x tkg:scopeItem/skos:prefLabel ?a .", "in scope: {a}"),
    ("?x prov:agent/skos:prefLabel ?a ; prov:hadRole/rdfs:label ?b .", "{a} — {b}"),
    ("?x tkg:referenceNumber ?a .", "source {a}"),
    ("?x tkg:text ?a .", "{a}"),
)
# One text for all: each branch's pattern and rank are the table's own, the nodes asked about
# are bound into every branch's empty VALUES block (`with_values`).
_LABELS = (
    "SELECT DISTINCT ?x ?rank ?a ?b WHERE { "
    + " UNION ".join(
        "{ VALUES ?x {} " + pattern + " BIND(" + str(rank) + " AS ?rank) }"
        for rank, (pattern, _) in enumerate(_DESCRIBED_BY)
    )
    + " }"
)
_LABEL_CHUNK = 250
_SHORT_TEXT = 90

# An entity's properties, each way, are counted first; then each property's values are read a
# page at a time and only the values a page shows are labelled. A reasoned store gives
# element/alliance 6,016 `tkg:isGradedIn` values: labelling the first 2,000 of them was most of
# its page's 0.6 s at 10,000 articles.
#
# The values come in the store's order: Oxigraph reads them from its index (in the order of
# the terms' encoding), the same on every visit while the store does not change, so that pages
# never overlap; an OFFSET skips values without reading their text. `ORDER BY ?o` would read the
# text of both terms at every comparison of its sort: 300 ms for alliance's 6,016 values on
# disk, against 3 ms for a page at offset 5,000 unordered (docs/benchmarks.md).
_OUT_COUNTS = """SELECT ?this ?p (COUNT(DISTINCT ?o) AS ?n)
WHERE { ?this ?p ?o } GROUP BY ?this ?p"""
# a page of the values of one property (the entity page's first values are its first page)
_OUT_PAGE = "SELECT DISTINCT ?this ?p ?o WHERE { ?this ?p ?o } LIMIT %d OFFSET %d"
# Incoming links are what the articles, the shared graph and the ontology state: the summary
# graph's derived nodes are left out, and the kept rows of named queries (each table a graph
# of its own, graph/kept.py), which name an element in every row of its lookups (at 10,000
# articles 30,510 quads point at element/alliance from kept rows, against 17,752 links).
# (The graphs named one by one: a test of the graph's IRI as a string, STRSTARTS, read every
# link's graph name and took alliance's incoming counts from 23 ms to 155 ms at 10,000 articles.)
_NOT_DERIVED = "FILTER(?g NOT IN (DERIVED))"
_IN_COUNTS = """SELECT ?this ?p (COUNT(DISTINCT ?s) AS ?n)
WHERE { GRAPH ?g { ?s ?p ?this } NOT_DERIVED }
GROUP BY ?this ?p""".replace("NOT_DERIVED", _NOT_DERIVED)
_IN_PAGE = """SELECT DISTINCT ?this ?p ?s
WHERE { GRAPH ?g { ?s ?p ?this } NOT_DERIVED } LIMIT %d OFFSET %d""".replace(
    "NOT_DERIVED", _NOT_DERIVED
)
_EXISTS = f"ASK {{ {{ ?this ?p ?o }} UNION {{ GRAPH ?g {{ ?s ?p ?this }} {_NOT_DERIVED} }} }}"
_SENTENCES = """SELECT DISTINCT ?this ?st ?text ?tag ?llm ?number ?tier WHERE {
  { ?this tkg:extractedFrom ?st } UNION { ?this a tkg:Statement . BIND(?this AS ?st) }
  ?st tkg:text ?text .
  OPTIONAL { ?st tkg:llmTagged ?llm }
  OPTIONAL { ?st tkg:provenanceTag ?tag }
  OPTIONAL { ?st tkg:citesReference ?ref . ?ref tkg:referenceNumber ?number .
             OPTIONAL { ?ref tkg:sourceTier ?tier } }
} ORDER BY ?st ?number"""


@dataclass(frozen=True, slots=True)
class Value:
    """A property value as shown: its text, a link when it has a safe one, and its kind."""

    text: str
    href: str | None = None
    note: str = ""  # a datatype or language, or the IRI under a label


@dataclass(slots=True)
class Property:
    """One property of an entity, outgoing (the entity's values) or incoming (what points at the
    entity with it): how many distinct values it has, and the values shown, from `offset`."""

    iri: str
    label: str
    href: str | None = None
    values: list[Value] = field(default_factory=list)
    count: int = 0
    offset: int = 0  # the place of the first value shown among all of them (0 is the first)
    incoming: bool = False

    @property
    def name(self) -> str:
        """What a page's `p` or `in` argument names it by: a prefixed name, else the IRI."""
        return compact(self.iri)

    @property
    def argument(self) -> str:
        return "in" if self.incoming else "p"

    @property
    def next_offset(self) -> int | None:
        """Where the values after those shown start; None when they are the last."""
        end = self.offset + len(self.values)
        return end if end < self.count else None


Term = ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple  # a triple term is shown as text


@dataclass(slots=True)
class Counted:
    """A property's count of distinct values, and the first of them, as terms."""

    count: int
    terms: list[Term] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class Focus:
    """One property's values a page is asked for: the entity's own (`p`) or those pointing at
    it (`in`), `limit` of them from `offset`."""

    predicate: str
    incoming: bool = False
    offset: int = 0
    limit: int = PAGE_SIZE


@dataclass(slots=True)
class Sentence:
    """A statement a fact came from, with one badge per cited source, or LLM, or untagged."""

    iri: str
    text: str
    href: str | None
    badges: list[str] = field(default_factory=list)
    llm: bool = False


@dataclass(frozen=True, slots=True)
class Grading:
    """One grading of an item that articles (or editions) grade differently: the grade, where,
    the edition the sentence names, and the sentence with its tag."""

    grade: str
    article: Value
    edition: str
    sentence: str
    tag: str  # the tag as written; "" when the sentence carries none


@dataclass(frozen=True, slots=True)
class GradeCount:
    grade: str  # the grade's label
    gradings: int


@dataclass(frozen=True, slots=True)
class Disagreements:
    """An item's gradings per grade, when there are two grades or more, and some of them."""

    counts: list[GradeCount] = field(default_factory=list)
    shown: list[Grading] = field(default_factory=list)
    per_grade: int = 0  # the most of each grade's gradings `shown` holds

    @property
    def total(self) -> int:
        return sum(c.gradings for c in self.counts)

    def __bool__(self) -> bool:
        return len(self.counts) > 1


@dataclass(slots=True)
class Entity:
    iri: str
    label: str
    types: list[Value]
    definition: str
    properties: list[Property]
    incoming: list[Property]
    sentences: list[Sentence]
    # "Where articles disagree": when this item was graded more than one way
    disagreements: Disagreements = field(default_factory=lambda: Disagreements())


def link_for(iri: str) -> str | None:
    """Where a link to `iri` goes: its page here, or the IRI itself when it is http(s)."""
    local = local_path(iri)
    if local is not None:
        return local
    return iri if re.match(r"^https?://", iri) else None


def local_name(iri: str) -> str:
    return re.split(r"[/#]", iri.rstrip("/#"))[-1] or iri


def term_value(term: object, term_label: str | None = None) -> Value:
    """A term as a Value: IRIs linked (only http(s) or ours), literals as text with their kind."""
    if isinstance(term, ox.NamedNode):
        shown = term_label or label(term.value) or curie(term.value)
        return Value(shown, link_for(term.value), term.value if shown != term.value else "")
    if isinstance(term, ox.BlankNode):
        return Value(f"_:{term.value}")
    if isinstance(term, ox.Literal):
        note = term.language or ""
        if not note and term.datatype.value != _XSD_STRING:
            note = curie(term.datatype.value)
        return Value(term.value, None, note)
    return Value(str(term))


_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


def _select(store: Store, sparql: str, iri: str) -> ox.QuerySolutions:
    return store.select(sparql, bindings={"this": ox.NamedNode(iri)})


def describe(store: Store, iri: str) -> Entity:
    """Everything an entity page shows about `iri` (empty lists when the graph has none): the
    first `VALUES_SHOWN` values of each property, each way, with how many there are."""
    outgoing = _first_values(store, iri, incoming=False)
    incoming = _first_values(store, iri, incoming=True)
    terms = [t for found in (outgoing, incoming) for c in found.values() for t in c.terms]
    named = node_labels(store, (t for t in terms if isinstance(t, ox.NamedNode)))
    properties = _properties(outgoing, named, incoming=False)
    labels = _first_literals(outgoing, LABEL_PROPERTIES)
    definitions = _first_literals(outgoing, DEFINITION_PROPERTIES)
    return Entity(
        iri=iri,
        label=next((labels[p] for p in LABEL_PROPERTIES if p in labels), local_name(iri)),
        types=next((p.values for p in properties if p.iri == RDF.type.value), []),
        definition=next((definitions[p] for p in DEFINITION_PROPERTIES if p in definitions), ""),
        properties=properties,
        incoming=_properties(incoming, named, incoming=True),
        sentences=sentences(store, iri),
        disagreements=disagreements(store, iri),
    )


def exists(store: Store, iri: str) -> bool:
    """Whether the graph states anything about `iri` or links to it (the summary graph's
    links aside): whether it has a page."""
    return store.ask(_not_summary(_EXISTS), bindings={"this": ox.NamedNode(iri)})


def property_page(store: Store, iri: str, focus: Focus) -> Property:
    """`focus.limit` values of one property of `iri` from `focus.offset`, labelled, in the order
    the entity page lists them; its count is 0 when `iri` has no such property."""
    bound = {"this": ox.NamedNode(iri), "p": ox.NamedNode(focus.predicate)}
    sparql = _not_summary(_IN_COUNTS) if focus.incoming else _OUT_COUNTS
    count = next((int(row["n"].value) for row in store.select(sparql, bindings=bound)), 0)
    terms: list[Term] = []
    if count > focus.offset:
        terms = _page(store, iri, focus.predicate, focus.incoming, focus.limit, focus.offset)
    named = node_labels(store, (t for t in terms if isinstance(t, ox.NamedNode)))
    prop = _property(focus.predicate, count, incoming=focus.incoming)
    prop.offset = focus.offset
    prop.values = [_shown(t, named) for t in terms]
    return prop


def entity_label(store: Store, iri: str) -> str:
    """The label an entity page is headed by, read as `describe` reads it: the first literal
    among the first values of the first of `LABEL_PROPERTIES` that has one, else the end of its
    IRI."""
    found = {p: Counted(0, _page(store, iri, p, False, VALUES_SHOWN, 0)) for p in LABEL_PROPERTIES}
    labels = _first_literals(found, LABEL_PROPERTIES)
    return next((labels[p] for p in LABEL_PROPERTIES if p in labels), local_name(iri))


def disagreements(store: Store, iri: str) -> Disagreements:
    """How articles or editions grade `iri` when they give it different grades: the gradings
    per grade, and up to `GRADINGS_PER_GRADE` of each grade's gradings with their sentences, in
    the order of the named query `where-articles-disagree`; nothing when they agree.

    The counts are the summary graph's; only the shown gradings are read, with their sentences:
    alliance is graded in about every article, and listing each of its gradings took 4 s at
    10,000 articles. The query's page for the item lists them all."""
    grades: list[tuple[GradeCount, ox.NamedNode]] = [
        (GradeCount(row["gradeLabel"].value, int(row["n"].value)), row["grade"])
        for row in _select_item(store, _ITEM_GRADES, iri)
        if isinstance(row["grade"], ox.NamedNode)
    ]
    if len(grades) < 2:
        return Disagreements()
    chosen: list[ox.NamedNode] = []
    for _, grade in grades:
        bound = {"item": ox.NamedNode(iri), "grade": grade}
        for row in store.select(_ITEM_GRADINGS % GRADINGS_PER_GRADE, bindings=bound):
            if isinstance(row["grading"], ox.NamedNode):
                chosen.append(row["grading"])
    counts = sorted((count for count, _ in grades), key=lambda c: (c.grade, c.gradings))
    return Disagreements(counts, _gradings(store, chosen), GRADINGS_PER_GRADE)


# The item's gradings per grade, from the summary graph's tallies (graph/summary): counting them
# here read every grading of alliance, 0.4-0.8 s at 10,000 articles.
_ITEM_GRADES = """SELECT ?item ?grade ?gradeLabel ?n WHERE {
  ?tally tkg:talliesItem ?item ; tkg:talliesGrade ?grade ; tkg:gradingCount ?n .
  ?grade skos:prefLabel ?gradeLabel .
}"""
# Up to GRADINGS_PER_GRADE gradings of each grade, as the store lists them: ordering them first
# would read the title and sentence of every grading of the item.
_ITEM_GRADINGS = """SELECT ?item ?grade ?grading WHERE {
  ?grading tkg:gradedItem ?item ; tkg:hasGrade ?grade .
} LIMIT %d"""
# What `where-articles-disagree` lists for a grading; VALUES first, so each is looked up.
_GRADING_ROWS = """SELECT ?grading ?grade ?gradeLabel ?article ?title ?edition ?year ?sentence ?tag
WHERE {
  VALUES ?grading { %s }
  ?grading tkg:hasGrade ?grade ; tkg:extractedFrom ?s .
  ?s tkg:text ?sentence ; tkg:inArticle ?article .
  ?article dcterms:title ?title .
  ?grade skos:prefLabel ?gradeLabel .
  OPTIONAL { ?s tkg:provenanceTag ?tag }
  OPTIONAL { ?grading tkg:gradingEdition ?e . ?e rdfs:label ?edition }
  OPTIONAL { ?grading tkg:gradingYear ?year }
}"""
# where-articles-disagree's ORDER BY, bar the item's own keys (one item here); unbound first
_ROW_ORDER = ("gradeLabel", "title", "sentence", "grade", "article", "edition", "year", "tag")


def _select_item(store: Store, sparql: str, iri: str) -> ox.QuerySolutions:
    return store.select(sparql, bindings={"item": ox.NamedNode(iri)})


def _gradings(store: Store, chosen: list[ox.NamedNode]) -> list[Grading]:
    """The rows of `where-articles-disagree` for these gradings, in its order."""
    if not chosen:
        return []
    # The IRIs come from the store and are written in N-Triples form, which escapes them.
    values = " ".join(str(node) for node in sorted(chosen, key=lambda n: n.value))
    rows = list(store.select(_GRADING_ROWS % values))
    rows.sort(key=lambda row: [_sort_key(row[name]) for name in _ROW_ORDER])
    found: list[Grading] = []
    for row in rows:
        edition = row["edition"].value if row["edition"] is not None else ""
        if not edition and row["year"] is not None:
            edition = row["year"].value
        article = term_value(row["article"], row["title"].value)
        tag = row["tag"].value if row["tag"] is not None else ""
        found.append(Grading(row["gradeLabel"].value, article, edition, row["sentence"].value, tag))
    return found


def _sort_key(term: object) -> tuple[bool, str]:
    """SPARQL's order for the terms compared here: unbound first, then by their text (simple
    literals and IRIs of one kind compare as their strings do, code point by code point)."""
    return (term is not None, term.value if isinstance(term, (ox.NamedNode, ox.Literal)) else "")


def _counts(store: Store, iri: str, *, incoming: bool) -> dict[str, int]:
    """How many distinct values each property of `iri` has (outgoing, or incoming)."""
    sparql = _not_summary(_IN_COUNTS) if incoming else _OUT_COUNTS
    return {row["p"].value: int(row["n"].value) for row in _select(store, sparql, iri)}


def _first_values(store: Store, iri: str, *, incoming: bool) -> dict[str, Counted]:
    """Each property's count and first `VALUES_SHOWN` values: its first page, read as a page of
    it is (one query a property, so that the two list the same values in the same order)."""
    found = {p: Counted(n) for p, n in _counts(store, iri, incoming=incoming).items()}
    for p, counted in found.items():
        counted.terms = _page(store, iri, p, incoming, VALUES_SHOWN, 0)
    return found


def _page(
    store: Store, iri: str, predicate: str, incoming: bool, limit: int, offset: int
) -> list[Term]:
    """`limit` values of one property from `offset`, in the store's order. The entity and the
    property are bound; LIMIT and OFFSET are written from whole numbers."""
    template = _not_summary(_IN_PAGE) if incoming else _OUT_PAGE
    bound = {"this": ox.NamedNode(iri), "p": ox.NamedNode(predicate)}
    rows = store.select(template % (int(limit), int(offset)), bindings=bound)
    terms = (row["s" if incoming else "o"] for row in rows)
    # every row is kept, so that the next page starts after the last value read
    return [t for t in terms if isinstance(t, (ox.NamedNode, ox.BlankNode, ox.Literal, ox.Triple))]


def _property(predicate: str, count: int, *, incoming: bool) -> Property:
    shown = label(predicate) or curie(predicate)
    return Property(predicate, shown, link_for(predicate), count=count, incoming=incoming)


def _shown(term: Term, named: dict[str, str]) -> Value:
    return term_value(term, named.get(term.value) if isinstance(term, ox.NamedNode) else None)


def _properties(
    found: dict[str, Counted], named: dict[str, str], *, incoming: bool
) -> list[Property]:
    """The properties as a page lists them, their values labelled from `named`: the types
    first, then by label; incoming ones by how many point at the entity with each, most first."""
    listed = []
    for predicate, counted in found.items():
        prop = _property(predicate, counted.count, incoming=incoming)
        prop.values = [_shown(t, named) for t in counted.terms]
        listed.append(prop)
    if incoming:
        return sorted(listed, key=lambda x: (-x.count, x.label, x.iri))
    return sorted(listed, key=lambda x: (x.iri != RDF.type.value, x.label, x.iri))


def _first_literals(found: dict[str, Counted], properties: Iterable[str]) -> dict[str, str]:
    """The first literal value of each of `properties` that has one."""
    first: dict[str, str] = {}
    for p in properties:
        terms = found[p].terms if p in found else []
        literal = next((t for t in terms if isinstance(t, ox.Literal)), None)
        if literal is not None:
            first[p] = literal.value
    return first


def _not_summary(sparql: str) -> str:
    """`sparql` with the IRIs of the summary graph and of the kept tables' graphs (the
    project's own, never a user's) in place."""
    return sparql.replace("DERIVED", _derived_graphs(base_iri()))


@cache
def _derived_graphs(base: str) -> str:
    """(By the base IRI, which names them.)"""
    graphs = [summary_graph(), *(kept_graph(name) for name in kept_query_texts())]
    return ", ".join(str(g) for g in graphs)


def node_labels(store: Store, nodes: Iterable[ox.NamedNode]) -> dict[str, str]:
    """A label for each node that has one: its own, else what the fact node states (a grading's
    item and grade, an objective's goal, ...), so that pages list facts by what they say."""
    unique = sorted({node.value: node for node in nodes}.values(), key=lambda n: n.value)
    chosen: dict[str, tuple[int, str]] = {}
    for start in range(0, len(unique), _LABEL_CHUNK):
        result = store.select(with_values(_LABELS, "x", unique[start : start + _LABEL_CHUNK]))
        for row in result:
            rank, node = int(row["rank"].value), row["x"].value
            a = row["a"].value
            if rank == len(_DESCRIBED_BY) - 1 and len(a) > _SHORT_TEXT:
                a = a[: _SHORT_TEXT - 2] + "…"
            b = row["b"].value if row["b"] is not None else ""
            candidate = (rank, _DESCRIBED_BY[rank][1].format(a=a, b=b))
            chosen[node] = min(chosen.get(node, candidate), candidate)  # the same on every run
    return {node: text for node, (_, text) in chosen.items()}


def sentences(store: Store, iri: str) -> list[Sentence]:
    """The statements `iri` was extracted from (or itself, for a statement), with badges."""
    by_iri: dict[str, Sentence] = {}
    for row in _select(store, _SENTENCES, iri):
        st = row["st"]
        item = by_iri.get(st.value)
        if item is None:
            llm = row["llm"] is not None and row["llm"].value == "true"
            item = Sentence(st.value, row["text"].value, link_for(st.value), llm=llm)
            by_iri[st.value] = item
        if row["number"] is not None:
            tier = local_name(row["tier"].value) if row["tier"] is not None else "no tier"
            badge = f"source {row['number'].value} · {tier}"
            if badge not in item.badges:
                item.badges.append(badge)
    for item in by_iri.values():
        if item.llm:
            item.badges = ["LLM"]
        elif not item.badges:
            item.badges = ["untagged"]
    return list(by_iri.values())


def triples_of(store: Store, iri: str) -> list[ox.Triple]:
    """The entity's own triples (it as subject), for the RDF views of its page."""
    result = store.select(
        "SELECT DISTINCT ?this ?p ?o WHERE { ?this ?p ?o }", bindings={"this": ox.NamedNode(iri)}
    )
    subject = ox.NamedNode(iri)
    return [ox.Triple(subject, row["p"], row["o"]) for row in result]
