"""Small precomputed aggregates over every article, kept in step with loads (issue #7).

A whole-graph aggregate that walks every statement, or a triple about a shared node, grows with
the corpus: in the union default graph a shared node's triples (`rdf:type`, `dcterms:title` of a
cited work, …) appear once per article graph that states them. The summary graph
`id:graph/summary` holds the few numbers the aggregate named queries need, rebuilt in one
transaction at the end of every load (after the labels graph):

- per evidence grade (`id:summary/grade/{slug}`, a `tkg:GradeSummary`): `tkg:gradingCount`
  and `tkg:gradedFrameworkCount`;
- per article (on the article's own IRI): `tkg:statementCount`, `tkg:sourcedStatementCount`,
  `tkg:llmTaggedStatementCount`, and `tkg:articleOrdinal` (its place by title), with the count
  of them on `id:summary/articles`: the listings paged by article bind them
  (`therapykg.graph.byarticle`);
- per cited work (`id:summary/work/{slug}`, a `tkg:WorkSummary`): `tkg:citingArticleCount`,
  `tkg:citingStatementCount` and the work's `dcterms:title`(s), stated once here;
- per section heading as articles write it (`id:summary/heading/{slug}`, a `tkg:HeadingSummary`
  with `tkg:summarisesHeading`): the same three statement counts as an article's;
- per framework and grade, and per graded item and grade (`id:summary/framework-grade/{slug}`,
  `id:summary/item-grade/{slug}`, a `tkg:GradingTally` with `tkg:talliesFramework` or
  `tkg:talliesItem`, `tkg:talliesGrade` and `tkg:gradingCount`): how many gradings the framework
  holds, or the item received, at that grade. /evidence charts the first; an element's page
  says from the second whether articles disagree on it, without reading its gradings;
- per framework holding a grading (on the framework's own IRI) `tkg:heldGradingCount`, its
  gradings at every grade, and per grade `tkg:frameworkGradingCount`, the same summed over every
  framework: one triple each, so /evidence finds its top frameworks by one pattern, not a join
  of every tally (4 s at 10,000 articles).
- the lineage network (`id:summary/lineage`, a `tkg:LineageSummary`): its linked nodes, edges
  and unlinked nodes; and on each linked node's own IRI `tkg:lineageRank` (1 the busiest: most
  edges, then by IRI) and `tkg:lineageNeighbourCount`. /lineage draws its busiest nodes by
  binding ranks, and reads only their edges, instead of projecting the whole network on a
  visit (11-20 s at 10,000 articles; the ranking reads the network's edges alone, once per
  load: docs/benchmarks.md).

The named queries whose header says `# kept: summary` have their rows kept too, in their order,
each in a graph of its own (`id:graph/kept/NAME`), written after the counts
(`therapykg.graph.kept`).

Each count comes from an aggregate over article-local nodes only (gradings, references,
statements, sections), each pattern its own sub-select joined by hashing or read with `GRAPH ?g`
grouped by graph, so no pattern meets the copies of a shared node's triples. At 10,000 articles
the refresh reads the store in about 9 s, 4.5 s of it for the headings: on every load, against
4.5 s on every ask of `sourcing-by-heading` (docs/benchmarks.md). Counts per section of each
article are not kept: `provenance-by-section` lists 150,000 rows at that size, and computes them
when asked.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

import pyoxigraph as ox

from therapykg.graph.byarticle import ordinal_quads
from therapykg.graph.kept import drop_table, is_kept_graph, write_kept
from therapykg.graph.memory import trim
from therapykg.graph.network import LineageRanking, lineage_ranking
from therapykg.graph.store import GraphReplacement, Store
from therapykg.ontology.iri import slugify
from therapykg.ontology.vocab import DCT, RDF, TKG, XSD, base_iri

# Gradings and the frameworks that hold them: article-local triples, stated once, each read in
# its own graph. (`tkg:hasGrade` has the domain tkg:Grading, so no type test is needed.)
_GRADES = """
SELECT ?grade (COUNT(DISTINCT ?grading) AS ?gradings) (COUNT(DISTINCT ?framework) AS ?frameworks)
WHERE {
  GRAPH ?g { ?grading tkg:hasGrade ?grade OPTIONAL { ?framework tkg:hasGrading ?grading } }
} GROUP BY ?grade
"""

# One pattern each, grouped by the graph: an article's graph is named by the article's IRI.
_ARTICLES = (
    "SELECT ?article ?title WHERE { GRAPH ?article { ?article a tkg:Article "
    "OPTIONAL { ?article dcterms:title ?title } } }"
)
_ARTICLE_STATEMENTS = (
    "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s a tkg:Statement } } GROUP BY ?g"
)
_ARTICLE_LLM = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s tkg:llmTagged true } } GROUP BY ?g"
_ARTICLE_SOURCED = (
    "SELECT ?g (COUNT(DISTINCT ?s) AS ?n) WHERE { GRAPH ?g { ?s tkg:citesReference ?r } }"
    " GROUP BY ?g"
)

# References are article-local and sit in their article's graph (named by the article's IRI).
_WORKS = """
SELECT ?work (COUNT(DISTINCT ?article) AS ?articles) (COUNT(DISTINCT ?s) AS ?sentences)
WHERE {
  { SELECT ?ref ?work ?article WHERE { GRAPH ?article { ?ref tkg:refersToWork ?work } } }
  OPTIONAL { SELECT ?ref ?s WHERE { GRAPH ?g { ?s tkg:citesReference ?ref } } }
} GROUP BY ?work
"""
# A work's title is a shared-node triple, stated by every article citing it: read once, each
# copy, and kept for the works counted above (articles have titles too).
_WORK_TITLES = "SELECT DISTINCT ?work ?title WHERE { ?work dcterms:title ?title }"


# Every statement joined to its section's heading; each pattern is its own sub-select.
_HEADINGS = """
SELECT ?heading (COUNT(?s) AS ?statements) (SUM(COALESCE(?l, 0)) AS ?llm)
       (SUM(COALESCE(?c, 0)) AS ?sourced)
