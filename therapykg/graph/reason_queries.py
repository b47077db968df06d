"""The SPARQL that graph/reason.py runs, one text each, values never written in by hand.

Each text names its values as variables: `?meta` (the metadata graph) and `?inferences` (the
inferences graph) are bound with `substitute`, lists with an empty `VALUES ?name {}` block that
`with_values` fills (therapykg/graph/substitute.py); both write a value in its N-Triples form,
which pyoxigraph escapes. What reason.py writes as data (inferred triples, reasoning records) goes
through `Store.change` as quads, never as update text.
"""

from __future__ import annotations

# Every loaded graph's load record: what it loaded (its checksum and when), for the incremental run.
LOAD_RECORDS = """
SELECT ?g ?r ?sha ?ended WHERE {
  GRAPH ?meta {
    ?r a tkg:LoadRecord ; tkg:loadedGraph ?g ; tkg:sha256 ?sha
    OPTIONAL { ?r prov:endedAtTime ?ended }
  }
}
"""

# The load each graph had when it was last reasoned over (the reasoning records).
REASONED = """
SELECT ?g ?v WHERE {
  GRAPH ?meta { ?r a tkg:ReasoningRecord ; tkg:reasonedGraph ?g ; tkg:reasonedLoad ?v }
}
"""

# Everything the rules wrote: the inferences graph, every reasoning record and the closure
# records (`reason --all`).
CLEAR = """
DROP SILENT GRAPH ?inferences ;
DELETE { GRAPH ?meta { ?r ?p ?o } }
WHERE { GRAPH ?meta { ?r a tkg:ReasoningRecord ; ?p ?o } } ;
DELETE { GRAPH ?meta { ?r ?p ?o } }
WHERE { GRAPH ?meta { ?r a tkg:ClosureRecord ; ?p ?o } }
"""

# What a batch of reasoning records (`VALUES ?r`) inferred, one literal of N-Triples lines each.
RECORDED_LINES = """
SELECT ?lines WHERE {
  VALUES ?r {}
  GRAPH ?meta { ?r tkg:inferredTriples ?lines }
}
"""

# Which reasoning records hold each of a batch of inferred-triple keys (`VALUES ?key`).
HOLDERS = """
SELECT ?key ?holder WHERE {
  VALUES ?key {}
  GRAPH ?meta { ?holder tkg:infersTriple ?key }
}
"""

# The stated edges of a transitive property and its sub-properties (`VALUES ?p`) in every graph
# but the inferences graph (for a store without indexes of its own: graph/closure.py).
STATED_EDGES = """
SELECT DISTINCT ?p ?s ?o WHERE {
  VALUES ?p {}
  GRAPH ?g { ?s ?p ?o }
  FILTER(?g != ?inferences && isIRI(?s) && isIRI(?o))
}
"""

# How many triples the inferences graph holds.
COUNT = """
SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?inferences { ?s ?p ?o } }
"""
