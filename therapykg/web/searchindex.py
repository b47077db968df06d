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

from therapykg.graph.store import Store
from therapykg.graph.substitute import substitute
from therapykg.ontology.vocab import TKG_IRI, metadata_graph

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE VIRTUAL TABLE IF NOT EXISTS entries USING fts5(
    label, body, iri UNINDEXED, kind UNINDEXED, context UNINDEXED,
    tokenize = 'unicode61 remove_diacritics 2'
);
"""
COLUMNS = ["label", "body", "iri", "kind", "context"]  # an index without these is rebuilt
# Labels by preference: the first names a thing, the others are searched as its other names.
_LABEL_PREDICATES = (
    "http://www.w3.org/2004/02/skos/core#prefLabel",
    "http://www.w3.org/2000/01/rdf-schema#label",
    "http://xmlns.com/foaf/0.1/name",
    "http://purl.org/dc/terms/title",
)
_LABELS = """SELECT DISTINCT ?s ?p ?label WHERE {
  VALUES ?p { skos:prefLabel rdfs:label foaf:name dcterms:title }
  ?s ?p ?label . FILTER(isIRI(?s))
}"""
_KINDS = """SELECT DISTINCT ?s ?kind WHERE {
  VALUES ?p { skos:prefLabel rdfs:label foaf:name dcterms:title }
  ?s ?p ?label ; a ?kind . FILTER(isIRI(?s) && isIRI(?kind))
}"""
_SENTENCES = """SELECT ?s ?text ?article ?section WHERE {
  ?s a tkg:Statement ; tkg:text ?text . FILTER(isIRI(?s))
  OPTIONAL { ?s tkg:inArticle ?article }
  OPTIONAL { ?s tkg:inSection ?section }
}"""
_ARTICLE_TITLES = "SELECT ?a ?title WHERE { ?a a tkg:Article ; dcterms:title ?title }"
_HEADINGS = "SELECT ?section ?heading WHERE { ?section tkg:sectionHeading ?heading }"
_FINGERPRINT = """SELECT ?g ?sha WHERE {
  { GRAPH ?g { } } UNION { GRAPH ?meta { ?r tkg:loadedGraph ?g ; tkg:sha256 ?sha } }
}"""
# The summary graph restates what it counts (a work summary repeats its work's title): those
# nodes are bookkeeping, never a hit beside the thing itself.
_SKIPPED_KINDS = re.compile(re.escape(TKG_IRI) + r"\w*Summary$")
# When a thing has several types, the one it is shown as: the project's own, most specific first.
_KIND_ORDER = ("Framework", "PsychotherapyApproach", "Theory", "Person")
STATEMENT = TKG_IRI + "Statement"
MARK_START, MARK_END = "\x02", "\x03"
_WORD = re.compile(r"\w+", re.UNICODE)


@dataclass(frozen=True, slots=True)
class Hit:
    """One search result; `snippet` marks matched words with MARK_START/MARK_END. `kind` is the
    IRI of the class it is shown as; `context`, for a sentence, its article and section."""

    iri: str
    kind: str
    label: str
    snippet: str
    context: str = ""


def index_location(store_location: str) -> str:
    """Beside an on-disk store (`…/store` → `…/store.search.sqlite`); in memory for `memory:`."""
    if store_location == "memory:" or "://" in store_location:
        return ":memory:"
    path = Path(store_location)
    return str(path.with_name(path.name + ".search.sqlite"))


def fingerprint(store: Store) -> str:
    """A digest of the store's graphs and load records: it changes whenever a load changes data."""
    result = store.select(substitute(_FINGERPRINT, {"meta": metadata_graph()}))
    parts = sorted(f"{row['g']} {row['sha'] or ''}" for row in result)
    return hashlib.sha256("\n".join(parts).encode("utf-8")).hexdigest()


def _kind_rank(kind: str) -> tuple[int, int, str]:
    """Project classes first (the listed ones in their order), then every other class."""
    if kind.startswith(TKG_IRI):
        name = kind[len(TKG_IRI) :]
        order = _KIND_ORDER.index(name) if name in _KIND_ORDER else len(_KIND_ORDER)
        return (0, order, name)
    return (1, 0, kind)


def _entries(store: Store) -> Iterator[tuple[str, str, str, str, str]]:
    """(label, body, iri, kind, context) rows, one per thing: labelled things (named by their
    preferred label, their other labels searched too), then sentences (with article and
    section)."""
    labels: dict[str, dict[str, list[str]]] = {}
    for row in store.select(_LABELS):
        found = labels.setdefault(row["s"].value, {})
        found.setdefault(row["p"].value, []).append(row["label"].value)
    kinds: dict[str, list[str]] = {}
    for row in store.select(_KINDS):
        kinds.setdefault(row["s"].value, []).append(row["kind"].value)
    for iri in sorted(labels):
        types = sorted(kinds.get(iri, []), key=_kind_rank)
        if any(_SKIPPED_KINDS.fullmatch(kind) for kind in types):
            continue
        names: list[str] = []
        for predicate in _LABEL_PREDICATES:
            names += [n for n in sorted(labels[iri].get(predicate, [])) if n not in names]
        yield names[0], " · ".join(names[1:]), iri, types[0] if types else "", ""
    titles = {row["a"].value: row["title"].value for row in store.select(_ARTICLE_TITLES)}
    headings = {row["section"].value: row["heading"].value for row in store.select(_HEADINGS)}
    for row in store.select(_SENTENCES):
        article, section = row["article"], row["section"]
        where = [
            titles.get(article.value, "") if article is not None else "",
            headings.get(section.value, "") if section is not None else "",
        ]
        context = " › ".join(part for part in where if part)
        yield "", row["text"].value, row["s"].value, STATEMENT, context


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
            columns = [row[1] for row in self._db.execute("PRAGMA table_info(entries)")]
            if columns != COLUMNS:  # made by an older version: rebuilt at the next refresh
                self._db.executescript("DROP TABLE entries; DELETE FROM meta;")
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
            self._db.executemany("INSERT INTO entries VALUES (?, ?, ?, ?, ?)", rows)
            self._db.execute("INSERT OR REPLACE INTO meta VALUES ('fingerprint', ?)", (current,))
        return True

    def search(self, words: str, limit: int = 50) -> list[Hit]:
        """The best matches for `words`, labels weighted above sentence text."""
        query = fts_query(words)
        if query is None:
            return []
        sql = (
            "SELECT iri, kind, label, snippet(entries, -1, ?, ?, '…', 24), context FROM entries "
            "WHERE entries MATCH ? ORDER BY bm25(entries, 8.0, 1.0) LIMIT ?"
        )
        with self._lock:
            found = self._db.execute(sql, (MARK_START, MARK_END, query, limit)).fetchall()
        return [Hit(str(i), str(k), str(la), str(s), str(c)) for i, k, la, s, c in found]

    def close(self) -> None:
        with self._lock:
            self._db.close()
