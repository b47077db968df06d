"""The SPARQL update texts of the write path: replacing graphs, keeping the shared graph exact,
and rolling back a bulk batch that never finished.

Each is a template whose values are bound by therapykg.graph.substitute (`substitute` for one
term, `with_rows` for a VALUES block, `with_quads` for the data), never pasted in by hand. A
variable may stand where SPARQL wants a term (`DROP SILENT GRAPH ?graph`): the text is valid
once it is substituted. Texts with `tkg:` run through `Store.update`, which declares the
project's prefixes; the rollback's run on Oxigraph's own `update` and use none.
"""

from __future__ import annotations

DROP_GRAPH = "DROP SILENT GRAPH ?graph"
DELETE_SUBJECT = "DELETE WHERE { GRAPH ?graph { ?subject ?p ?o } }"
# the load records of a graph that goes (an older version of an article)
DELETE_RECORDS_OF = "DELETE WHERE { GRAPH ?meta { ?r tkg:loadedGraph ?graph ; ?p ?o } }"
INSERT_DATA = "INSERT DATA {}"
DELETE_DATA = "DELETE DATA {}"
# Triples with blank nodes go in one template, which keeps each blank node one node, and which
# engines that refuse blank nodes in INSERT DATA (Virtuoso) accept.
INSERT_TEMPLATE = "INSERT {} WHERE {}"
# Removes each (?s ?p ?o) of the shared graph unless some load record still holds its key ?k.
# OPTIONAL and !BOUND, not FILTER NOT EXISTS or MINUS: Virtuoso 7 answers those two as if no
# record held any key, once VALUES has more than one row.
CLEANUP_SHARED = """DELETE { GRAPH ?shared { ?s ?p ?o } } WHERE {
VALUES (?s ?p ?o ?k) {}
OPTIONAL { GRAPH ?meta { ?r tkg:sharesTriple ?k } }
FILTER(!BOUND(?r))
}"""
