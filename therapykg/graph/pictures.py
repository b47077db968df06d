"""Pictures' data, read from the store: a framework's wheel, evidence counts, article titles.

What the web's pictures draw (`therapykg.web.network`, `therapykg.web.charts`) is read here, by
SPARQL over a `Store`; nothing here knows how it is drawn.

    wheel(store, framework)       a framework's graded elements and adaptations (`Wheel`)
    section_counts(store, [a])    sentences per article and section: sourced by tier, LLM, untagged
    heading_counts(store, query)  sentences per section heading across the corpus (large corpora)
    grade_counts(store, [top])    gradings per framework and grade (the top frameworks), from the
                                  summary graph's tallies; all_grade_totals and framework_count
                                  add them up
    article_titles(store, [a])    each article's title
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import partial
from typing import Any

import pyoxigraph as ox

from therapykg.graph.store import Dataset, Store, Term
from therapykg.graph.substitute import with_values
from therapykg.ontology.vocab import GRADES

BUCKETS = ("T1", "T2", "T3", "tier unknown", "LLM", "untagged")  # see `bucket`
HEADING_BUCKETS = ("sourced", "LLM", "untagged")  # see `heading_counts`


def local_name(iri: str) -> str:
    """The last segment of an IRI: after '#', else after the last '/'."""
    return iri.rsplit("#", 1)[-1] if "#" in iri else iri.rstrip("/").rsplit("/", 1)[-1]


def grade_slug(grade_iri: str) -> str:
    """`demonstrably-effective` for the grade's IRI (grades are named by slug)."""
    return local_name(grade_iri)


def _value(term: Term | None) -> str:
    return term.value if term is not None else ""


def _rows(
    store: Store,
    sparql: str,
    bindings: dict[str, Term] | None = None,
    *,
    dataset: Dataset | None = None,
) -> list[Any]:
    """The rows, read at once: pyoxigraph's results may only be dropped by the thread that made
    them, and a generator left suspended (an early `break`, an exception's traceback) could be
    collected by another request's thread."""
    return list(store.select(sparql, bindings=bindings, dataset=dataset))


# ---------------------------------------------------------------------------------------------
# Sentences and their tags


@dataclass(slots=True)
class Sentence:
    """A statement behind a fact, with its provenance tag as a reader should see it."""

    statement: str
    text: str = ""
    tag: str = ""  # as written: "1", "23", "LLM", or "" when untagged
    llm: bool = False
    sources: set[tuple[int, str]] = field(default_factory=set)  # (number, tier name)

    def badge(self) -> str:
        """`source 1 · T1`, `sources 2 · T2, 3 · T2`, `LLM` or `untagged`."""
        if self.llm:
            return "LLM"
        if self.sources:
            cited = ", ".join(f"{n} · {tier or 'tier ?'}" for n, tier in sorted(self.sources))
            return ("sources " if len(self.sources) > 1 else "source ") + cited
        return f"source {self.tag}" if self.tag else "untagged"


def _sentence(row: Any, found: dict[str, Sentence]) -> Sentence | None:
    statement = _value(row["s"])
    if not statement:
        return None
    sentence = found.setdefault(statement, Sentence(statement))
    sentence.text = sentence.text or _value(row["text"])
    sentence.tag = sentence.tag or _value(row["tag"])
    sentence.llm = sentence.llm or _value(row["llm"]) in ("true", "1")
    if row["number"] is not None:
        sentence.sources.add((int(_value(row["number"])), local_name(_value(row["tier"]))))
    return sentence


# ---------------------------------------------------------------------------------------------
# The hub-and-spoke wheel

_FRAMEWORK = """
SELECT ?framework ?label WHERE {
  ?framework a ?type .
  OPTIONAL { ?framework skos:prefLabel ?label }
}
"""

