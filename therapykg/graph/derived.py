"""Whether the derived graphs still match what they were built from (a stamp), so that a load
that changed nothing does not rebuild them.

The derived graphs (the labels graph, the summary graph's counts, every kept table) are rebuilt
from the whole store at the end of a load or removal: at 10,000 articles about two minutes,
also when the load found every file unchanged. The rebuild cannot simply be skipped when a load
wrote nothing, since a load cut short after its last batch and before (or during) the rebuild is
repaired by its rerun, which writes nothing. So the last write of every rebuild is a stamp in the
metadata graph:

    id:derived/stamp a tkg:DerivedGraphsRecord ; tkg:derivedFrom "…sha256…" .

`derivedFrom` is the fingerprint (`fingerprint`) of what the rebuild was built from: every load
record's graph, checksum, loader version and whether it holds shared keys (what decides each
article's graph and its shared triples), the names of every graph but the derived ones, the
package's version and the digest of each kept query's text. A rebuild runs when the store's
fingerprint differs from the stamp's (`load._rebuild_derived`); it removes the stamp first and
writes the new one after its last table, so a rebuild cut short at any point leaves no stamp,
and the next load rebuilds. A load, replacement or removal changes a load record (or the
graphs), and so the fingerprint. What changes graphs without a load record, the inferences of
`reason` and an update through a writable `/sparql`, removes the stamp (`forget`): the next load
rebuilds.
"""

from __future__ import annotations

import hashlib

import pyoxigraph as ox

from therapykg import __version__
from therapykg.graph.kept import digest, is_kept_graph, kept_query_texts
from therapykg.graph.labels import labels_graph
from therapykg.graph.store import Store
from therapykg.graph.substitute import substitute
from therapykg.graph.summary import summary_graph
from therapykg.ontology.vocab import RDF, TKG, base_iri, metadata_graph

# Each load record: its graph, checksum and loader version, and whether it holds shared keys.
_RECORDS = """
SELECT ?g ?sha ?version ?split WHERE {
  GRAPH ?meta {
    ?r a tkg:LoadRecord ; tkg:loadedGraph ?g
    OPTIONAL { ?r tkg:sha256 ?sha }
    OPTIONAL { ?r tkg:loaderVersion ?version }
    BIND(EXISTS { ?r tkg:sharesTriple ?key } AS ?split)
  }
}
"""
_COLUMNS = ("g", "sha", "version", "split")
_STAMP = "SELECT ?from WHERE { GRAPH ?meta { ?stamp tkg:derivedFrom ?from } }"
_FORGET = "DELETE WHERE { GRAPH ?meta { ?stamp ?p ?o } }"


def stamp_iri() -> ox.NamedNode:
    return ox.NamedNode(base_iri() + "derived/stamp")


def is_derived_graph(graph: ox.NamedNode) -> bool:
    """A graph the rebuild writes: the labels and summary graphs, and each kept table's."""
    return graph in (labels_graph(), summary_graph()) or is_kept_graph(graph)


def fingerprint(store: Store) -> str:
    """The sha256 of what the derived graphs are built from (the module docstring)."""
    lines = [f"version {__version__}"]
    lines += sorted(f"kept {name} {digest(text)}" for name, text in kept_query_texts().items())
    lines += sorted(f"graph {g.value}" for g in store.graphs() if not is_derived_graph(g))
    records = store.select(substitute(_RECORDS, {"meta": metadata_graph()}))
    lines += sorted(
        "record " + " ".join("-" if row[v] is None else str(row[v]) for v in _COLUMNS)
        for row in records
    )
    return hashlib.sha256("\n".join(lines).encode("utf-8")).hexdigest()


def stamped(store: Store) -> str | None:
    """The fingerprint the last whole rebuild wrote, if its stamp is there."""
    for row in store.select(substitute(_STAMP, {"meta": metadata_graph(), "stamp": stamp_iri()})):
        value = row["from"]
        return value.value if isinstance(value, ox.Literal) else None
    return None


def forget(store: Store) -> None:
    """Remove the stamp: the next load or removal rebuilds the derived graphs."""
    store.update(substitute(_FORGET, {"meta": metadata_graph(), "stamp": stamp_iri()}))


def stamp(store: Store, built_from: str) -> None:
    """Write the stamp, after every derived graph is written (the rebuild began by `forget`)."""
    meta, node = metadata_graph(), stamp_iri()
    store.change(
        insert=[
            ox.Quad(node, RDF.type, TKG.DerivedGraphsRecord, meta),
            ox.Quad(node, TKG.derivedFrom, ox.Literal(built_from), meta),
        ]
    )
