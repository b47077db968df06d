"""A network as one self-contained HTML file, drawn by pyvis, that opens without a server.

`therapykg export --format html --network lineage -o lineage.html` writes it: vis-network is
written into the file from the copy the package ships (never a CDN), so a student can email the
file and open it offline. Node and edge texts reach the page only as JSON (`tojson` escapes `<`,
`>` and `&`) and vis-network shows a string tooltip as text, never as HTML.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import networkx as nx
from pyvis.network import Network

from therapykg.web.palette import KIND_STYLES, LLM_EDGE, SOURCED_EDGE

WEB = Path(__file__).resolve().parent
TEMPLATE = "templates/offline/network.html"
HEADINGS = {
    "lineage": "Lineage: who and what each approach drew on",
    "elements": "Frameworks and the relationship elements they grade",
    "cocitation": "Works cited together",
}
OPTIONS: dict[str, Any] = {
    "edges": {"arrows": {"to": {"enabled": True, "scaleFactor": 0.6}}, "smooth": False},
    "nodes": {"font": {"size": 16}},
    "physics": {"solver": "forceAtlas2Based", "stabilization": {"iterations": 300}},
    "interaction": {"hover": True, "navigationButtons": True},
}


def network_html(graph: nx.Graph, which: str) -> str:
    """The whole page for one networkx projection (lineage, elements or co-citation)."""
    net = Network(
        height="85vh", width="100%", directed=graph.is_directed(), cdn_resources="in_line"
    )
    for node, data in graph.nodes(data=True):
        net.add_node(str(node), **_node(str(node), data))
    for source, target, data in graph.edges(data=True):
        net.add_edge(str(source), str(target), **_edge(data, graph.is_directed()))
    net.options = dict(OPTIONS)  # a dict: pyvis writes it as JSON
    net.set_template_dir(str(WEB), TEMPLATE)
    net.heading = HEADINGS.get(which, which)
    return str(net.generate_html())


def _node(node: str, data: dict[str, Any]) -> dict[str, Any]:
    colour, shape = KIND_STYLES.get(str(data.get("kind", "other")), KIND_STYLES["other"])
    label = str(data.get("label") or node)
    return {
        "label": label,
        "title": f"{label}\n{data.get('kind', '')}\n{node}",
        "color": colour,
        "shape": shape,
    }


def _edge(data: dict[str, Any], directed: bool) -> dict[str, Any]:
    llm_only = bool(data.get("llm_only"))
    title = str(data.get("text") or data.get("relation") or "")
    if llm_only:
        title = f"{title}\n(only LLM-tagged sentences say so)".strip()
    edge: dict[str, Any] = {
        "title": title,
        "color": LLM_EDGE if llm_only else SOURCED_EDGE,
        "dashes": llm_only,
    }
    if not directed:
        edge["arrows"] = ""
    if "weight" in data:
        edge["value"] = data["weight"]
    return edge
