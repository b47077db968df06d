"""The summary graph: aggregates rebuilt after every load, and the named queries that read it.

The reference texts below are the named queries as they were before they read the summary graph
(or were reshaped): on the same store they must give the same rows.
"""

# ruff: noqa: E501 - the reference queries are kept verbatim, one long SELECT line each

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pytest

from tests.corpora import copy_articles
from therapykg.graph import load as load_module
from therapykg.graph.load import load_paths
from therapykg.graph.store import OxigraphStore
from therapykg.graph.summary import summary_graph
from therapykg.queries.registry import get_query

ARTICLES = Path(__file__).resolve().parents[2] / "articles"

OLD_GRADES_COUNT = """
SELECT ?grade ?gradeLabel (COUNT(DISTINCT ?grading) AS ?gradings) (COUNT(DISTINCT ?framework) AS ?frameworks)
WHERE {
  ?grading a tkg:Grading ; tkg:hasGrade ?grade .
  ?grade skos:prefLabel ?gradeLabel .
  OPTIONAL { ?framework tkg:hasGrading ?grading }
}
GROUP BY ?grade ?gradeLabel
ORDER BY DESC(?gradings)
"""

OLD_FRAMEWORKS = """
SELECT ?framework ?label ?type ?discipline ?article (COUNT(DISTINCT ?s) AS ?statements) (COUNT(DISTINCT ?sourced) AS ?sourcedStatements)
WHERE {
  ?article a tkg:Article ; tkg:describesApproach ?framework ; dcterms:title ?label .
  OPTIONAL { ?article tkg:approachType ?type }
  OPTIONAL { ?article tkg:discipline ?discipline }
  OPTIONAL {
    ?s tkg:inArticle ?article ; a tkg:Statement .
    OPTIONAL { ?s tkg:citesReference ?r . BIND(?s AS ?sourced) }
  }
}
GROUP BY ?framework ?label ?type ?discipline ?article
ORDER BY ?label
"""

OLD_WORKS_MOST_CITED = """
SELECT ?work ?title (COUNT(DISTINCT ?article) AS ?articles) (COUNT(DISTINCT ?s) AS ?citingSentences)
WHERE {
  ?ref tkg:refersToWork ?work ; tkg:inArticle ?article .
  ?work dcterms:title ?title .
  OPTIONAL { ?s tkg:citesReference ?ref }
}
GROUP BY ?work ?title
ORDER BY DESC(?articles) DESC(?citingSentences) ?title
"""

OLD_PROVENANCE_BY_SECTION = """
SELECT ?article ?title ?section ?heading (COUNT(?s) AS ?statements) (SUM(?isSourced) AS ?sourced) (SUM(?isLlm) AS ?llmTagged) (COUNT(?s) - SUM(?isSourced) - SUM(?isLlm) AS ?untagged) (ROUND(1000.0 * SUM(?isSourced) / COUNT(?s)) / 10.0 AS ?percentSourced)
WHERE {
  ?s a tkg:Statement ; tkg:inArticle ?article ; tkg:inSection ?section ; tkg:llmTagged ?llm .
  ?article dcterms:title ?title .
  ?section tkg:sectionHeading ?heading .
  BIND(IF(?llm, 1, 0) AS ?isLlm)
  BIND(IF(EXISTS { ?s tkg:citesReference ?r }, 1, 0) AS ?isSourced)
}
GROUP BY ?article ?title ?section ?heading
ORDER BY ?title ?section
"""

# sourcing-by-heading is new; this is the plain way of asking it.
PLAIN_SOURCING_BY_HEADING = """
SELECT ?heading (COUNT(?s) AS ?statements) (SUM(?isSourced) AS ?sourced) (SUM(?isLlm) AS ?llmTagged) (COUNT(?s) - SUM(?isSourced) - SUM(?isLlm) AS ?untagged) (ROUND(1000.0 * SUM(?isSourced) / COUNT(?s)) / 10.0 AS ?percentSourced)
WHERE {
  ?s a tkg:Statement ; tkg:inSection ?section ; tkg:llmTagged ?llm .
  ?section tkg:sectionHeading ?heading .
  BIND(IF(?llm, 1, 0) AS ?isLlm)
  BIND(IF(EXISTS { ?s tkg:citesReference ?r }, 1, 0) AS ?isSourced)
}
GROUP BY ?heading
ORDER BY DESC(?statements) ?heading
"""

