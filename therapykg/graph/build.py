"""Article → quads: one article version's named graph, exactly as docs/data-model.md describes.

`build_article` reads the facts `extract` found and writes them, with every statement, into the
graph named by the article version's IRI. The provenance trail is written from the Tag alone:
an LLM-tagged statement gets `provenanceTag "LLM"`, `llmTagged true` and no `citesReference`,
whatever else is true of it; an untagged one gets `llmTagged false` and nothing more. Facts point
at statements, never at sources, so a fact can only be as sourced as its sentences are.

What the article states about shared nodes (framework, element, person, work …: their types,
the article's words for them, a work's title, an edge between two shared nodes) is handed back
apart, as the article's share of the shared graph (therapykg.graph.shared): the store states each
such triple once, however many articles state it, and the article's load record keeps which.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from pyoxigraph import Literal, NamedNode, Quad

from therapykg.graph.shared import is_local, ontology_keys, shared_nquads, shared_quads, triple_key
from therapykg.loaders.extract import extract
from therapykg.loaders.facts import (
    Facts,
    Node,
    SectionRow,
    StatementId,
    StatementRow,
    Work,
    section_table,
    statement_table,
)
from therapykg.loaders.model import Article, Sentence, Tag
from therapykg.loaders.warning import warning
from therapykg.ontology import vocab
from therapykg.ontology.iri import article_iri, local, shared, slugify
from therapykg.ontology.vocab import (
    EDITIONS,
    LINEAGE_RELATIONS,
    TIERS,
    base_iri,
    edition,
    grade,
    lineage_relation,
    shared_graph,
    tier,
)


class _Terms:
    """A namespace whose terms are made once each: building one article asks for the same few
    dozen terms some two thousand times, and making a NamedNode anew each time was the largest
    single cost of `build_article` (profiled in docs/benchmarks.md)."""

    def __init__(self, namespace: vocab.Namespace) -> None:
        self._namespace = namespace
        self._made: dict[str, NamedNode] = {}

    def __getattr__(self, name: str) -> NamedNode:
        if name.startswith("__"):
            raise AttributeError(name)
        term = self[name]
        setattr(self, name, term)  # found as a plain attribute from now on
        return term

    def __getitem__(self, name: str) -> NamedNode:
        term = self._made.get(name)
        if term is None:
            term = self._made[name] = self._namespace[name]
        return term


DCT, FOAF, PROV, RDF, SCHEMA, SKOS, TKG, XSD = (
    _Terms(namespace)
    for namespace in (
        vocab.DCT,
        vocab.FOAF,
        vocab.PROV,
        vocab.RDF,
        vocab.SCHEMA,
        vocab.SKOS,
        vocab.TKG,
        vocab.XSD,
    )
)

AI_GENERATED = NamedNode("http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia")

_CLASSES = {
    "theory": "Theory",
    "element": "RelationshipElement",
    "adaptation": "ResponsivenessAdaptation",
    "person": "Person",
    "org": "Organization",
    "format": "TreatmentFormat",
    "population": "ClientPopulation",
    "condition": "Condition",
    "problem": "ClinicalProblem",
    "work": "Work",
}
_SCOPE_PROPERTY = {
    "format": "appliesToFormat",
    "population": "appliesToPopulation",
    "condition": "inScopeCondition",
}

Term = NamedNode | Literal


@dataclass(slots=True)
class BuiltArticle:
    """One article version as quads: its own graph, and its share of the shared graph."""

    graph: NamedNode  # the article IRI, which names the graph
    quads: list[Quad]  # the article graph
    counts: dict[str, int]
    warnings: list[str] = field(default_factory=list)
    keys: list[str] = field(default_factory=list)  # its shared triples (therapykg.graph.shared)
    base: str | None = None  # the instance base it was built under (None: the configured one)

    @property
    def shared(self) -> list[Quad]:
        """The article's share of the shared graph, as quads in that graph."""
        return shared_quads(self.keys, shared_graph(self.base))

    def all_quads(self) -> list[Quad]:
        """The article graph and its shared triples: what a store holds for this article."""
        return [*self.quads, *self.shared]


@dataclass(slots=True)
class BuiltNQuads:
    """One article version as N-Quads: what `build_article` builds, ready for a store to parse."""

    graph: NamedNode
    nquads: bytes  # UTF-8 N-Quads of the article graph, in the order build_article gives them
    counts: dict[str, int]
    warnings: list[str] = field(default_factory=list)
    keys: list[str] = field(default_factory=list)  # its shared triples (therapykg.graph.shared)

    def shared_nquads(self) -> bytes:
        return shared_nquads(self.keys)


