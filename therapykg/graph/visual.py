"""Pictures of the graph as data: vis-network nodes and edges, wheel spokes, evidence counts, SVG.

Pure functions over a `Store` or a networkx projection (`therapykg.graph.network`); nothing here
knows about Flask or HTTP, so the web pages, their JSON and CSV downloads and the tests share them.

    entity_path(iri)              where the web app serves an IRI (web.paths.local_path)
    wheel(store, framework)       a framework's graded elements and adaptations (`Wheel`)
    wheel_network(wheel)          the hub-and-spoke picture as vis-network data
    lineage_nodes(graph, ...)     the nodes the lineage picture draws
    lineage_network(graph, ...)   the lineage projection as vis-network data, capped
    lineage_neighbourhood(...)    one node's neighbours, for "expand on click"
    section_counts(store, [a])    sentences per article and section: sourced by tier, LLM, untagged
    heading_counts(store)         sentences per section heading across the corpus (large corpora)
    grade_counts(store, [top])    gradings per framework and grade (the top frameworks)
    stacked_bars_svg(...)         a small horizontal stacked bar chart as SVG text
    rdf_network(triples)          any CONSTRUCT or DESCRIBE result as vis-network data

Colours come from the Okabe–Ito palette, which readers with any common colour-vision deficiency
can tell apart; grades also run from dark to light, so they survive greyscale printing.
"""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import partial
from typing import Any, NotRequired, TypedDict
from xml.sax.saxutils import escape as _escape
from xml.sax.saxutils import quoteattr

import networkx as nx
import pyoxigraph as ox

from therapykg.graph.store import Store, Term
from therapykg.loaders import rdf
from therapykg.ontology.vocab import GRADES, PREFIXES, RDF, base_iri
from therapykg.web.paths import local_path

# Okabe & Ito (2008), "Color Universal Design".
OKABE_ITO = {
    "black": "#000000",
    "orange": "#E69F00",
    "sky blue": "#56B4E9",
    "bluish green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "reddish purple": "#CC79A7",
}
GRADE_COLOURS = {
    "demonstrably-effective": OKABE_ITO["blue"],
    "probably-effective": OKABE_ITO["sky blue"],
    "promising": OKABE_ITO["yellow"],
}
GRADE_LABELS = {
    "demonstrably-effective": "demonstrably effective",
    "probably-effective": "probably effective",
    "promising": "promising",
}
UNGRADED_COLOUR = "#999999"
LABEL_WIDTH = 190  # px at scale 1: a spoke label wraps beyond this
SPOKE_HEIGHT = 92  # px at scale 1: a spoke with a label of two lines
KIND_STYLES = {  # lineage node kinds: (colour, vis shape)
    "framework": (OKABE_ITO["blue"], "box"),
    "theory": (OKABE_ITO["bluish green"], "ellipse"),
    "person": (OKABE_ITO["orange"], "ellipse"),  # the label inside: a layer stacks tightly
    "other": ("#999999", "diamond"),
}
SOURCED_EDGE = "#444444"
LLM_EDGE = OKABE_ITO["vermillion"]
BUCKETS = ("T1", "T2", "T3", "tier unknown", "LLM", "untagged")
BUCKET_COLOURS = {
    "T1": OKABE_ITO["blue"],
    "T2": OKABE_ITO["sky blue"],
    "T3": OKABE_ITO["bluish green"],
    "tier unknown": "#999999",
    "LLM": OKABE_ITO["vermillion"],
    "untagged": "#DDDDDD",
}


class VisNode(TypedDict):
    id: str
    label: str
    title: str
    group: str
    color: dict[str, Any]
    shape: str
    href: str | None
    kind: NotRequired[str]
    iri: NotRequired[str]
    x: NotRequired[float]
    y: NotRequired[float]
    fixed: NotRequired[bool]
    more: NotRequired[int]
    borderWidth: NotRequired[int]
    shapeProperties: NotRequired[dict[str, Any]]
    font: NotRequired[dict[str, Any]]
    size: NotRequired[int]
    widthConstraint: NotRequired[dict[str, Any]]


