"""The store interface on the embedded backend: union default graph, atomic replacement, binding."""

from __future__ import annotations

from functools import partial
from pathlib import Path

import pyoxigraph as ox
import pytest

from therapykg.errors import StoreError
from therapykg.graph.journal import JOURNAL_FILE
from therapykg.graph.store import (
    GraphReplacement,
    NewQuads,
    OxigraphStore,
    Store,
    data_update,
    open_store,
    replacement_update,
)

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


def test_each_query_form_has_its_method() -> None:
    store = OxigraphStore()
    store.replace_graphs([GraphReplacement(G1, [quad("a", "x", G1)])])
    solutions = store.select("SELECT ?o WHERE { ?s ?p ?o }")
    assert [row["o"].value for row in solutions] == ["x"]  # type: ignore[union-attr]
    assert store.ask("ASK { ?s ?p ?o }") is True
    assert store.ask("ASK { ?s ?p ?o }", bindings={"o": ox.Literal("y")}) is False
    triples = list(store.construct("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }"))
    assert triples == [ox.Triple(ox.NamedNode(EX + "a"), ox.NamedNode(EX + "p"), ox.Literal("x"))]


@pytest.mark.parametrize(
    ("method", "sparql"),
    [
        ("select", "ASK { ?s ?p ?o }"),
        ("ask", "SELECT ?s WHERE { ?s ?p ?o }"),
        ("construct", "SELECT ?s WHERE { ?s ?p ?o }"),
    ],
)
def test_a_query_of_another_form_is_a_programming_error(method: str, sparql: str) -> None:
    with pytest.raises(TypeError, match="expected a"):
        getattr(OxigraphStore(), method)(sparql)


def test_capabilities_are_asked_of_the_store(tmp_path: Path) -> None:
    memory = OxigraphStore()
    assert memory.bulk_loads and memory.directory is None
    with OxigraphStore(tmp_path / "s") as on_disk:
        assert on_disk.bulk_loads and on_disk.directory == tmp_path / "s"
        assert on_disk.roll_back_interrupted() == 0


def test_on_disk_store_persists(tmp_path: Path) -> None:
    with open_store(str(tmp_path / "s")) as store:
        store.replace_graphs([GraphReplacement(G1, [quad("a", "disk", G1)])])
    with open_store(str(tmp_path / "s")) as store:
        assert [q.object.value for q in store.quads(G1)] == ["disk"]


# -- the bulk path for new graphs, and its journal ----------------------------------------------

OLD, NEW, OTHER = (ox.NamedNode(f"http://e/g/{n}") for n in ("old", "new", "other"))
RECORD, KEPT_RECORD = ox.NamedNode("http://e/record/new"), ox.NamedNode("http://e/record/old")


def _new_batch(size: int) -> NewQuads:
    quads = [quad(f"s{i}", f"o{i}", g) for g in (NEW, OTHER) for i in range(size)]
    quads.append(ox.Quad(RECORD, ox.NamedNode("http://e/loaded"), NEW, META))
    data = ox.serialize(quads, format=ox.RdfFormat.N_QUADS)
    assert data is not None
    return NewQuads(data, graphs=[NEW, OTHER], subjects=[(RECORD, META)])


def _prepared(path: Path) -> set[ox.Quad]:
    """A store with an old graph and an old record in the metadata graph; what it holds."""
    with OxigraphStore(path) as store:
        store._store.extend(
            [
                quad("a", "b", OLD),
                ox.Quad(KEPT_RECORD, ox.NamedNode("http://e/loaded"), OLD, META),
            ]
        )
        return set(store.quads())


def test_new_graphs_are_added_whole_and_the_journal_is_left_empty(tmp_path: Path) -> None:
    before = _prepared(tmp_path / "store")
    with OxigraphStore(tmp_path / "store") as store:
        store.add_new(_new_batch(1000))
        assert {g.value for g in store.graphs()} == {g.value for g in (OLD, NEW, OTHER, META)}
        assert len(list(store.quads(NEW))) == 1000 and len(list(store.quads(OTHER))) == 1000
        assert before <= set(store.quads())
    assert not (tmp_path / "store" / JOURNAL_FILE).exists()


def test_a_batch_cut_short_is_rolled_back_at_the_next_opening(tmp_path: Path) -> None:
    before = _prepared(tmp_path / "store")
    batch = _new_batch(1000)
    with OxigraphStore(tmp_path / "store") as store:  # dies between the bulk load and its end
        store._journal.write(batch.pending())
        half = batch.nquads[: len(batch.nquads) // 2]
        store._store.bulk_load(half[: half.rindex(b"\n") + 1], format=ox.RdfFormat.N_QUADS)
    with pytest.raises(StoreError, match="interrupted part-way through a batch of 2 graph"):
        OxigraphStore(tmp_path / "store", read_only=True)
    assert (tmp_path / "store" / JOURNAL_FILE).exists(), "still there after a read-only opening"
    with OxigraphStore(tmp_path / "store") as store:
        assert set(store.quads()) == before, "the old graph and record kept, the rest gone"
    assert not (tmp_path / "store" / JOURNAL_FILE).exists()
    with OxigraphStore(tmp_path / "store", read_only=True) as store:
        assert set(store.quads()) == before


def test_a_bulk_load_that_fails_is_rolled_back_at_once(tmp_path: Path) -> None:
    before = _prepared(tmp_path / "store")
    good = _new_batch(1000)
    broken = NewQuads(good.nquads + b"<http://e/s> <http://e/p> .\n", good.graphs, good.subjects)
    with OxigraphStore(tmp_path / "store") as store:
        with pytest.raises(SyntaxError):
            store.add_new(broken)
        assert set(store.quads()) == before
    assert not (tmp_path / "store" / JOURNAL_FILE).exists()


@pytest.mark.parametrize("by_text", [False, True])
def test_change_removes_and_adds_quads_in_one_call(by_text: bool) -> None:
    """`Store.change` as Oxigraph does it (`extend` when it only adds) and as any store does
    (the quads as the data of one SPARQL update, each term written by pyoxigraph)."""
    graph = ox.NamedNode("https://example.org/g")
    old = ox.Quad(ox.NamedNode("https://example.org/a"), RDF_TYPE, ox.Literal('say "hi"\n'), graph)
    new = ox.Quad(
        ox.NamedNode("https://example.org/b"),
        RDF_TYPE,
        ox.NamedNode("https://example.org/C"),
        graph,
    )
    store = OxigraphStore()
    change = partial(Store.change, store) if by_text else store.change
    change(insert=[old])
    change(delete=[old], insert=[new])
    assert list(store.quads(graph)) == [new]
    change(delete=[new])
    assert list(store.quads(graph)) == []


def test_change_refuses_blank_nodes_as_data() -> None:
    quad = ox.Quad(
        ox.BlankNode(),
        RDF_TYPE,
        ox.NamedNode("https://example.org/C"),
        ox.NamedNode("https://example.org/g"),
    )
    with pytest.raises(ValueError, match="ground quads"):
        data_update(insert=[quad])


RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
