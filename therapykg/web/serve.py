"""`therapykg serve`: fill an empty store with the bundled articles, then serve it with waitress.

The store is written (if at all) before serving starts, and then reopened read-only: the query
workers open it read-only too, and RocksDB allows read-only readers only while nobody writes.
"""

from __future__ import annotations

import os
import signal
from collections.abc import Callable
from pathlib import Path

import pyoxigraph as ox

from therapykg.graph.store import Store, open_store
from therapykg.settings import setting

ARTICLE_FOLDER = "articles"


def articles_folder() -> Path | None:
    """THERAPYKG_ARTICLES, else `articles/` beside the package (an editable install), else
    `articles/` in the working directory (`pip install .` run in a checkout), else None."""
    configured = setting("articles").value()
    if configured:
        return Path(configured)
    for candidate in (Path(__file__).resolve().parents[2], Path.cwd()):
        bundled = candidate / ARTICLE_FOLDER
        if bundled.is_dir():
            return bundled
    return None


def holds_articles(store: Store) -> bool:
    result = store.query("ASK { ?a a tkg:Article }")
    assert isinstance(result, ox.QueryBoolean)
    return bool(result)


def fill_if_empty(location: str, report: Callable[[str], None]) -> None:
    """Load the bundled articles into a store that holds none (or only some of them)."""
    with open_store(location) as store:
        _fill_open(store, report)


def only_bundled(store: Store, folder: Path) -> bool:
    """Whether every article in the store was loaded from `folder`: then a fill cut short (serve
    killed while it loaded) is finished on the next start, while a store the user filled with
    articles of their own is left as it is."""
    result = store.query(
        "SELECT ?file WHERE { ?r a tkg:LoadRecord ; tkg:loadedGraph ?g ; tkg:sourceFile ?file ."
        ' FILTER(CONTAINS(STR(?g), "/article/")) }'
    )
    assert isinstance(result, ox.QuerySolutions)
    prefix = str(folder)
    return all(row["file"].value.startswith(prefix) for row in result)


def serve(
    location: str,
    host: str,
    port: int,
    workers: int,
    report: Callable[[str], None],
    config: dict[str, object] | None = None,
) -> None:
    """Load if empty, build the search index, and serve until interrupted."""
    import waitress  # type: ignore[import-untyped]

    from therapykg.web.app import close_app, create_app

    in_memory = location == "memory:"
    store: str | Store = location
    if in_memory:
        store = open_store("memory:")
        _fill_open(store, report)
    else:
        fill_if_empty(location, report)
    app = create_app({"STORE": store, "QUERY_WORKERS": workers, **(config or {})})
    report(f"serving {location} at http://{host}:{port}/ (query workers: {workers})")
    signal.signal(signal.SIGTERM, _stop)
    # Slow clients: many half-sent requests must not lock others out (connection_limit), and a
    # connection that sends nothing for 20 s is closed (checked every 5 s); a request whose
    # query is still running is not idle and is not cut.
    server = waitress.create_server(
        app,
        host=host,
        port=port,
        threads=max(4, 2 * workers),
        ident="",
        connection_limit=1000,
        channel_timeout=20,
        cleanup_interval=5,
    )
    try:
        server.run()
    except KeyboardInterrupt:
        report("stopped")
    finally:
        close_app(app)
        if in_memory and isinstance(store, Store):
            store.close()


def _stop(signum: int, frame: object) -> None:
    """SIGTERM ends serving the way Ctrl-C does, so the query workers are stopped too."""
    raise SystemExit(0)


def _fill_open(store: Store, report: Callable[[str], None]) -> None:
    folder = articles_folder()
    if folder is None or not folder.is_dir():
        if not holds_articles(store):
            report(
                "the store holds no articles and no articles folder was found "
                "(set THERAPYKG_ARTICLES)"
            )
        return
    if holds_articles(store) and not only_bundled(store, folder):
        return
    from therapykg.graph.load import load_paths

    summary = load_paths(store, [folder])  # skips what is there already: finishes a partial fill
    if summary.articles or summary.errors:
        report(
            f"loaded {summary.articles} article(s) from {folder} "
            f"({summary.unchanged} already there, {len(summary.errors)} file(s) not loaded)"
        )
    for error in summary.errors:
        report(f"  {error}")


def worker_count(given: int | None) -> int:
    """Query worker processes: as asked, else one per core up to four."""
    if given is not None:
        return max(0, given)
    return max(1, min(4, os.cpu_count() or 1))
