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
    """Load the bundled articles when the store holds no article."""
    folder = articles_folder()
    with open_store(location) as store:
        if holds_articles(store):
            return
        if folder is None or not folder.is_dir():
            report(
                "the store holds no articles and no articles folder was found "
                "(set THERAPYKG_ARTICLES)"
            )
            return
        from therapykg.graph.load import load_paths

        summary = load_paths(store, [folder])
        report(
            f"loaded {summary.articles} article(s) from {folder} "
            f"({len(summary.errors)} file(s) not loaded)"
        )
        for error in summary.errors:
            report(f"  {error}")


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
    server = waitress.create_server(
        app, host=host, port=port, threads=max(4, 2 * workers), ident=""
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
    if folder is None or holds_articles(store):
        return
    from therapykg.graph.load import load_paths

    summary = load_paths(store, [folder])
    report(f"loaded {summary.articles} article(s) from {folder}")


def worker_count(given: int | None) -> int:
    """Query worker processes: as asked, else one per core up to four."""
    if given is not None:
        return max(0, given)
    return max(1, min(4, os.cpu_count() or 1))
