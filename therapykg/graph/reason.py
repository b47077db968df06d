"""Running the reasoner over the store, article by article (see DESIGN.md, "Reasoning at scale")."""

from __future__ import annotations

from collections.abc import Iterator

import rdflib

from therapykg.graph.convert import from_rdflib_graph, to_rdflib_graph
from therapykg.graph.store import GraphReplacement, Store
from therapykg.ontology.vocab import inferences_graph, metadata_graph, ontology_graph


def _article_parts(store: Store) -> Iterator[rdflib.Graph]:
    skip = {inferences_graph(), metadata_graph(), ontology_graph()}
    for graph in store.graphs():
        if graph not in skip:
            yield to_rdflib_graph(store.quads(graph))


def reason_store(store: Store, *, java: str | None = None) -> int:
    """Replace the inferences graph with what HermiT infers; the number of inferred triples."""
    from therapykg.ontology.reasoning import reason_in_parts

    inferred = reason_in_parts(_article_parts(store), java=java)
    target = inferences_graph()
    store.replace_graphs([GraphReplacement(target, from_rdflib_graph(inferred, target))])
    return len(inferred)