REFERENCES = {
    "grades-count": OLD_GRADES_COUNT,
    "frameworks": OLD_FRAMEWORKS,
    "works-most-cited": OLD_WORKS_MOST_CITED,
    "provenance-by-section": OLD_PROVENANCE_BY_SECTION,
    "sourcing-by-heading": PLAIN_SOURCING_BY_HEADING,
}


def rows(store: OxigraphStore, sparql: str) -> list[tuple[str, ...]]:
    """Each row as the text of its terms, in the query's column order (unbound: "")."""
    result = store.query(sparql)
    assert isinstance(result, ox.QuerySolutions)
    names = [v.value for v in result.variables]
    return [tuple("" if row[n] is None else str(row[n]) for n in names) for row in result]


def columns(store: OxigraphStore, sparql: str) -> list[str]:
    result = store.query(sparql)
    assert isinstance(result, ox.QuerySolutions)
    return [v.value for v in result.variables]


@pytest.fixture(scope="module")
def store() -> OxigraphStore:
    store = OxigraphStore()
    assert not load_paths(store, [ARTICLES]).errors
    return store


@pytest.mark.parametrize("name", sorted(REFERENCES))
def test_named_query_gives_what_its_reference_gives(store: OxigraphStore, name: str) -> None:
    query = get_query(name)
    reference = REFERENCES[name]
    assert columns(store, query.text) == columns(store, reference)
    found, expected = rows(store, query.text), rows(store, reference)
    assert found and found == expected
    assert query.shape, f"{name}.rq says in its '# shape:' line how it stays fast"


def summary(store: OxigraphStore) -> dict[str, Any]:
    """What the summary graph says, in plain values."""

    def values(sparql: str) -> list[tuple[str, ...]]:
        return sorted(rows(store, sparql))

    g = f"<{summary_graph().value}>"
    return {
        "grades": values(
            f"SELECT ?grade ?n ?f WHERE {{ GRAPH {g} {{ ?x tkg:summarisesGrade ?grade ;"
            " tkg:gradingCount ?n ; tkg:gradedFrameworkCount ?f } }"
        ),
        "articles": values(
            f"SELECT ?a ?n ?src ?llm WHERE {{ GRAPH {g} {{ ?a tkg:statementCount ?n ;"
            " tkg:sourcedStatementCount ?src ; tkg:llmTaggedStatementCount ?llm ."
            " FILTER NOT EXISTS { ?a a tkg:HeadingSummary } } }"
        ),
        "headings": values(
            f"SELECT ?h ?n ?src ?llm WHERE {{ GRAPH {g} {{ ?x tkg:summarisesHeading ?h ;"
            " tkg:statementCount ?n ; tkg:sourcedStatementCount ?src ;"
            " tkg:llmTaggedStatementCount ?llm } }"
        ),
        "works": values(
            f"SELECT ?w ?t ?a ?s WHERE {{ GRAPH {g} {{ ?x tkg:summarisesWork ?w ;"
            " dcterms:title ?t ; tkg:citingArticleCount ?a ; tkg:citingStatementCount ?s } }"
        ),
        "framework_grades": values(
            f"SELECT ?f ?grade ?n WHERE {{ GRAPH {g} {{ ?x a tkg:GradingTally ;"
            " tkg:talliesFramework ?f ; tkg:talliesGrade ?grade ; tkg:gradingCount ?n } }"
        ),
        "item_grades": values(
            f"SELECT ?i ?grade ?n WHERE {{ GRAPH {g} {{ ?x a tkg:GradingTally ;"
            " tkg:talliesItem ?i ; tkg:talliesGrade ?grade ; tkg:gradingCount ?n } }"
        ),
    }