# A vis-network edge: id, from, to, title, color, and optionally label, dashes, arrows, width,
# relation, sentences, llm_only. `from` is a Python keyword, so edges are plain dicts.
Edge = dict[str, Any]


class VisData(TypedDict):
    nodes: list[VisNode]
    edges: list[Edge]
    total_nodes: int
    total_edges: int
    truncated: bool
    focus: NotRequired[str | None]
    unlinked: NotRequired[int]  # nodes with no lineage link, left out of the default picture


# ---------------------------------------------------------------------------------------------
# IRIs and small helpers

# Where the web app serves an IRI (`…/id/element/alliance` → `/id/element/alliance`), or None for
# an IRI from elsewhere: the app's own mapping (therapykg/web/paths.py, plain functions of the
# base setting, no Flask), so a picture's links and the entity pages cannot disagree.
entity_path = local_path


def local_name(iri: str) -> str:
    """The last segment of an IRI: after '#', else after the last '/'."""
    return iri.rsplit("#", 1)[-1] if "#" in iri else iri.rstrip("/").rsplit("/", 1)[-1]


def compact(iri: str) -> str:
    """`prefix:local` for the project prefixes and `id:` for the data base, else the IRI."""
    names = {**PREFIXES, "id": base_iri()}
    for prefix, namespace in sorted(names.items(), key=lambda kv: -len(kv[1])):
        if iri.startswith(namespace) and len(iri) > len(namespace):
            return f"{prefix}:{iri[len(namespace) :]}"
    return iri


def _value(term: Term | None) -> str:
    return term.value if term is not None else ""


def _rows(store: Store, sparql: str, bindings: dict[str, Term] | None = None) -> list[Any]:
    """The rows, read at once: pyoxigraph's results may only be dropped by the thread that made
    them, and a generator left suspended (an early `break`, an exception's traceback) could be
    collected by another request's thread."""
    result = store.query(sparql, bindings=bindings)
    if not isinstance(result, ox.QuerySolutions):
        raise TypeError("expected a SELECT query")
    return list(result)


def grade_slug(grade_iri: str) -> str:
    """`demonstrably-effective` for the grade's IRI (grades are named by slug)."""
    return local_name(grade_iri)


def grade_colour(slug: str) -> str:
    return GRADE_COLOURS.get(slug, UNGRADED_COLOUR)


def fill(colour: str, border: str = "#222222") -> dict[str, Any]:
    """A node colour that keeps its fill when selected or hovered (only the border darkens),
    so a selected node never loses the colour that carries its meaning."""
    held = {"background": colour, "border": "#000000"}
    return {"background": colour, "border": border, "highlight": held, "hover": held}


def stroke(colour: str) -> dict[str, Any]:
    """An edge colour that stays the same when selected or hovered."""
    return {"color": colour, "highlight": colour, "hover": colour}


def _short(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


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
  VALUES ?item { %s }
  VALUES ?kindClass { tkg:RelationshipElement tkg:ResponsivenessAdaptation }
  FILTER EXISTS { ?item a ?kindClass }
}
"""


def _item_classes(store: Store, items: Iterable[str]) -> dict[str, str]:
    """The local name of each item's class, where it is an element or adaptation class."""
    unique = sorted(set(items))
    if not unique:
        return {}
    values = " ".join(str(ox.NamedNode(item)) for item in unique)  # N-Triples form: escaped
    return {
        row["item"].value: local_name(row["kindClass"].value)
        for row in _rows(store, _KINDS % values)
    }


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


def wheel_rows(data: Wheel) -> list[dict[str, str]]:
    """The wheel as table rows: the same data as the picture, for the page and the CSV."""
    return [
        {
            "item": spoke.item,
            "label": spoke.label or local_name(spoke.item),
            "kind": spoke.kind,
            "grade": GRADE_LABELS.get(spoke.grade, spoke.grade),
            "contexts": ", ".join(spoke.contexts),
            "sentence": " | ".join(s.text for s in spoke.sentences),
            "tag": " | ".join(s.badge() for s in spoke.sentences),
        }
        for spoke in data.spokes
    ]


def spoke_label(spoke: Spoke) -> str:
    """`alliance: individual, youth, family`: the item, then the contexts of its grading."""
    label = spoke.label or local_name(spoke.item)
    return f"{label}: {spoke.context_text}" if spoke.contexts else label


