"""One test per `tests/data/articles/NAME.expected.json`: read, extract, build, query the graph.

The article is `NAME.*` beside the JSON, or in the repository's `articles/` folder. Every key
present in the JSON is checked exactly, by SPARQL over the built quads in an in-memory store, so
the test checks the graph researchers will query, not the loader's internal structures.

Slugs are compared as tests/data/README.md says. Lineage ends are compared by the slugs of their
IRIs ("o-rank" for Otto Rank, as the people rule names persons), with the link's relation.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pytest

from therapykg.graph.build import BuiltArticle, build_article
from therapykg.loaders.read import read_article
from therapykg.ontology.files import ontology_quads
from therapykg.ontology.vocab import LINEAGE_RELATIONS, sparql_prologue

REPO = Path(__file__).resolve().parents[2]
DATA = REPO / "tests" / "data" / "articles"
ARTICLE_SUFFIXES = (".txt", ".md", ".markdown", ".html", ".htm")


def _fixtures() -> list[Path]:
    return sorted(DATA.glob("*.expected.json"))


def _article_for(expected: Path) -> Path:
    name = expected.name.removesuffix(".expected.json")
    for folder in (expected.parent, REPO / "articles"):
        for suffix in ARTICLE_SUFFIXES:
            candidate = folder / f"{name}{suffix}"
            if candidate.is_file():
                return candidate
    raise FileNotFoundError(f"no article for {expected.name} beside it or in articles/")


class Graph:
    """The built article in a store, with the queries the checks need."""

    def __init__(self, built: BuiltArticle) -> None:
        self.built = built
        self.store = ox.Store()
        self.store.extend(built.all_quads())
        self.store.extend(ontology_quads())  # as in a store: the graded items' types are there

    def rows(self, body: str) -> list[dict[str, str]]:
        """SELECT over the article's graph, its share of the shared graph and the ontology,
        with ?g the article."""
        bound = f"VALUES ?g {{ {self.built.graph} }}"
        query = sparql_prologue() + f"SELECT * WHERE {{ {bound} {body} }}"
        result = self.store.query(query, use_default_graph_as_union=True)
        assert isinstance(result, ox.QuerySolutions)
        names = [v.value for v in result.variables]
        return [{n: row[n].value for n in names if row[n] is not None} for row in result]

    def value(self, body: str, name: str) -> str | None:
        found = {row[name] for row in self.rows(body) if name in row}
        assert len(found) <= 1, f"{name}: several values {found}"
        return found.pop() if found else None


def _slug(iri: str) -> str:
    return iri.rstrip("/").rsplit("/", 1)[-1]


# ---------------------------------------------------------------------------------------------
# One checker per key of the expected JSON
# ---------------------------------------------------------------------------------------------


def check_title(g: Graph, expected: Any) -> None:
    assert g.value("?g dcterms:title ?v", "v") == expected


def _article_literal(predicate: str) -> Callable[[Graph, Any], None]:
    def check(g: Graph, expected: Any) -> None:
        assert g.value(f"?g {predicate} ?v", "v") == expected

    return check


def check_sections(g: Graph, expected: Any) -> None:
    rows = g.rows("?g tkg:hasSection ?s . ?s tkg:sectionHeading ?h ; tkg:ordinal ?o")
    body = [r for r in rows if not r["s"].endswith(("/sec-lead", "/sec-figure"))]
    assert [r["h"] for r in sorted(body, key=lambda r: int(r["o"]))] == expected


_KIND = """
  ?s a tkg:Statement ; tkg:llmTagged ?llm ; tkg:inSection ?sec .
  ?sec tkg:sectionHeading ?heading .
  OPTIONAL { ?s tkg:provenanceTag ?tag }
  OPTIONAL { ?s tkg:citesReference ?ref }