_WHEEL = """
SELECT ?framework ?item ?itemLabel ?grade ?context ?contextLabel
       ?s ?text ?tag ?llm ?number ?tier
WHERE {
  ?framework tkg:hasGrading ?grading .
  ?grading tkg:gradedItem ?item ; tkg:hasGrade ?grade .
  OPTIONAL { ?item skos:prefLabel ?itemLabel }
  OPTIONAL { ?grading tkg:inContext ?context . OPTIONAL { ?context skos:prefLabel ?contextLabel } }
  OPTIONAL {
    ?grading tkg:extractedFrom ?s .
    OPTIONAL { ?s tkg:text ?text }
    OPTIONAL { ?s tkg:provenanceTag ?tag }
    OPTIONAL { ?s tkg:llmTagged ?llm }
    OPTIONAL {
      ?s tkg:citesReference ?ref .
      OPTIONAL { ?ref tkg:referenceNumber ?number }
      OPTIONAL { ?ref tkg:sourceTier ?tier }
    }
  }
}
"""


@dataclass(slots=True)
class Spoke:
    """One graded item of a framework at one grade, with its contexts and sentences."""

    item: str
    label: str
    kind: str  # "element" or "adaptation"
    grade: str  # grade slug
    contexts: list[str] = field(default_factory=list)
    sentences: list[Sentence] = field(default_factory=list)

    @property
    def context_text(self) -> str:
        return ", ".join(short_context(c) for c in self.contexts)


@dataclass(slots=True)
class Wheel:
    framework: str
    label: str
    spokes: list[Spoke]


def short_context(label: str) -> str:
    """`individual` for "individual psychotherapy": the spoke has little room."""
    words = label.split()
    while len(words) > 1 and words[-1].casefold() in ("psychotherapy", "therapy", "work"):
        words.pop()
    return " ".join(words)


def framework_label(store: Store, framework: str) -> str | None:
    """The framework's label, its IRI when it has none, or None when the store does not know it."""
    rows = list(_rows(store, _FRAMEWORK, {"framework": ox.NamedNode(framework)}))
    if not rows:
        return None
    return min((_value(r["label"]) for r in rows if r["label"] is not None), default=framework)


def wheel(store: Store, framework: str) -> Wheel | None:
    """The framework's graded elements and adaptations, or None when the framework is unknown."""
    label = framework_label(store, framework)
    if label is None:
        return None
    spokes: dict[tuple[str, str], Spoke] = {}
    sentences: dict[str, Sentence] = {}
    rows = list(_rows(store, _WHEEL, {"framework": ox.NamedNode(framework)}))
    classes = _item_classes(store, (_value(row["item"]) for row in rows))
    for row in rows:
        spoke = _spoke(row, spokes, classes)
        context = _value(row["contextLabel"]) or (
            local_name(_value(row["context"])) if row["context"] else ""
        )
        if context and context not in spoke.contexts:
            spoke.contexts.append(context)
        sentence = _sentence(row, sentences)
        if sentence is not None and sentence not in spoke.sentences:
            spoke.sentences.append(sentence)
    for spoke in spokes.values():
        spoke.contexts.sort(key=partial(_reading_order, spoke=spoke))
    return Wheel(framework, label, sorted(spokes.values(), key=_spoke_order))


def _reading_order(context: str, spoke: Spoke) -> tuple[int, str]:
    """Contexts in the order the grading sentence names them (the data keeps no order)."""
    text = " ".join(s.text for s in spoke.sentences).casefold()
    found = text.find(short_context(context).casefold())
    return (found if found >= 0 else len(text) + 1, context)


# Asked apart, for the few items of one wheel: a shared item's type is stated in every article
# graph that grades it, so joining it into the query above repeats each row once per article.
_KINDS = """
SELECT DISTINCT ?item ?kindClass WHERE {
  VALUES ?item {}
  VALUES ?kindClass { tkg:RelationshipElement tkg:ResponsivenessAdaptation }
  FILTER EXISTS { ?item a ?kindClass }
}
"""


