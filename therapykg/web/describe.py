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

import pyoxigraph as ox

from therapykg.graph.store import Store
from therapykg.graph.substitute import with_values
from therapykg.ontology.vocab import DCT, FOAF, RDF, RDFS, SKOS, TKG
from therapykg.web.paths import local_path
from therapykg.web.vocabulary import curie, label

LABEL_PROPERTIES = (SKOS.prefLabel.value, RDFS.label.value, FOAF.name.value, DCT.title.value)
DEFINITION_PROPERTIES = (
    SKOS.definition.value,
    TKG.text.value,
    TKG.summary.value,
    RDFS.comment.value,
)
MAX_VALUES = 2000
MAX_INCOMING = 200


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

_OUT = f"SELECT DISTINCT ?this ?p ?o WHERE {{ ?this ?p ?o }} LIMIT {MAX_VALUES}"
_IN_COUNTS = """SELECT ?this ?p (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s ?p ?this }
GROUP BY ?this ?p ORDER BY DESC(?n)"""
_IN = f"SELECT DISTINCT ?this ?p ?s WHERE {{ ?s ?p ?this }} LIMIT {MAX_INCOMING}"
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
    iri: str
    label: str
    href: str | None = None
    values: list[Value] = field(default_factory=list)


@dataclass(slots=True)
class Incoming:
    iri: str
    label: str
    count: int
    sources: list[Value] = field(default_factory=list)


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


@dataclass(slots=True)
class Entity:
    iri: str
    label: str
    types: list[Value]
    definition: str
    properties: list[Property]
    incoming: list[Incoming]
    sentences: list[Sentence]
    # "Where articles disagree": every grading of this item, when it was graded more than one way
    disagreements: list[Grading] = field(default_factory=list)

    @property
    def exists(self) -> bool:
        return bool(self.properties or self.incoming)


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
    """Everything an entity page shows about `iri` (empty lists when the graph has none)."""
    properties, labels, types, definitions = _outgoing(store, iri)
    entity_label = next((labels[p] for p in LABEL_PROPERTIES if p in labels), local_name(iri))
    definition = next((definitions[p] for p in DEFINITION_PROPERTIES if p in definitions), "")
    return Entity(
        iri=iri,
        label=entity_label,
        types=types,
        definition=definition,
        properties=properties,
        incoming=_incoming(store, iri),
        sentences=sentences(store, iri),
        disagreements=disagreements(store, iri),
    )


def disagreements(store: Store, iri: str) -> list[Grading]:
    """The gradings of `iri` when articles or editions give it different grades (the named
    query `where-articles-disagree`, for this item); empty when they agree or none grades it."""
    from therapykg.queries.registry import named_queries  # the registry imports the store

    text = named_queries()["where-articles-disagree"].text
    result = store.select(text, bindings={"item": ox.NamedNode(iri)})
    found: list[Grading] = []
    for row in result:
        edition = row["edition"].value if row["edition"] is not None else ""
        if not edition and row["year"] is not None:
            edition = row["year"].value
        article = term_value(row["article"], row["title"].value)
        tag = row["tag"].value if row["tag"] is not None else ""
        found.append(Grading(row["gradeLabel"].value, article, edition, row["sentence"].value, tag))
    return found


def _outgoing(
    store: Store, iri: str
) -> tuple[list[Property], dict[str, str], list[Value], dict[str, str]]:
    by_property: dict[str, Property] = {}
    labels: dict[str, str] = {}
    definitions: dict[str, str] = {}
    types: list[Value] = []
    seen: set[tuple[str, str]] = set()
    rows = [(row["p"].value, row["o"]) for row in _select(store, _OUT, iri)]
    named = node_labels(store, [o for _, o in rows if isinstance(o, ox.NamedNode)])
    for p, o in rows:
        if (p, str(o)) in seen:
            continue
        seen.add((p, str(o)))
        value = term_value(o, named.get(o.value) if isinstance(o, ox.NamedNode) else None)
        if isinstance(o, ox.Literal) and p in LABEL_PROPERTIES:
            labels.setdefault(p, o.value)
        if isinstance(o, ox.Literal) and p in DEFINITION_PROPERTIES:
            definitions.setdefault(p, o.value)
        if p == RDF.type.value:
            types.append(value)
        prop = by_property.setdefault(p, Property(p, label(p) or curie(p), link_for(p)))
        prop.values.append(value)
    ordered = sorted(by_property.values(), key=lambda x: (x.iri != RDF.type.value, x.label))
    return ordered, labels, types, definitions


def _incoming(store: Store, iri: str) -> list[Incoming]:
    found = {
        row["p"].value: Incoming(
            row["p"].value, label(row["p"].value) or curie(row["p"].value), int(row["n"].value)
        )
        for row in _select(store, _IN_COUNTS, iri)
    }
    listed: set[tuple[str, str]] = set()
    rows = [(row["p"].value, row["s"]) for row in _select(store, _IN, iri)]
    named = node_labels(store, [s for _, s in rows if isinstance(s, ox.NamedNode)])
    for p, s in rows:
        item = found.get(p)
        if item is not None and len(item.sources) < 20 and (p, str(s)) not in listed:
            listed.add((p, str(s)))
            item.sources.append(
                term_value(s, named.get(s.value) if isinstance(s, ox.NamedNode) else None)
            )
    return list(found.values())


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