WHERE {
  { SELECT ?s ?section WHERE { ?s tkg:inSection ?section } }
  { SELECT ?section ?heading WHERE { ?section tkg:sectionHeading ?heading } }
  OPTIONAL { SELECT ?s (1 AS ?l) WHERE { ?s tkg:llmTagged true } }
  OPTIONAL { SELECT DISTINCT ?s (1 AS ?c) WHERE { ?s tkg:citesReference ?r } }
} GROUP BY ?heading
"""


# Gradings per framework, and per graded item, by grade: article-local triples, grouped by graph.
_FRAMEWORK_GRADES = """
SELECT ?holder ?grade (COUNT(DISTINCT ?grading) AS ?n) WHERE {
  GRAPH ?g { ?holder tkg:hasGrading ?grading . ?grading tkg:hasGrade ?grade }
} GROUP BY ?holder ?grade
"""
_ITEM_GRADES = """
SELECT ?holder ?grade (COUNT(DISTINCT ?grading) AS ?n) WHERE {
  GRAPH ?g { ?grading tkg:gradedItem ?holder ; tkg:hasGrade ?grade }
} GROUP BY ?holder ?grade
"""
Tallies = dict[tuple[ox.NamedNode, ox.NamedNode], int]  # (framework or item, grade): gradings

# Every query of the counts, the longest first (the headings' join, at 10,000 articles 4.5 s):
# `compute_summary` runs it, then the lineage ranking, in one thread, the others in another.
_QUERIES = (
    _HEADINGS,
    _GRADES,
    _ARTICLES,
    _ARTICLE_STATEMENTS,
    _ARTICLE_SOURCED,
    _ARTICLE_LLM,
    _WORKS,
    _FRAMEWORK_GRADES,
    _ITEM_GRADES,
    _WORK_TITLES,
)
SUMMARY_THREADS = 2  # the counts' queries (and the lineage ranking) run at once


def summary_graph() -> ox.NamedNode:
    return ox.NamedNode(base_iri() + "graph/summary")


@dataclass(slots=True)
class Sourcing:
    """Statements, and how many of them cite a source or are LLM-tagged."""

    statements: int = 0
    sourced: int = 0
    llm: int = 0


@dataclass(slots=True)
class Summary:
    grades: dict[ox.NamedNode, tuple[int, int]] = field(default_factory=dict)
    articles: dict[ox.NamedNode, Sourcing] = field(default_factory=dict)
    titles: dict[ox.NamedNode, str | None] = field(default_factory=dict)  # for the ordinals
    works: dict[ox.NamedNode, tuple[int, int]] = field(default_factory=dict)
    work_titles: dict[ox.NamedNode, set[ox.Literal]] = field(default_factory=dict)
    headings: dict[ox.Literal, Sourcing] = field(default_factory=dict)
    framework_grades: Tallies = field(default_factory=dict)
    item_grades: Tallies = field(default_factory=dict)
    lineage: LineageRanking = field(default_factory=lambda: LineageRanking([], 0, 0))


def _int(term: ox.Literal | ox.NamedNode | ox.BlankNode | ox.Triple | None) -> int:
    return int(term.value) if isinstance(term, ox.Literal) else 0


def compute_summary(store: Store, *, threads: int = SUMMARY_THREADS) -> Summary:
    """Every aggregate the summary graph holds, from the store as it is.

    Its queries and the lineage ranking run `threads` at a time where the store allows it
    (`concurrent_reads`: Oxigraph evaluates a query without the GIL); their answers are then
    read in a fixed order, so the result does not depend on which query ended first.
    """
    threads = threads if store.concurrent_reads else 1
    with ThreadPoolExecutor(max(threads, 1), thread_name_prefix="therapykg-summary") as pool:
        # the two that hold the most memory (the headings' join about 1.1 GB at 10,000
        # articles, the ranking 0.5 GB) one after the other, the small ones beside them
        largest = pool.submit(lambda: (list(store.select(_HEADINGS)), lineage_ranking(store)))
        rows = pool.map(lambda query: list(store.select(query)), _QUERIES[1:])
        answers = dict(zip(_QUERIES[1:], rows, strict=True))
        answers[_HEADINGS], ranking = largest.result()
        found = _summary(answers)
        found.lineage = ranking
    return found


def _summary(answers: dict[str, list[ox.QuerySolution]]) -> Summary:
    """The counts of `compute_summary` from its queries' answers, by query."""
    found = Summary()
    for row in answers[_GRADES]:
        if isinstance(row["grade"], ox.NamedNode):
            found.grades[row["grade"]] = (_int(row["gradings"]), _int(row["frameworks"]))
    for row in answers[_ARTICLES]:
        article, title = row["article"], row["title"]
        if isinstance(article, ox.NamedNode):
            found.articles[article] = Sourcing()
            text = title.value if isinstance(title, ox.Literal) else None
            known = found.titles.get(article)
            if text is not None and (known is None or text < known):
                found.titles[article] = text  # the least of its titles, if it has several
            else:
                found.titles.setdefault(article, None)
    for query, slot in ((_ARTICLE_STATEMENTS, 0), (_ARTICLE_SOURCED, 1), (_ARTICLE_LLM, 2)):
        for row in answers[query]:
            counts = found.articles.get(row["g"])
            if counts is None:
                continue
            value = _int(row["n"])
            if slot == 0:
                counts.statements = value
            elif slot == 1:
                counts.sourced = value
            else:
                counts.llm = value
    for row in answers[_WORKS]:
        if isinstance(row["work"], ox.NamedNode):
            found.works[row["work"]] = (_int(row["articles"]), _int(row["sentences"]))
    for row in answers[_HEADINGS]:
        if isinstance(row["heading"], ox.Literal):
            found.headings[row["heading"]] = Sourcing(
                _int(row["statements"]), _int(row["sourced"]), _int(row["llm"])
            )
    found.framework_grades = _tallies(answers[_FRAMEWORK_GRADES])
    found.item_grades = _tallies(answers[_ITEM_GRADES])
    for row in answers[_WORK_TITLES]:
        work, title = row["work"], row["title"]
        if work in found.works and isinstance(title, ox.Literal):
            found.work_titles.setdefault(work, set()).add(title)
    return found


