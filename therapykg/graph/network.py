"""Projections of the knowledge graph into networkx, free of any web or rendering code.

- `lineage_graph`: people, frameworks and theories; an edge A → B when A was directly influenced by
  B (`tkg:directlyInfluencedBy`), created by B, or when B holds a role in A (attribution). Every
  edge carries the sentences behind it and whether all of them are LLM-tagged.
- `lineage_ranking`: how connected each node of that network is, its busiest nodes first: kept in
  the summary graph at load time (`therapykg.graph.summary`), so that `lineage_part` can read the
  busiest nodes, and only the edges among them, without projecting the whole network.
- `element_graph`: frameworks and the factors they grade, weighted by grade.
- `cocitation_graph`: works, joined when one article cites both.

Node ids are IRIs; attributes are plain strings, numbers and booleans, so GraphML and GEXF can hold
them.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
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

# The network's edges alone, for the ranking kept at load time: the same required patterns as
# `_LINEAGE_LINKS` and `_ATTRIBUTIONS` (so the same pairs), each pair once.
_LINEAGE_PAIRS = """
SELECT DISTINCT ?a ?b WHERE {
  { SELECT ?link ?a WHERE { ?link tkg:lineageSubject ?a } }
  { SELECT ?link ?b WHERE { ?link tkg:lineageObject ?b } }
  { SELECT ?link ?s WHERE { ?link tkg:extractedFrom ?s } }
  { SELECT DISTINCT ?s WHERE { ?s tkg:llmTagged ?llm } }
}
"""
_ATTRIBUTION_PAIRS = """
SELECT DISTINCT ?a ?b WHERE {
  { SELECT ?att ?a WHERE { ?a prov:qualifiedAttribution ?att } }
  { SELECT ?att ?b WHERE { ?att prov:agent ?b } }
  { SELECT DISTINCT ?att WHERE { ?att prov:hadRole ?role . ?role rdfs:label ?label } }
  { SELECT ?att ?s WHERE { ?att tkg:extractedFrom ?s } }
  { SELECT DISTINCT ?s WHERE { ?s tkg:llmTagged ?llm } }
}
"""

# The edges whose first end is one of a few nodes (`VALUES ?a`), looked up from those nodes: a
# node's own links are few (at 10,000 articles the 400 busiest have 524 between them; their
# links towards them, 36,000, are never read). Rows as `_LINEAGE_LINKS` and `_ATTRIBUTIONS`.
# Every triple pattern is in one group before any BIND: a pattern after a BIND is evaluated
# alone and joined by hashing (every statement's `tkg:llmTagged`, over 100 s at 10,000 articles).
_LINKS_FROM = """
SELECT ?a ?b ?relation ?s ?llm WHERE {
  VALUES ?a {}
  ?link tkg:lineageSubject ?a ; tkg:lineageObject ?b ; tkg:extractedFrom ?s .
  ?s tkg:llmTagged ?llm .
  OPTIONAL { ?link tkg:lineageRelation ?rel0 }
  BIND(COALESCE(?rel0, "influenced by") AS ?relation)
}
"""
_ATTRIBUTIONS_FROM = """
SELECT ?a ?b ?relation ?s ?llm WHERE {
  VALUES ?a {}
  ?a prov:qualifiedAttribution ?att . ?att prov:agent ?b ; prov:hadRole ?role ;
     tkg:extractedFrom ?s .
  ?role rdfs:label ?label .
  ?s tkg:llmTagged ?llm .
  BIND(STR(?label) AS ?relation)
}
"""
# The edges whose second end is one node (`VALUES ?b`): who links to it, for its neighbourhood.
_LINKS_TO = """
SELECT ?a WHERE {
  VALUES ?b {}
  ?link tkg:lineageObject ?b ; tkg:lineageSubject ?a ; tkg:extractedFrom ?s .
  ?s tkg:llmTagged ?llm .
}
"""
_ATTRIBUTIONS_TO = """
SELECT ?a WHERE {
  VALUES ?b {}
  ?att prov:agent ?b ; prov:hadRole ?role ; tkg:extractedFrom ?s .
  ?a prov:qualifiedAttribution ?att .
  ?role rdfs:label ?label .
  ?s tkg:llmTagged ?llm .
}
"""
_RANK_OF = "SELECT ?rank WHERE { VALUES ?node {} ?node tkg:lineageRank ?rank }"
# The classes of a few nodes, as `_NODES` gives them.
_KINDS_OF = """
SELECT DISTINCT ?node ?class WHERE {
  VALUES ?node {}
  VALUES ?class { tkg:Framework tkg:PsychotherapyApproach tkg:Theory tkg:Person }
  ?node a ?class .
}
"""
_PREF_LABELS_OF = "SELECT ?node ?label WHERE { VALUES ?node {} ?node skos:prefLabel ?label }"

# What the summary graph keeps of the network (`therapykg.graph.summary` writes it): its size on
# `id:summary/lineage`, and on each linked node's own IRI its rank (1 the busiest: most edges,
# then by IRI) and how many neighbours it has.
_LINEAGE_TOTALS = """
SELECT ?nodes ?edges ?unlinked WHERE {
  ?summary a tkg:LineageSummary ; tkg:lineageNodeCount ?nodes ; tkg:lineageEdgeCount ?edges ;
           tkg:unlinkedNodeCount ?unlinked .
}
"""
_RANKED = """
SELECT ?node ?rank ?neighbours WHERE {
  VALUES ?rank {}
  ?node tkg:lineageRank ?rank ; tkg:lineageNeighbourCount ?neighbours .
}
"""
_NEIGHBOUR_COUNTS = """
SELECT ?node ?neighbours WHERE { VALUES ?node {} ?node tkg:lineageNeighbourCount ?neighbours }
"""
_XSD_INTEGER = ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")

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
    _keep_least(labels, store.select(_NODE_LABELS))
    return _with_names(store, labels, nodes)


def _keep_least(labels: dict[str, str], rows: Iterable[Mapping[str, Term | None]]) -> None:
    """Each row's node keeps the least of the labels the rows give it."""
    for row in rows:
        node, label = _text(row["node"]), _text(row["label"])
        labels[node] = min(labels.get(node, label), label)


