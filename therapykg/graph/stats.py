"""Counts of what the store holds: by class, and by article with the provenance split."""

from __future__ import annotations

from dataclasses import dataclass

import pyoxigraph as ox

from therapykg.graph.store import Store

CLASS_COUNTS = """
SELECT ?class (COUNT(DISTINCT ?s) AS ?n) WHERE {
  ?s a ?class .
  FILTER(STRSTARTS(STR(?class), STR(tkg:)))
} GROUP BY ?class ORDER BY DESC(?n) ?class
"""

ARTICLE_COUNTS = """
SELECT ?article ?title
       (COUNT(?s) AS ?statements)
       (SUM(IF(?llm, 1, 0)) AS ?llmTagged)
       (SUM(IF(?cites, 1, 0)) AS ?sourced)
WHERE {
  GRAPH ?article {
    ?article a tkg:Article ; dcterms:title ?title .
    ?s a tkg:Statement ; tkg:llmTagged ?llm .
    BIND(EXISTS { ?s tkg:citesReference ?r } AS ?cites)
  }
} GROUP BY ?article ?title ORDER BY ?title
"""


@dataclass(frozen=True, slots=True)
class ArticleCount:
    article: str
    title: str
    statements: int
    llm_tagged: int
    sourced: int

    @property
    def untagged(self) -> int:
        return self.statements - self.llm_tagged - self.sourced


def class_counts(store: Store) -> list[tuple[str, int]]:
    """(class local name, distinct instances) for every tkg: class in use."""
    result = store.select(CLASS_COUNTS)
    return [(_local(row["class"]), _int(row["n"])) for row in result]


def article_counts(store: Store) -> list[ArticleCount]:
    """Statements per article, split into LLM-tagged, sourced and untagged."""
    result = store.select(ARTICLE_COUNTS)
    return [
        ArticleCount(
            article=_value(row["article"]),
            title=_value(row["title"]),
            statements=_int(row["statements"]),
            llm_tagged=_int(row["llmTagged"]),
            sourced=_int(row["sourced"]),
        )
        for row in result
    ]


def _value(term: object) -> str:
    return term.value if isinstance(term, ox.NamedNode | ox.Literal) else ""


def _int(term: object) -> int:
    return int(term.value) if isinstance(term, ox.Literal) else 0


def _local(term: object) -> str:
    text = _value(term)
    return text.rsplit("#", 1)[-1]