def build_article(article: Article, *, base: str | None = None) -> BuiltArticle:
    """Extract the article's facts and write them, with its statements, as quads."""
    writer, counts, warnings = _write(article, base)
    return BuiltArticle(
        writer.graph, writer.quads(), counts, warnings, writer.shared_keys(), writer.base
    )


def build_article_nquads(article: Article, *, base: str | None = None) -> BuiltNQuads:
    """`build_article`, as N-Quads: the same quads, written without making a Quad of each.

    The loader's worker processes hand articles to the store this way (bytes cross a process
    boundary cheaply, and Oxigraph parses them without a Python object per quad).
    """
    writer, counts, warnings = _write(article, base)
    return BuiltNQuads(writer.graph, writer.nquads(), counts, warnings, writer.shared_keys())


def _write(article: Article, base: str | None) -> tuple[_Writer, dict[str, int], list[str]]:
    facts = extract(article)
    writer = _Writer(article, base or base_iri())
    writer.article(facts)
    statements = writer.statements()
    writer.references(facts)
    writer.facts(facts)
    writer.split()
    quads = len(writer.triples) + len(writer.shared)
    counts = {**statements, **_fact_counts(facts), "quads": quads}
    warnings = [*article.warnings, *facts.warnings, *writer.warnings]
    return writer, counts, warnings


def article_graph(article: Article, base: str | None = None) -> NamedNode:
    """The IRI of the article version, which is also its graph's name."""
    return article_iri(slugify(article.title), article.provenance.version, base or base_iri())


def _fact_counts(facts: Facts) -> dict[str, int]:
    return {
        "facts": facts.count(),
        "gradings": len(facts.gradings),
        "people": len(facts.people),
        "roles": len(facts.roles),
        "lineage": len(facts.lineage),
        "scope": len(facts.scope),
        "problems": len(facts.problems),
        "smart_objectives": len(facts.smart),
        "key_terms": len(facts.key_terms),
        "references": len(facts.references),
        "questions": len(facts.questions),
        "examples": len(facts.examples),
    }


