"""The shared graph: each triple about a shared node stated once, and kept exact by every write.

What a store holds is checked against what the articles in it build (`build_article`): the
shared graph is exactly the union of their shared triples, each load record holds exactly its
article's keys, no triple is in two graphs, and every class counts each instance once.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator, Sequence
from pathlib import Path

import pyoxigraph as ox
import pytest

from benchmarks.generate import generate
from tests.servers import oxigraph_server, virtuoso_server
from therapykg.graph.build import build_article
from therapykg.graph.labels import labels_graph
from therapykg.graph.load import iter_files, load_paths, remove_graphs
from therapykg.graph.remote import RemoteStore
from therapykg.graph.shared import triple_key
from therapykg.graph.store import NewQuads, OxigraphStore, Store
from therapykg.loaders.read import read_article
from therapykg.ontology.vocab import OWL, TKG, metadata_graph, ontology_graph, shared_graph

REPO = Path(__file__).resolve().parents[2]
CORPUS = REPO / "therapykg" / "articles"


def rows(store: Store, sparql: str) -> list[ox.QuerySolution]:
    result = store.query(sparql)
    assert isinstance(result, ox.QuerySolutions)
    return list(result)


def built_keys(paths: Sequence[Path]) -> dict[str, set[str]]:
    """Each article's graph name and the keys of the shared triples it builds."""
    built = (build_article(read_article(p)) for p in paths)
    return {b.graph.value: set(b.keys) for b in built}


def shared_keys(store: Store) -> set[str]:
    keys = set()
    for q in store.quads(shared_graph()):
        assert isinstance(q.subject, ox.NamedNode) and not isinstance(q.object, ox.BlankNode)
        assert not isinstance(q.object, ox.Triple)
        keys.add(triple_key(q.subject, q.predicate, q.object))
    return keys


def record_keys(store: Store) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for row in rows(
        store,
        f"SELECT ?g ?k WHERE {{ GRAPH {metadata_graph()} {{ ?r tkg:loadedGraph ?g ."
        " OPTIONAL { ?r tkg:sharesTriple ?k } } }",
    ):
        keys = found.setdefault(row["g"].value, set())
        if row["k"] is not None:
            keys.add(row["k"].value)
    return {g: keys for g, keys in found.items() if "/article/" in g}


def assert_exact(store: Store, paths: Sequence[Path]) -> None:
    """The store holds exactly the shared triples, and the records, that `paths` build."""
    expected = built_keys(paths)
    assert record_keys(store) == expected
    assert shared_keys(store) == set().union(*expected.values())


def classes(store: Store) -> list[ox.NamedNode]:
    found = rows(
        store,
        f"SELECT DISTINCT ?c WHERE {{ GRAPH {ontology_graph()} {{ ?c a {OWL.Class} }}"
        " FILTER(isIRI(?c)) }",
    )
    return [row["c"] for row in found]


def assert_counts_are_honest(store: Store) -> None:
    """For every class of the ontology, `?x a C` over the default graph counts each x once."""
    checked = classes(store)
    assert TKG.RelationshipElement in checked and TKG.Person in checked
    for cls in checked:
        (row,) = rows(store, f"SELECT (COUNT(*) AS ?n) (COUNT(DISTINCT ?x) AS ?d) {{ ?x a {cls} }}")
        assert row["n"] == row["d"], cls


def assert_no_triple_in_two_graphs(store: Store) -> None:
    twice = rows(
        store,
        "SELECT ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } }"
        " GROUP BY ?s ?p ?o HAVING (COUNT(DISTINCT ?g) > 1) LIMIT 5",
    )
    assert [(r["s"], r["p"], r["o"]) for r in twice] == []


@pytest.fixture(scope="module")
def corpus() -> list[Path]:
    return list(iter_files([CORPUS]))


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    return generate(40, tmp_path_factory.mktemp("generated"))


def test_the_bundled_corpus_counts_each_instance_once(corpus: list[Path]) -> None:
    store = OxigraphStore()
    load_paths(store, corpus)
    assert_exact(store, corpus)
    assert_counts_are_honest(store)
    assert_no_triple_in_two_graphs(store)
    (row,) = rows(
        store,
        "SELECT (COUNT(*) AS ?n) (COUNT(DISTINCT ?e) AS ?d) { ?e a tkg:RelationshipElement }",
    )
    assert row["n"] == row["d"]


def test_a_generated_corpus_counts_each_instance_once(generated: list[Path]) -> None:
    store = OxigraphStore()
    load_paths(store, generated, workers=0)
    assert_exact(store, generated)
    assert_counts_are_honest(store)
    assert_no_triple_in_two_graphs(store)


def test_the_parallel_bulk_load_writes_the_same_shared_graph(
    generated: list[Path], tmp_path: Path
) -> None:
    """Workers and the journalled bulk path (an on-disk store, all graphs new) agree with the
    transaction path."""
    with OxigraphStore(tmp_path / "store") as store:
        load_paths(store, generated, workers=2)
        assert_exact(store, generated)
        assert_no_triple_in_two_graphs(store)


