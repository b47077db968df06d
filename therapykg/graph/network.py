"""Projections of the knowledge graph into networkx, free of any web or rendering code.

- `lineage_graph`: people, frameworks and theories; an edge A → B when A was directly influenced by
  B (`tkg:directlyInfluencedBy`), created by B, or when B holds a role in A (attribution). Every
  edge carries the sentences behind it and whether all of them are LLM-tagged.
- `element_graph`: frameworks and the factors they grade, weighted by grade.
- `cocitation_graph`: works, joined when one article cites both.

Node ids are IRIs; attributes are plain strings, numbers and booleans, so GraphML and GEXF can hold
them.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import combinations

import networkx as nx
import pyoxigraph as ox

from therapykg.graph.store import Store, Term
from therapykg.graph.substitute import with_values

GRADE_WEIGHT = {"demonstrably-effective": 3, "probably-effective": 2, "promising": 1}

# Shaped for Oxigraph's planner (issue #7; 10,000 articles: 74 s → about 3 s). Each property of
# a lineage link or attribution is its own sub-select, joined by hashing: looked up link by link
# they cost an index probe each, several seconds at 60,000 links. A statement's text is not read
# here (every statement's text is a scan of the largest literals; looked up per edge after the
# union it is a nested loop): `lineage_texts` fetches the texts of the few edges drawn.
_LINEAGE_LINKS = """
SELECT ?a ?b ?relation ?s ?llm WHERE {
  { SELECT ?link ?a WHERE { ?link tkg:lineageSubject ?a } }
  { SELECT ?link ?b WHERE { ?link tkg:lineageObject ?b } }
  { SELECT ?link ?s WHERE { ?link tkg:extractedFrom ?s } }
  { SELECT ?s ?llm WHERE { ?s tkg:llmTagged ?llm } }
  OPTIONAL { SELECT ?link ?rel0 WHERE { ?link tkg:lineageRelation ?rel0 } }
  BIND(COALESCE(?rel0, "influenced by") AS ?relation)
}
"""

_ATTRIBUTIONS = """
SELECT ?a ?b ?relation ?s ?llm WHERE {
  { SELECT ?att ?a WHERE { ?a prov:qualifiedAttribution ?att } }
  { SELECT ?att ?b WHERE { ?att prov:agent ?b } }
  { SELECT ?att ?relation WHERE {
      ?att prov:hadRole ?role . ?role rdfs:label ?label . BIND(STR(?label) AS ?relation) } }
  { SELECT ?att ?s WHERE { ?att tkg:extractedFrom ?s } }
  { SELECT ?s ?llm WHERE { ?s tkg:llmTagged ?llm } }
}
"""

# A shared node's `rdf:type` and `foaf:name` are stated in every article graph that mentions it:
# joined together they gave (copies of the type) × (copies of the name) rows per person, 42 s at
# 10,000 articles. The types are read alone and made distinct; the label is the one prefLabel
# (labels graph), and `foaf:name` only for the few nodes without one, asked apart.
_NODES = """
SELECT DISTINCT ?node ?class WHERE {
  VALUES ?class { tkg:Framework tkg:PsychotherapyApproach tkg:Theory tkg:Person }
  ?node a ?class .
}
"""

_NODE_LABELS = """
SELECT ?node ?label WHERE {
  { SELECT DISTINCT ?node WHERE {
      VALUES ?class { tkg:Framework tkg:PsychotherapyApproach tkg:Theory tkg:Person }
      ?node a ?class .
  } }
  ?node skos:prefLabel ?label .
}
"""

_NAMES = "SELECT DISTINCT ?node ?label WHERE { VALUES ?node {} ?node foaf:name ?label }"

_TEXTS = "SELECT ?s ?text WHERE { VALUES ?s {} ?s tkg:text ?text }"

_CHUNK = 500  # nodes or statements per VALUES query

# The statement IRIs behind each edge, kept on the graph (not on the edges, which exports write)
# when `lineage_graph(store, texts=False)` leaves the texts to `lineage_texts`.
STATEMENTS = "lineage_statements"

_GRADINGS = """
SELECT ?framework ?item ?grade ?kind WHERE {
  ?framework tkg:hasGrading ?g . ?g tkg:gradedItem ?item ; tkg:hasGrade ?grade .
  OPTIONAL {
    ?item a ?kindClass .
    VALUES ?kindClass { tkg:RelationshipElement tkg:ResponsivenessAdaptation }
  }
  BIND(IF(?kindClass = tkg:ResponsivenessAdaptation, "adaptation", "element") AS ?kind)
}
"""

_CITATIONS = """
SELECT ?article ?work WHERE { ?ref tkg:refersToWork ?work ; tkg:inArticle ?article }
"""

_LABELS = """
SELECT ?node ?label WHERE { ?node skos:prefLabel|foaf:name|dcterms:title ?label }
"""


def _text(term: Term | None) -> str:
    return term.value if term is not None else ""


def _kind(class_iri: str) -> str:
    local = class_iri.rsplit("#", 1)[-1]
    return {"PsychotherapyApproach": "framework", "Framework": "framework"}.get(
        local, local.lower()
    )


@dataclass(slots=True)
class _Edge:
    relations: set[str] = field(default_factory=set)
    sentences: dict[str, bool] = field(default_factory=dict)  # statement IRI → LLM-tagged
    texts: list[str] = field(default_factory=list)


def _values(query: str, name: str, iris: Iterable[str]) -> Iterable[str]:
    """`query` with its VALUES ?name block holding at most `_CHUNK` of the IRIs, per chunk."""
    unique = sorted(set(iris))
    for start in range(0, len(unique), _CHUNK):
        chunk = (ox.NamedNode(iri) for iri in unique[start : start + _CHUNK])
        yield with_values(query, name, chunk)


def _node_labels(store: Store, nodes: Iterable[str]) -> dict[str, str]:
    """Each node's preferred label; `foaf:name` for the nodes that have none (small stores)."""
    labels: dict[str, str] = {}
    for row in store.select(_NODE_LABELS):
        node, label = _text(row["node"]), _text(row["label"])
        labels[node] = min(labels.get(node, label), label)
    missing = [n for n in nodes if n not in labels]
    for query in _values(_NAMES, "node", missing):
        for row in store.select(query):
            node, label = _text(row["node"]), _text(row["label"])
            labels[node] = min(labels.get(node, label), label)
    return labels