def _breakable(label: str, longest: int = 20) -> str:
    """A label the canvas can wrap between words: a long word joined by '/' gets a space after
    each '/' (vis-network breaks lines at spaces only, else mid-word)."""
    return " ".join(w.replace("/", "/ ") if len(w) > longest else w for w in label.split(" "))


def _spoke_title(spoke: Spoke) -> str:
    heading = (
        f"{spoke.label or local_name(spoke.item)} — {GRADE_LABELS.get(spoke.grade, spoke.grade)}"
    )
    if spoke.contexts:
        heading += f" ({spoke.context_text})"
    lines = [heading, f"{'Adaptation' if spoke.kind == 'adaptation' else 'Relationship element'}"]
    lines += [f"“{s.text}” [{s.badge()}]" for s in spoke.sentences]
    return "\n".join(lines)


def _angles(data: Wheel) -> list[float]:
    """Elements on one arc, adaptations on another, with a gap between the two groups."""
    kinds = [s.kind for s in data.spokes]
    gaps = 1 if len(set(kinds)) > 1 else 0
    slots = len(kinds) + 2 * gaps
    step = 2 * math.pi / max(slots, 1)
    angles, slot = [], 0.0
    for index, kind in enumerate(kinds):
        if index and kind != kinds[index - 1]:
            slot += 1
        angles.append(-math.pi / 2 + step * (slot + 0.5 * gaps))
        slot += 1
    return angles


def wheel_network(data: Wheel) -> VisData:
    """The wheel as vis-network data: the framework at the hub, fixed positions, no physics.

    The rim is an ellipse as wide as a page is wide: at top and bottom neighbours sit a label
    width apart (labels wrap at LABEL_WIDTH), at the sides a label's height apart, so the whole
    wheel fits a 1400×1000 window with labels at 11 px or more.
    """
    slots = (len(data.spokes) + 2) / (2 * math.pi)
    across = max(260.0, slots * (LABEL_WIDTH + 20))
    down = max(200.0, slots * SPOKE_HEIGHT)
    hub: VisNode = {
        "id": data.framework,
        "label": data.label,
        "title": f"{data.label}\nFramework",
        "group": "framework",
        "color": fill("#FFFFFF", "#000000"),
        "shape": "box",
        "href": entity_path(data.framework),
        "iri": data.framework,
        "x": 0.0,
        "y": 0.0,
        "fixed": True,
        "borderWidth": 2,
        "font": {"size": 18},
        "widthConstraint": {"maximum": 260},
    }
    nodes, edges = [hub], []
    for spoke, angle in zip(data.spokes, _angles(data), strict=True):
        node_id = f"{spoke.item}#{spoke.grade}"
        nodes.append(_spoke_node(spoke, node_id, across * math.cos(angle), down * math.sin(angle)))
        edges.append(_spoke_edge(data.framework, node_id, spoke))
    return {
        "nodes": nodes,
        "edges": edges,
        "total_nodes": len(nodes),
        "total_edges": len(edges),
        "truncated": False,
    }


def _spoke_node(spoke: Spoke, node_id: str, x: float, y: float) -> VisNode:
    colour = grade_colour(spoke.grade)
    node: VisNode = {
        "id": node_id,
        "label": _breakable(spoke_label(spoke)),
        "title": _spoke_title(spoke),
        "group": f"{spoke.kind}:{spoke.grade}",
        "kind": spoke.kind,
        "color": fill(colour),
        "shape": "dot" if spoke.kind == "element" else "diamond",
        "size": 20,
        "widthConstraint": {"maximum": LABEL_WIDTH},
        "href": entity_path(spoke.item),
        "iri": spoke.item,
        "x": round(x, 1),
        "y": round(y, 1),
        "fixed": True,
        "borderWidth": 1,
    }
    if spoke.kind == "adaptation":  # a dashed ring sets adaptations apart beyond their shape
        node["borderWidth"] = 3
        node["shapeProperties"] = {"borderDashes": [4, 3]}
    return node