"""


def _statement_kinds(g: Graph) -> dict[str, Counter[str]]:
    """Per section heading and in total: how many statements are llm, sourced, untagged."""
    kinds: dict[str, dict[str, str]] = {}
    for row in g.rows(_KIND):
        if row["llm"] == "true":
            kind = "llm"
        elif "ref" in row:
            kind = "sourced"
        else:
            kind = "untagged" if "tag" not in row else "unresolved"
        kinds[row["s"]] = {"kind": kind, "heading": row["heading"]}
    counts: dict[str, Counter[str]] = {"": Counter()}
    for entry in kinds.values():
        for key in ("", entry["heading"]):
            counts.setdefault(key, Counter())[entry["kind"]] += 1
            counts[key]["total"] += 1
    return counts


def check_statements(g: Graph, expected: Any) -> None:
    counts = _statement_kinds(g)[""]
    assert {k: counts[k] for k in expected} == expected


def check_statements_by_section(g: Graph, expected: Any) -> None:
    counts = _statement_kinds(g)
    for heading, wanted in expected.items():
        got = counts.get(heading, Counter())
        assert {k: got[k] for k in wanted} == wanted, heading


def check_references(g: Graph, expected: Any) -> None:
    rows = g.rows("?g tkg:hasReference ?r . ?r tkg:referenceNumber ?n ; tkg:sourceTier ?t")
    assert {r["n"]: _slug(r["t"]) for r in rows} == expected


def check_cited(g: Graph, expected: Any) -> None:
    body = """?s a tkg:Statement ; tkg:ordinal ?o ; tkg:inSection ?sec .
      ?sec tkg:sectionHeading ?heading .
      OPTIONAL { ?s tkg:citesReference ?r . ?r tkg:referenceNumber ?n }"""
    by_statement: dict[tuple[str, int], list[int]] = {}
    for row in g.rows(body):
        numbers = by_statement.setdefault((row["heading"], int(row["o"])), [])
        if "n" in row:
            numbers.append(int(row["n"]))
    for heading, wanted in expected.items():
        got = [sorted(v) for (h, _), v in sorted(by_statement.items()) if h == heading]
        assert got == wanted, heading


_PROVENANCE = {
    "model": "tkg:generatorModel",
    "version": "schema:version",
    "generated": "tkg:generatedOn",
    "reading_minutes": "tkg:readingTimeMinutes",
    "declared_sources": "tkg:declaredSourceCount",
}


def check_provenance(g: Graph, expected: Any) -> None:
    for key, wanted in expected.items():
        got = g.value(f"?g {_PROVENANCE[key]} ?v", "v")
        assert got == str(wanted), key


def check_key_terms(g: Graph, expected: Any) -> None:
    body = """?f tkg:hasKeyTerm ?t . ?t a tkg:KeyTerm ; skos:prefLabel ?label ;
      tkg:extractedFrom ?s . ?s tkg:ordinal ?o"""
    rows = sorted(g.rows(body), key=lambda r: int(r["o"]))
    assert [r["label"] for r in rows] == expected


def check_smart_objectives(g: Graph, expected: Any) -> None:
    body = """?f tkg:hasSmartObjective ?x . ?x tkg:goal ?goal ; tkg:extractedFrom ?s .
      ?s tkg:ordinal ?o . OPTIONAL { ?x tkg:mechanism ?m }"""
    objectives: dict[tuple[int, str], set[str]] = {}
    for row in g.rows(body):
        mechanisms = objectives.setdefault((int(row["o"]), row["goal"]), set())
        if "m" in row:
            mechanisms.add(_slug(row["m"]))
    got = [{"goal": goal, "elements": sorted(m)} for (_, goal), m in sorted(objectives.items())]
    wanted = [{"goal": e["goal"], "elements": sorted(e["elements"])} for e in expected]
    assert got == wanted


def check_tags(g: Graph, expected: Any) -> None:
    """Per section, every statement's tag as the graph writes it (null: untagged), in order."""
    body = """?s a tkg:Statement ; tkg:ordinal ?o ; tkg:inSection ?sec .
      ?sec tkg:sectionHeading ?heading . OPTIONAL { ?s tkg:provenanceTag ?tag }"""
    rows = sorted(g.rows(body), key=lambda r: int(r["o"]))
    for heading, wanted in expected.items():
        assert [r.get("tag") for r in rows if r["heading"] == heading] == wanted, heading


def check_smart_rows(g: Graph, expected: Any) -> None:
    """Each SMART row's three cells, exactly, and the tag of the statement it came from."""
    body = """?f tkg:hasSmartObjective ?x . ?x tkg:goal ?goal ; tkg:objective ?objective ;
      tkg:mechanismText ?mechanism ; tkg:extractedFrom ?s . ?s tkg:ordinal ?o .
      OPTIONAL { ?s tkg:provenanceTag ?tag }"""
    rows = sorted(g.rows(body), key=lambda r: int(r["o"]))
    got = [{k: r.get(k) for k in ("goal", "objective", "mechanism", "tag")} for r in rows]
    assert got == expected


def check_creators(g: Graph, expected: Any) -> None:
    """The people holding the creator role in the article's approach, by name."""
    body = """?f prov:qualifiedAttribution ?r . ?r prov:hadRole tkg:CreatorRole ;
      prov:agent ?p . ?p foaf:name ?name"""
    assert sorted({r["name"] for r in g.rows(body)}) == sorted(expected)


def _count(cls: str, link: str) -> Callable[[Graph, Any], None]:
    def check(g: Graph, expected: Any) -> None:
        rows = g.rows(f"?f tkg:{link} ?x . ?x a tkg:{cls}")
        assert len({r["x"] for r in rows}) == expected

    return check


