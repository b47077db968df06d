"""One preferred label per shared node, chosen across articles, rebuilt with every load."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest

from therapykg.graph.labels import labels_graph
from therapykg.graph.load import load_paths
from therapykg.graph.store import OxigraphStore

ARTICLES = Path(__file__).resolve().parents[2] / "articles"
ID = "https://w3id.org/therapykg/id/"


@pytest.fixture(scope="module")
def store() -> OxigraphStore:
    store = OxigraphStore()
    assert not load_paths(store, [ARTICLES]).errors
    return store


def labels(store: OxigraphStore, iri: str) -> list[str]:
    result = store.query(
        "SELECT ?node ?label WHERE { ?node skos:prefLabel ?label }",
        bindings={"node": ox.NamedNode(iri)},
    )
    assert isinstance(result, ox.QuerySolutions)
    return sorted(row["label"].value for row in result)


def test_every_shared_node_has_exactly_one_preferred_label(store: OxigraphStore) -> None:
    result = store.query(
        """SELECT ?node (COUNT(DISTINCT ?label) AS ?n) WHERE {
             ?node skos:altLabel|foaf:name ?any . OPTIONAL { ?node skos:prefLabel ?label }
           } GROUP BY ?node HAVING (COUNT(DISTINCT ?label) != 1)"""
    )
    assert isinstance(result, ox.QuerySolutions)
    assert [row["node"] for row in result] == []


def test_a_described_framework_is_labelled_by_its_article_title(store: OxigraphStore) -> None:
    assert labels(store, ID + "framework/person-centered-therapy") == ["Person-Centered Therapy"]
    words = store.query(
        "SELECT ?node ?w WHERE { ?node skos:altLabel ?w }",
        bindings={"node": ox.NamedNode(ID + "framework/person-centered-therapy")},
    )
    assert isinstance(words, ox.QuerySolutions)
    assert "person-centered therapy" in {row["w"].value for row in words}


def test_a_person_is_labelled_by_the_fullest_name_written(store: OxigraphStore) -> None:
    names = store.query(
        "SELECT ?node ?name WHERE { ?node foaf:name ?name }",
        bindings={"node": ox.NamedNode(ID + "person/b-wampold")},
    )
    assert isinstance(names, ox.QuerySolutions)
    written = {row["name"].value for row in names}
    assert len(written) > 1  # articles write the name differently
    assert labels(store, ID + "person/b-wampold") == [
        max(written, key=lambda n: len(n.replace(".", "")))
    ]


def test_labels_are_rebuilt_when_an_article_arrives() -> None:
    store = OxigraphStore()
    node = ID + "framework/working-alliance-theory"
    load_paths(store, [ARTICLES / "evidence_based_therapy_relationships.txt"])
    assert labels(store, node) == ["working-alliance theory"]  # the seed's own words
    load_paths(store, [ARTICLES / "working_alliance_theory.md"])
    assert labels(store, node) == ["Working Alliance Theory"]  # now an article describes it
    assert len(list(store.quads(labels_graph()))) > 0