class _Writer:
    """Collects triples for one article graph; shared nodes are declared once each."""

    def __init__(self, article: Article, base: str) -> None:
        self.source = article
        self.base = base
        self.graph = article_graph(article, base)
        self.triples: dict[tuple[NamedNode, NamedNode, Term], None] = {}
        self.shared: dict[tuple[NamedNode, NamedNode, Term], None] = {}  # after split()
        self.warnings: list[str] = []
        self.rows = statement_table(article)
        self.sections = section_table(article)
        self._framework: NamedNode | None = None
        self._statement_iris: dict[StatementId, NamedNode] = {}

    # -- plumbing ---------------------------------------------------------------------------

    def add(self, subject: NamedNode, predicate: NamedNode, obj: Term | None) -> None:
        if obj is not None:
            self.triples[(subject, predicate, obj)] = None

    def local(self, name: str) -> NamedNode:
        return local(self.graph, name)

    def statement(self, ordinal: StatementId) -> NamedNode:
        iri = self._statement_iris.get(ordinal)
        if iri is None:
            row = self.rows[ordinal - 1]
            iri = self._statement_iris[ordinal] = self.local(f"s-{row.section_slug}-{row.index}")
        return iri

    def node(self, node: Node) -> NamedNode:
        """A shared node's IRI, declaring its type(s) and label in this graph."""
        iri = shared(node.kind, node.slug, self.base)
        cls = node.cls or _CLASSES.get(node.kind, "PsychotherapyApproach")
        self.add(iri, RDF.type, TKG[cls])
        # The article's own words for the node; one prefLabel is chosen across articles later
        # (therapykg.graph.labels), since SKOS allows only one and articles word names apart.
        self.add(iri, SKOS.altLabel, Literal(node.label))
        if node.kind == "person":
            self.add(iri, RDF.type, FOAF.Person)
            self.add(iri, FOAF.name, Literal(node.label))
        if node.exact_match:
            self.add(iri, SKOS.exactMatch, NamedNode(node.exact_match))
        return iri

    def fact(self, name: str, cls: str, statements: list[StatementId]) -> NamedNode:
        """An article-local fact node with its type and its trail to the statements."""
        iri = self.local(name)
        self.add(iri, RDF.type, TKG[cls])
        for ordinal in statements:
            self.add(iri, TKG.extractedFrom, self.statement(ordinal))
        return iri

    def split(self) -> None:
        """Move the triples about shared nodes (neither end the article's own) to `shared`,
        leaving out those the ontology graph states already."""
        graph, known = self.graph, ontology_keys(self.base)
        own: dict[tuple[NamedNode, NamedNode, Term], None] = {}
        for triple in self.triples:
            s, p, o = triple
            if is_local(s, graph) or is_local(o, graph):
                own[triple] = None
            elif triple_key(s, p, o) not in known:
                self.shared[triple] = None
        self.triples = own

    def shared_keys(self) -> list[str]:
        return [triple_key(s, p, o) for s, p, o in self.shared]

    def quads(self) -> list[Quad]:
        return [Quad(s, p, o, self.graph) for s, p, o in self.triples]

    def nquads(self) -> bytes:
        """The quads as N-Quads, each term as pyoxigraph writes it (as `str(Quad)` does)."""
        names: dict[NamedNode, str] = {}  # subjects and predicates repeat: write each once
        graph = f" {self.graph} .\n"
        lines = []
        for s, p, o in self.triples:
            subject = names.get(s)
            if subject is None:
                subject = names[s] = str(s)
            predicate = names.get(p)
            if predicate is None:
                predicate = names[p] = str(p)
            lines.append(f"{subject} {predicate} {o}{graph}")
        return "".join(lines).encode("utf-8")

    # -- the article, its sections and statements --------------------------------------------

    def article(self, facts: Facts) -> None:
        source, me = self.source, self.graph
        self._framework = self.node(facts.framework)
        self.add(me, RDF.type, TKG.Article)
        self.add(me, DCT.title, Literal(source.title))
        self.add(me, TKG.describesApproach, self._framework)
        self.add(me, TKG.approachType, _text(source.approach_type))
        self.add(me, TKG.discipline, _text(source.discipline))
        self.add(me, TKG.subfield, _text(source.subfield))
        summary = " ".join(s.text for s in source.lead)
        self.add(me, TKG.summary, _text(summary))
        self.add(me, SCHEMA.digitalSourceType, AI_GENERATED)
        self._provenance()
        for title in source.see_also:
            self.add(me, TKG.seeAlso, Literal(title))

    def _provenance(self) -> None:
        me, provenance = self.graph, self.source.provenance
        self.add(me, TKG.generatorModel, _text(provenance.model))
        self.add(me, SCHEMA.version, _text(provenance.version))
        self.add(me, TKG.generatedOn, _date(provenance.generated))
        self.add(me, TKG.readingTimeMinutes, _integer(provenance.reading_minutes))
        # Both counts are kept: a provenance line that miscounts its sources is a fact about the
        # article (queries and `validate --info` can find it), not a fault of the load.
        self.add(me, TKG.declaredSourceCount, _integer(provenance.declared_sources))
        self.add(me, TKG.listedSourceCount, _integer(len(self.source.sources)))

    def statements(self) -> dict[str, int]:
        """Every section and statement; returns the statement counts by provenance."""
        for section in self.sections:
            self._section(section)
        counts = {"statements": 0, "llm": 0, "sourced": 0, "untagged": 0, "unresolved": 0}
        for row in self.rows:
            counts["statements"] += 1
            counts[self._statement(row)] += 1
        return counts

    def _section(self, section: SectionRow) -> None:
        iri = self.local(f"sec-{section.slug}")
        self.add(self.graph, TKG.hasSection, iri)
        self.add(iri, RDF.type, TKG.Section)
        self.add(iri, TKG.sectionHeading, Literal(section.heading))
        self.add(iri, TKG.ordinal, _integer(section.ordinal))
        self.add(iri, TKG.inArticle, self.graph)

    def _statement(self, row: StatementRow) -> str:
        """Write one statement; say which of llm, sourced, untagged or unresolved it is."""
        iri, sentence = self.statement(row.ordinal), row.sentence
        self.add(iri, RDF.type, TKG.Statement)
        self.add(iri, TKG.text, Literal(sentence.text))
        self.add(iri, TKG.inSection, self.local(f"sec-{row.section_slug}"))
        self.add(iri, TKG.inArticle, self.graph)
        self.add(iri, TKG.ordinal, _integer(row.ordinal))
        self.add(iri, TKG.sourceLine, _integer(sentence.line) if sentence.line > 0 else None)
        self.add(iri, TKG.statementKind, _plain(str(sentence.kind)))
        return self._tag(iri, sentence)

    def _tag(self, iri: NamedNode, sentence: Sentence) -> str:
        tag = sentence.tag
        self.add(iri, TKG.llmTagged, _TRUE if tag.llm else _FALSE)
        if tag.raw is None:
            return "untagged"
        self.add(iri, TKG.provenanceTag, Literal(provenance_tag(tag)))
        if tag.llm:
            return "llm"  # never a citesReference, whatever the tag's sources say
        cited = 0
        for number in tag.sources:
            if self.source.source(number) is None:
                self.warnings.append(
                    warning(
                        "unlisted-source",
                        f"line {sentence.line}: tag {tag.raw!r} cites source {number}, "
                        "which the source list does not have",
                    )
                )
                continue
            self.add(iri, TKG.citesReference, self.local(f"ref-{number}"))
            cited += 1
        return "sourced" if cited else "unresolved"  # a number no listed source has

    # -- references and works -----------------------------------------------------------------

    def references(self, facts: Facts) -> None:
        for reference in facts.references:
            iri = self.local(f"ref-{reference.number}")
            self.add(self.graph, TKG.hasReference, iri)
            self.add(iri, RDF.type, TKG.Reference)
            self.add(iri, TKG.referenceNumber, _integer(reference.number))
            self.add(iri, TKG.rawCitation, Literal(reference.raw))
            self.add(iri, TKG.inArticle, self.graph)
            if reference.tier in TIERS:
                self.add(iri, TKG.sourceTier, tier(reference.tier))
            else:
                self.warnings.append(
                    warning(
                        "source-without-tier",
                        f"source {reference.number} has no tier (T1, T2 or T3)",
                    )
                )
            if reference.work is not None:
                self.add(iri, TKG.refersToWork, self.work(reference.work))

    def work(self, work: Work) -> NamedNode:
        iri = self.node(work.node)
        self.add(iri, DCT.title, Literal(work.title))
        for person in work.authors:
            self.add(iri, DCT.creator, self.node(person))
        for person in work.editors:
            self.add(iri, TKG.editor, self.node(person))
        self.add(iri, TKG.venue, _text(work.venue))
        self.add(iri, DCT.publisher, _text(work.publisher))
        self.add(iri, TKG.year, Literal(work.year, datatype=XSD.gYear) if work.year else None)
        self.add(iri, TKG.edition, _text(work.edition))
        self.add(iri, DCT.bibliographicCitation, _text(work.raw))
        if work.part_of is not None:
            self.add(iri, DCT.isPartOf, self.work(work.part_of))
        return iri

    # -- facts ------------------------------------------------------------------------------------

    def facts(self, facts: Facts) -> None:
        for person in facts.people:
            self.node(person)
        self._gradings(facts)
        self._roles(facts)
        self._lineage(facts)
        self._clinical(facts)
        self._smart(facts)
        self._key_terms(facts)
        self._questions_and_examples(facts)

    @property
    def framework(self) -> NamedNode:
        assert self._framework is not None, "article() writes the framework first"
        return self._framework

    def _gradings(self, facts: Facts) -> None:
        for number, grading in enumerate(facts.gradings, start=1):
            iri = self.fact(f"grading-{number}", "Grading", grading.statements)
            item = self.node(grading.item)
            self.add(iri, TKG.gradedItem, item)
            self.add(iri, TKG.hasGrade, grade(grading.grade))
            for context in grading.contexts:
                self.add(iri, TKG.inContext, self.node(context))
            if grading.graded_by is not None:
                self.add(iri, TKG.gradedBy, self.node(grading.graded_by))
            # which task-force edition, when the sentence says (docs/data-model.md, Gradings)
            if grading.edition in EDITIONS:
                self.add(iri, TKG.gradingEdition, edition(grading.edition))
            if grading.year is not None:
                self.add(iri, TKG.gradingYear, _integer_literal(grading.year))
            self.add(self.framework, TKG.hasGrading, iri)
            self.add(self.framework, TKG.hasElement, item)

    def _roles(self, facts: Facts) -> None:
        for number, role in enumerate(facts.roles, start=1):
            iri = self.fact(f"role-{number}", "RoleAttribution", role.statements)
            self.add(iri, RDF.type, PROV.Attribution)
            self.add(iri, PROV.agent, self.node(role.person))
            self.add(iri, PROV.hadRole, TKG[role.role])
            self.add(iri, TKG.roleName, Literal(role.role_name))
            self.add(self.framework, PROV.qualifiedAttribution, iri)

    def _lineage(self, facts: Facts) -> None:
        """Each link carries its relation; only the influence-type ones (vocab.LINEAGE_RELATIONS)
        add tkg:directlyInfluencedBy, so a reaction or a mere relatedness is no influence."""
        for number, link in enumerate(facts.lineage, start=1):
            iri = self.fact(f"lineage-{number}", "LineageLink", link.statements)
            subject, obj = self.node(link.subject), self.node(link.object)
            label, implies = LINEAGE_RELATIONS[link.relation]
            self.add(iri, TKG.lineageSubject, subject)
            self.add(iri, TKG.lineageObject, obj)
            self.add(iri, TKG.lineageRelationKind, lineage_relation(link.relation))
            self.add(iri, TKG.lineageRelation, Literal(label))
            if implies:
                self.add(subject, TKG.directlyInfluencedBy, obj)

    def _clinical(self, facts: Facts) -> None:
        for number, scope in enumerate(facts.scope, start=1):
            iri = self.fact(f"scope-{number}", "ScopeLink", scope.statements)
            item = self.node(scope.item)
            self.add(iri, TKG.scopeItem, item)
            self.add(self.framework, TKG[_SCOPE_PROPERTY[scope.item.kind]], item)
        for number, problem in enumerate(facts.problems, start=1):
            iri = self.fact(f"problem-{number}", "ProblemLink", problem.statements)
            node = self.node(problem.problem)
            self.add(iri, TKG.problemAddressed, node)
            for element in problem.elements:
                self.add(iri, TKG.linkedElement, self.node(element))
            self.add(self.framework, TKG.addressesProblem, node)

    def _smart(self, facts: Facts) -> None:
        for number, smart in enumerate(facts.smart, start=1):
            iri = self.fact(f"smart-{number}", "SmartObjective", [smart.statement])
            self.add(iri, TKG.goal, Literal(smart.goal))
            self.add(iri, TKG.objective, Literal(smart.objective))
            self.add(iri, TKG.mechanismText, Literal(smart.mechanism_text))
            for mechanism in smart.mechanisms:
                self.add(iri, TKG.mechanism, self.node(mechanism))
            self.add(self.framework, TKG.hasSmartObjective, iri)

    def _key_terms(self, facts: Facts) -> None:
        scheme = self.local("terms")
        seen: set[str] = set()
        for term in facts.key_terms:
            name = _unique_name(f"term-{slugify(term.term)}", seen)
            iri = self.fact(name, "KeyTerm", [term.statement])
            self.add(iri, RDF.type, SKOS.Concept)
            self.add(iri, SKOS.prefLabel, Literal(term.term))
            self.add(iri, SKOS.definition, Literal(term.definition))
            self.add(iri, SKOS.inScheme, scheme)
            self.add(self.framework, TKG.hasKeyTerm, iri)
        if facts.key_terms:
            self.add(scheme, RDF.type, SKOS.ConceptScheme)
            self.add(scheme, SKOS.prefLabel, Literal(f"Key terms: {self.source.title}"))

    def _questions_and_examples(self, facts: Facts) -> None:
        for number, ordinal in enumerate(facts.questions, start=1):
            iri = self.fact(f"question-{number}", "ReflectiveQuestion", [ordinal])
            self.add(self.framework, TKG.hasReflectiveQuestion, iri)
        for number, ordinal in enumerate(facts.examples, start=1):
            iri = self.fact(f"example-{number}", "IllustrativeExample", [ordinal])
            self.add(self.framework, TKG.hasIllustrativeExample, iri)


