"""`therapykg remove` on a real on-disk store: the shared graph stays exact, the derived graphs
follow, an unknown name removes nothing, and removing then loading again is loading once."""

from __future__ import annotations

import shutil
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner, Result

from tests.graph.test_shared import (
    assert_counts_are_honest,
    assert_exact,
    assert_no_triple_in_two_graphs,
    built_keys,
    rows,
    shared_keys,
)
from therapykg.cli import main
from therapykg.graph.build import build_article
from therapykg.graph.labels import labels_graph
from therapykg.graph.load import iter_files
from therapykg.graph.store import OxigraphStore
from therapykg.graph.summary import summary_graph
from therapykg.loaders.read import read_article
from therapykg.ontology.vocab import metadata_graph

REPO = Path(__file__).resolve().parents[2]
CORPUS = REPO / "therapykg" / "articles"


def run(store: Path, *args: str) -> Result:
    return CliRunner().invoke(main, ["--store", str(store), *args], catch_exceptions=False)


def dump(store: Path) -> set[str]:
    """Every quad as an N-Quads line, minus load times (they change on every load)."""
    result = run(store, "export", "--format", "nq")
    assert result.exit_code == 0, result.output
    assert "_:" not in result.output  # no blank nodes: lines compare as quads
    return {line for line in result.output.splitlines() if "endedAtTime" not in line}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("corpus") / "articles"
    shutil.copytree(CORPUS, folder)
    return folder


@pytest.fixture(scope="module")
def loaded_once(tmp_path_factory: pytest.TempPathFactory, corpus: Path) -> Path:
    store = tmp_path_factory.mktemp("loaded") / "store"
    result = run(store, "load", str(corpus))
    assert result.exit_code == 0, result.output
    return store


@pytest.fixture
def loaded(tmp_path: Path, loaded_once: Path) -> Path:
    """A store of the bundled articles of its own (a copy of one loaded, closed store)."""
    store = tmp_path / "store"
    shutil.copytree(loaded_once, store)
    return store


def graph_of(path: Path) -> ox.NamedNode:
    return build_article(read_article(path)).graph


def summary_subjects(store: OxigraphStore) -> set[ox.NamedNode | ox.BlankNode]:
    return {q.subject for q in store.quads(summary_graph()) if not isinstance(q.subject, ox.Triple)}


def subject(key: str) -> str:
    return key.split(" ", 1)[0]


def test_removing_an_article_keeps_the_shared_graph_exact(loaded: Path, corpus: Path) -> None:
    files = list(iter_files([corpus]))
    gone, rest = files[0], files[1:]
    only_there = {subject(k) for k in built_keys([gone])[graph_of(gone).value]}
    only_there -= {subject(k) for keys in built_keys(rest).values() for k in keys}
    assert only_there  # the article names people and works no other article does
    with OxigraphStore(loaded, read_only=True) as store:
        assert graph_of(gone) in summary_subjects(store)

    result = run(loaded, "remove", str(gone))

    assert result.exit_code == 0, result.output
    assert f"removed 1 graph(s):\n  {graph_of(gone).value}  {gone}\n" in result.output
    with OxigraphStore(loaded, read_only=True) as store:
        assert graph_of(gone) not in store.graphs()
        assert_exact(store, rest)  # each remaining record's keys, and nothing else, are shared
        assert_counts_are_honest(store)
        assert_no_triple_in_two_graphs(store)
        left = {subject(k) for k in shared_keys(store)}
        assert not only_there & left  # no node left that no article mentions
        labelled = {str(q.subject) for q in store.quads(labels_graph())}
        assert labelled and not only_there & labelled  # their preferred labels went too
        assert graph_of(gone) not in summary_subjects(store)  # its counts went
    for node in sorted(only_there)[:3]:
        assert node[1:-1] in result.output  # named as no longer mentioned


