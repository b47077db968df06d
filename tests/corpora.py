"""Stores of a corpus, built once per module: the bundled articles and 30 generated ones.

Test modules that compare a fast path with the whole computation on both corpora take these
fixtures through their folder's conftest (`from tests.corpora import bundled, generated`).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from benchmarks.generate import generate
from therapykg.graph.load import load_paths
from therapykg.graph.store import OxigraphStore

ARTICLES = Path(__file__).resolve().parents[1] / "articles"


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