def _item_classes(store: Store, items: Iterable[str]) -> dict[str, str]:
    """The local name of each item's class, where it is an element or adaptation class."""
    unique = sorted(set(items))
    if not unique:
        return {}
    query = with_values(_KINDS, "item", (ox.NamedNode(item) for item in unique))
    return {row["item"].value: local_name(row["kindClass"].value) for row in _rows(store, query)}


def _spoke(row: Any, spokes: dict[tuple[str, str], Spoke], classes: dict[str, str]) -> Spoke:
    item, grade = _value(row["item"]), grade_slug(_value(row["grade"]))
    kind_class = classes.get(item, "")
    kind = "adaptation" if kind_class == "ResponsivenessAdaptation" else "element"
    if not kind_class and "/adaptation/" in item:
        kind = "adaptation"
    spoke = spokes.setdefault((item, grade), Spoke(item, "", kind, grade))
    spoke.label = min(filter(None, (spoke.label, _value(row["itemLabel"]))), default="")
    if kind == "element" and kind_class:  # an explicit class beats the IRI's guess
        spoke.kind = kind
    return spoke


def _spoke_order(spoke: Spoke) -> tuple[int, int, str]:
    rank = GRADES.index(spoke.grade) if spoke.grade in GRADES else len(GRADES)
    return (spoke.kind == "adaptation", rank, (spoke.label or spoke.item).casefold())


# ---------------------------------------------------------------------------------------------
# Evidence at a glance

# Shaped for Oxigraph's planner (issue #7): each statement pattern is its own sub-select, joined
# by hashing, with the optional ones last (an OPTIONAL group of several patterns, or a nested one,
# joined row by row took over 150 s at 1,000 articles). For one article the same query runs
# inside its graph (an article's graph is named by its IRI, given as the query's default graph:
# `_scope`), which takes milliseconds at any size.
_SECTION_TALLIES = """
SELECT ?article ?section ?llm ?refs ?best (COUNT(?s) AS ?n) WHERE { {
  { SELECT ?s ?article ?llm WHERE {
      ?s a tkg:Statement ; tkg:inArticle ?article ; tkg:llmTagged ?llm } }
  OPTIONAL { SELECT ?s ?section WHERE { ?s tkg:inSection ?section } }
  OPTIONAL {
    SELECT ?s (COUNT(?ref) AS ?refs) (MIN(STR(?tier0)) AS ?best) WHERE {
      ?s tkg:citesReference ?ref OPTIONAL { ?ref tkg:sourceTier ?tier0 }
    } GROUP BY ?s
  }
} }
GROUP BY ?article ?section ?llm ?refs ?best
"""

_SECTIONS = """
SELECT ?section ?heading ?order WHERE { {
  ?section a tkg:Section .
  OPTIONAL { ?section tkg:sectionHeading ?heading }
  OPTIONAL { ?section tkg:ordinal ?order }
} }
"""

_ARTICLES = """
SELECT ?article ?title WHERE {
  { ?article a tkg:Article OPTIONAL { ?article dcterms:title ?title } }
}
"""

_ARTICLE_COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?article a tkg:Article }"

# Gradings per framework and grade are counted once per load, in the summary graph's tallies
# (graph/summary): counted here, they took 6-7 s at 10,000 articles. The framework's label is asked
# apart for the frameworks shown (a shared node: only its prefLabel is stored once).
_GRADE_COUNTS = """
SELECT ?framework ?grade ?n WHERE {
  ?tally tkg:talliesFramework ?framework ; tkg:talliesGrade ?grade ; tkg:gradingCount ?n .
}
"""
_GRADE_COUNTS_OF = """
SELECT ?framework ?grade ?n WHERE {
  VALUES ?framework {}
  ?tally tkg:talliesFramework ?framework ; tkg:talliesGrade ?grade ; tkg:gradingCount ?n .
}
"""
# Each framework's gradings (on its IRI in the summary graph), most first: one pattern, and
# integers compare without reading a string. (Summing the tallies instead joined 30,000 of them:
# 4 s at 10,000 articles.)
_FRAMEWORK_TOTALS = """
SELECT ?framework ?total WHERE { ?framework tkg:heldGradingCount ?total }
ORDER BY DESC(?total)
"""
_FRAMEWORK_COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?framework tkg:heldGradingCount ?total }"
_GRADE_TOTALS = """
SELECT ?grade ?total WHERE { ?x tkg:summarisesGrade ?grade ; tkg:frameworkGradingCount ?total }
"""

