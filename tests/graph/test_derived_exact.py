"""The derived graphs a load leaves (labels, summary counts, every kept table) are exactly what a
full rebuild from the articles alone gives: after a first load, after more articles, after a
replacement that changes sentences and grades, and after a removal; on the bundled corpus and on
30 generated articles.

The rebuild copies every graph but the derived ones into a fresh store and runs the refreshes
there, so the refreshes a load runs (whatever they reuse) are checked against a store that never
held a derived graph.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pyoxigraph as ox
import pytest

from benchmarks.generate import generate
from therapykg.graph.kept import is_kept_graph
from therapykg.graph.labels import labels_graph, refresh_labels
from therapykg.graph.load import load_paths, remove_graphs
from therapykg.graph.store import OxigraphStore
from therapykg.graph.summary import refresh_summary, summary_graph

ARTICLES = Path(__file__).resolve().parents[2] / "articles"
Contents = dict[str, set[str]]


def is_derived(graph: ox.NamedNode | ox.BlankNode | ox.DefaultGraph) -> bool:
    return isinstance(graph, ox.NamedNode) and (
        graph in (summary_graph(), labels_graph()) or is_kept_graph(graph)
    )


def derived(store: OxigraphStore) -> Contents:
    found: Contents = {}
    for quad in store.quads():
        if is_derived(quad.graph_name):
            found.setdefault(str(quad.graph_name), set()).add(str(quad.triple))
    return found


def rebuilt(store: OxigraphStore) -> Contents:
    """The derived graphs a fresh store holding the same articles rebuilds."""
    fresh = OxigraphStore()
    fresh.bulk_add(q for q in store.quads() if not is_derived(q.graph_name))
    refresh_labels(fresh)
    refresh_summary(fresh)
    return derived(fresh)


def assert_exact(store: OxigraphStore, when: str) -> None:
    found, expected = derived(store), rebuilt(store)
    assert set(found) == set(expected), when
    for graph, triples in expected.items():
        assert found[graph] == triples, f"{when}: {graph} differs"
    assert len(expected) >= 3 and all(expected.values()), when  # labels, summary, tables


def edited(text: str) -> str:
    """One more LLM-tagged sentence after the first heading of core principles, and one grade
    changed: statement, heading and grade counts all move."""
    marker = "Core Principles\n\n"
    at = text.index(marker) + len(marker)
    text = text[:at] + "One more principle, stated here without a source LLM.\n\n" + text[at:]
    return text.replace("demonstrably effective", "promising", 1)


def articles_in(store: OxigraphStore) -> list[ox.NamedNode]:
    return [g for g in store.graphs() if "/article/" in g.value]


@pytest.fixture(params=["bundled", "generated"])
def folder(request: pytest.FixtureRequest, tmp_path: Path) -> Path:
    target = tmp_path / "articles"
    if request.param == "generated":
        generate(30, target, seed=5)
    else:
        target.mkdir()
        for path in ARTICLES.iterdir():
            if path.suffix in (".txt", ".md", ".html"):
                shutil.copy(path, target / path.name)
    return target


def test_the_derived_graphs_a_load_leaves_are_a_full_rebuilds(folder: Path) -> None:
    paths = sorted(p for p in folder.iterdir() if p.suffix in (".txt", ".md", ".html"))
    store = OxigraphStore()
    load_paths(store, paths[: len(paths) // 2], workers=0)
    assert_exact(store, "a first load")
    load_paths(store, paths, workers=0)
    assert_exact(store, "more articles loaded")

    replaced = next(
        p for p in paths if p.suffix == ".txt" and "Core Principles\n\n" in p.read_text()
    )
    replaced.write_text(edited(replaced.read_text(encoding="utf-8")), encoding="utf-8")
    before = len(articles_in(store))
    assert load_paths(store, paths, workers=0).articles == 1
    assert len(articles_in(store)) == before
    assert_exact(store, "an article replaced")

    removed = articles_in(store)[0]
    assert remove_graphs(store, [removed]) == 1
    assert_exact(store, "an article removed")