def _with_names(store: Store, labels: dict[str, str], nodes: Iterable[str]) -> dict[str, str]:
    """`labels`, with the least `foaf:name` of each of `nodes` that has no label yet."""
    missing = [n for n in nodes if n not in labels]
    for query in _values(_NAMES, "node", missing):
        _keep_least(labels, store.select(query))
    return labels


def _kinds(rows: Iterable[Mapping[str, Term | None]]) -> dict[str, str]:
    kinds: dict[str, str] = {}
    for row in rows:
        node = _text(row["node"])
        kind = _kind(_text(row["class"]))
        # A Framework is also a PsychotherapyApproach: keep the most specific kind seen.
        if kinds.get(node, "framework") == "framework":
            kinds[node] = kind
    return kinds


def _add_edges(
    edges: dict[tuple[str, str], _Edge], rows: Iterable[Mapping[str, Term | None]]
) -> None:
    for row in rows:
        key = (_text(row["a"]), _text(row["b"]))
        edge = edges.setdefault(key, _Edge())
        edge.relations.add(_text(row["relation"]))
        edge.sentences[_text(row["s"])] = _text(row["llm"]) == "true"


def _other(node: str) -> dict[str, str]:
    """An edge's end of none of the network's classes: named by its IRI's last segment."""
    return {"label": node.rsplit("/", 1)[-1], "kind": "other"}