_PREF_LABELS = "SELECT ?node ?label WHERE { VALUES ?node {} ?node skos:prefLabel ?label }"


@dataclass(slots=True)
class Counts:
    """Counts by key for one bar: a section (by bucket) or a framework (by grade)."""

    key: str  # section or framework IRI
    label: str
    group: str  # article IRI for sections, "" for frameworks
    group_label: str
    order: int = 0
    values: dict[str, int] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return sum(self.values.values())


def bucket(llm: bool, refs: int, best_tier: str) -> str:
    """Where a sentence counts: LLM-tagged first (a tag is never upgraded), else by best tier.

    >>> bucket(True, 0, ""), bucket(False, 2, "T1"), bucket(False, 1, ""), bucket(False, 0, "")
    ('LLM', 'T1', 'tier unknown', 'untagged')
    """
    if llm:
        return "LLM"
    if refs:
        return best_tier if best_tier in BUCKETS[:3] else "tier unknown"
    return "untagged"


def article_count(store: Store) -> int:
    """How many articles the store holds."""
    return sum(int(_value(row["n"]) or 0) for row in _rows(store, _ARTICLE_COUNT))


def _scope(article: str | None) -> Dataset | None:
    """One article's graph as the default graph (as `GRAPH <article> { ... }` around the whole
    query), or the union of every graph."""
    return Dataset(default_graphs=(article,), union=False) if article else None


def article_titles(store: Store, article: str | None = None) -> dict[str, str]:
    """Each article's title (its local name when it has none); one article with `article`."""
    titles: dict[str, str] = {}
    for row in _rows(store, _ARTICLES, dataset=_scope(article)):
        iri, title = _value(row["article"]), _value(row["title"])
        if not article or iri == article:
            titles[iri] = min(filter(None, (titles.get(iri, ""), title)), default="")
    return {iri: title or local_name(iri) for iri, title in titles.items()}


def section_counts(store: Store, article: str | None = None) -> list[Counts]:
    """Sentences per article and section, by bucket (see `bucket`), in reading order; with
    `article`, that article's sections only (read in its graph: fast at any corpus size).

    A sentence citing sources of several tiers counts once, under its best (lowest) tier.
    """
    scope = _scope(article)
    titles = article_titles(store, article)
    sections = {
        _value(row["section"]): (_value(row["heading"]), int(_value(row["order"]) or 0))
        for row in _rows(store, _SECTIONS, dataset=scope)
    }
    found: dict[tuple[str, str], Counts] = {}
    for row in _rows(store, _SECTION_TALLIES, dataset=scope):
        group, section = _value(row["article"]), _value(row["section"])
        if article and group != article:
            continue
        counts = found.setdefault(
            (group, section), Counts(section, "", group, titles.get(group, local_name(group)))
        )
        heading, order = sections.get(section, ("", 0))
        counts.label = counts.label or heading or local_name(section) or "(none)"
        counts.order = order or counts.order
        llm = _value(row["llm"]) in ("true", "1")
        name = bucket(llm, int(_value(row["refs"]) or 0), local_name(_value(row["best"])))
        counts.values[name] = counts.values.get(name, 0) + int(_value(row["n"]))
    return sorted(found.values(), key=lambda c: (c.group_label.casefold(), c.group, c.order))


