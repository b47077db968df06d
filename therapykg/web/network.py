"""Pictures as vis-network data: a framework's wheel and the lineage graph, nodes and edges.

The page's own script hands this data to vis-network; each picture's table (its text
alternative, and its CSV) is made from the same data.

    entity_path(iri)              where the web app serves an IRI (web.paths.local_path)
    wheel_network(wheel)          the hub-and-spoke picture
    wheel_rows(wheel)             the wheel as table rows
    lineage_nodes(graph, ...)     the nodes the lineage picture draws
    lineage_network(graph, ...)   the lineage projection (`therapykg.graph.network`), capped
    lineage_busiest(part)         the busiest nodes, from a part read from the summary graph
    lineage_neighbourhood(...)    one node's neighbours, for "expand on click"
    lineage_rows(data)            the drawn edges as table rows
"""

from __future__ import annotations

import math
from typing import Any, NotRequired, TypedDict

import networkx as nx

from therapykg.graph.network import NEIGHBOURS, TOTAL_EDGES, TOTAL_NODES, UNLINKED
from therapykg.graph.pictures import Spoke, Wheel, local_name
from therapykg.web.palette import (
    GRADE_LABELS,
    KIND_STYLES,
    LLM_EDGE,
    SOURCED_EDGE,
    fill,
    grade_colour,
    stroke,
)
from therapykg.web.paths import local_path

LABEL_WIDTH = 190  # px at scale 1: a spoke label wraps beyond this
SPOKE_HEIGHT = 92  # px at scale 1: a spoke with a label of two lines


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


# Where the web app serves an IRI (`…/id/element/alliance` → `/id/element/alliance`), or None for
# an IRI from elsewhere: the app's own mapping, so a picture's links and the entity pages cannot
# disagree.
entity_path = local_path


# ---------------------------------------------------------------------------------------------
# The hub-and-spoke wheel


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
    """A lineage node; `more` counts neighbours outside `shown`, for "expand on click".

    In a part of the network (`therapykg.graph.network.lineage_part`) a node's neighbours in the
    whole network are its `NEIGHBOURS` attribute, and those the part holds are all shown.
    """
    data = graph.nodes[node]
    kind = str(data.get("kind", "other"))
    colour, shape = KIND_STYLES.get(kind, KIND_STYLES["other"])
    label = str(data.get("label") or local_name(node))
    neighbours = set(graph.predecessors(node)) | set(graph.successors(node))
    count = int(data.get(NEIGHBOURS, len(neighbours)))
    vis: VisNode = {
        "id": node,
        "label": label,
        "title": f"{label}\n{kind}\n{count} link(s)",
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
        vis["more"] = count - len(neighbours & shown)
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
    drawn = sorted((a, b) for a, b in sub.edges if a in shown and b in shown)
    return {
        "nodes": [lineage_node(graph, n, shown) for n in chosen],
        "edges": [lineage_edge(graph, a, b) for a, b in drawn],
        "total_nodes": sub.number_of_nodes(),
        "total_edges": sub.number_of_edges(),
        "truncated": len(shown) < sub.number_of_nodes(),
        "focus": focus,
        "unlinked": 0 if focus or unlinked else unlinked_nodes(graph),
    }


def lineage_busiest(part: nx.DiGraph) -> VisData:
    """What `lineage_network(graph, limit=N)` gives, from the part of the network holding only
    the N busiest nodes, the edges among them and the whole network's counts
    (`therapykg.graph.network.lineage_part`)."""
    shown = set(part.nodes)
    total = int(part.graph[TOTAL_NODES])
    return {
        "nodes": [lineage_node(part, n, shown) for n in part.nodes],
        "edges": [lineage_edge(part, a, b) for a, b in sorted(part.edges)],
        "total_nodes": total,
        "total_edges": int(part.graph[TOTAL_EDGES]),
        "truncated": len(shown) < total,
        "focus": None,
        "unlinked": int(part.graph[UNLINKED]),
    }


def lineage_neighbourhood(graph: nx.DiGraph, node: str) -> VisData:
    """`node` and its direct neighbours, with every edge among them."""
    members = {node} | set(graph.predecessors(node)) | set(graph.successors(node))
    sub = graph.subgraph(members)
    return {
        "nodes": [lineage_node(graph, n) for n in sorted(members)],
        "edges": [lineage_edge(graph, a, b) for a, b in sorted(sub.edges)],
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
