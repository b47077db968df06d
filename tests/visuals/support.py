"""The seed store and the real web app over it (which registers the visuals blueprint)."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
from flask import Flask

from therapykg.graph.store import OxigraphStore, Store
from therapykg.graph.summary import refresh_summary
from therapykg.ontology import ONTOLOGY_PATH
from therapykg.ontology.vocab import DEFAULT_BASE, ontology_graph
from therapykg.web.app import create_app

DATA = Path(__file__).parent / "data"
SEED = DATA / "seed.trig"
LINEAGE = Path(__file__).parents[1] / "graph" / "data" / "lineage.trig"
SEED_FRAMEWORK = "evidence-based-therapy-relationships-and-responsiveness"
SEED_IRI = f"{DEFAULT_BASE}framework/{SEED_FRAMEWORK}"


def seed_store(*paths: Path) -> OxigraphStore:
    """An in-memory store with the given TriG files and the ontology, as `serve` would hold."""
    store = OxigraphStore()
    for path in paths or (SEED,):
        store.bulk_add(ox.parse(path=str(path), format=ox.RdfFormat.TRIG))
    ontology = ox.parse(path=str(ONTOLOGY_PATH), format=ox.RdfFormat.TURTLE)
    store.bulk_add(ox.Quad(t.subject, t.predicate, t.object, ontology_graph()) for t in ontology)
    refresh_summary(store)  # as every load leaves it
    return store


def make_app(store: Store) -> Flask:
    """The real app over `store`; it registers the visuals blueprint itself."""
    return create_app({"STORE": store, "QUERY_WORKERS": 0})
