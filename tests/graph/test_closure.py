"""The transitive closure (`tkg:influencedBy`) kept up to date from the changed edges
(`graph/closure.py`) equals the closure recomputed over every edge (`reason --all`): after
articles are added, and after one is replaced with different lineage and one that others name
as a root is removed. (That the full closure is HermiT's: tests/graph/test_reason.py.)"""

from __future__ import annotations

import shutil
from collections.abc import Iterable
from pathlib import Path

import pytest

from benchmarks.generate import generate
from therapykg.graph import closure, reason
from therapykg.graph.load import load_paths, remove_graphs
from therapykg.graph.reason import reason_store
from therapykg.graph.store import OxigraphStore, Store
from therapykg.ontology.vocab import TKG, inferences_graph, metadata_graph

INFLUENCED_BY = TKG.influencedBy.value


def _load(folder: Path, paths: Iterable[Path]) -> None:
    with OxigraphStore(folder) as store:
        load_paths(store, list(paths), workers=0)


def _reason(folder: Path, *, everything: bool = False) -> None:
    with OxigraphStore(folder) as store:
        reason_store(store, everything=everything, workers=0)


def _closure_and_record(folder: Path) -> tuple[set[str], set[str]]:
    """The inferred values of influencedBy, and the keys of its closure record."""
    with OxigraphStore(folder, read_only=True) as store:
        values = {
            str(q.triple) for q in store.match(None, TKG.influencedBy, None, inferences_graph())
        }
        record = closure.recorded_edges(store, INFLUENCED_BY)
    assert record is not None
    return values, {" ".join(edge) for edge in record.edges}


def _recomputed(folder: Path, copy: Path) -> tuple[set[str], set[str]]:
    shutil.rmtree(copy, ignore_errors=True)
    shutil.copytree(folder, copy)
    _reason(copy, everything=True)
    return _closure_and_record(copy)


LINEAGE = "Creators & Lineage\n\n"


def _without_lineage(text: str) -> str:
    """The article with the paragraph of its Creators & Lineage section taken out."""
    start = text.index(LINEAGE) + len(LINEAGE)
    return text[:start] + text[text.index("\n\n", start) + 2 :]


def test_the_closure_kept_up_to_date_equals_the_closure_recomputed(tmp_path: Path) -> None:
    paths = generate(36, tmp_path / "articles")
    store = tmp_path / "store"
    _load(store, paths[:30])
    _reason(store)  # no closure record yet: computed over every edge, and recorded
    full = _closure_and_record(store)
    assert len(full[0]) > 100 and full[1]  # a lineage network, not a few edges

    _load(store, paths[30:])  # added
    affected = [_reason_incrementally(store)]
    assert _closure_and_record(store) == _recomputed(store, tmp_path / "after-adding")
    assert affected[-1] > 0

    original = next(p for p in paths[10:30] if LINEAGE in p.read_text(encoding="utf-8"))
    changed = tmp_path / "changed" / original.name
    changed.parent.mkdir()
    changed.write_text(_without_lineage(original.read_text(encoding="utf-8")), encoding="utf-8")
    _load(store, [changed])  # replaced: the same graph, fewer lineage edges
    with OxigraphStore(store) as opened:
        first = [g for g in opened.graphs() if f"/article/{_slug(paths[0])}/v" in g.value]
        assert remove_graphs(opened, first) == 1  # removed: the first article, a root of others
    before = _closure_and_record(store)
    affected.append(_reason_incrementally(store))
    after = _closure_and_record(store)
    assert after == _recomputed(store, tmp_path / "after-replacing")
    assert after != before  # the changes reached the closure
    assert 0 < affected[-1] < len({s for s, _, _ in closure_edges(store)})
    _indexes_and_queries_agree(store)


def _indexes_and_queries_agree(folder: Path) -> None:
    """What reasoning reads from the indexes of an embedded store, a store without them (on a
    server) reads by query: the stated edges, and the reasoning records that hold a key."""
    family = [INFLUENCED_BY, TKG.directlyInfluencedBy.value]
    with OxigraphStore(folder, read_only=True) as store:
        assert closure.stated_edges(store, family) == closure._stated_by_query(store, family)
        meta = metadata_graph()
        records = sorted({q.subject for q in store.match(None, TKG.reasonedGraph, None, meta)})
        dropped = {r.value for r in records[:3]}
        keys = sorted(reason._recorded_lines(store, records[:3]))
        indexed = reason._held_elsewhere(store, keys, dropped)
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(OxigraphStore, "indexed", False)
            assert reason._held_elsewhere(store, keys, dropped) == indexed
        assert indexed and len(indexed) < len(keys)


def _reason_incrementally(folder: Path) -> int:
    """Reason over `folder` (which has closure records), refusing a full read of the inferred
    values; how many subjects the closure recomputed."""
    found: list[int] = []
    affected, inferred_values = closure.affected, closure._inferred_values

    def spy(before: set[closure.Edge], after: set[closure.Edge]) -> set[str]:
        subjects = affected(before, after)
        found.append(len(subjects))
        return subjects

    def values(store: Store, prop: str, subjects: Iterable[str] | None) -> set[closure.Pair]:
        assert subjects is not None, "every inferred value read, with a closure record there"
        return inferred_values(store, prop, subjects)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(closure, "affected", spy)
        patch.setattr(closure, "_inferred_values", values)
        _reason(folder)
    assert found, "no closure kept up to date"
    return sum(found)


def _slug(path: Path) -> str:
    return path.stem.split("-", 1)[1]


def closure_edges(folder: Path) -> set[closure.Edge]:
    with OxigraphStore(folder, read_only=True) as store:
        return closure.stated_edges(store, [INFLUENCED_BY, TKG.directlyInfluencedBy.value])
