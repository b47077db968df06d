"""The store interface on the embedded backend: union default graph, atomic replacement, binding."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest

from therapykg.graph.store import GraphReplacement, OxigraphStore, open_store, replacement_update

EX = "http://example.org/"
G1, G2, META = ox.NamedNode(EX + "g1"), ox.NamedNode(EX + "g2"), ox.NamedNode(EX + "meta")


def quad(s: str, o: str, g: ox.NamedNode) -> ox.Quad:
    return ox.Quad(ox.NamedNode(EX + s), ox.NamedNode(EX + "p"), ox.Literal(o), g)


def rows(store: OxigraphStore, sparql: str, **bindings: ox.NamedNode | ox.Literal) -> list[str]:
    result = store.query(sparql, bindings=bindings)
    assert isinstance(result, ox.QuerySolutions)
    return sorted(row[0].value for row in result)  # type: ignore[union-attr]


def test_default_graph_is_the_union_of_named_graphs() -> None:
    store = OxigraphStore()
    store.replace_graphs([GraphReplacement(G1, [quad("a", "one", G1)])])
    store.replace_graphs([GraphReplacement(G2, [quad("b", "two", G2)])])
    assert rows(store, "SELECT ?o WHERE { ?s ?p ?o }") == ["one", "two"]
    assert store.graphs() == [G1, G2]


def test_replacement_swaps_the_whole_graph_and_its_record() -> None:
    store = OxigraphStore()
    record = ox.NamedNode(EX + "record")
    first = ox.Quad(record, ox.NamedNode(EX + "sha"), ox.Literal("old"), META)
    store.replace_graphs([GraphReplacement(G1, [quad("a", "old", G1)], META, [first], [record])])
    second = ox.Quad(record, ox.NamedNode(EX + "sha"), ox.Literal("new"), META)
    store.replace_graphs([GraphReplacement(G1, [quad("c", "new", G1)], META, [second], [record])])
    assert [q.object.value for q in store.quads(G1)] == ["new"]
    assert [q.object.value for q in store.quads(META)] == ["new"]


def test_a_failing_batch_changes_nothing() -> None:
    store = OxigraphStore()
    store.replace_graphs([GraphReplacement(G1, [quad("a", "kept", G1)])])
    broken = replacement_update([GraphReplacement(G1, [quad("b", "lost", G1)])]) + " ; NOT SPARQL"
    with pytest.raises(SyntaxError):
        store.update(broken)
    assert [q.object.value for q in store.quads(G1)] == ["kept"]


def test_bindings_are_values_not_text() -> None:
    store = OxigraphStore()
    store.replace_graphs([GraphReplacement(G1, [quad("a", "x", G1)])])
    hostile = ox.Literal('x" } ; DROP ALL ; SELECT * { "')
    # Oxigraph binds only projected variables (SEP-0007): named queries project their parameters.
    assert rows(store, "SELECT ?s ?o WHERE { ?s ?p ?o }", o=hostile) == []
    assert rows(store, "SELECT ?s ?o WHERE { ?s ?p ?o }", o=ox.Literal("x")) == [EX + "a"]


def test_on_disk_store_persists(tmp_path: Path) -> None:
    with open_store(str(tmp_path / "s")) as store:
        store.replace_graphs([GraphReplacement(G1, [quad("a", "disk", G1)])])
    with open_store(str(tmp_path / "s")) as store:
        assert [q.object.value for q in store.quads(G1)] == ["disk"]
