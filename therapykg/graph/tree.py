"""Ancestors and descendants of a node in the lineage graph, as indented text."""

from __future__ import annotations

from collections.abc import Iterator

import networkx as nx


def lineage_tree(graph: nx.DiGraph, root: str, *, ancestors: bool) -> list[str]:
    """Lines of an indented tree from `root`: what it drew on (ancestors) or what drew on it."""
    lines = [str(graph.nodes[root].get("label", root))]
    lines.extend(_walk(graph, root, ancestors, depth=1, seen={root}))
    return lines


def _walk(
    graph: nx.DiGraph, node: str, ancestors: bool, depth: int, seen: set[str]
) -> Iterator[str]:
    edges = graph.out_edges(node, data=True) if ancestors else graph.in_edges(node, data=True)
    for a, b, data in sorted(edges, key=lambda e: str(graph.nodes[e[1 if ancestors else 0]])):
        other = b if ancestors else a
        label = graph.nodes[other].get("label", other)
        tag = "LLM only" if data.get("llm_only") else "sourced"
        yield f"{'  ' * depth}{'└─'} {label}  ({data.get('relation', '')}; {tag})"
        for sentence in str(data.get("text", "")).split(" | "):
            if sentence:
                yield f"{'  ' * (depth + 2)}“{sentence}”"
        if other not in seen:
            yield from _walk(graph, other, ancestors, depth + 1, seen | {other})
