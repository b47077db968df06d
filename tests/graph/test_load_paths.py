"""The loader's fast paths give exactly what its plain path gives.

Worker processes (`load_paths(..., workers=2)`) build what this process builds, and a batch of
graphs new to the store, written as one N-Quads transaction, holds what the general path (one
SPARQL update that drops and inserts) writes over existing graphs.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pytest

from benchmarks.generate import generate
from tests.corpora import contents, copy_articles
from therapykg.graph import load, writer
from therapykg.graph.kept import kept_query_texts
from therapykg.graph.load import LoadProgress, LoadSummary, list_files, load_paths
from therapykg.graph.spill import SPILL_PREFIX, SPILL_SUFFIX
from therapykg.graph.store import OxigraphStore
from therapykg.loaders.warning import KINDS, kind_of

ARTICLES = Path(__file__).resolve().parents[2] / "articles"


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Generated articles, the bundled ones in all three formats, and one that cannot be read."""
    folder = tmp_path_factory.mktemp("corpus")
    generate(40, folder, seed=3)
    copy_articles(folder, "zz-")
    (folder / "10-unreadable.txt").write_text("A title\n\nNo sections and no sources.\n")
    return folder


def described(summary: LoadSummary) -> tuple[Any, ...]:
    return (
        summary.articles,
        summary.rdf_files,
        summary.unchanged,
        summary.statements,
        summary.facts,
        summary.quads,
        summary.warnings,
        [str(error) for error in summary.errors],
    )


class CountingStore:
    """A pyoxigraph store that counts its writes by kind; everything else passes through."""

    def __init__(self, inner: ox.Store) -> None:
        self._inner = inner
        self.writes: list[str] = []

    def __getattr__(self, name: str) -> Any:
        attribute = getattr(self._inner, name)
        if name not in ("load", "update", "extend", "bulk_load", "bulk_extend", "remove_graph"):
            return attribute

        def write(*args: Any, **kwargs: Any) -> Any:
            self.writes.append(name)
            return attribute(*args, **kwargs)

        return write


def counting() -> tuple[OxigraphStore, CountingStore]:
    store = OxigraphStore(None)
    counter = CountingStore(store._store)
    store._store = counter  # type: ignore[assignment]
    return store, counter


def test_workers_build_what_this_process_builds(corpus: Path) -> None:
    here, there = OxigraphStore(None), OxigraphStore(None)
    alone = load_paths(here, [corpus], workers=0)
    shared = load_paths(there, [corpus], workers=2)
    assert described(shared) == described(alone)
    assert alone.articles == 46 and len(alone.errors) == 1
    assert "10-unreadable.txt" in str(alone.errors[0])
    assert contents(there) == contents(here)


# one write per kept table: each a new graph of its own, by the bulk loader (journalled), after
# the transaction that swapped the summary's counts and dropped the tables' old graphs; then the
# stamp saying what the derived graphs were built from (graph/derived.py), by one `extend`
KEPT = ["bulk_load"] * len(kept_query_texts()) + ["extend"]


def test_a_batch_of_new_graphs_is_bulk_loaded_journalled_and_holds_what_an_update_writes(
    corpus: Path,
) -> None:
    fresh, fresh_writes = counting()
    load_paths(fresh, [corpus], workers=0)
    # ontology, then two runs of new articles (32 + 14: a run is a quarter of the load's 47
    # files, at least a batch of 32) by the bulk loader (journalled in a file beside the store,
    # not in it), then the labels, then the summary's counts and the kept queries' rows, one
    # table after another, each bulk loaded (`refresh_summary`)
    assert fresh_writes.writes == ["update", "bulk_load", "bulk_load", "update", "update", *KEPT]

    existing, existing_writes = counting()
    graphs = [g for g in contents(fresh) if "/article/" in g]
    stale = ox.NamedNode("http://example.org/stale")
    existing._store.extend(ox.Quad(stale, stale, stale, ox.NamedNode(g)) for g in graphs)
    existing_writes.writes.clear()
    load_paths(existing, [corpus], workers=0)
    assert existing_writes.writes == ["update", "update", "update", "update", "update", *KEPT]
    assert contents(existing) == contents(fresh)