def _spoke_edge(hub: str, node_id: str, spoke: Spoke) -> Edge:
    return {
        "id": f"{hub}>{node_id}",
        "from": hub,
        "to": node_id,
        "title": _spoke_title(spoke),
        "color": stroke("#8C8C8C"),
        "width": 1.5,
    }


# ---------------------------------------------------------------------------------------------
# The lineage graph


def lineage_node(graph: nx.DiGraph, node: str, shown: set[str] | None = None) -> VisNode:
    """A lineage node; `more` counts neighbours outside `shown`, for "expand on click"."""
    data = graph.nodes[node]
    kind = str(data.get("kind", "other"))
    colour, shape = KIND_STYLES.get(kind, KIND_STYLES["other"])
    label = str(data.get("label") or local_name(node))
    neighbours = set(graph.predecessors(node)) | set(graph.successors(node))
    vis: VisNode = {
        "id": node,
        "label": label,
        "title": f"{label}\n{kind}\n{len(neighbours)} link(s)",
        "group": kind,
        "kind": kind,
        "color": fill(colour),
        "shape": shape,
        "href": entity_path(node),
        "iri": node,
    }
    if shape == "box":
        vis["font"] = {"color": "#FFFFFF"}
    if shown is not None:
        vis["more"] = len(neighbours - shown)
    return vis


def lineage_edge(graph: nx.DiGraph, a: str, b: str) -> Edge:
    """A drawn edge from ancestor to descendant (`b` → `a` when a was influenced by b)."""
    data = graph.edges[a, b]
    llm_only = bool(data.get("llm_only"))
    relation = str(data.get("relation", ""))
    label_a = graph.nodes[a].get("label", a)
    label_b = graph.nodes[b].get("label", b)
    sentences = [t for t in str(data.get("text", "")).split(" | ") if t]
    count = int(data.get("sentences", len(sentences)))
    tag = "every sentence LLM-tagged" if llm_only else "at least one sentence cites a source"
    title = "\n".join(
        [f"{label_a} — {relation} → {label_b}", *(f"“{s}”" for s in sentences), f"{count}: {tag}"]
    )
    return {
        "id": f"{a}|{b}",
        "from": b,
        "to": a,
        "title": title,
        "relation": relation,
        "sentences": count,
        "llm_only": llm_only,
        "dashes": llm_only,
        "arrows": "to",
        "color": stroke(LLM_EDGE if llm_only else SOURCED_EDGE),
    }


def _nearest(graph: nx.DiGraph, focus: str, limit: int) -> list[str]:
    """Ancestors and descendants of `focus`, nearest first, at most `limit` of them."""
    related = {focus} | nx.ancestors(graph, focus) | nx.descendants(graph, focus)
    undirected = graph.subgraph(related).to_undirected(as_view=True)
    order = nx.single_source_shortest_path_length(undirected, focus)
    ranked = sorted(related, key=lambda n: (order.get(n, math.inf), n))
    return ranked[:limit]


def _busiest(graph: nx.DiGraph, limit: int, *, unlinked: bool = False) -> list[str]:
    """The best-connected nodes; nodes with no link at all only when `unlinked` (the authors of
    cited works are people with no lineage link: drawn, they are a row of loose dots)."""
    nodes = graph.nodes if unlinked else [n for n in graph.nodes if graph.degree(n)]
    ranked = sorted(nodes, key=lambda n: (-graph.degree(n), n))
    return ranked[:limit]


def unlinked_nodes(graph: nx.DiGraph) -> int:
    """How many nodes have no lineage link at all."""
    return sum(1 for n in graph.nodes if not graph.degree(n))


def lineage_nodes(
    graph: nx.DiGraph, *, focus: str | None = None, limit: int = 400, unlinked: bool = False
) -> list[str]:
    """The nodes `lineage_network` draws, in its order (so a caller can prepare their edges)."""
    return _nearest(graph, focus, limit) if focus else _busiest(graph, limit, unlinked=unlinked)