def heading_counts(store: Store, query: str) -> list[Counts]:
    """Sentences under each section heading across the corpus: sourced, LLM-tagged, untagged;
    most sentences first. `query` is the text of the named query `sourcing-by-heading` (named
    queries sit a layer above), which reads the summary graph that every load rebuilds. (Tiers
    are left out: a sentence's best tier costs a group per sentence, too dear across a large
    corpus; one article's page shows them.)"""
    found = []
    for row in _rows(store, query):
        heading = _value(row["heading"])
        total, llm = int(_value(row["statements"]) or 0), int(_value(row["llmTagged"]) or 0)
        sourced = int(_value(row["sourced"]) or 0)
        values = {"sourced": sourced, "LLM": llm, "untagged": max(total - sourced - llm, 0)}
        found.append(
            Counts(heading, heading, "", "", values={k: v for k, v in values.items() if v})
        )
    return sorted(found, key=lambda c: (-c.total, c.label.casefold()))


def _pref_labels(store: Store, nodes: Iterable[str]) -> dict[str, str]:
    unique = sorted(set(nodes))
    labels: dict[str, str] = {}
    for start in range(0, len(unique), 500):
        chunk = (ox.NamedNode(n) for n in unique[start : start + 500])
        for row in _rows(store, with_values(_PREF_LABELS, "node", chunk)):
            node, label = _value(row["node"]), _value(row["label"])
            labels[node] = min(filter(None, (labels.get(node, ""), label)), default="")
    return labels


def grade_counts(store: Store, top: int | None = None) -> list[Counts]:
    """Gradings per framework, by grade slug, frameworks by label; with `top`, only the `top`
    frameworks with the most gradings, most first (then by label, as `str.casefold` orders)."""
    if top is None:
        found = _grade_rows(store, _GRADE_COUNTS)
    else:
        found = _grade_rows(store, with_values(_GRADE_COUNTS_OF, "framework", _top(store, top)))
    chosen = list(found.values())
    labels = _pref_labels(store, (c.key for c in chosen))
    for counts in chosen:
        counts.label = labels.get(counts.key) or local_name(counts.key)
    if top is not None:
        return sorted(chosen, key=lambda c: (-c.total, c.label.casefold()))[:top]
    return sorted(chosen, key=lambda c: c.label.casefold())


def _grade_rows(store: Store, sparql: str) -> dict[str, Counts]:
    found: dict[str, Counts] = {}
    for row in _rows(store, sparql):
        framework, grade = _value(row["framework"]), grade_slug(_value(row["grade"]))
        counts = found.setdefault(framework, Counts(framework, "", "", ""))
        counts.values[grade] = counts.values.get(grade, 0) + int(_value(row["n"]))
    return found


def _top(store: Store, top: int) -> list[ox.NamedNode]:
    """The frameworks with the `top` largest totals, and every other framework tied with the
    last of them (the labels that break the tie are read after)."""
    chosen: list[ox.NamedNode] = []
    least = None
    for row in store.select(_FRAMEWORK_TOTALS):
        total = int(_value(row["total"]))
        if len(chosen) >= top and least is not None and total < least:
            break
        if isinstance(row["framework"], ox.NamedNode):
            chosen.append(row["framework"])
            least = total
    return chosen


def framework_count(store: Store) -> int:
    """How many frameworks hold a grading."""
    return sum(int(_value(row["n"]) or 0) for row in _rows(store, _FRAMEWORK_COUNT))


def all_grade_totals(store: Store, label: str) -> Counts:
    """One bar adding up every framework's gradings by grade (as `grade_totals` of them all)."""
    total = Counts("", label, "", "")
    for row in _rows(store, _GRADE_TOTALS):
        if int(_value(row["total"])):
            total.values[grade_slug(_value(row["grade"]))] = int(_value(row["total"]))
    return total


def grade_totals(rows: Sequence[Counts], label: str) -> Counts:
    """One bar adding up the given frameworks' gradings by grade."""
    total = Counts("", label, "", "")
    for row in rows:
        for grade, count in row.values.items():
            total.values[grade] = total.values.get(grade, 0) + count
    return total