def _tallies(rows: list[ox.QuerySolution]) -> Tallies:
    found: Tallies = {}
    for row in rows:
        holder, grade = row["holder"], row["grade"]
        if isinstance(holder, ox.NamedNode) and isinstance(grade, ox.NamedNode):
            found[(holder, grade)] = _int(row["n"])
    return found


def _node(kind: str, iri: str, taken: Counter[str]) -> ox.NamedNode:
    """`id:summary/{kind}/{slug}`: the slug of what it summarises, made unique by a digest."""
    base = base_iri()
    tail = iri.rsplit("/", 1)[-1] if kind == "grade" else iri
    if kind == "work" and iri.startswith(base + "work/"):
        tail = iri[len(base + "work/") :]
    slug = slugify(tail) or "x"
    taken[f"{kind}/{slug}"] += 1
    if taken[f"{kind}/{slug}"] > 1 or (kind == "work" and not iri.startswith(base + "work/")):
        digest = hashlib.sha1(iri.encode("utf-8"), usedforsecurity=False).hexdigest()[:12]
        slug = f"{slug}-{digest}"
    return ox.NamedNode(f"{base}summary/{kind}/{slug}")


def _count(value: int) -> ox.Literal:
    return ox.Literal(str(value), datatype=XSD.integer)


def summary_quads(found: Summary) -> list[ox.Quad]:
    """The summary graph's quads, in a stable order."""
    g = summary_graph()
    quads: list[ox.Quad] = []
    taken: Counter[str] = Counter()
    grade_nodes: dict[ox.NamedNode, ox.NamedNode] = {}
    for grade, (gradings, frameworks) in sorted(found.grades.items(), key=lambda kv: kv[0].value):
        node = grade_nodes[grade] = _node("grade", grade.value, taken)
        quads += [
            ox.Quad(node, RDF.type, TKG.GradeSummary, g),
            ox.Quad(node, TKG.summarisesGrade, grade, g),
            ox.Quad(node, TKG.gradingCount, _count(gradings), g),
            ox.Quad(node, TKG.gradedFrameworkCount, _count(frameworks), g),
        ]
    for article, counts in sorted(found.articles.items(), key=lambda kv: kv[0].value):
        quads += _sourcing(article, counts, g)
    quads += ordinal_quads(found.titles, g)
    for work, (articles, sentences) in sorted(found.works.items(), key=lambda kv: kv[0].value):
        node = _node("work", work.value, taken)
        quads += [
            ox.Quad(node, RDF.type, TKG.WorkSummary, g),
            ox.Quad(node, TKG.summarisesWork, work, g),
            ox.Quad(node, TKG.citingArticleCount, _count(articles), g),
            ox.Quad(node, TKG.citingStatementCount, _count(sentences), g),
        ]
        titles = sorted(found.work_titles.get(work, ()), key=lambda t: t.value)
        quads += [ox.Quad(node, DCT.title, title, g) for title in titles]
    for heading, counts in sorted(found.headings.items(), key=lambda kv: kv[0].value):
        node = _node("heading", heading.value, taken)
        quads += [
            ox.Quad(node, RDF.type, TKG.HeadingSummary, g),
            ox.Quad(node, TKG.summarisesHeading, heading, g),
            *_sourcing(node, counts, g),
        ]
    quads += _tally_quads("framework-grade", TKG.talliesFramework, found.framework_grades, taken)
    quads += _tally_quads("item-grade", TKG.talliesItem, found.item_grades, taken)
    quads += _held_quads(found, grade_nodes)
    quads += _lineage_quads(found.lineage)
    return quads