def lineage_graph(store: Store, *, texts: bool = True) -> nx.DiGraph:
    """People, frameworks and theories, with directed influence, creation and role edges.

    Each edge's `text` joins the sentences behind it. With `texts=False` the texts are left
    empty and the statements kept in `graph.graph[STATEMENTS]`, for `lineage_texts` to fill in
    the few edges a picture draws (reading every text costs more than the rest together).
    """
    graph = nx.DiGraph()
    kinds: dict[str, str] = {}
    for row in store.select(_NODES):
        node = _text(row["node"])
        kind = _kind(_text(row["class"]))
        # A Framework is also a PsychotherapyApproach: keep the most specific kind seen.
        if kinds.get(node, "framework") == "framework":
            kinds[node] = kind
    labels = _node_labels(store, kinds)
    for node in sorted(kinds):
        graph.add_node(node, label=labels.get(node) or node, kind=kinds[node])
    edges: dict[tuple[str, str], _Edge] = {}
    for query in (_LINEAGE_LINKS, _ATTRIBUTIONS):
        for row in store.select(query):
            key = (_text(row["a"]), _text(row["b"]))
            edge = edges.setdefault(key, _Edge())
            edge.relations.add(_text(row["relation"]))
            edge.sentences[_text(row["s"])] = _text(row["llm"]) == "true"
    for (a, b), edge in sorted(edges.items()):
        for node in (a, b):
            if node not in graph:
                graph.add_node(node, label=node.rsplit("/", 1)[-1], kind="other")
        graph.add_edge(
            a,
            b,
            relation="; ".join(sorted(edge.relations)),
            sentences=len(edge.sentences),
            llm_only=all(edge.sentences.values()),
            text="",
        )
    graph.graph[STATEMENTS] = {key: sorted(edge.sentences) for key, edge in edges.items()}
    if texts:
        lineage_texts(store, graph, graph.edges)
        del graph.graph[STATEMENTS]
    return graph


