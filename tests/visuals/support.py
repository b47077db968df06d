"""A bare Flask app around the visuals blueprint, and a live server for it on 127.0.0.1.

Until the web app (#5) registers the blueprint, the tests build the least app the pictures need:
the blueprint with a store, static files and templates from `therapykg/web`, stand-ins for the
entity pages and the SPARQL endpoint that the pictures link to and read from, and a strict
Content-Security-Policy (no inline script or style), so a page that needed one would fail.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pyoxigraph as ox
from flask import Flask, Response, request
from markupsafe import escape
from werkzeug.serving import make_server

from tests.servers import free_port
from therapykg.graph.store import OxigraphStore, Store
from therapykg.ontology import ONTOLOGY_PATH
from therapykg.ontology.vocab import DEFAULT_BASE, ontology_graph
from therapykg.web import visuals

DATA = Path(__file__).parent / "data"
SEED = DATA / "seed.trig"
LINEAGE = Path(__file__).parents[1] / "graph" / "data" / "lineage.trig"
SEED_FRAMEWORK = "evidence-based-therapy-relationships-and-responsiveness"
SEED_IRI = f"{DEFAULT_BASE}framework/{SEED_FRAMEWORK}"
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'"
)


def seed_store(*paths: Path) -> OxigraphStore:
    """An in-memory store with the given TriG files and the ontology, as `serve` would hold."""
    store = OxigraphStore()
    for path in paths or (SEED,):
        store.bulk_add(ox.parse(path=str(path), format=ox.RdfFormat.TRIG))
    ontology = ox.parse(path=str(ONTOLOGY_PATH), format=ox.RdfFormat.TURTLE)
    store.bulk_add(ox.Quad(t.subject, t.predicate, t.object, ontology_graph()) for t in ontology)
    return store


def make_app(store: Store) -> Flask:
    app = Flask("therapykg.web")
    app.config["TESTING"] = True
    app.register_blueprint(visuals.bp, get_store=lambda: store)

    @app.get("/id/<path:rest>")
    def entity(rest: str) -> str:  # stands in for the entity pages of #5
        name = escape(rest)
        head = f"<!doctype html><link rel=icon href=data:,><title>{name}</title>"
        return f"{head}<h1 id=entity>{name}</h1>"

    @app.get("/sparql")
    def sparql() -> Response:  # stands in for the SPARQL endpoint of #5 (CONSTRUCT only)
        result = store.query(request.args["query"])
        assert isinstance(result, ox.QueryTriples)
        body = ox.serialize(result, format=ox.RdfFormat.N_TRIPLES) or b""
        return Response(body, mimetype="application/n-triples")

    @app.after_request
    def security(response: Response) -> Response:
        response.headers["Content-Security-Policy"] = CSP
        return response

    return app


@contextmanager
def live_server(app: Flask) -> Iterator[str]:
    """Serve `app` on 127.0.0.1 at a free port in a thread; yields the base URL."""
    logging.getLogger("werkzeug").setLevel(logging.WARNING)
    server = make_server("127.0.0.1", free_port(), app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(timeout=10)
        server.server_close()