def _lineage_quads(ranking: LineageRanking) -> list[ox.Quad]:
    """The network's size, and each linked node's rank and neighbours on its own IRI."""
    g = summary_graph()
    node = ox.NamedNode(f"{base_iri()}summary/lineage")
    quads = [
        ox.Quad(node, RDF.type, TKG.LineageSummary, g),
        ox.Quad(node, TKG.lineageNodeCount, _count(len(ranking.ranked)), g),
        ox.Quad(node, TKG.lineageEdgeCount, _count(ranking.edges), g),
        ox.Quad(node, TKG.unlinkedNodeCount, _count(ranking.unlinked), g),
    ]
    for rank, (iri, neighbours) in enumerate(ranking.ranked, start=1):
        subject = ox.NamedNode(iri)
        quads.append(ox.Quad(subject, TKG.lineageRank, _count(rank), g))
        quads.append(ox.Quad(subject, TKG.lineageNeighbourCount, _count(neighbours), g))
    return quads


def _held_quads(found: Summary, grade_nodes: dict[ox.NamedNode, ox.NamedNode]) -> list[ox.Quad]:
    """Each framework's gradings at every grade, and each grade's over every framework."""
    g = summary_graph()
    by_framework: Counter[ox.NamedNode] = Counter()
    by_grade: Counter[ox.NamedNode] = Counter()
    for (framework, grade), count in found.framework_grades.items():
        by_framework[framework] += count
        by_grade[grade] += count
    quads = [
        ox.Quad(framework, TKG.heldGradingCount, _count(count), g)
        for framework, count in sorted(by_framework.items(), key=lambda kv: kv[0].value)
    ]
    for grade, node in sorted(grade_nodes.items(), key=lambda kv: kv[0].value):
        quads.append(ox.Quad(node, TKG.frameworkGradingCount, _count(by_grade[grade]), g))
    return quads


