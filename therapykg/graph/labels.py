"""One preferred label per shared node, chosen across articles and kept in step with loads.

Each article names the shared nodes it mentions in its own words ("person-centered therapy",
"Bruce Wampold", "B. E. Wampold") and states those words as `skos:altLabel` (and `foaf:name` for
people) in its own graph. SKOS allows one `skos:prefLabel` per node and language, so the preferred
label is chosen here, over all graphs, and written to the labels graph, which every load rebuilds:

1. the title of an article that describes the node (`tkg:describesApproach`);
2. for a person, the fullest name any article writes ("Bruce E. Wampold" over "B. E. Wampold");
3. otherwise the form most articles use, then the longest, then the first in alphabetical order.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

import pyoxigraph as ox

from therapykg.graph.store import GraphReplacement, Store
from therapykg.ontology.vocab import SKOS, base_iri, ontology_graph

_CANDIDATES = """
SELECT ?node ?label (COUNT(DISTINCT ?g) AS ?articles) WHERE {
  GRAPH ?g { ?node skos:altLabel|foaf:name ?label }
} GROUP BY ?node ?label
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
    people = store.query(_PEOPLE)
    assert isinstance(people, ox.QuerySolutions)
    persons = {row["node"] for row in people}
    result = store.query(_CANDIDATES)
    assert isinstance(result, ox.QuerySolutions)
    for row in result:
        node, label = row["node"], row["label"]
        if isinstance(node, ox.NamedNode) and isinstance(label, ox.Literal):
            item = found[node]
            item.person = node in persons
            item.forms[label.value] = int(row["articles"].value)
    chosen = {node: item.best() for node, item in found.items()}
    titles = store.query(_TITLES)
    assert isinstance(titles, ox.QuerySolutions)
    for row in titles:
        if isinstance(row["node"], ox.NamedNode) and row["chosen"] is not None:
            chosen[row["node"]] = row["chosen"].value
    for node in _labelled_in_ontology(store):
        chosen.pop(node, None)  # the scheme's prefLabel ("alliance") is the one
    return chosen


def _labelled_in_ontology(store: Store) -> set[ox.NamedNode]:
    """Nodes the ontology graph (and its concept schemes) already gives a skos:prefLabel."""
    result = store.query(_SCHEME_LABELLED, bindings={"g": ontology_graph()})
    assert isinstance(result, ox.QuerySolutions)
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