def test_removing_then_loading_again_is_loading_once(
    loaded: Path, corpus: Path, tmp_path: Path
) -> None:
    once = dump(loaded)
    gone = sorted(corpus.iterdir())[1]
    assert run(loaded, "remove", str(gone)).exit_code == 0
    assert dump(loaded) != once
    result = run(loaded, "load", str(corpus))
    assert result.exit_code == 0, result.output
    assert "loaded 1 article(s)" in result.output and "5 unchanged" in result.output
    assert dump(loaded) == once


def test_a_graph_iri_or_an_article_without_its_version_names_it(loaded: Path) -> None:
    seed = CORPUS / "evidence_based_therapy_relationships.txt"
    versioned = graph_of(seed).value
    article = versioned.rsplit("/", 1)[0]
    assert run(loaded, "remove", "--dry-run", article).output.startswith(
        f"would remove 1 graph(s):\n  {versioned}  "
    )
    result = run(loaded, "remove", versioned)
    assert result.exit_code == 0, result.output
    with OxigraphStore(loaded, read_only=True) as store:
        assert ox.NamedNode(versioned) not in store.graphs()


def test_a_moved_or_edited_file_still_names_its_graph(loaded: Path, corpus: Path) -> None:
    source = corpus / "person_centered_therapy.txt"
    moved = loaded.parent / "moved.txt"
    shutil.copy(source, moved)  # other path, same bytes
    edited = loaded.parent / "edited.txt"
    edited.write_text(source.read_text(encoding="utf-8") + "\nA line added later.\n", "utf-8")
    for name in (moved, edited):
        result = run(loaded, "remove", "--dry-run", str(name))
        assert result.exit_code == 0, result.output
        assert f"  {graph_of(source).value}  {source}\n" in result.output


def test_a_folder_removes_every_article_in_it(loaded: Path, corpus: Path) -> None:
    result = run(loaded, "remove", str(corpus))
    assert result.exit_code == 0, result.output
    assert "removed 6 graph(s)" in result.output
    with OxigraphStore(loaded, read_only=True) as store:
        assert shared_keys(store) == set()
        assert list(store.quads(labels_graph())) == []
        left = rows(store, f"SELECT ?r {{ GRAPH {metadata_graph()} {{ ?r tkg:loadedGraph ?g }} }}")
        assert len(left) == 1  # the ontology's record: the ontology is not the user's to remove


def test_an_unknown_name_removes_nothing_and_is_named(loaded: Path, corpus: Path) -> None:
    before = dump(loaded)
    known = corpus / "common_factors.md"
    result = CliRunner().invoke(
        main,
        ["--store", str(loaded), "remove", str(known), "nowhere.txt", "https://example.org/g"],
    )
    assert result.exit_code == 1
    assert result.output.startswith("therapykg: nowhere.txt, https://example.org/g: no graph")
    assert "nothing was removed" in result.output and str(known) not in result.output
    assert dump(loaded) == before


def test_a_dry_run_lists_what_would_go_and_changes_nothing(loaded: Path, corpus: Path) -> None:
    before = dump(loaded)
    gone = corpus / "common_factors.md"
    result = run(loaded, "remove", "--dry-run", str(gone))
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[:2] == ["would remove 1 graph(s):", f"  {graph_of(gone).value}  {gone}"]
    assert lines[2].startswith("would remove ") and "shared triple(s) no other graph" in lines[2]
    assert int(lines[2].split()[2]) > 0
    assert dump(loaded) == before


def test_list_names_every_loaded_graph_with_its_file(loaded: Path, corpus: Path) -> None:
    result = run(loaded, "remove", "--list")
    assert result.exit_code == 0, result.output
    listed = dict(line.split("  ", 1) for line in result.output.splitlines())
    assert listed == {graph_of(p).value: str(p) for p in iter_files([corpus])}


def test_remove_without_a_name_is_a_usage_error(loaded: Path) -> None:
    result = CliRunner().invoke(main, ["--store", str(loaded), "remove"])
    assert result.exit_code == 2 and "--list" in result.output