def _tally_quads(
    kind: str, holds: ox.NamedNode, tallies: Tallies, taken: Counter[str]
) -> list[ox.Quad]:
    g = summary_graph()
    quads: list[ox.Quad] = []
    for (holder, grade), count in sorted(tallies.items(), key=lambda kv: _tally_key(kv[0])):
        node = _tally_node(kind, holder, grade, taken)
        quads += [
            ox.Quad(node, RDF.type, TKG.GradingTally, g),
            ox.Quad(node, holds, holder, g),
            ox.Quad(node, TKG.talliesGrade, grade, g),
            ox.Quad(node, TKG.gradingCount, _count(count), g),
        ]
    return quads


def _tally_node(
    kind: str, holder: ox.NamedNode, grade: ox.NamedNode, taken: Counter[str]
) -> ox.NamedNode:
    """`id:summary/{kind}/{holder's slug}-{grade's slug}`, a digest added when taken."""
    local = holder.value.rsplit("/", 1)[-1] + "-" + grade.value.rsplit("/", 1)[-1]
    slug = slugify(local) or "x"
    taken[f"{kind}/{slug}"] += 1
    if taken[f"{kind}/{slug}"] > 1:
        key = f"{holder.value} {grade.value}".encode()
        slug += "-" + hashlib.sha1(key, usedforsecurity=False).hexdigest()[:12]
    return ox.NamedNode(f"{base_iri()}summary/{kind}/{slug}")


def _tally_key(key: tuple[ox.NamedNode, ox.NamedNode]) -> tuple[str, str]:
    return key[0].value, key[1].value


def _sourcing(node: ox.NamedNode, counts: Sourcing, g: ox.NamedNode) -> list[ox.Quad]:
    return [
        ox.Quad(node, TKG.statementCount, _count(counts.statements), g),
        ox.Quad(node, TKG.sourcedStatementCount, _count(counts.sourced), g),
        ox.Quad(node, TKG.llmTaggedStatementCount, _count(counts.llm), g),
    ]


def refresh_summary(store: Store) -> int:
    """Rebuild the summary graph and the kept tables: every kept table's graph dropped (those of
    queries no longer kept too), then the counts swapped in one transaction, then the rows of
    the kept queries (some of which read those counts), table by table, each a new graph
    (`write_kept`); the number of quads written. The tables are dropped each apart, a chunk of
    quads a transaction (`drop_table`), where the store bulk loads (the embedded one: one
    transaction that removed every table's rows held gigabytes at 10,000 articles); elsewhere in
    the counts' transaction. A rebuild cut short anywhere leaves some tables absent, and those
    named queries are then answered by their text, until the next load rebuilds (derived.py)."""
    tables = [g for g in store.graphs() if is_kept_graph(g)]
    if store.bulk_loads:  # the embedded store: each table apart, a chunk at a time, first
        for graph in tables:
            drop_table(store, graph)
        tables = []
    quads = summary_quads(compute_summary(store))
    trim()  # what the counts' queries used, in their threads' arenas
    store.replace_graphs(
        [GraphReplacement(summary_graph(), quads), *(GraphReplacement(g, []) for g in tables)]
    )
    store.flush()
    trim()
    return len(quads) + write_kept(store)