def lineage_network(
    graph: nx.DiGraph, *, focus: str | None = None, limit: int = 400, unlinked: bool = False
) -> VisData:
    """The lineage as vis-network data, capped at `limit` nodes.

    With `focus`, its ancestors and descendants nearest first; without, the best-connected nodes
    that have at least one link (every node when `unlinked`; `unlinked` in the result counts the
    nodes left out). Every edge between shown nodes is shown; a node's `more` says what a click
    would add.
    """
    chosen = lineage_nodes(graph, focus=focus, limit=limit, unlinked=unlinked)
    shown = set(chosen)
    if focus:
        considered = {focus} | nx.ancestors(graph, focus) | nx.descendants(graph, focus)
    elif unlinked:
        considered = set(graph.nodes)
    else:
        considered = {n for n in graph.nodes if graph.degree(n)}
    sub = graph.subgraph(considered)
    return {
        "nodes": [lineage_node(graph, n, shown) for n in chosen],
        "edges": [lineage_edge(graph, a, b) for a, b in sub.edges if a in shown and b in shown],
        "total_nodes": sub.number_of_nodes(),
        "total_edges": sub.number_of_edges(),
        "truncated": len(shown) < sub.number_of_nodes(),
        "focus": focus,
        "unlinked": 0 if focus or unlinked else unlinked_nodes(graph),
    }


def lineage_neighbourhood(graph: nx.DiGraph, node: str) -> VisData:
    """`node` and its direct neighbours, with every edge among them."""
    members = {node} | set(graph.predecessors(node)) | set(graph.successors(node))
    sub = graph.subgraph(members)
    return {
        "nodes": [lineage_node(graph, n) for n in sorted(members)],
        "edges": [lineage_edge(graph, a, b) for a, b in sub.edges],
        "total_nodes": len(members),
        "total_edges": sub.number_of_edges(),
        "truncated": False,
        "focus": node,
    }


def lineage_rows(data: VisData) -> list[dict[str, str]]:
    """The drawn edges as rows (ancestor, relation, descendant, tag) for the text alternative."""
    labels = {n["id"]: n["label"] for n in data["nodes"]}
    return [
        {
            "subject": str(e["to"]),
            "subject_label": str(labels.get(e["to"], e["to"])),
            "relation": str(e.get("relation", "")),
            "object": str(e["from"]),
            "object_label": str(labels.get(e["from"], e["from"])),
            "sentences": str(e.get("sentences", "")),
            "tag": "LLM only" if e.get("llm_only") else "sourced",
        }
        for e in data["edges"]
    ]


# ---------------------------------------------------------------------------------------------
# Evidence at a glance

# Shaped for Oxigraph's planner (issue #7): each statement pattern is its own sub-select, joined
# by hashing, with the optional ones last (an OPTIONAL group of several patterns, or a nested one,
# joined row by row took over 150 s at 1,000 articles). For one article the same query runs
# inside its graph (an article's graph is named by its IRI), which takes milliseconds at any size.
_SECTION_TALLIES = """
SELECT ?article ?section ?llm ?refs ?best (COUNT(?s) AS ?n) WHERE { %s {
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
SELECT ?section ?heading ?order WHERE { %s {
  ?section a tkg:Section .
  OPTIONAL { ?section tkg:sectionHeading ?heading }
  OPTIONAL { ?section tkg:ordinal ?order }
} }
"""

_ARTICLES = """
SELECT ?article ?title WHERE {
  %s { ?article a tkg:Article OPTIONAL { ?article dcterms:title ?title } }
}
"""

_ARTICLE_COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?article a tkg:Article }"

# Gradings are article-local, read in their graph; the framework's label is asked apart for the
# frameworks shown (a shared node: only its prefLabel is stored once).
_GRADE_COUNTS = """
SELECT ?framework ?grade (COUNT(DISTINCT ?grading) AS ?n) WHERE {
  GRAPH ?g { ?framework tkg:hasGrading ?grading . ?grading tkg:hasGrade ?grade }
}
GROUP BY ?framework ?grade
"""

_PREF_LABELS = "SELECT ?node ?label WHERE { VALUES ?node { %s } ?node skos:prefLabel ?label }"


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


def _in_graph(article: str | None) -> str:
    return f"GRAPH {ox.NamedNode(article)}" if article else ""