def lineage_texts(store: Store, graph: nx.DiGraph, pairs: Iterable[tuple[str, str]]) -> None:
    """Fill in the `text` of the given edges from their statements (see `lineage_graph`)."""
    statements: dict[tuple[str, str], list[str]] = graph.graph.get(STATEMENTS, {})
    wanted = [(a, b) for a, b in pairs if (a, b) in statements and not graph.edges[a, b]["text"]]
    if not wanted:
        return
    found: dict[str, str] = {}
    for query in _values(_TEXTS, "s", (s for pair in wanted for s in statements[pair])):
        for row in store.select(query):
            found.setdefault(_text(row["s"]), _text(row["text"]))
    for a, b in wanted:
        texts = [found[s] for s in statements[(a, b)] if s in found]
        graph.edges[a, b]["text"] = " | ".join(texts)


def element_graph(store: Store) -> nx.Graph:
    """Frameworks and the factors they grade; an edge's weight is its best grade (3, 2 or 1)."""
    graph = nx.Graph()
    labels = {_text(r["node"]): _text(r["label"]) for r in store.select(_LABELS)}
    for row in store.select(_GRADINGS):
        framework, item = _text(row["framework"]), _text(row["item"])
        grade = _text(row["grade"]).rsplit("/", 1)[-1]
        graph.add_node(framework, label=labels.get(framework, framework), kind="framework")
        graph.add_node(item, label=labels.get(item, item), kind=_text(row["kind"]))
        weight = GRADE_WEIGHT.get(grade, 0)
        if weight >= graph.get_edge_data(framework, item, {}).get("weight", 0):
            graph.add_edge(framework, item, weight=weight, grade=grade)
    return graph


def cocitation_graph(store: Store) -> nx.Graph:
    """Works, joined with weight n when n articles cite both."""
    graph = nx.Graph()
    labels = {_text(r["node"]): _text(r["label"]) for r in store.select(_LABELS)}
    by_article: dict[str, set[str]] = {}
    for row in store.select(_CITATIONS):
        by_article.setdefault(_text(row["article"]), set()).add(_text(row["work"]))
    for works in by_article.values():
        for work in works:
            graph.add_node(work, label=labels.get(work, work), kind="work")
        for a, b in combinations(sorted(works), 2):
            weight = graph.get_edge_data(a, b, {}).get("weight", 0)
            graph.add_edge(a, b, weight=weight + 1)
    return graph


def find_node(graph: nx.Graph, name: str) -> str | None:
    """A node by IRI, slug or label (case-insensitive); exact matches first, then substrings."""
    wanted = name.casefold().strip()
    exact = [
        n
        for n, data in graph.nodes(data=True)
        if wanted in (n.casefold(), n.rsplit("/", 1)[-1], str(data.get("label", "")).casefold())
    ]
    if exact:
        return str(sorted(exact)[0])
    partial = [n for n, d in graph.nodes(data=True) if wanted in str(d.get("label", "")).casefold()]
    return str(sorted(partial)[0]) if len(partial) == 1 else None


def centrality(graph: nx.Graph, top: int = 10) -> dict[str, list[tuple[str, float]]]:
    """The most central nodes by degree, betweenness and PageRank."""
    if graph.number_of_nodes() == 0:
        return {"degree": [], "betweenness": [], "pagerank": []}
    measures = {
        "degree": nx.degree_centrality(graph),
        "betweenness": nx.betweenness_centrality(graph),
        "pagerank": nx.pagerank(graph),
    }
    return {
        name: sorted(values.items(), key=lambda kv: (-kv[1], kv[0]))[:top]
        for name, values in measures.items()
    }


def components(graph: nx.Graph) -> list[set[str]]:
    """Weakly connected components, largest first."""
    undirected = graph.to_undirected() if graph.is_directed() else graph
    return sorted((set(c) for c in nx.connected_components(undirected)), key=len, reverse=True)
