"""Stores of a corpus, built once per module: the bundled articles and 30 generated ones; and
the helpers that copy the bundled articles and compare two stores' contents.

Test modules that compare a fast path with the whole computation on both corpora take these
fixtures through their folder's conftest (`from tests.corpora import bundled, generated`).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pyoxigraph as ox
import pytest

from benchmarks.generate import generate
from therapykg.graph.load import load_paths
from therapykg.graph.store import OxigraphStore
from therapykg.ontology.vocab import PROV

ARTICLES = Path(__file__).resolve().parents[1] / "articles"


def copy_articles(folder: Path, prefix: str = "") -> None:
    """The bundled articles (every format, not their README) copied into `folder`, each name
    after `prefix`."""
    for path in ARTICLES.iterdir():
        if path.suffix in (".txt", ".md", ".html") and path.name != "README.md":
            shutil.copy(path, folder / f"{prefix}{path.name}")


def contents(store: OxigraphStore) -> dict[str, set[str]]:
    """Each graph's quads as text; load times and blank node labels (the ontology's) left out,
    since they differ from load to load."""
    graphs: dict[str, set[str]] = {}
    for quad in store.quads():
        if quad.predicate != PROV.endedAtTime:
            assert isinstance(quad.graph_name, ox.NamedNode)
            terms = [quad.subject, quad.predicate, quad.object]
            text = " ".join("_:" if isinstance(t, ox.BlankNode) else str(t) for t in terms)
            graphs.setdefault(quad.graph_name.value, set()).add(text)
    return graphs


def loaded(paths: list[Path]) -> OxigraphStore:
    """An in-memory store holding `paths`, loaded in this process."""
    store = OxigraphStore()
    load_paths(store, paths, workers=0)
    return store


@pytest.fixture(scope="module")
def bundled() -> OxigraphStore:
    return loaded([ARTICLES])


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> OxigraphStore:
    return loaded(generate(30, tmp_path_factory.mktemp("generated")))
