"""The search index: beside an on-disk store, rebuilt only when the store changed, and safe with
any words a user types."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox

from tests.web.conftest import memory_store
from therapykg.web.searchindex import SearchIndex, fts_query, index_location


def test_index_lives_beside_an_on_disk_store() -> None:
    assert index_location("/data/kg/store") == "/data/kg/store.search.sqlite"
    assert index_location("memory:") == ":memory:"


def test_refresh_only_when_the_store_changed(tmp_path: Path) -> None:
    store = memory_store()
    index = SearchIndex(str(tmp_path / "index.sqlite"))
    assert index.refresh(store) is True
    assert index.refresh(store) is False
    reopened = SearchIndex(str(tmp_path / "index.sqlite"))
    assert reopened.refresh(store) is False, "a saved index is reused at the next start"
    label = ox.NamedNode("http://www.w3.org/2004/02/skos/core#prefLabel")
    store._store.add(
        ox.Quad(
            ox.NamedNode("http://e/new"), label, ox.Literal("Brand new"), ox.NamedNode("http://e/g")
        )
    )
    assert reopened.refresh(store) is True
    assert [hit.iri for hit in reopened.search("brand")] == ["http://e/new"]
    index.close()
    reopened.close()


def test_user_words_never_reach_fts_syntax() -> None:
    assert fts_query('alliance" OR *') == '"alliance" "OR"*'
    assert fts_query("  ") is None
    assert fts_query("NEAR(a, b)") == '"NEAR" "a" "b"*'