def check_gradings(g: Graph, expected: Any) -> None:
    body = """?f tkg:hasGrading ?x . ?x tkg:gradedItem ?item ; tkg:hasGrade ?grade .
      ?item a ?cls . VALUES (?cls ?kind) { (tkg:RelationshipElement "element")
        (tkg:ResponsivenessAdaptation "adaptation") }
      OPTIONAL { ?x tkg:inContext ?c }"""
    gradings: dict[str, tuple[str, str, str, set[str]]] = {}
    for row in g.rows(body):
        entry = gradings.setdefault(
            row["x"], (_slug(row["item"]), row["kind"], _slug(row["grade"]), set())
        )
        if "c" in row:
            entry[3].add(_slug(row["c"]))
    got = Counter((i, k, gr, tuple(sorted(c))) for i, k, gr, c in gradings.values())
    wanted = Counter(
        (e["item"], e["kind"], e["grade"], tuple(sorted(e["contexts"]))) for e in expected
    )
    assert got == wanted


def check_people(g: Graph, expected: Any) -> None:
    """The people the article's prose names: persons whose name occurs in a statement."""
    body = """?p a tkg:Person ; foaf:name ?name .
      FILTER EXISTS { ?s a tkg:Statement ; tkg:text ?text . FILTER(CONTAINS(?text, ?name)) }"""
    assert sorted({r["name"] for r in g.rows(body)}) == sorted(expected)


def check_lineage(g: Graph, expected: Any) -> None:
    """Links by the slugs of their ends' IRIs and their relation; an influence-type relation
    comes with tkg:directlyInfluencedBy, a reaction or a relatedness without it."""
    body = """?l a tkg:LineageLink ; tkg:lineageSubject ?s ; tkg:lineageObject ?o ;
      tkg:extractedFrom ?st ; tkg:lineageRelationKind ?k .
      OPTIONAL { ?s tkg:directlyInfluencedBy ?o . BIND(true AS ?influence) }"""
    rows = g.rows(body)
    got = {(_slug(r["s"]), _slug(r["o"]), _slug(r["k"])) for r in rows}
    assert got == {(e["subject"], e["object"], e["relation"]) for e in expected}
    for row in rows:
        assert ("influence" in row) == LINEAGE_RELATIONS[_slug(row["k"])][1]


def check_problems(g: Graph, expected: Any) -> None:
    body = """?f tkg:addressesProblem ?p . ?l a tkg:ProblemLink ; tkg:problemAddressed ?p .
      OPTIONAL { ?l tkg:linkedElement ?e }"""
    problems: dict[str, set[str]] = {}
    for row in g.rows(body):
        elements = problems.setdefault(_slug(row["p"]), set())
        if "e" in row:
            elements.add(_slug(row["e"]))
    assert problems == {e["problem"]: set(e["elements"]) for e in expected}


def check_conditions(g: Graph, expected: Any) -> None:
    rows = g.rows("?f tkg:inScopeCondition ?c . ?l a tkg:ScopeLink ; tkg:scopeItem ?c")
    assert sorted({_slug(r["c"]) for r in rows}) == sorted(expected)


CHECKS: dict[str, Callable[[Graph, Any], None]] = {
    "title": check_title,
    "approach_type": _article_literal("tkg:approachType"),
    "discipline": _article_literal("tkg:discipline"),
    "subfield": _article_literal("tkg:subfield"),
    "sections": check_sections,
    "statements": check_statements,
    "statements_by_section": check_statements_by_section,
    "references": check_references,
    "cited": check_cited,
    "provenance": check_provenance,
    "key_terms": check_key_terms,
    "smart_objectives": check_smart_objectives,
    "smart_rows": check_smart_rows,
    "tags": check_tags,
    "creators": check_creators,
    "reflective_questions": _count("ReflectiveQuestion", "hasReflectiveQuestion"),
    "illustrative_examples": _count("IllustrativeExample", "hasIllustrativeExample"),
    "gradings": check_gradings,
    "people": check_people,
    "lineage": check_lineage,
    "problems": check_problems,
    "conditions": check_conditions,
}


@pytest.fixture(scope="module")
def built() -> dict[Path, Graph]:
    """Articles built once per module, by expected-facts file."""
    return {}


def _graph(expected: Path, cache: dict[Path, Graph]) -> Graph:
    if expected not in cache:
        cache[expected] = Graph(build_article(read_article(_article_for(expected))))
    return cache[expected]


def _cases() -> list[Any]:
    cases = []
    for expected in _fixtures():
        data = json.loads(expected.read_text(encoding="utf-8"))
        name = expected.name.removesuffix(".expected.json")
        for key in data:
            cases.append(pytest.param(expected, key, data[key], id=f"{name}-{key}"))
    return cases


def test_every_expected_file_has_an_article_and_known_keys() -> None:
    for expected in _fixtures():
        _article_for(expected)
        data = json.loads(expected.read_text(encoding="utf-8"))
        assert "title" in data, expected.name
        assert set(data) <= set(CHECKS), f"{expected.name}: unknown keys {set(data) - set(CHECKS)}"


@pytest.mark.parametrize(("expected", "key", "value"), _cases())
def test_expected_fact(expected: Path, key: str, value: Any, built: dict[Path, Graph]) -> None:
    CHECKS[key](_graph(expected, built), value)