def article_titles(store: Store, article: str | None = None) -> dict[str, str]:
    """Each article's title (its local name when it has none); one article with `article`."""
    titles: dict[str, str] = {}
    for row in _rows(store, _ARTICLES % _in_graph(article)):
        iri, title = _value(row["article"]), _value(row["title"])
        if not article or iri == article:
            titles[iri] = min(filter(None, (titles.get(iri, ""), title)), default="")
    return {iri: title or local_name(iri) for iri, title in titles.items()}


def section_counts(store: Store, article: str | None = None) -> list[Counts]:
    """Sentences per article and section, by bucket (see `bucket`), in reading order; with
    `article`, that article's sections only (read in its graph: fast at any corpus size).

    A sentence citing sources of several tiers counts once, under its best (lowest) tier.
    """
    scope = _in_graph(article)
    titles = article_titles(store, article)
    sections = {
        _value(row["section"]): (_value(row["heading"]), int(_value(row["order"]) or 0))
        for row in _rows(store, _SECTIONS % scope)
    }
    found: dict[tuple[str, str], Counts] = {}
    for row in _rows(store, _SECTION_TALLIES % scope):
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


def heading_counts(store: Store) -> list[Counts]:
    """Sentences under each section heading across the corpus: sourced, LLM-tagged, untagged;
    most sentences first. The counts are the named query `sourcing-by-heading`'s, read from the
    summary graph that every load rebuilds. (Tiers are left out: a sentence's best tier costs a
    group per sentence, too dear across a large corpus; one article's page shows them.)"""
    from therapykg.queries.registry import named_queries

    found = []
    for row in _rows(store, named_queries()["sourcing-by-heading"].text):
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
        values = " ".join(str(ox.NamedNode(n)) for n in unique[start : start + 500])
        for row in _rows(store, _PREF_LABELS % values):
            node, label = _value(row["node"]), _value(row["label"])
            labels[node] = min(filter(None, (labels.get(node, ""), label)), default="")
    return labels


def grade_counts(store: Store, top: int | None = None) -> list[Counts]:
    """Gradings per framework, by grade slug, frameworks by label; with `top`, only the `top`
    frameworks with the most gradings (then by label)."""
    found: dict[str, Counts] = {}
    for row in _rows(store, _GRADE_COUNTS):
        framework, grade = _value(row["framework"]), grade_slug(_value(row["grade"]))
        counts = found.setdefault(framework, Counts(framework, "", "", ""))
        counts.values[grade] = counts.values.get(grade, 0) + int(_value(row["n"]))
    chosen = list(found.values())
    if top is not None:
        chosen = sorted(chosen, key=lambda c: (-c.total, c.key))[:top]
    labels = _pref_labels(store, (c.key for c in chosen))
    for counts in chosen:
        counts.label = labels.get(counts.key) or local_name(counts.key)
    if top is not None:
        return sorted(chosen, key=lambda c: (-c.total, c.label.casefold()))
    return sorted(chosen, key=lambda c: c.label.casefold())


def grade_totals(rows: Sequence[Counts], label: str) -> Counts:
    """One bar adding up the given frameworks' gradings by grade."""
    total = Counts("", label, "", "")
    for row in rows:
        for grade, count in row.values.items():
            total.values[grade] = total.values.get(grade, 0) + count
    return total


