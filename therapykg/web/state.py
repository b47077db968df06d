"""What the app holds while it serves: the store, the query executor, the search index, limits.

One WebState per app, made by `create_app` and found by views through `get_state()`. The store is
shared by every thread (pyoxigraph releases the GIL and is safe to share); endpoint queries go
through the executor, which for an on-disk store runs them in worker processes it can kill.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar, cast

from flask import Flask, current_app

from therapykg.graph.store import Store, open_store
from therapykg.web.executor import (
    InProcessExecutor,
    ProcessExecutor,
    QueryExecutor,
    WorkerOptions,
)
from therapykg.web.searchindex import SearchIndex, index_location

EXTENSION = "therapykg"
T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Limits:
    """The endpoint's guard rails, each from a setting with a safe default."""

    query_timeout: float = 30.0
    demote_after: float = 1.0
    query_memory: int = 2 << 30  # bytes of address space per query worker; 0: no cap
    row_cap: int = 10_000
    max_query_bytes: int = 65_536
    read_only: bool = True


@dataclass(slots=True)
class WebState:
    store: Store
    executor: QueryExecutor
    search: SearchIndex
    limits: Limits
    owns_store: bool = True
    _cache: dict[str, Any] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _making: dict[str, threading.Lock] = field(default_factory=dict)
    _generation: int = 0

    def cached(self, key: str, make: Callable[[], T]) -> T:
        """A value computed once per app: the store does not change while it serves, unless a
        writable endpoint takes an update, which `forget`s them all. One thread computes a key
        while others asking for it wait; other keys are computed meanwhile."""
        with self._lock:
            if key in self._cache:
                return cast(T, self._cache[key])
            making = self._making.setdefault(key, threading.Lock())
        with making:
            with self._lock:
                if key in self._cache:
                    return cast(T, self._cache[key])
                generation = self._generation
            value = make()
            with self._lock:
                if generation == self._generation:  # else an update came meanwhile: not kept
                    self._cache[key] = value
            return value

    def kept(self, key: str) -> Any | None:
        """The value `cached` keeps for `key`, or None when none is kept yet (never computed)."""
        with self._lock:
            return self._cache.get(key)

    def forget(self) -> None:
        """Drop every cached value (after an update changed the store)."""
        with self._lock:
            self._cache.clear()
            self._generation += 1

    def close(self) -> None:
        self.executor.close()
        self.search.close()
        if self.owns_store:
            self.store.close()


def make_state(config: dict[str, Any]) -> WebState:
    """Open (or adopt) the store, start the executor, refresh the search index."""
    given = config["STORE"]
    owns = not isinstance(given, Store)
    store = open_store(given, read_only=config["READ_ONLY"]) if owns else given
    limits = Limits(
        query_timeout=float(config["QUERY_TIMEOUT"]),
        demote_after=float(config["QUERY_DEMOTE_AFTER"]),
        query_memory=int(config["QUERY_MEMORY"]),
        row_cap=int(config["ROW_CAP"]),
        max_query_bytes=int(config["MAX_QUERY_BYTES"]),
        read_only=bool(config["READ_ONLY"]),
    )
    search = SearchIndex(config.get("SEARCH_INDEX") or index_location(store.location))
    search.refresh(store)
    workers = int(config["QUERY_WORKERS"]) if limits.read_only else 0
    return WebState(store, _executor(store, workers, limits), search, limits, owns)


def _executor(store: Store, workers: int, limits: Limits) -> QueryExecutor:
    """Worker processes for an on-disk store; in-process for memory:, for a SPARQL server
    (which enforces its own time limit: `oxigraph serve --timeout-s`, Virtuoso's
    MaxQueryExecutionTime), and for a writable endpoint (workers hold a read-only snapshot taken
    when they start, which would not see the updates: there, the time limit is not enforced).
    A query running past `demote_after` seconds drops to the lowest CPU priority. Workers leave
    the network and cap their memory (`query_memory`); a remote store's queries need the network,
    and an in-process one shares the serving process's memory: neither fence applies there."""
    if store.directory is None or workers <= 0:
        return InProcessExecutor(store)
    options = WorkerOptions(memory_limit=limits.query_memory)
    return ProcessExecutor(store.location, workers, limits.demote_after, options)


def get_state(app: Flask | None = None) -> WebState:
    """The app's state: the one way a view reaches the store, the executor and the cache."""
    state = (app or current_app).extensions.get(EXTENSION)
    if not isinstance(state, WebState):
        # a programming error: a blueprint registered on an app that create_app did not make
        raise RuntimeError(
            "this app holds no therapykg state: make it with therapykg.web.app.create_app(), "
            "which opens the store and registers every blueprint (views reach the store "
            "through get_state() now, not a blueprint option such as get_store=get_store)"
        )
    return state
