"""The web application factory: `create_app(config=None)`.

Defaults come from the settings (THERAPYKG_* environment variables); the mapping given overrides
them. `STORE` is a location (`memory:`, a directory) or an already open Store, which tests fill
first and hand over. The app owns what it opened; `close_app(app)` releases it.
"""

from __future__ import annotations

from typing import Any

from flask import Flask

from therapykg.errors import TherapyKGError
from therapykg.settings import setting
from therapykg.web import (
    entities,
    errors,
    exports,
    pages,
    queries,
    search,
    security,
    sparql,
    visuals,
)
from therapykg.web.state import EXTENSION, WebState, get_state, make_state


def _truthy(text: str) -> bool:
    return text.strip().lower() in ("1", "true", "yes", "on")


_UNITS = {"": 0, "K": 10, "M": 20, "G": 30, "T": 40}


def size_in_bytes(text: str, name: str = "THERAPYKG_QUERY_MEMORY") -> int:
    """`2G`, `512M`, `300000000`: a size in bytes (binary units; `GiB`, `MB` read alike)."""
    cleaned = text.strip().upper().removesuffix("B").removesuffix("I")
    number, unit = cleaned.rstrip("KMGT"), cleaned[len(cleaned.rstrip("KMGT")) :]
    try:
        value = float(number)
    except ValueError:
        value = -1.0
    if unit not in _UNITS or value < 0:
        raise TherapyKGError(f"{name}: {text!r} is not a size (write it as 2G, 512M or in bytes)")
    return int(value * (1 << _UNITS[unit]))


def default_config() -> dict[str, Any]:
    """Every configuration key, from the settings."""
    return {
        "STORE": setting("store").value(),
        "QUERY_TIMEOUT": float(setting("query-timeout").value()),
        "QUERY_DEMOTE_AFTER": float(setting("query-demote-after").value()),
        "QUERY_MEMORY": size_in_bytes(setting("query-memory").value()),
        "ROW_CAP": int(setting("row-cap").value()),
        "MAX_QUERY_BYTES": int(setting("max-query-bytes").value()),
        "READ_ONLY": _truthy(setting("read-only").value()),
        "QUERY_WORKERS": 2,
        "SEARCH_INDEX": None,
        # above this many articles /evidence shows the corpus by section heading
        "EVIDENCE_CORPUS_ABOVE": 100,
        # where /visual/graph sends its query
        "VISUALS_SPARQL_URL": "/sparql",
    }


def create_app(config: dict[str, Any] | None = None) -> Flask:
    """A Flask app serving the store named by `config["STORE"]`."""
    app = Flask(__name__)
    app.config.from_mapping(default_config())
    app.config.from_mapping(config or {})
    app.config["MAX_CONTENT_LENGTH"] = int(app.config["MAX_QUERY_BYTES"]) + 4096
    app.json.sort_keys = False  # type: ignore[attr-defined]
    app.extensions[EXTENSION] = make_state(app.config)
    errors.init_app(app)
    security.init_app(app)
    for module in (pages, sparql, queries, search, exports):
        app.register_blueprint(module.blueprint)
    entities.init_app(app)
    app.register_blueprint(visuals.bp)
    return app


# Pages whose data the app computes once and keeps (seconds each at 10,000 articles). /lineage
# reads only what it draws; a focus (`/lineage/NAME`) and `?unlinked=1` draw from the whole
# lineage projection, which the last path computes and keeps (11-20 s at 10,000 articles).
WARM_PATHS = ("/", "/evidence", "/lineage", "/lineage.json?unlinked=1&limit=1")


def warm(app: Flask, paths: tuple[str, ...] = WARM_PATHS) -> list[tuple[str, int]]:
    """Ask for each page once, so that its data is cached before a visitor asks; the status of
    each (a failure is logged and left for the visitor's request to report)."""
    client = app.test_client()
    statuses: list[tuple[str, int]] = []
    for path in paths:
        try:
            statuses.append((path, client.get(path).status_code))
        except Exception:  # best effort: the page reports its own failure to a visitor
            app.logger.exception("warming %s failed", path)
    return statuses


def close_app(app: Flask) -> None:
    """Stop the query workers and close the store and the search index."""
    state: WebState = get_state(app)
    state.close()