def counts_csv(
    rows: Sequence[Counts], series: Sequence[str], *, grouped: bool, head: str = "framework"
) -> str:
    """The counts as CSV text, one row per bar, one column per series and a total; ungrouped
    rows are named by their key under the column `head` (framework, heading), then `label`."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    columns = ["article", "article_title", "section", "section_heading"] if grouped else []
    columns = columns or [head, "label"]
    writer.writerow([*columns, *series, "total"])
    for row in rows:
        ids = [row.group, row.group_label, row.key, row.label] if grouped else [row.key, row.label]
        writer.writerow([*ids, *(row.values.get(s, 0) for s in series), row.total])
    return out.getvalue()


@dataclass(frozen=True, slots=True)
class Series:
    key: str
    label: str
    colour: str


SECTION_SERIES = tuple(Series(b, b, BUCKET_COLOURS[b]) for b in BUCKETS)
HEADING_BUCKETS = ("sourced", "LLM", "untagged")
HEADING_SERIES = (
    Series("sourced", "sourced", OKABE_ITO["blue"]),
    Series("LLM", "LLM", BUCKET_COLOURS["LLM"]),
    Series("untagged", "untagged", BUCKET_COLOURS["untagged"]),
)
GRADE_SERIES = tuple(Series(g, GRADE_LABELS[g], GRADE_COLOURS[g]) for g in GRADES)

_ROW, _LABEL_WIDTH, _BAR_WIDTH, _TOP = 22, 300, 520, 56


def stacked_bars_svg(
    rows: Sequence[Counts], series: Sequence[Series], *, title: str, chart_id: str
) -> str:
    """A horizontal stacked bar chart; rows with a `group` get a heading line per group.

    Every segment carries a `<title>` (a tooltip, and text for screen readers); the SVG is
    standalone, so the same text is the download.
    """
    lines: list[str] = []
    scale = _BAR_WIDTH / max((r.total for r in rows), default=1) if rows else 1.0
    y = _TOP
    group = None
    for row in rows:
        if row.group and row.group != group:
            group = row.group
            y += 8
            lines.append(_text(8, y + 15, _short(row.group_label, 90), bold=True))
            y += _ROW
        lines.extend(_bar(row, series, y, scale))
        y += _ROW
    width = _LABEL_WIDTH + _BAR_WIDTH + 60
    head = _legend(series, title, chart_id)
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{y + 10}" '
        f'viewBox="0 0 {width} {y + 10}" role="img" aria-labelledby="{chart_id}-title" '
        f'font-family="sans-serif" font-size="12">\n' + "\n".join([*head, *lines]) + "\n</svg>\n"
    )


def escape(text: str) -> str:
    """Text for XML content, quotes included, so no reader can take it for markup."""
    return _escape(text, {'"': "&quot;", "'": "&#39;"})


def _text(x: float, y: float, content: str, *, bold: bool = False, anchor: str = "start") -> str:
    weight = ' font-weight="bold"' if bold else ""
    return f'<text x="{x:g}" y="{y:g}" text-anchor="{anchor}"{weight}>{escape(content)}</text>'


def _legend(series: Sequence[Series], title: str, chart_id: str) -> list[str]:
    parts = [f'<title id="{chart_id}-title">{escape(title)}</title>']
    parts.append(_text(8, 18, title, bold=True))
    x = 8.0
    for item in series:
        parts.append(
            f'<rect x="{x:g}" y="30" width="12" height="12" fill="{item.colour}" stroke="#333"/>'
        )
        parts.append(_text(x + 16, 40, item.label))
        x += 24 + 7 * len(item.label)
    return parts


def _bar(row: Counts, series: Sequence[Series], y: float, scale: float) -> Iterator[str]:
    yield _text(_LABEL_WIDTH - 8, y + 15, _short(row.label, 40), anchor="end")
    x = float(_LABEL_WIDTH)
    for item in series:
        count = row.values.get(item.key, 0)
        if not count:
            continue
        width = count * scale
        tip = escape(f"{row.label}: {count} {item.label}")
        yield (
            f'<rect x="{x:.1f}" y="{y + 3:g}" width="{width:.1f}" height="{_ROW - 6}" '
            f'fill="{item.colour}" stroke="#333" stroke-width="0.5" '
            f"data-series={quoteattr(item.key)}><title>{tip}</title></rect>"
        )
        x += width
    yield _text(x + 6, y + 15, str(row.total))


# ---------------------------------------------------------------------------------------------
# Any RDF graph (CONSTRUCT or DESCRIBE results) as a network

_LABEL_PREDICATES = (
    "http://www.w3.org/2004/02/skos/core#prefLabel",
    "http://www.w3.org/2000/01/rdf-schema#label",
    "http://xmlns.com/foaf/0.1/name",
    "http://purl.org/dc/terms/title",
)
_PALETTE = [c for name, c in OKABE_ITO.items() if name not in ("black", "yellow")]
_MAX_LITERALS = 12


def parse_rdf(
    data: bytes,
    media_type: str,
    *,
    name: str = "the RDF given",
    limits: rdf.Limits | None = None,
    timeout: float | None = None,
) -> list[ox.Triple]:
    """Triples from RDF text from outside, in any syntax pyoxigraph reads (graph names dropped).

    Parsed where all RDF from outside is (`therapykg.loaders.rdf`: size, depth, line and entity
    limits checked first, the parser in a child process under a memory cap). Raises ValueError
    for a media type that names no RDF syntax, and RDFImportError (RDFTooLargeError for size)
    naming `name` for data that is refused or not valid. Parsing never makes a request.
    """
    fmt = rdf.format_of_media_type(media_type)
    if fmt is None:
        raise ValueError(f"cannot read {media_type!r} as RDF")
    quads = rdf.parse_rdf_bytes(data, fmt, name=name, limits=limits, timeout=timeout)
    return [q.triple for q in quads]


@dataclass(slots=True)
class _Resource:
    id: str
    labels: list[str] = field(default_factory=list)
    types: list[str] = field(default_factory=list)
    literals: list[str] = field(default_factory=list)


def _node_id(term: Any) -> str:
    return f"_:{term.value}" if isinstance(term, ox.BlankNode) else str(term.value)


def _collect(triples: Iterable[ox.Triple]) -> tuple[dict[str, _Resource], list[tuple[str, ...]]]:
    resources: dict[str, _Resource] = {}
    links: list[tuple[str, ...]] = []
    for triple in triples:
        subject = resources.setdefault(
            _node_id(triple.subject), _Resource(_node_id(triple.subject))
        )
        predicate, obj = triple.predicate.value, triple.object
        if isinstance(obj, ox.Literal):
            if predicate in _LABEL_PREDICATES:
                subject.labels.append(obj.value)
            subject.literals.append(f"{compact(predicate)}: {_short(obj.value, 120)}")
        elif predicate == RDF.type.value:
            subject.types.append(_node_id(obj))
        else:
            resources.setdefault(_node_id(obj), _Resource(_node_id(obj)))
            links.append((subject.id, predicate, _node_id(obj)))
    return resources, links


def _resource_node(resource: _Resource, colours: dict[str, str]) -> VisNode:
    group = compact(resource.types[0]) if resource.types else "untyped"
    colour = colours.setdefault(group, _PALETTE[len(colours) % len(_PALETTE)])
    label = min(resource.labels, default="") or compact(resource.id)
    literals = resource.literals[:_MAX_LITERALS]
    if len(resource.literals) > _MAX_LITERALS:
        literals.append(f"… {len(resource.literals) - _MAX_LITERALS} more")
    types = ", ".join(compact(t) for t in resource.types)
    return {
        "id": resource.id,
        "label": _short(label, 48),
        "title": "\n".join([compact(resource.id), *([f"a {types}"] if types else []), *literals]),
        "group": group,
        "color": fill(colour),
        "shape": "dot" if resource.types else "ellipse",
        "href": None if resource.id.startswith("_:") else entity_path(resource.id),
        "iri": resource.id,
    }


def rdf_network(triples: Iterable[ox.Triple], *, limit: int = 500) -> VisData:
    """Resources as nodes (coloured by their first type, labelled by prefLabel, label, name or
    title), literals in the node's hover text, other triples as edges labelled by predicate.
    At most `limit` nodes: the ones with the most links first."""
    resources, links = _collect(triples)
    degree: dict[str, int] = {}
    for s, _, o in links:
        degree[s] = degree.get(s, 0) + 1
        degree[o] = degree.get(o, 0) + 1
    ranked = sorted(resources, key=lambda r: (-degree.get(r, 0), r))[:limit]
    shown = set(ranked)
    colours: dict[str, str] = {}
    edges: list[Edge] = [
        {
            "id": f"{s} {p} {o}",
            "from": s,
            "to": o,
            "label": compact(p),
            "title": f"{compact(s)} {compact(p)} {compact(o)}",
            "arrows": "to",
            "color": stroke(SOURCED_EDGE),
        }
        for s, p, o in dict.fromkeys(links)
        if s in shown and o in shown
    ]
    return {
        "nodes": [_resource_node(resources[r], colours) for r in ranked],
        "edges": edges,
        "total_nodes": len(resources),
        "total_edges": len(set(links)),
        "truncated": len(ranked) < len(resources),
    }
