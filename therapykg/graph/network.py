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

GRADE_WEIGHT = {"demonstrably-effective": 3, "probably-effective": 2, "promising": 1}

# The statement pattern sits inside each UNION branch: after the union, Oxigraph would join it as
# a nested loop (86 s instead of 0.1 s on 5,000 edges).
_LINEAGE_EDGES = """
SELECT ?a ?b ?relation ?s ?text ?llm WHERE {
  {
    ?link a tkg:LineageLink ; tkg:lineageSubject ?a ; tkg:lineageObject ?b ; tkg:extractedFrom ?s .
    ?s tkg:text ?text ; tkg:llmTagged ?llm .
    OPTIONAL { ?link tkg:lineageRelation ?rel0 }
    BIND(COALESCE(?rel0, "influenced by") AS ?relation)
  } UNION {
    ?a prov:qualifiedAttribution ?att .
    ?att prov:agent ?b ; prov:hadRole ?role ; tkg:extractedFrom ?s .
    ?s tkg:text ?text ; tkg:llmTagged ?llm .
    ?role rdfs:label ?relation0 .
    BIND(STR(?relation0) AS ?relation)
  }
}
"""

_NODES = """
SELECT ?node ?label ?class WHERE {
  ?node a ?class .
  VALUES ?class { tkg:Framework tkg:PsychotherapyApproach tkg:Theory tkg:Person }
  OPTIONAL { ?node skos:prefLabel|foaf:name ?label }
}
"""

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


def _rows(store: Store, sparql: str) -> Iterable[ox.QuerySolution]:
    result = store.query(sparql)
    assert isinstance(result, ox.QuerySolutions)
    return result


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


def lineage_graph(store: Store) -> nx.DiGraph:
    """People, frameworks and theories, with directed influence, creation and role edges."""
    graph = nx.DiGraph()
    for row in _rows(store, _NODES):
        node = _text(row["node"])
        kind = _kind(_text(row["class"]))
        # A Framework is also a PsychotherapyApproach: keep the most specific kind seen.
        if node not in graph or graph.nodes[node]["kind"] == "framework":
            graph.add_node(node, label=_text(row["label"]) or node, kind=kind)
    edges: dict[tuple[str, str], _Edge] = {}
    for row in _rows(store, _LINEAGE_EDGES):
        key = (_text(row["a"]), _text(row["b"]))
        edge = edges.setdefault(key, _Edge())
        edge.relations.add(_text(row["relation"]))
        statement = _text(row["s"])
        if statement not in edge.sentences:
            edge.texts.append(_text(row["text"]))
        edge.sentences[statement] = _text(row["llm"]) == "true"
    for (a, b), edge in edges.items():
        for node in (a, b):
            if node not in graph:
                graph.add_node(node, label=node.rsplit("/", 1)[-1], kind="other")
        graph.add_edge(
            a,
            b,
            relation="; ".join(sorted(edge.relations)),
            sentences=len(edge.sentences),
            llm_only=all(edge.sentences.values()),
            text=" | ".join(edge.texts),
        )
    return graph


def element_graph(store: Store) -> nx.Graph:
    """Frameworks and the factors they grade; an edge's weight is its best grade (3, 2 or 1)."""
    graph = nx.Graph()
    labels = {_text(r["node"]): _text(r["label"]) for r in _rows(store, _LABELS)}
    for row in _rows(store, _GRADINGS):
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
    labels = {_text(r["node"]): _text(r["label"]) for r in _rows(store, _LABELS)}
    by_article: dict[str, set[str]] = {}
    for row in _rows(store, _CITATIONS):
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
