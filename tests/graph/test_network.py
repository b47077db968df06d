"""networkx projections, centrality, the lineage tree, and GraphML/GEXF exports."""

from __future__ import annotations

import io
from pathlib import Path

import networkx as nx
import pyoxigraph as ox
import pytest

from therapykg.graph.export import export_network
from therapykg.graph.network import (
    STATEMENTS,
    centrality,
    cocitation_graph,
    components,
    element_graph,
    find_node,
    lineage_graph,
    lineage_texts,
)
from therapykg.graph.store import OxigraphStore
from therapykg.graph.tree import lineage_tree

DATA = Path(__file__).parent / "data" / "lineage.trig"
ID = "https://w3id.org/therapykg/id/"


@pytest.fixture(scope="module")
def store() -> OxigraphStore:
    store = OxigraphStore()
    quads = list(ox.parse(path=str(DATA), format=ox.RdfFormat.TRIG))
    store.bulk_add(quads)
    return store


def test_lineage_edges_carry_relation_and_provenance(store: OxigraphStore) -> None:
    graph = lineage_graph(store)
    a, b, t, p = (ID + x for x in ("framework/a", "framework/b", "theory/t", "person/p"))
    assert set(graph.edges) == {(a, b), (a, t), (a, p)}
    assert graph.edges[a, b]["llm_only"] is False
    assert graph.edges[a, t]["llm_only"] is True
    assert graph.edges[a, t]["relation"] == "rooted in"
    assert graph.edges[a, p]["relation"] == "creator"
    assert graph.nodes[t]["kind"] == "theory" and graph.nodes[p]["kind"] == "person"
    assert graph.edges[a, b]["text"] == "A drew on B."


def test_element_graph_weights_by_grade(store: OxigraphStore) -> None:
    graph = element_graph(store)
    a = ID + "framework/a"
    assert graph.edges[a, ID + "element/alliance"]["weight"] == 3
    assert graph.edges[a, ID + "adaptation/culture"]["weight"] == 2
    assert graph.nodes[ID + "adaptation/culture"]["kind"] == "adaptation"


def test_cocitation_counts_articles_citing_both(store: OxigraphStore) -> None:
    graph = cocitation_graph(store)
    w1, w2, w3 = (ID + f"work/w{i}" for i in (1, 2, 3))
    assert graph.edges[w1, w2]["weight"] == 2
    assert graph.edges[w1, w3]["weight"] == 1
    assert graph.nodes[w3]["label"] == "Work Three"


def test_centrality_and_components(store: OxigraphStore) -> None:
    graph = lineage_graph(store)
    top = centrality(graph, top=1)
    assert top["degree"][0][0] == ID + "framework/a"
    assert [len(c) for c in components(graph)] == [4]


@pytest.mark.parametrize(
    ("name", "expected"),
    [("framework a", "framework/a"), ("a", "framework/a"), ("PAT", "person/p"), ("zzz", None)],
)
def test_find_node_by_label_slug_or_substring(
    store: OxigraphStore, name: str, expected: str | None
) -> None:
    found = find_node(lineage_graph(store), name)
    assert found == (ID + expected if expected else None)


def test_lineage_tree_shows_sentences_and_tags(store: OxigraphStore) -> None:
    graph = lineage_graph(store)
    ancestors = lineage_tree(graph, ID + "framework/a", ancestors=True)
    assert ancestors[0] == "Framework A"
    assert any("Theory T" in line and "LLM only" in line for line in ancestors)
    assert "“A drew on B.”" in "\n".join(ancestors)
    heirs = lineage_tree(graph, ID + "framework/b", ancestors=False)
    assert any("Framework A" in line for line in heirs)


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_network_exports_read_back(store: OxigraphStore, fmt: str) -> None:
    graph = lineage_graph(store)
    buffer = io.BytesIO()
    export_network(graph, buffer, fmt)
    buffer.seek(0)
    back = nx.read_graphml(buffer) if fmt == "graphml" else nx.read_gexf(buffer)
    assert set(back.edges) == set(graph.edges)
    assert back.nodes[ID + "framework/a"]["label"] == "Framework A"


def test_lineage_texts_are_fetched_for_the_edges_asked(store: OxigraphStore) -> None:
    full = lineage_graph(store)
    lazy = lineage_graph(store, texts=False)
    assert set(lazy.edges) == set(full.edges)
    assert all(lazy.edges[e]["text"] == "" for e in lazy.edges)
    a, b = ID + "framework/a", ID + "framework/b"
    lineage_texts(store, lazy, [(a, b)])
    assert lazy.edges[a, b]["text"] == full.edges[a, b]["text"] == "A drew on B."
    for key in ("relation", "sentences", "llm_only"):
        assert all(lazy.edges[e][key] == full.edges[e][key] for e in full.edges)
    assert STATEMENTS not in full.graph  # exports write graph attributes
