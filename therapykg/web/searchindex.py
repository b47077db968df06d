"""Full-text search over labels and sentences: SQLite FTS5, ranked by bm25.

SPARQL's CONTAINS scans every literal and cannot rank, so the web keeps its own index beside the
store. It is rebuilt when the store's fingerprint (its graphs and load records) no longer matches
the one the index was built from, which happens at serve start-up after a load: the endpoint is
read-only, so nothing changes the store while it serves.

A user's words never reach FTS5's query syntax: each is quoted as a phrase of one word.
"""

from __future__ import annotations

import hashlib
import re
import sqlite3
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from therapykg.graph.store import Store
from therapykg.ontology.vocab import metadata_graph

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE VIRTUAL TABLE IF NOT EXISTS entries USING fts5(
    label, body, iri UNINDEXED, kind UNINDEXED, tokenize = 'unicode61 remove_diacritics 2'
);
"""
_LABELS = """SELECT DISTINCT ?s ?label ?kind WHERE {
  ?s skos:prefLabel|rdfs:label|foaf:name|dcterms:title ?label .
  OPTIONAL { ?s a ?kind }
  FILTER(isIRI(?s))
}"""
_SENTENCES = """SELECT ?s ?text WHERE { ?s a tkg:Statement ; tkg:text ?text . FILTER(isIRI(?s)) }"""
_FINGERPRINT = """SELECT ?g ?sha WHERE {{
  {{ GRAPH ?g {{ }} }} UNION {{ GRAPH {meta} {{ ?r tkg:loadedGraph ?g ; tkg:sha256 ?sha }} }}
}}"""
MARK_START, MARK_END = "\x02", "\x03"
_WORD = re.compile(r"\w+", re.UNICODE)


@dataclass(frozen=True, slots=True)
class Hit:
    """One search result; `snippet` marks matched words with MARK_START/MARK_END."""

    iri: str
    kind: str
    label: str
    snippet: str


def index_location(store_location: str) -> str:
    """Beside an on-disk store (`…/store` → `…/store.search.sqlite`); in memory for `memory:`."""
    if store_location == "memory:" or "://" in store_location:
        return ":memory:"
    path = Path(store_location)
    return str(path.with_name(path.name + ".search.sqlite"))


def fingerprint(store: Store) -> str:
    """A digest of the store's graphs and load records: it changes whenever a load changes data."""
    result = store.query(_FINGERPRINT.format(meta=metadata_graph()))
    assert isinstance(result, ox.QuerySolutions)
    parts = sorted(f"{row['g']} {row['sha'] or ''}" for row in result)
    return hashlib.sha256("\n".join(parts).encode("utf-8")).hexdigest()


def _local_name(iri: str) -> str:
    return re.split(r"[/#]", iri.rstrip("/#"))[-1]


def _entries(store: Store) -> Iterator[tuple[str, str, str, str]]:
    """(label, body, iri, kind) rows: labelled things, then sentences."""
    labels = store.query(_LABELS)
    assert isinstance(labels, ox.QuerySolutions)
    seen: set[tuple[str, str]] = set()
    for row in labels:
        iri, label = row["s"].value, row["label"].value
        if (iri, label) in seen:
            continue
        seen.add((iri, label))
        kind = row["kind"]
        yield label, "", iri, _local_name(kind.value) if kind is not None else ""
    sentences = store.query(_SENTENCES)
    assert isinstance(sentences, ox.QuerySolutions)
    for row in sentences:
        yield "", row["text"].value, row["s"].value, "Statement"


def fts_query(words: str) -> str | None:
    """An FTS5 query that matches every word (the last also as a prefix), or None if no words."""
    found = _WORD.findall(words)[:16]
    if not found:
        return None
    quoted = [f'"{w}"' for w in found]
    quoted[-1] += "*"
    return " ".join(quoted)


class SearchIndex:
    """One SQLite connection shared by the app's threads, behind a lock (queries take ms)."""

    def __init__(self, location: str) -> None:
        self.location = location
        self._db = sqlite3.connect(location, check_same_thread=False)
        self._lock = threading.Lock()
        with self._lock:
            self._db.executescript(SCHEMA)

    def stored_fingerprint(self) -> str | None:
        with self._lock:
            row = self._db.execute("SELECT value FROM meta WHERE key = 'fingerprint'").fetchone()
        return None if row is None else str(row[0])

    def refresh(self, store: Store) -> bool:
        """Rebuild from `store` when it changed since the last build; True when rebuilt."""
        current = fingerprint(store)
        if current == self.stored_fingerprint():
            return False
        rows = list(_entries(store))
        with self._lock, self._db:
            self._db.execute("DELETE FROM entries")
            self._db.executemany("INSERT INTO entries VALUES (?, ?, ?, ?)", rows)
            self._db.execute("INSERT OR REPLACE INTO meta VALUES ('fingerprint', ?)", (current,))
        return True

    def search(self, words: str, limit: int = 50) -> list[Hit]:
        """The best matches for `words`, labels weighted above sentence text."""
        query = fts_query(words)
        if query is None:
            return []
        sql = (
            "SELECT iri, kind, label, snippet(entries, -1, ?, ?, '…', 24) FROM entries "
            "WHERE entries MATCH ? ORDER BY bm25(entries, 8.0, 1.0) LIMIT ?"
        )
        with self._lock:
            found = self._db.execute(sql, (MARK_START, MARK_END, query, limit)).fetchall()
        return [Hit(str(i), str(k), str(la), str(s)) for i, k, la, s in found]

    def close(self) -> None:
        with self._lock:
            self._db.close()
