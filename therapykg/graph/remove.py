"""Removing loaded graphs by the names a user has for them: a file, a folder, or a graph IRI.

`find_loaded` turns what was named into the graphs to remove, reading the load records in the
metadata graph: a file is the graph loaded from it (the path its record names, resolved from
the current directory), else the graph loaded from the same bytes (a file moved since), else,
for an article, the graph its text builds (an article edited since); a folder is each of its
files; an IRI is that graph, or every version of that article (`…/article/{slug}`). Everything
named must be found, or nothing is removed. `preview` says what the removal takes with it from
the shared graph; `load.remove_graphs` removes, in one transaction, and rebuilds the labels and
summary graphs.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from therapykg.errors import InputError, NotInStoreError
from therapykg.graph import recordtexts
from therapykg.graph.files import file_sha256, iter_files
from therapykg.graph.records import record_iri
from therapykg.graph.shared import Query, keys_about, keys_of_records
from therapykg.graph.store import Store
from therapykg.graph.substitute import substitute, with_list, with_values
from therapykg.ontology.vocab import metadata_graph, ontology_graph

_CHUNK = 400  # values in one VALUES block


@dataclass(frozen=True, slots=True)
class Loaded:
    """A graph with a load record: the graph, the file it was loaded from, that file's sha256."""

    graph: ox.NamedNode
    source: str
    sha256: str


@dataclass(frozen=True, slots=True)
class Preview:
    """What removing `graphs` takes from the shared graph: the triples no other article states,
    and the shared nodes no remaining article mentions."""

    graphs: list[Loaded]
    shared_triples: int
    orphans: list[ox.NamedNode]


def loaded_graphs(store: Store) -> list[Loaded]:
    """Every graph a load record names (the ontology's aside: it is not the user's to remove)."""
    result = store.select(substitute(recordtexts.LOADED_GRAPHS, {"meta": metadata_graph()}))
    ontology = ontology_graph()
    return [
        Loaded(row["g"], row["file"].value, row["sha"].value)
        for row in result
        if isinstance(row["g"], ox.NamedNode) and row["g"] != ontology
    ]


def is_iri(target: str) -> bool:
    """Whether a name given for removal is a graph IRI rather than a path."""
    return "://" in target or target.startswith("urn:")


def find_loaded(store: Store, targets: Sequence[str]) -> list[Loaded]:
    """The loaded graphs `targets` name, each once, in store order; NotInStoreError naming
    every target (or file of a named folder) that names none."""
    loaded = loaded_graphs(store)
    chosen: dict[str, Loaded] = {}
    missing: list[str] = []
    for target in targets:
        names = [target] if is_iri(target) else [str(p) for p in _files(Path(target))]
        for name in names or [target]:
            found = _by_iri(loaded, name) if is_iri(name) else _by_file(loaded, Path(name))
            if not found:
                missing.append(name)
            chosen.update((item.graph.value, item) for item in found)
    if missing:
        raise NotInStoreError(missing)
    return [item for item in loaded if item.graph.value in chosen]


def _files(path: Path) -> list[Path]:
    return list(iter_files([path])) if path.is_dir() else [path]


def _by_iri(loaded: list[Loaded], iri: str) -> list[Loaded]:
    """The graph of that IRI, or every version of the article it names."""
    exact = [item for item in loaded if item.graph.value == iri]
    article = iri.rstrip("/") + "/"
    return exact or [
        item
        for item in loaded
        if "/article/" in iri and item.graph.value.rsplit("/", 1)[0] + "/" == article
    ]


def _by_file(loaded: list[Loaded], path: Path) -> list[Loaded]:
    """The graphs loaded from this path; else from the same bytes; else the article it builds."""
    here = path.resolve()
    found = [item for item in loaded if Path(item.source).resolve() == here]
    if found or not path.is_file():
        return found
    sha = file_sha256(path)
    found = [item for item in loaded if item.sha256 == sha]
    if found:
        return found
    return _by_iri(loaded, graph.value) if (graph := _article_graph(path)) is not None else []


def _article_graph(path: Path) -> ox.NamedNode | None:
    """The graph an article file builds now (None: not an article, or unreadable)."""
    from therapykg.graph.build import article_graph
    from therapykg.graph.files import ARTICLE_SUFFIXES
    from therapykg.loaders.read import read_article

    if path.suffix.lower() not in ARTICLE_SUFFIXES:
        return None
    try:
        return article_graph(read_article(path))
    except InputError:
        return None


def preview(store: Store, graphs: Sequence[Loaded]) -> Preview:
    """What removing `graphs` would take from the shared graph (reads only)."""
    run = _solutions(store)
    records = [record_iri(item.graph) for item in graphs]
    going = keys_of_records(run, records) - _held_elsewhere(run, records)
    nodes = sorted({key[1 : key.index(">")] for key in going})
    still = keys_about(run, [ox.NamedNode(n) for n in nodes]) - going
    mentioned = {key[1 : key.index(">")] for key in still}
    orphans = [ox.NamedNode(n) for n in nodes if n not in mentioned]
    return Preview(list(graphs), len(going), orphans)


def _held_elsewhere(run: Query, records: Sequence[ox.NamedNode]) -> set[str]:
    """The keys of `records` that some other load record holds too."""
    held: set[str] = set()
    query = substitute(recordtexts.KEYS_HELD_ELSEWHERE, {"meta": metadata_graph()})
    query = with_list(query, "other", records)
    for at in range(0, len(records), _CHUNK):
        rows = run(with_values(query, "r", records[at : at + _CHUNK]))
        held.update(row["k"].value for row in rows)
    return held


def _solutions(store: Store) -> Query:
    def run(sparql: str) -> ox.QuerySolutions:
        result = store.select(sparql)
        return result

    return run