def _build(
    kinds: Mapping[str, str], labels: Mapping[str, str], edges: Mapping[tuple[str, str], _Edge]
) -> nx.DiGraph:
    """The network: typed nodes by IRI, then the other ends of edges; edges in (a, b) order."""
    graph = nx.DiGraph()
    for node in sorted(kinds):
        graph.add_node(node, label=labels.get(node) or node, kind=kinds[node])
    for (a, b), edge in sorted(edges.items()):
        for node in (a, b):
            if node not in graph:
                graph.add_node(node, **_other(node))
        graph.add_edge(
            a,
            b,
            relation="; ".join(sorted(edge.relations)),
            sentences=len(edge.sentences),
            llm_only=all(edge.sentences.values()),
            text="",
        )
    graph.graph[STATEMENTS] = {key: sorted(edge.sentences) for key, edge in edges.items()}
    return graph


def lineage_graph(store: Store, *, texts: bool = True) -> nx.DiGraph:
    """People, frameworks and theories, with directed influence, creation and role edges.

    Each edge's `text` joins the sentences behind it. With `texts=False` the texts are left
    empty and the statements kept in `graph.graph[STATEMENTS]`, for `lineage_texts` to fill in
    the few edges a picture draws (reading every text costs more than the rest together).
    """
    kinds = _kinds(store.select(_NODES))
    labels = _node_labels(store, kinds)
    edges: dict[tuple[str, str], _Edge] = {}
    for query in (_LINEAGE_LINKS, _ATTRIBUTIONS):
        _add_edges(edges, store.select(query))
    graph = _build(kinds, labels, edges)
    if texts:
        lineage_texts(store, graph, graph.edges)
        del graph.graph[STATEMENTS]
    return graph


@dataclass(frozen=True, slots=True)
class LineageRanking:
    """How connected the lineage network's nodes are, as `lineage_graph` would draw them.

    `ranked`: every node with at least one edge, busiest first (most edges, in and out, then by
    IRI, the order of the picture's "busiest nodes"), with its number of distinct neighbours.
    """

    ranked: list[tuple[str, int]]
    edges: int
    unlinked: int


def lineage_ranking(store: Store) -> LineageRanking:
    """The network's ranking from its edges alone: no labels, relations or sentences read.

    Nodes are IRIs (the ranks are stated on them): an edge with a blank node or a literal at an
    end, which only imported RDF could hold, is left out of the ranking.
    """
    graph = nx.DiGraph()
    rows = store.select(_NODES)
    graph.add_nodes_from(_kinds(row for row in rows if isinstance(row["node"], ox.NamedNode)))
    for query in (_LINEAGE_PAIRS, _ATTRIBUTION_PAIRS):
        for row in store.select(query):
            a, b = row["a"], row["b"]
            if isinstance(a, ox.NamedNode) and isinstance(b, ox.NamedNode):
                graph.add_edge(a.value, b.value)
    linked = sorted(
        (n for n in graph.nodes if graph.degree(n)), key=lambda n: (-graph.degree(n), n)
    )
    ranked = [(n, len(set(graph.predecessors(n)) | set(graph.successors(n)))) for n in linked]
    return LineageRanking(ranked, graph.number_of_edges(), graph.number_of_nodes() - len(linked))


# The keys of a part of the network read from the summary (`lineage_part`).
NEIGHBOURS = "neighbours"  # node attribute: how many neighbours it has in the whole network
TOTAL_NODES, TOTAL_EDGES, UNLINKED = "total_nodes", "total_edges", "unlinked"


def _integer(value: int) -> ox.Literal:
    return ox.Literal(str(value), datatype=_XSD_INTEGER)


def lineage_totals(store: Store) -> tuple[int, int, int] | None:
    """The whole network's linked nodes, edges and unlinked nodes as the summary graph keeps
    them; None when it keeps none (a store whose summary predates the ranking)."""
    for row in store.select(_LINEAGE_TOTALS):
        return (_number(row["nodes"]), _number(row["edges"]), _number(row["unlinked"]))
    return None


