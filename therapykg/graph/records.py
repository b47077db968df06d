"""Load records (PROV, in the metadata graph): what a load writes beside each graph, and what
the store held when the load began (`StoreState`)."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path

import pyoxigraph as ox

from therapykg import __version__
from therapykg.graph import recordtexts
from therapykg.graph.shared import record_keys
from therapykg.graph.store import GraphReplacement, Store
from therapykg.graph.substitute import substitute
from therapykg.ontology.vocab import PROV, RDF, TKG, XSD, base_iri, metadata_graph


class StoreState:
    """What the store held when the load began: load records and graphs by article."""

    def __init__(self, store: Store) -> None:
        self.hashes = known_hashes(store)
        self.records = record_subjects(store)
        self.graphs: set[str] = set()
        self.versions: dict[str, list[ox.NamedNode]] = {}
        for graph in store.graphs():
            self.graphs.add(graph.value)
            self.versions.setdefault(_article_key(graph), []).append(graph)

    def older_versions(self, graph: ox.NamedNode) -> list[ox.NamedNode]:
        """Graphs of other versions of the same article (`…/article/{slug}/v*`), to be replaced.

        The store keeps the current version of each article; the version stays in the IRI so
        that a citation of a statement names the version it saw.
        """
        return [g for g in self.versions.get(_article_key(graph), []) if g != graph]


def _article_key(graph: ox.NamedNode) -> str:
    return graph.value.rsplit("/", 1)[0] if "/article/" in graph.value else graph.value


def record_iri(graph: ox.NamedNode) -> ox.NamedNode:
    digest = hashlib.sha1(graph.value.encode("utf-8"), usedforsecurity=False).hexdigest()
    return ox.NamedNode(f"{base_iri()}load/{digest[:20]}")


def load_record(
    graph: ox.NamedNode, path: Path, sha: str, keys: Sequence[str] = ()
) -> list[ox.Quad]:
    """The load record of a graph: which file, which bytes, which loader, when, and which
    triples of the shared graph it states (therapykg.graph.shared)."""
    meta = metadata_graph()
    record = record_iri(graph)
    now = datetime.now(UTC).isoformat(timespec="seconds")
    facts: list[tuple[ox.NamedNode, ox.NamedNode | ox.Literal]] = [
        (RDF.type, TKG.LoadRecord),
        (RDF.type, PROV.Activity),
        (TKG.loadedGraph, graph),
        (TKG.sourceFile, ox.Literal(str(path))),
        (TKG.sha256, ox.Literal(sha)),
        (TKG.loaderVersion, ox.Literal(__version__)),
        (PROV.endedAtTime, ox.Literal(now, datatype=XSD.dateTime)),
    ]
    return [ox.Quad(record, p, o, meta) for p, o in facts] + record_keys(record, keys)


def graph_replacement(
    graph: ox.NamedNode, quads: Sequence[ox.Quad], path: Path, sha: str, keys: Sequence[str] = ()
) -> GraphReplacement:
    metadata = load_record(graph, path, sha, keys)
    return GraphReplacement(
        graph, quads, metadata_graph(), metadata, [record_iri(graph)], shared=keys
    )


def known_hashes(store: Store) -> dict[str, set[str]]:
    """The graphs each file's bytes (sha256) were loaded into by this loader version, for every
    graph still in the store.

    A file is unchanged when the same bytes went into the graph it would go to now, wherever the
    file lies; another graph, or a newer loader, loads it again.
    """
    result = store.select(substitute(recordtexts.KNOWN_HASHES, {"meta": metadata_graph()}))
    known: dict[str, set[str]] = {}
    for row in result:
        # an article loaded before the shared graph restates shared triples: loaded again
        older = "/article/" in row["g"].value and row["split"].value not in ("true", "1")
        if row["version"].value == __version__ and not older:
            known.setdefault(row["sha"].value, set()).add(row["g"].value)
    return known


def record_subjects(store: Store) -> set[str]:
    """Every subject of the metadata graph: a new graph's record must not be one of them."""
    result = store.select(substitute(recordtexts.RECORD_SUBJECTS, {"meta": metadata_graph()}))
    return {row["r"].value for row in result}
