"""The derived graphs are rebuilt only when what they are built from changed (graph/derived.py).

On an on-disk store: a second load of the same files rebuilds nothing and leaves the store as it
was; a load that changes an article rebuilds; a rebuild cut short between two kept tables (an
error injected into the table writer) leaves no stamp, and the next load, which finds every
file unchanged, rebuilds, to the store a load that was never cut short leaves; a removal of
nothing rebuilds nothing, a removal of something does; `reason` makes the next load rebuild.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from tests.corpora import contents, copy_articles
from therapykg.graph import derived, kept
from therapykg.graph import load as load_module
from therapykg.graph.load import LoadProgress, load_paths, remove_graphs
from therapykg.graph.store import OxigraphStore


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "corpus"
    folder.mkdir()
    copy_articles(folder)
    return folder


def stages(store: OxigraphStore, paths: list[Path]) -> tuple[bool, list[str]]:
    """Load `paths`: whether the derived graphs were rebuilt, and the stages told."""
    told: list[str] = []

    def progress(p: LoadProgress) -> None:
        if not told or told[-1] != p.stage:
            told.append(p.stage)

    return load_paths(store, paths, progress=progress).derived, told


def never(name: str) -> Callable[[object], int]:
    def called(store: object) -> int:
        raise AssertionError(f"{name} ran")

    return called


def edited(corpus: Path) -> None:
    """One article's text changed: a sentence added to its first section."""
    path = corpus / "evidence_based_therapy_relationships.txt"
    text = path.read_text(encoding="utf-8")
    end = "more systematically LLM.\n\nCreators & Lineage"
    assert end in text
    path.write_text(text.replace(end, end.replace(" LLM.", " LLM. A sentence added LLM.")), "utf-8")


def test_a_second_load_of_the_same_files_rebuilds_nothing(
    corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = OxigraphStore(tmp_path / "store")
    try:
        assert stages(store, [corpus]) == (True, ["files", "derived"])
        assert derived.stamped(store) == derived.fingerprint(store)
        before = contents(store)
        monkeypatch.setattr(load_module, "refresh_labels", never("refresh_labels"))
        monkeypatch.setattr(load_module, "refresh_summary", never("refresh_summary"))
        assert stages(store, [corpus]) == (False, ["files"])
        assert contents(store) == before
        assert remove_graphs(store, ["http://example.org/not-loaded"]) == 0  # nothing removed
        assert contents(store) == before
        monkeypatch.undo()

        edited(corpus)
        assert stages(store, [corpus]) == (True, ["files", "derived"])
        assert derived.stamped(store) == derived.fingerprint(store)
        assert contents(store) != before
    finally:
        store.close()


@pytest.mark.parametrize("cut_at", [1, 4])
def test_a_rebuild_cut_short_between_tables_is_redone_by_the_next_load(
    corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cut_at: int
) -> None:
    store = OxigraphStore(tmp_path / "store")
    try:
        load_paths(store, [corpus])
        edited(corpus)

        class Crash(Exception):
            pass

        write = kept._write_table
        written: list[str] = []

        def crashing(store: OxigraphStore, table: kept.KeptRows) -> int:
            if len(written) == cut_at:
                raise Crash(f"the process dies before the table {table.name}")
            written.append(table.name)
            return write(store, table)

        monkeypatch.setattr(kept, "_write_table", crashing)
        with pytest.raises(Crash):
            load_paths(store, [corpus])
        assert len(written) == cut_at
        assert derived.stamped(store) is None  # the old stamp went first, the new never came
        monkeypatch.undo()

        rerun = load_paths(store, [corpus])
        assert (rerun.articles, rerun.derived) == (0, True)  # nothing to load; rebuilt
        assert load_paths(store, [corpus]).derived is False
        found = contents(store)
    finally:
        store.close()
    whole = OxigraphStore(tmp_path / "whole")  # the same files, never cut short
    try:
        load_paths(whole, [corpus])
        assert found == contents(whole)
    finally:
        whole.close()


def test_removing_or_reasoning_makes_the_next_load_rebuild(corpus: Path, tmp_path: Path) -> None:
    from therapykg.graph.reason import reason_store

    store = OxigraphStore(tmp_path / "store")
    try:
        load_paths(store, [corpus])
        graph = next(g for g in store.graphs() if "/article/" in g.value)
        assert remove_graphs(store, [graph]) == 1
        assert derived.stamped(store) == derived.fingerprint(store)  # rebuilt by the removal
        assert load_paths(store, [corpus]).derived is True  # the removed article is back

        reason_store(store, workers=0)
        assert derived.stamped(store) is None
        assert load_paths(store, [corpus]).derived is True
        reason_store(store, workers=0)  # nothing changed: the inferences stand, and the stamp
        assert derived.stamped(store) == derived.fingerprint(store)
    finally:
        store.close()