def direct(store: OxigraphStore) -> dict[str, Any]:
    """The same aggregates, asked directly of the article graphs."""

    def values(sparql: str) -> list[tuple[str, ...]]:
        return sorted(rows(store, sparql))

    return {
        "grades": values(
            "SELECT ?grade (COUNT(DISTINCT ?grading) AS ?n) (COUNT(DISTINCT ?fw) AS ?f) WHERE {"
            " ?grading a tkg:Grading ; tkg:hasGrade ?grade ."
            " OPTIONAL { ?fw tkg:hasGrading ?grading } } GROUP BY ?grade"
        ),
        "articles": values(
            "SELECT ?a (COUNT(DISTINCT ?s) AS ?n) (COUNT(DISTINCT ?src) AS ?sn)"
            " (COUNT(DISTINCT ?llm) AS ?ln) WHERE { ?a a tkg:Article ."
            " OPTIONAL { ?s a tkg:Statement ; tkg:inArticle ?a ."
            "   OPTIONAL { ?s tkg:citesReference ?r . BIND(?s AS ?src) }"
            "   OPTIONAL { ?s tkg:llmTagged true . BIND(?s AS ?llm) } } } GROUP BY ?a"
        ),
        "works": values(
            "SELECT ?w ?t (COUNT(DISTINCT ?a) AS ?an) (COUNT(DISTINCT ?s) AS ?sn) WHERE {"
            " ?ref tkg:refersToWork ?w ; tkg:inArticle ?a . ?w dcterms:title ?t ."
            " OPTIONAL { ?s tkg:citesReference ?ref } } GROUP BY ?w ?t"
        ),
        "headings": values(
            "SELECT ?h (COUNT(DISTINCT ?s) AS ?n) (COUNT(DISTINCT ?src) AS ?sn)"
            " (COUNT(DISTINCT ?llm) AS ?ln) WHERE { ?s a tkg:Statement ; tkg:inSection ?sec ."
            " ?sec tkg:sectionHeading ?h ."
            " OPTIONAL { ?s tkg:citesReference ?r . BIND(?s AS ?src) }"
            " OPTIONAL { ?s tkg:llmTagged true . BIND(?s AS ?llm) } } GROUP BY ?h"
        ),
        "framework_grades": values(
            "SELECT ?f ?grade (COUNT(DISTINCT ?grading) AS ?n) WHERE {"
            " ?f tkg:hasGrading ?grading . ?grading tkg:hasGrade ?grade } GROUP BY ?f ?grade"
        ),
        "item_grades": values(
            "SELECT ?i ?grade (COUNT(DISTINCT ?grading) AS ?n) WHERE {"
            " ?grading tkg:gradedItem ?i ; tkg:hasGrade ?grade } GROUP BY ?i ?grade"
        ),
    }


def test_the_summary_agrees_with_direct_aggregates(store: OxigraphStore) -> None:
    found = summary(store)
    assert found == direct(store)
    assert len(found["grades"]) == 3
    assert len(found["articles"]) == 6
    assert found["works"]
    assert len(found["headings"]) >= 10
    assert found["framework_grades"] and found["item_grades"]


def test_the_summary_follows_a_reload_that_changes_an_article(tmp_path: Path) -> None:
    folder = tmp_path / "articles"
    folder.mkdir()
    copy_articles(folder)
    store = OxigraphStore()
    load_paths(store, [folder])
    before = summary(store)
    assert before == direct(store)

    # One more LLM-tagged sentence in an article's first prose paragraph.
    edited = folder / "working_alliance_theory.md"
    text = edited.read_text(encoding="utf-8")
    lines = text.splitlines()
    at = next(i for i, line in enumerate(lines) if line.startswith("## ")) + 2
    lines.insert(at, "The alliance is a tested idea, written here without a source. (LLM)\n")
    edited.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert load_paths(store, [folder]).articles == 1

    after = summary(store)
    assert after == direct(store)
    changed = [
        pair
        for pair in zip(before["articles"], after["articles"], strict=True)
        if pair[0] != pair[1]
    ]
    assert len(changed) == 1
    old, new = changed[0]
    assert "working-alliance-theory" in new[0]
    assert number(new[1]) == number(old[1]) + 1  # statements
    assert number(new[2]) == number(old[2])  # sourced
    assert number(new[3]) == number(old[3]) + 1  # LLM-tagged


def number(text: str) -> int:
    """The value of an integer literal written as `"12"^^<...#integer>`."""
    return int(text.split('"')[1])


def test_a_load_cut_short_before_the_summary_is_rebuilt_by_its_rerun(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    class Cut(Exception):
        pass

    def cut(store: object) -> int:
        raise Cut("the load ends here, its articles written")

    store = OxigraphStore()
    monkeypatch.setattr(load_module, "refresh_summary", cut)
    with pytest.raises(Cut):
        load_paths(store, [ARTICLES])
    assert list(store.quads(summary_graph())) == []
    monkeypatch.undo()

    rerun = load_paths(store, [ARTICLES])
    assert rerun.articles == 0 and rerun.unchanged == 6  # nothing left to load
    assert summary(store) == direct(store)
    kinds = Counter(str(q.predicate) for q in store.quads(summary_graph()))
    tkg = "https://w3id.org/therapykg/ontology#"
    headings = kinds[str(ox.NamedNode(tkg + "summarisesHeading"))]
    assert headings >= 10
    assert kinds[str(ox.NamedNode(tkg + "statementCount"))] == 6 + headings  # articles, headings
