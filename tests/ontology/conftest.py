"""Fixtures for the ontology tests: the hand-written data set, whole and as one graph."""

from __future__ import annotations

import pytest
from ontology_support import load_clean
from rdflib import Dataset, Graph


@pytest.fixture(scope="session")
def clean_dataset() -> Dataset:
    """The clean data set; shared, so tests must not change it (load_clean() gives a copy)."""
    return load_clean()


@pytest.fixture(scope="session")
def clean_graph(clean_dataset: Dataset) -> Graph:
    """The clean data set as one union graph."""
    union = Graph()
    for subject, predicate, obj, _ in clean_dataset.quads((None, None, None, None)):
        union.add((subject, predicate, obj))
    return union
