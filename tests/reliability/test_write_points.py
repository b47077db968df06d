"""A crash at every write, deterministically: the loader stopped dead before its k-th write to the
store, for every k, leaves each article whole (graph and record agreeing) or absent, and the same
load run again finishes. Where the SIGKILL test samples moments at random, this one visits every
boundary between writes, so a loader that splits an article over two writes cannot pass it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pytest

from tests.reliability.corpus import write_corpus
from tests.reliability.support import (
    audit,
    differing_graphs,
    graph_contents,
    without_load_times,
)
from therapykg.graph.load import load_paths
from therapykg.graph.store import OxigraphStore

WRITES = frozenset(
    {
        "add",
        "add_graph",
        "bulk_extend",
        "bulk_load",
        "clear",
        "clear_graph",
        "extend",
        "load",
        "remove",
        "remove_graph",
        "update",
    }
)


class Crash(BaseException):
    """The process died here (a BaseException: no `except Exception` in the loader stops it)."""


class CrashingStore:
    """A pyoxigraph store that dies before its `crash_at`-th write; reads pass through."""

    def __init__(self, inner: ox.Store, crash_at: int | None) -> None:
        self._inner = inner
        self._crash_at = crash_at
        self.writes = 0

    def __getattr__(self, name: str) -> Any:
        attribute = getattr(self._inner, name)
        if name not in WRITES:
            return attribute

        def write(*args: Any, **kwargs: Any) -> Any:
            self.writes += 1
            if self.writes == self._crash_at:
                raise Crash(f"killed before write {self.writes} ({name})")
            return attribute(*args, **kwargs)

        return write


def _store(crash_at: int | None) -> tuple[OxigraphStore, CrashingStore]:
    store = OxigraphStore(None)
    crashing = CrashingStore(store._store, crash_at)
    store._store = crashing  # type: ignore[assignment]
    return store, crashing


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    return write_corpus(tmp_path_factory.mktemp("points") / "articles", 70)


FIRST = 20  # loaded cleanly before the load that crashes: derived graphs exist already


def _clean_load(corpus: list[Path]) -> tuple[int, dict[str, set[tuple[str, str, str]]]]:
    """How many writes the second of two clean loads makes, and what they leave in the store."""
    store, crashing = _store(None)
    load_paths(store, corpus[:FIRST])
    before = crashing.writes
    load_paths(store, corpus)
    assert not audit(store, corpus).problems
    return crashing.writes - before, without_load_times(graph_contents(store))


def test_a_crash_before_any_write_leaves_each_article_whole_or_absent(
    corpus: list[Path],
) -> None:
    """A store that holds some articles already (and so their derived graphs, such as the
    labels); a load of the whole corpus dies before its k-th write; the rerun must leave exactly
    what two clean loads leave."""
    total, clean = _clean_load(corpus)
    assert total >= 2, "the articles and what is derived from them"
    seen: set[int] = set()
    for crash_at in range(1, total + 1):
        store, crashing = _store(None)
        load_paths(store, corpus[:FIRST])
        crashing.writes, crashing._crash_at = 0, crash_at
        with pytest.raises(Crash):
            load_paths(store, corpus)
        crashing._crash_at = None  # the process restarts: the same load runs to its end
        store.roll_back_interrupted()  # what opening the store again does first
        report = audit(store, corpus)
        assert not report.problems, f"crash before write {crash_at}: {report}"
        assert len(report.present) >= FIRST
        seen.add(len(report.present))
        summary = load_paths(store, corpus)
        assert summary.unchanged + summary.articles == len(corpus)
        assert summary.unchanged == len(report.present)
        final = audit(store, corpus)
        assert not final.problems and len(final.present) == len(corpus), str(final)
        after = without_load_times(graph_contents(store))
        stale = differing_graphs(clean, after)
        assert not stale, f"crash before write {crash_at}, then a rerun: {stale} differ"
    assert len(seen) > 1 or total == 2, "some crash points leave some articles in"
