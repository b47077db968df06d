"""The SPARQL query texts over the load records (the metadata graph) and the shared graph's keys
(therapykg.graph.shared): what a write, a removal or a validation reads first.

Each is a template: `?meta` and `?shared` are bound by `substitute` to the metadata and shared
graphs, and each empty `VALUES ?name {}` or `?name NOT IN ()` is filled by `with_values` or
`with_list` (therapykg.graph.substitute), never by pasting values into the text.
"""

from __future__ import annotations

# every key the load records ?r hold
KEYS_OF_RECORDS = "SELECT DISTINCT ?k WHERE { VALUES ?r {} GRAPH ?meta { ?r tkg:sharesTriple ?k } }"
# every key the load records of the graphs ?g hold
KEYS_OF_GRAPHS = (
    "SELECT DISTINCT ?k WHERE { VALUES ?g {} "
    "GRAPH ?meta { ?r tkg:loadedGraph ?g ; tkg:sharesTriple ?k } }"
)
# every triple the shared graph holds about the nodes ?s
TRIPLES_ABOUT = "SELECT ?s ?p ?o WHERE { VALUES ?s {} GRAPH ?shared { ?s ?p ?o } }"
# the keys ?k that a load record other than the listed ones holds
KEYS_HELD_OUTSIDE = (
    "SELECT DISTINCT ?k WHERE { VALUES ?k {} GRAPH ?meta { ?r tkg:sharesTriple ?k } "
    "FILTER(?r NOT IN ()) }"
)
# the keys of the records ?r that some record not listed holds too
KEYS_HELD_ELSEWHERE = (
    "SELECT DISTINCT ?k WHERE { VALUES ?r {} GRAPH ?meta { ?r tkg:sharesTriple ?k . "
    "?other tkg:sharesTriple ?k } FILTER(?other NOT IN ()) }"
)
# every loaded graph with the file and the sha256 it was loaded from
LOADED_GRAPHS = (
    "SELECT ?g ?file ?sha WHERE { GRAPH ?meta { ?r tkg:loadedGraph ?g ; "
    "tkg:sourceFile ?file ; tkg:sha256 ?sha } } ORDER BY ?g"
)
# every load record's graph, end time and sha256
LOAD_TIMES = (
    "SELECT ?g ?t ?sha WHERE { GRAPH ?meta { ?r a tkg:LoadRecord ; tkg:loadedGraph ?g ; "
    "prov:endedAtTime ?t OPTIONAL { ?r tkg:sha256 ?sha } } }"
)
# each load record's sha256, graph and loader version, for the graphs still in the store, and
# whether it holds shared keys (a record of a loader before the shared graph holds none)
KNOWN_HASHES = """
SELECT ?sha ?g ?version ?split WHERE {
  GRAPH ?meta {
    ?r a tkg:LoadRecord ; tkg:sha256 ?sha ; tkg:loadedGraph ?g ; tkg:loaderVersion ?version
    BIND(EXISTS { ?r tkg:sharesTriple ?key } AS ?split)
  }
  FILTER EXISTS { GRAPH ?g { ?s ?p ?o } }
}
"""
# every subject of the metadata graph
RECORD_SUBJECTS = "SELECT DISTINCT ?r WHERE { GRAPH ?meta { ?r ?p ?o } }"