def test_removing_an_article_removes_what_only_it_said(corpus: list[Path]) -> None:
    store = OxigraphStore()
    load_paths(store, corpus)
    gone = corpus[0]
    graph = build_article(read_article(gone)).graph
    only_there = built_keys([gone])[graph.value] - set().union(*built_keys(corpus[1:]).values())
    assert only_there  # the article names things no other article does
    assert remove_graphs(store, [graph]) == 1
    assert graph not in store.graphs()
    assert_exact(store, corpus[1:])
    assert_counts_are_honest(store)
    # a node no remaining article mentions is gone from every graph, its preferred label too
    remaining = {k.split(" ", 1)[0] for k in shared_keys(store)}
    orphans = {k.split(" ", 1)[0] for k in only_there} - remaining
    for node in orphans:
        assert not rows(store, f"SELECT ?p WHERE {{ {{ {node} ?p ?o }} UNION {{ ?x ?p {node} }} }}")
    labelled = {q.subject for q in store.quads(labels_graph())}
    assert not {str(n) for n in labelled} & orphans


def test_removing_every_article_leaves_an_empty_shared_graph(corpus: list[Path]) -> None:
    store = OxigraphStore()
    load_paths(store, corpus)
    graphs = [build_article(read_article(p)).graph for p in corpus]
    assert remove_graphs(store, graphs) == len(corpus)
    assert shared_keys(store) == set()
    assert list(store.quads(labels_graph())) == []


def test_a_label_only_a_replaced_version_gave_goes(corpus: list[Path], tmp_path: Path) -> None:
    """Replacing an article with an edited version (a new name for its creator) drops the name
    the old version alone used, and keeps what other articles still say."""
    source = next(p for p in corpus if p.suffix == ".txt")
    text = source.read_text(encoding="utf-8")
    edited = tmp_path / source.name
    folder = tmp_path / "rest"
    folder.mkdir()
    for path in corpus:
        if path != source:
            shutil.copy(path, folder / path.name)
    store = OxigraphStore()
    load_paths(store, [folder, source])
    before = shared_keys(store)
    old = built_keys([source])
    renamed = text.replace("Norcross", "Norkross")
    assert renamed != text
    edited.write_text(renamed, encoding="utf-8")
    load_paths(store, [edited])
    after_paths = [*iter_files([folder]), edited]
    assert_exact(store, after_paths)
    assert_counts_are_honest(store)
    after = shared_keys(store)
    assert any("Norkross" in k for k in after)
    stale = {k for k in before - after if "Norcross" in k}
    assert stale and stale <= set().union(*old.values())


def test_a_new_version_of_an_article_replaces_the_older_ones_share(
    corpus: list[Path], tmp_path: Path
) -> None:
    source = next(p for p in corpus if p.suffix == ".txt")
    text = source.read_text(encoding="utf-8")
    newer = tmp_path / ("v2-" + source.name)
    version = text.replace("· version 1.0 ·", "· version 9.0 ·")
    assert version != text
    newer.write_text(version.replace("Norcross", "Norkross"), encoding="utf-8")
    store = OxigraphStore()
    load_paths(store, [source])
    load_paths(store, [newer])
    graphs = [g.value for g in store.graphs() if "/article/" in g.value]
    assert len(graphs) == 1 and graphs != [build_article(read_article(source)).graph.value]
    assert_exact(store, [newer])


def test_a_bulk_batch_cut_short_is_rolled_back_with_its_shared_triples(
    corpus: list[Path],
) -> None:
    """The journal names the shared nodes a bulk batch wrote to; rolling back removes what the
    batch alone stated about them, whatever part of it the bulk loader had written."""
    first, rest = corpus[:3], corpus[3:]
    for cut in (1.0, 0.5, 0.1):
        store = OxigraphStore()
        load_paths(store, first)
        before = shared_keys(store)
        batch = [build_article(read_article(p)) for p in rest]
        lines = b"".join(
            ox.serialize([*b.all_quads()], format=ox.RdfFormat.N_QUADS) or b"" for b in batch
        ).splitlines(keepends=True)
        nodes = {ox.NamedNode(k[1 : k.index(">")]) for b in batch for k in b.keys}
        new = NewQuads(
            b"".join(lines), graphs=[b.graph for b in batch], nodes=sorted(nodes, key=str)
        )
        store._journal.write(new.pending())
        store._store.bulk_load(
            b"".join(lines[: int(len(lines) * cut)]), format=ox.RdfFormat.N_QUADS
        )
        assert store.roll_back_interrupted() == len(batch)
        assert shared_keys(store) == before
        assert_exact(store, first)


@pytest.fixture(scope="module", params=["oxigraph-serve", "virtuoso"])
def remote(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Store]:
    directory = tmp_path_factory.mktemp(request.param)
    server = oxigraph_server if request.param == "oxigraph-serve" else virtuoso_server
    with server(directory) as (url, _process):
        store = RemoteStore(url)
        yield store
        store.close()


def test_a_remote_store_keeps_the_shared_graph_exact(remote: Store, corpus: list[Path]) -> None:
    load_paths(remote, corpus)
    assert_exact(remote, corpus)
    graph = build_article(read_article(corpus[0])).graph
    remove_graphs(remote, [graph])
    assert_exact(remote, corpus[1:])
    for cls in (TKG.RelationshipElement, TKG.Person, TKG.Work, TKG.PsychotherapyApproach):
        (row,) = rows(
            remote, f"SELECT (COUNT(*) AS ?n) (COUNT(DISTINCT ?x) AS ?d) {{ ?x a {cls} }}"
        )
        assert int(row["n"].value) == int(row["d"].value), cls
