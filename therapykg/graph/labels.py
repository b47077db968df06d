"""One preferred label per shared node, chosen across articles and kept in step with loads.

Each article names the shared nodes it mentions in its own words ("person-centered therapy",
"Bruce Wampold", "B. E. Wampold") and states those words as `skos:altLabel` (and `foaf:name` for
people), once each in the shared graph however many articles use them; each article's load record
holds which (therapykg.graph.shared), so how many articles use a form is a count of records.
SKOS allows one `skos:prefLabel` per node and language, so the preferred label is chosen here,
over all graphs, and written to the labels graph, which every load and removal rebuilds:

1. the title of an article that describes the node (`tkg:describesApproach`);
2. for a person, the fullest name any article writes ("Bruce E. Wampold" over "B. E. Wampold");
3. otherwise the form most articles use, then the longest, then the first in alphabetical order.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

import pyoxigraph as ox

from therapykg.graph.shared import triple_key
from therapykg.graph.store import GraphReplacement, Store
from therapykg.graph.substitute import substitute, with_values
from therapykg.ontology.vocab import SKOS, base_iri, metadata_graph, ontology_graph, shared_graph

# Labels in graphs other than the shared graph (imported RDF, graphs written by hand): each graph
# counts as one article.
_CANDIDATES = """
SELECT ?node ?label (COUNT(DISTINCT ?g) AS ?articles) WHERE {
  GRAPH ?g { ?node skos:altLabel|foaf:name ?label }
  FILTER(?g != ?shared)
} GROUP BY ?node ?label
"""

_SHARED_LABELS = "SELECT ?node ?label WHERE { GRAPH ?shared { ?node skos:altLabel ?label } }"

# How many load records hold each altLabel triple, i.e. how many articles use that form.
_USES = """
SELECT ?k (COUNT(DISTINCT ?r) AS ?n) WHERE {{
  VALUES ?k {}
  GRAPH ?meta { ?r tkg:sharesTriple ?k }
}} GROUP BY ?k
"""

# Asked apart: joined into the query above, a person's type (stated in every article that names
# them) multiplied its rows by the articles (10,000 articles: 57 s, apart 1.1 s).
_PEOPLE = "SELECT DISTINCT ?node WHERE { ?node a foaf:Person }"

_TITLES = """
SELECT ?node (MIN(?title) AS ?chosen) WHERE {
  ?article a tkg:Article ; tkg:describesApproach ?node ; dcterms:title ?title .
} GROUP BY ?node
"""


# The ontology graph's own preferred labels (the graded-items scheme, grades, tiers): SKOS allows
# one, so the labels graph never adds another.
_SCHEME_LABELLED = "SELECT DISTINCT ?node ?g WHERE { GRAPH ?g { ?node skos:prefLabel ?label } }"


def labels_graph() -> ox.NamedNode:
    return ox.NamedNode(base_iri() + "graph/labels")


@dataclass(slots=True)
class _Candidates:
    person: bool = False
    forms: dict[str, int] = field(default_factory=dict)  # label → articles using it

    def best(self) -> str:
        if self.person:
            return max(self.forms, key=lambda f: (len(f.replace(".", "")), self.forms[f], f))
        return min(self.forms, key=lambda f: (-self.forms[f], -len(f), f))


def preferred_labels(store: Store) -> dict[ox.NamedNode, str]:
    """The chosen label of every shared node that some article names."""
    found: dict[ox.NamedNode, _Candidates] = defaultdict(_Candidates)
    people = store.select(_PEOPLE)
    persons = {row["node"] for row in people}
    result = store.select(substitute(_CANDIDATES, {"shared": shared_graph()}))
    for row in result:
        node, label = row["node"], row["label"]
        if isinstance(node, ox.NamedNode) and isinstance(label, ox.Literal):
            item = found[node]
            item.person = node in persons
            item.forms[label.value] = int(row["articles"].value)
    for (node, label), uses in _shared_label_uses(store).items():
        item = found[node]
        item.person = node in persons
        item.forms[label] = item.forms.get(label, 0) + uses
    chosen = {node: item.best() for node, item in found.items()}
    titles = store.select(_TITLES)
    for row in titles:
        if isinstance(row["node"], ox.NamedNode) and row["chosen"] is not None:
            chosen[row["node"]] = row["chosen"].value
    for node in _labelled_in_ontology(store):
        chosen.pop(node, None)  # the scheme's prefLabel ("alliance") is the one
    return chosen


def _shared_label_uses(store: Store) -> dict[tuple[ox.NamedNode, str], int]:
    """Each (node, altLabel) of the shared graph, with the number of articles that use it."""
    result = store.select(substitute(_SHARED_LABELS, {"shared": shared_graph()}))
    by_key: dict[str, tuple[ox.NamedNode, str]] = {}
    for row in result:
        node, label = row["node"], row["label"]
        if isinstance(node, ox.NamedNode) and isinstance(label, ox.Literal):
            by_key[triple_key(node, SKOS.altLabel, label)] = (node, label.value)
    uses = dict.fromkeys(by_key.values(), 1)  # a label no record holds: stated once, by hand
    keys = sorted(by_key)
    for at in range(0, len(keys), 400):
        query = with_values(_USES, "k", (ox.Literal(k) for k in keys[at : at + 400]))
        counted = store.select(substitute(query, {"meta": metadata_graph()}))
        for row in counted:
            uses[by_key[row["k"].value]] = int(row["n"].value)
    return uses


def _labelled_in_ontology(store: Store) -> set[ox.NamedNode]:
    """Nodes the ontology graph (and its concept schemes) already gives a skos:prefLabel."""
    result = store.select(_SCHEME_LABELLED, bindings={"g": ontology_graph()})
    return {row["node"] for row in result if isinstance(row["node"], ox.NamedNode)}


def refresh_labels(store: Store) -> int:
    """Rebuild the labels graph in one transaction; the number of labels written."""
    target = labels_graph()
    quads = [
        ox.Quad(node, SKOS.prefLabel, ox.Literal(label), target)
        for node, label in sorted(preferred_labels(store).items(), key=lambda kv: kv[0].value)
    ]
    store.replace_graphs([GraphReplacement(target, quads)])
    return len(quads)