def provenance_tag(tag: Tag) -> str:
    """The tag as written, without the markup a format wraps it in.

    The LLM tag is always "LLM" (the contract's value, whether the page wrote `LLM`, (LLM) or
    LLM); a source tag keeps its digits and brackets ("1", "23", "[2][7]"), and HTML
    superscripts are written as their numbers, comma-separated ("<sup>4</sup><sup>5</sup>" →
    "4,5"), so that two adjacent superscripts never read as one number.
    """
    if tag.llm:
        return "LLM"
    raw = tag.raw or ""
    if "<" in raw:
        return ",".join(n.strip() for n in re.findall(r">([^<>]+)<", raw) if n.strip())
    return raw


def _unique_name(name: str, seen: set[str]) -> str:
    candidate, number = name, 1
    while candidate in seen:
        number += 1
        candidate = f"{name}-{number}"
    seen.add(candidate)
    return candidate


def _text(value: str | None) -> Literal | None:
    return Literal(value) if value else None


def _integer(value: int | None) -> Literal | None:
    return _integer_literal(value) if value is not None else None


@lru_cache(maxsize=4096)
def _integer_literal(value: int) -> Literal:
    return Literal(str(value), datatype=XSD.integer)


@lru_cache(maxsize=256)
def _plain(value: str) -> Literal:
    """A plain literal from a small closed set (statement kinds), made once."""
    return Literal(value)


_TRUE, _FALSE = Literal(True), Literal(False)


def _date(value: str | None) -> Literal | None:
    """An xsd:date when the article writes an ISO date; otherwise a plain string."""
    if not value:
        return None
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        return Literal(value, datatype=XSD.date)
    return Literal(value)