def test_a_load_in_one_run_holds_what_batches_and_updates_write(
    corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every new article in one run (`SPILL_RUNS` 1), gathered in a spill file beside an
    on-disk store: one bulk load holds what the batch at a time loads write, and the file is
    gone after the load; a spill file a dead load left is removed by the next load."""
    batched, _ = counting()
    load_paths(batched, [corpus], workers=0)
    monkeypatch.setattr(writer, "SPILL_RUNS", 1)
    monkeypatch.setattr(load, "SPILL_RUNS", 1)
    directory = tmp_path / "store"
    store = OxigraphStore(directory)
    counter = CountingStore(store._store)
    store._store = counter  # type: ignore[assignment]
    left = directory / f"{SPILL_PREFIX}dead{SPILL_SUFFIX}"
    left.write_bytes(b"<http://e/s> <http://e/p> <http://e/o> <http://e/g> .\n")
    load_paths(store, [corpus], workers=0)
    assert counter.writes == ["update", "bulk_load", "update", "update", *KEPT]
    assert not list(directory.glob(f"{SPILL_PREFIX}*"))
    assert contents(store) == contents(batched)
    store.close()


def test_a_run_gathered_before_a_replacement_goes_in_first(
    corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A batch that replaces an article of the run being gathered sends that run first, and
    waits for it: batches reach the store in file order, so the later file's graph stays."""
    monkeypatch.setattr(writer, "BATCH_SIZE", 1)
    source = corpus / "zz-person_centered_therapy.txt"
    first, second = tmp_path / "a.txt", tmp_path / "b.txt"
    shutil.copy(source, first)
    second.write_text(source.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    store, writes = counting()
    assert load_paths(store, [first, second], workers=0).articles == 2
    assert writes.writes == ["update", "bulk_load", "update", "update", "update", *KEPT]
    alone = OxigraphStore(None)
    load_paths(alone, [second], workers=0)
    assert contents(store) == contents(alone)


def test_an_article_twice_in_one_load_takes_the_general_path(corpus: Path, tmp_path: Path) -> None:
    """Two files that build one graph: the second replaces the first, as it always did."""
    source = corpus / "zz-person_centered_therapy.txt"
    first = tmp_path / "a.txt"
    second = tmp_path / "b.txt"
    shutil.copy(source, first)
    second.write_text(source.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    store, writes = counting()
    summary = load_paths(store, [first, second], workers=0)
    assert summary.articles == 2
    assert writes.writes == ["update", "update", "update", "update", *KEPT]  # … summary, kept


def test_same_bytes_into_another_graph_load_there_too(tmp_path: Path) -> None:
    """Regression: a file whose bytes were loaded into graph A was called unchanged when loaded
    into graph B, and B was never created."""
    first, second = tmp_path / "a.nt", tmp_path / "b.nt"
    triple = "<http://e/s> <http://e/p> <http://e/o> .\n"
    first.write_text(triple)
    second.write_text(triple)
    store = OxigraphStore(None)
    assert load_paths(store, [first], graph="http://e/A").rdf_files == 1
    again = load_paths(store, [second], graph="http://e/B")
    assert (again.rdf_files, again.unchanged) == (1, 0)
    same = load_paths(store, [second], graph="http://e/B")
    assert (same.rdf_files, same.unchanged) == (0, 1)
    graphs = {g.value for g in store.graphs()}
    assert {"http://e/A", "http://e/B"} <= graphs


def test_an_article_loaded_by_an_older_loader_is_loaded_again(tmp_path: Path) -> None:
    article = tmp_path / "article.txt"
    shutil.copy(ARTICLES / "person_centered_therapy.txt", article)
    store = OxigraphStore(None)
    assert load_paths(store, [article]).articles == 1
    assert load_paths(store, [article]).unchanged == 1
    store.update(
        "PREFIX tkg: <https://w3id.org/therapykg/ontology#> "
        "DELETE { GRAPH ?m { ?r tkg:loaderVersion ?v } } "
        "INSERT { GRAPH ?m { ?r tkg:loaderVersion '0.0.1' } } "
        "WHERE { GRAPH ?m { ?r tkg:loaderVersion ?v } }"
    )
    assert load_paths(store, [article]).articles == 1


def test_warnings_keep_their_kind_through_the_worker_processes(tmp_path: Path) -> None:
    """A warning's kind is given where it is made; pickled back from a worker, it is still there."""
    text = (ARTICLES / "evidence_based_therapy_relationships.txt").read_text(encoding="utf-8")
    head, sep, tail = text.partition("\nSources\n")
    untagged = tmp_path / "untagged.txt"  # the LLM tags taken off: text without a tag
    untagged.write_text(re.sub(r" LLM(?=[ .\n])", "", head) + sep + tail, encoding="utf-8")
    alone = load_paths(OxigraphStore(None), [untagged], workers=0)
    shared = load_paths(OxigraphStore(None), [untagged], workers=2)
    assert len(alone.warnings) > 10
    assert shared.warnings == alone.warnings
    kinds = [kind_of(w) for w in shared.warnings]
    assert kinds == [kind_of(w) for w in alone.warnings]
    assert set(kinds) <= set(KINDS) and "untagged-text" in kinds
    assert all(w.startswith(f"{untagged}: line ") for w in shared.warnings)


def test_files_of_unknown_type_in_a_folder_are_listed(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    (folder / "sub").mkdir(parents=True)
    (folder / ".git").mkdir()
    shutil.copy(ARTICLES / "person_centered_therapy.txt", folder / "sub" / "a.txt")
    for name in ("notes.pdf", "sub/table.xlsx", ".DS_Store", ".git/HEAD", "README.md"):
        (folder / name).write_text("x", encoding="utf-8")
    files, skipped = list_files([folder])
    assert files == [folder / "sub" / "a.txt"]
    assert skipped == [folder / "notes.pdf", folder / "sub" / "table.xlsx"]
    summary = load_paths(OxigraphStore(None), [folder], workers=0)
    assert summary.articles == 1 and summary.skipped == skipped and not summary.errors


def test_progress_counts_every_file_once_then_the_derived_graphs(tmp_path: Path) -> None:
    shutil.copy(ARTICLES / "person_centered_therapy.txt", tmp_path / "a.txt")
    shutil.copy(ARTICLES / "common_factors.md", tmp_path / "b.md")
    (tmp_path / "c.txt").write_text("A title\n\nNo sections and no sources.\n", encoding="utf-8")
    store = OxigraphStore(None)
    seen: list[LoadProgress] = []
    load_paths(store, [tmp_path], workers=0, progress=seen.append)
    assert [(p.done, p.total, p.stage) for p in seen] == [
        (0, 3, "files"),
        (1, 3, "files"),
        (2, 3, "files"),
        (3, 3, "files"),  # the unreadable file is done too
        (3, 3, "derived"),
    ]
    seen.clear()
    load_paths(store, [tmp_path], workers=2, progress=seen.append)  # unchanged, and one error
    assert [p.done for p in seen] == [0, 1, 2, 3]  # nothing changed: no derived stage
