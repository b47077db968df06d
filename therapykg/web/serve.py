"""`therapykg serve`: fill an empty store with the bundled articles, then serve it with waitress.

The store is written (if at all) before serving starts, and then reopened read-only: the query
workers open it read-only too, and RocksDB allows read-only readers only while nobody writes.
"""

from __future__ import annotations

import contextlib
import ctypes
import logging
import multiprocessing
import os
import signal
import socket
import sys
import threading
import time
from collections.abc import Callable
from multiprocessing.connection import wait
from multiprocessing.process import BaseProcess
from pathlib import Path

from therapykg.graph.store import Store, open_store
from therapykg.settings import setting

ARTICLE_FOLDER = "articles"
_PR_SET_PDEATHSIG = 1


def articles_folder() -> Path | None:
    """THERAPYKG_ARTICLES, else the articles shipped in the package (`therapykg/articles/`,
    wherever therapykg is installed), else None."""
    configured = setting("articles").value()
    if configured:
        return Path(configured)
    bundled = Path(__file__).resolve().parents[1] / ARTICLE_FOLDER
    return bundled if bundled.is_dir() else None


def holds_articles(store: Store) -> bool:
    return store.ask("ASK { ?a a tkg:Article }")


def fill_if_empty(location: str, report: Callable[[str], None]) -> None:
    """Load the bundled articles into a store that holds none (or only some of them)."""
    with open_store(location) as store:
        _fill_open(store, report)


def only_bundled(store: Store, folder: Path) -> bool:
    """Whether every article in the store was loaded from `folder`: then a fill cut short (serve
    killed while it loaded) is finished on the next start, while a store the user filled with
    articles of their own is left as it is."""
    result = store.select(
        "SELECT ?file WHERE { ?r a tkg:LoadRecord ; tkg:loadedGraph ?g ; tkg:sourceFile ?file ."
        ' FILTER(CONTAINS(STR(?g), "/article/")) }'
    )
    prefix = str(folder)
    return all(row["file"].value.startswith(prefix) for row in result)


def serve(
    location: str,
    host: str,
    port: int,
    workers: int,
    report: Callable[[str], None],
    config: dict[str, object] | None = None,
    processes: int = 1,
) -> None:
    """Load if empty, build the search index, and serve until interrupted.

    With `processes` above 1 (an on-disk or remote store served read-only), that many serving
    processes share one listening socket, each with its own app and query workers: Python runs
    one request at a time per process, so one process cannot use a second core for the HTTP work.
    """
    in_memory = location == "memory:"
    store: str | Store = location
    if in_memory:
        store = open_store("memory:")
        _fill_open(store, report)
    else:
        fill_if_empty(location, report)
    settings = {"STORE": store, **(config or {})}
    writable = not _read_only(settings)
    if in_memory or writable:
        processes = 1  # a memory store lives in this process; one writer at a time
    signal.signal(signal.SIGTERM, _stop)
    family = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[0][0]  # IPv4 or IPv6
    listener = socket.create_server((host, port), family=family, backlog=2048)
    report(
        f"serving {location} at http://{f'[{host}]' if ':' in host else host}:{port}/ "
        f"(serving processes: {max(1, processes)}, query workers in each: {workers})"
    )
    try:
        if processes <= 1:
            _serve_here(listener, settings, workers, report)
        else:
            _prepare_search(location)
            _supervise(listener, settings, processes, workers, report)
    finally:
        listener.close()
        if in_memory and isinstance(store, Store):
            store.close()


def _read_only(settings: dict[str, object]) -> bool:
    from therapykg.web.app import default_config

    return bool({**default_config(), **settings}["READ_ONLY"])


def _serve_here(
    listener: socket.socket,
    settings: dict[str, object],
    workers: int,
    report: Callable[[str], None],
) -> None:
    """One app, one waitress server on `listener`, until SIGTERM or Ctrl-C."""
    import waitress  # type: ignore[import-untyped]

    from therapykg.web.app import close_app, create_app, warm

    app = create_app({**settings, "QUERY_WORKERS": workers})
    # The first visitor to the home page, /evidence or /lineage would wait for their data.
    threading.Thread(target=warm, args=(app,), daemon=True, name="therapykg-warm").start()
    # waitress warns "Task queue depth is N" for every request that waits for a thread: under
    # load, thousands of lines a minute. Written to a stderr nobody drains (a pipe), they filled
    # it and froze the serving process in the middle of a write; a queue is normal here.
    logging.getLogger("waitress.queue").setLevel(logging.ERROR)
    # Slow clients: many half-sent requests must not lock others out (connection_limit), and a
    # connection that sends nothing for 20 s is closed (checked every 5 s); a request whose
    # query is still running is not idle and is not cut.
    server = waitress.create_server(
        app,
        sockets=[listener],
        threads=max(8, 2 * workers),
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


def _prepare_search(location: str) -> None:
    """Bring the search index up to date once, before the serving processes open it."""
    from therapykg.web.searchindex import SearchIndex, index_location

    with open_store(location, read_only=True) as store:
        index = SearchIndex(index_location(store.location))
        try:
            index.refresh(store)
        finally:
            index.close()


def _supervise(
    listener: socket.socket,
    settings: dict[str, object],
    processes: int,
    workers: int,
    report: Callable[[str], None],
) -> None:
    """Start `processes` serving processes and a new one whenever one dies, until SIGTERM or
    Ctrl-C here, which is passed on to them; then wait for them to finish.

    They are spawned (a fresh interpreter that inherits the listening socket), not forked: this
    process has opened the store, and a fork would copy RocksDB's background threads' locks in
    whatever state they were in.
    """
    context = multiprocessing.get_context("spawn")
    children: dict[int, BaseProcess] = {}

    def start() -> None:
        child = context.Process(
            target=_child_main,
            args=(listener, settings, workers, os.getpid()),
            name="therapykg-serve",
        )
        child.start()
        children[child.sentinel] = child

    for _ in range(processes):
        start()
    try:
        while children:
            for sentinel in wait(list(children)):
                child = children.pop(int(sentinel))  # type: ignore[arg-type]
                child.join()
                if child.exitcode != 0:
                    report(
                        f"serving process {child.pid} ended ({child.exitcode}); starting another"
                    )
                    time.sleep(0.5)  # a process that cannot start must not spin
                    start()
    except (KeyboardInterrupt, SystemExit):
        report("stopped")
    finally:
        for child in children.values():
            child.terminate()
        for child in children.values():
            child.join(30)


def _child_main(
    listener: socket.socket, settings: dict[str, object], workers: int, supervisor: int
) -> None:
    """A serving process: serve on the inherited socket until SIGTERM, then exit 0."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the supervisor says when to stop
    signal.signal(signal.SIGTERM, _stop)
    _end_with(supervisor)
    try:
        _serve_here(listener, settings, workers, _to_stderr)
    except SystemExit as exc:
        if exc.code not in (0, None):
            raise


def _to_stderr(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def _end_with(supervisor: int) -> None:
    """Have this serving process sent SIGTERM when its supervisor dies, however it dies (Linux's
    PR_SET_PDEATHSIG), so that no orphan goes on holding the port and the store."""
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGTERM)
    if os.getppid() != supervisor:  # it died before the line above
        raise SystemExit(0)


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
