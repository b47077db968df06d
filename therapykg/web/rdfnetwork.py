"""Any RDF graph as vis-network data: a CONSTRUCT or DESCRIBE result, or RDF posted to draw.

Resources are nodes (coloured by their first type), literals go into a node's hover text, other
triples are edges labelled by their predicate. RDF posted from outside is parsed first by
`therapykg.loaders.rdf.parse_rdf`, within its limits.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import pyoxigraph as ox

from therapykg.ontology.vocab import RDF
from therapykg.web.charts import shorten
from therapykg.web.network import Edge, VisData, VisNode, entity_path
from therapykg.web.palette import OKABE_ITO, SOURCED_EDGE, fill, stroke
from therapykg.web.vocabulary import compact

_LABEL_PREDICATES = (
    "http://www.w3.org/2004/02/skos/core#prefLabel",
    "http://www.w3.org/2000/01/rdf-schema#label",
    "http://xmlns.com/foaf/0.1/name",
    "http://purl.org/dc/terms/title",
)
_PALETTE = [c for name, c in OKABE_ITO.items() if name not in ("black", "yellow")]
_MAX_LITERALS = 12


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
            subject.literals.append(f"{compact(predicate)}: {shorten(obj.value, 120)}")
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
        "label": shorten(label, 48),
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