def _number(term: Term | None) -> int:
    return int(term.value) if isinstance(term, ox.Literal) else 0


def lineage_part(
    store: Store, nodes: Iterable[str] | None = None, *, busiest: int = 0
) -> nx.DiGraph | None:
    """A part of the lineage network read from the summary graph's ranking, as `lineage_graph`
    holds it: the `busiest` best-connected nodes (in rank order), or the given `nodes` (each
    of which must be linked), with every edge between two of them, their labels and kinds, and
    on each node its number of neighbours in the whole network (`NEIGHBOURS`); the whole
    network's counts in `graph.graph` (`TOTAL_NODES`, `TOTAL_EDGES`, `UNLINKED`). Sentences'
    texts are left to `lineage_texts`. None when the summary keeps no ranking."""
    totals = lineage_totals(store)
    if totals is None:
        return None
    counts: dict[str, int] = {}
    if nodes is None:
        ranks = (_integer(r) for r in range(1, min(busiest, totals[0]) + 1))
        found = {}
        for row in store.select(with_values(_RANKED, "rank", ranks)):
            found[_number(row["rank"])] = (_text(row["node"]), _number(row["neighbours"]))
        order = [found[r] for r in sorted(found)]
        chosen = [node for node, _ in order]
        counts = dict(order)
    else:
        chosen = list(dict.fromkeys(nodes))
        for query in _values(_NEIGHBOUR_COUNTS, "node", chosen):
            for row in store.select(query):
                counts[_text(row["node"])] = _number(row["neighbours"])
    shown = set(chosen)
    kinds: dict[str, str] = {}
    for query in _values(_KINDS_OF, "node", chosen):
        kinds.update(_kinds(store.select(query)))
    edges: dict[tuple[str, str], _Edge] = {}
    for text in (_LINKS_FROM, _ATTRIBUTIONS_FROM):
        for query in _values(text, "a", chosen):
            _add_edges(edges, (row for row in store.select(query) if _text(row["b"]) in shown))
    labels = _labels_of(store, kinds)
    graph = _build(kinds, labels, edges)
    part = nx.DiGraph()  # in the order chosen, as the picture lists them
    for node in chosen:
        # an untyped node with no edge among the chosen is described as `_build` would have
        attributes = graph.nodes[node] if node in graph else _other(node)
        part.add_node(node, **attributes, **{NEIGHBOURS: counts.get(node, 0)})
    part.add_edges_from(graph.edges(data=True))
    part.graph[STATEMENTS] = graph.graph[STATEMENTS]
    part.graph.update({TOTAL_NODES: totals[0], TOTAL_EDGES: totals[1], UNLINKED: totals[2]})
    return part


def lineage_around(store: Store, node: str) -> nx.DiGraph | None:
    """`node`, its neighbours and every edge among them, as `lineage_part` reads a part (for
    "expand on click"); None when the summary keeps no ranking or `node` is not a linked node
    of the network."""
    iri = ox.NamedNode(node)
    if not any(True for _ in store.select(with_values(_RANK_OF, "node", [iri]))):
        return None
    members = {node}
    for text in (_LINKS_FROM, _ATTRIBUTIONS_FROM):
        members.update(_text(row["b"]) for row in store.select(with_values(text, "a", [iri])))
    for text in (_LINKS_TO, _ATTRIBUTIONS_TO):
        members.update(_text(row["a"]) for row in store.select(with_values(text, "b", [iri])))
    return lineage_part(store, sorted(members))


def _labels_of(store: Store, nodes: Iterable[str]) -> dict[str, str]:
    """`_node_labels` for a few typed nodes: the least prefLabel, else the least foaf:name."""
    wanted = list(nodes)
    labels: dict[str, str] = {}
    for query in _values(_PREF_LABELS_OF, "node", wanted):
        _keep_least(labels, store.select(query))
    return _with_names(store, labels, wanted)


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
