"""The built graph keeps the provenance trail exactly, all in the article's own named graph.

Checked on every bundled article as read, and on hand-built edge cases: every statement has
exactly one `llmTagged`; an LLM-tagged statement never cites; an untagged one has no tag; every
quad sits in the article graph; IRIs follow `therapykg.ontology.iri`; the shapes accept the result.
"""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib

from therapykg.graph.build import BuiltArticle, build_article
from therapykg.loaders.model import Article, Kind, Provenance, Section, Sentence, SourceEntry, Tag
from therapykg.loaders.read import read_article
from therapykg.ontology.files import ontology_quads
from therapykg.ontology.iri import SHARED_KINDS, article_iri, shared, slugify
from therapykg.ontology.validation import validate
from therapykg.ontology.vocab import DEFAULT_BASE, TKG, shared_graph, sparql_prologue

ARTICLES = sorted(
    p
    for p in (Path(__file__).resolve().parents[2] / "articles").iterdir()
    if p.suffix in {".txt", ".md", ".html"} and p.name != "README.md"
)


@pytest.fixture(scope="module", params=ARTICLES, ids=lambda p: p.name)
def built(request: pytest.FixtureRequest) -> BuiltArticle:
    path: Path = request.param
    return build_article(read_article(path))


def whole(built: BuiltArticle) -> rdflib.Graph:
    """What a store holds for the article alone: its graph and its share of the shared graph."""
    data = ox.serialize([q.triple for q in built.all_quads()], format=ox.RdfFormat.N_TRIPLES)
    graph = rdflib.Graph()
    graph.parse(data=data, format="nt")
    return graph


def select(built: BuiltArticle, body: str) -> list[dict[str, str]]:
    """Rows over the article's graph and its shared triples, as a store of it alone answers."""
    store = ox.Store()
    store.extend(built.all_quads())
    store.extend(ontology_quads())  # as in a store: the graded items' types are there
    query = sparql_prologue() + f"SELECT * WHERE {{ VALUES ?g {{ {built.graph} }} {body} }}"
    result = store.query(query, use_default_graph_as_union=True)
    assert isinstance(result, ox.QuerySolutions)
    names = [v.value for v in result.variables]
    return [{n: row[n].value for n in names if row[n] is not None} for row in result]


def hand_built(*units: Sentence, sources: int = 3, version: str | None = "2.0") -> Article:
    return Article(
        path="hand.txt",
        format="text",
        title="Hand-Built Framework",
        title_line=1,
        approach_type="framework",
        sections=[Section("Evidence Base", 1, list(units))],
        sources=[SourceEntry(n, f"Work {n}. Press.", "T1", 1) for n in range(1, sources + 1)],
        provenance=Provenance(version=version),
    )


# ---------------------------------------------------------------------------------------------
# The provenance trail, on every bundled article
# ---------------------------------------------------------------------------------------------


def test_every_statement_has_exactly_one_llm_tagged(built: BuiltArticle) -> None:
    rows = select(built, "?s a tkg:Statement . OPTIONAL { ?s tkg:llmTagged ?v }")
    per_statement: dict[str, list[str]] = {}
    for row in rows:
        per_statement.setdefault(row["s"], []).extend([row["v"]] if "v" in row else [])
    assert per_statement and all(len(v) == 1 for v in per_statement.values())
    assert len(per_statement) == built.counts["statements"]


def test_no_llm_tagged_statement_cites_a_source(built: BuiltArticle) -> None:
    rows = select(
        built,
        "?s tkg:llmTagged true . OPTIONAL { ?s tkg:provenanceTag ?tag } "
        "OPTIONAL { ?s tkg:citesReference ?r }",
    )
    assert rows and all("r" not in row and row.get("tag") == "LLM" for row in rows)
    assert len(rows) == built.counts["llm"]


def test_an_untagged_statement_has_no_tag_and_cites_nothing(built: BuiltArticle) -> None:
    rows = select(
        built,
        "?s a tkg:Statement ; tkg:llmTagged false . "
        "FILTER NOT EXISTS { ?s tkg:provenanceTag ?tag } OPTIONAL { ?s tkg:citesReference ?r }",
    )
    assert all("r" not in row for row in rows)
    assert len(rows) == built.counts["untagged"]


def test_every_fact_points_at_a_statement_of_this_article(built: BuiltArticle) -> None:
    rows = select(
        built,
        "?f tkg:extractedFrom ?s . OPTIONAL { ?s a ?type . ?s tkg:inArticle ?article }",
    )
    assert rows and all(
        row.get("type") == TKG.Statement.value and row.get("article") == built.graph.value
        for row in rows
    )


def test_every_quad_is_in_the_article_graph_or_the_shared_graph(built: BuiltArticle) -> None:
    assert {q.graph_name for q in built.quads} == {built.graph}
    assert {q.graph_name for q in built.shared} == {shared_graph()}


def test_the_article_graph_says_nothing_about_a_shared_node_on_its_own(
    built: BuiltArticle,
) -> None:
    """Each triple of the article graph has one of the article's own nodes at one end; each
    triple about shared nodes only is in the shared share, and none the ontology states."""

    def own(term: object) -> bool:
        return isinstance(term, ox.NamedNode) and (
            term == built.graph or term.value.startswith(built.graph.value + "/")
        )

    assert all(own(q.subject) or own(q.object) for q in built.quads)
    assert not [q for q in built.shared if own(q.subject) or own(q.object)]
    ontology = {(q.subject, q.predicate, q.object) for q in ontology_quads()}
    assert not [q for q in built.shared if (q.subject, q.predicate, q.object) in ontology]
    assert len(built.keys) == len(set(built.keys)) > 0


def test_local_iris_sit_under_the_article_and_shared_ones_under_the_base(
    built: BuiltArticle,
) -> None:
    everything = built.all_quads()
    subjects = {q.subject.value for q in everything if isinstance(q.subject, ox.NamedNode)}
    assert not [q for q in everything if not isinstance(q.subject, ox.NamedNode)]  # no blanks
    local = {s for s in subjects if s.startswith(built.graph.value + "/")}
    shared_nodes = subjects - local - {built.graph.value}
    assert all(s.startswith(DEFAULT_BASE) for s in shared_nodes)
    kinds = {str(s).removeprefix(DEFAULT_BASE).split("/")[0] for s in shared_nodes}
    assert kinds <= SHARED_KINDS | {"theory"}


def test_the_shapes_accept_the_graph(built: BuiltArticle) -> None:
    report = validate(whole(built))
    assert report.conforms, [r.message for r in report.violations]


def test_building_twice_gives_the_same_quads() -> None:
    first, second = (build_article(read_article(ARTICLES[0])) for _ in range(2))
    assert first.quads == second.quads


# ---------------------------------------------------------------------------------------------
# Edge cases, built by hand
# ---------------------------------------------------------------------------------------------


def test_the_graph_is_named_by_title_and_version_under_the_given_base() -> None:
    base = "http://example.org/kg/"
    result = build_article(hand_built(Sentence("A claim.", Tag("1", sources=(1,)), 3)), base=base)
    assert result.graph == article_iri(slugify("Hand-Built Framework"), "2.0", base)
    everything = result.all_quads()
    subjects = {q.subject.value for q in everything if isinstance(q.subject, ox.NamedNode)}
    assert shared("framework", "Hand-Built Framework", base).value in subjects
    assert {q.graph_name for q in result.shared} == {shared_graph(base)}
    statement = f"{result.graph.value}/s-evidence-base-1"
    tiers = {q.object for q in result.quads if q.predicate == TKG.sourceTier}
    assert statement in subjects
    assert tiers == {ox.NamedNode(DEFAULT_BASE + "tier/T1")}  # tiers stay under the default base


def test_an_article_without_a_version_is_v0() -> None:
    result = build_article(hand_built(Sentence("A claim.", Tag(), 1), version=None))
    assert result.graph.value.endswith("/v0")


@pytest.mark.parametrize(
    ("raw", "llm", "sources", "written"),
    [
        ("LLM", True, (), "LLM"),
        ("`LLM`", True, (), "LLM"),
        ("(LLM)", True, (), "LLM"),
        ("23", False, (2, 3), "23"),
        ("[2][3]", False, (2, 3), "[2][3]"),
        ("<sup>2</sup><sup>3</sup>", False, (2, 3), "2,3"),
    ],
)
def test_the_tag_is_written_as_written_without_markup(
    raw: str, llm: bool, sources: tuple[int, ...], written: str
) -> None:
    result = build_article(hand_built(Sentence("A claim.", Tag(raw, llm, sources), 1)))
    tags = {q.object for q in result.quads if q.predicate == TKG.provenanceTag}
    cited = {q.object for q in result.quads if q.predicate == TKG.citesReference}
    assert tags == {ox.Literal(written)}
    assert len(cited) == (0 if llm else 2)


def test_a_malformed_llm_tag_with_sources_still_cites_nothing() -> None:
    odd = Sentence("A claim.", Tag("LLM", llm=True, sources=(1,)), 1)
    result = build_article(hand_built(odd))
    assert not [q for q in result.quads if q.predicate == TKG.citesReference]
    assert result.counts["llm"] == 1


def test_a_tag_citing_an_unlisted_source_is_a_warning_not_a_reference() -> None:
    stray = Sentence("A claim.", Tag("9", sources=(9,)), 12)
    result = build_article(hand_built(stray))
    assert not [q for q in result.quads if q.predicate == TKG.citesReference]
    assert result.counts["unresolved"] == 1
    assert any("line 12" in w and "source 9" in w for w in result.warnings)


def test_statement_kinds_lines_and_ordinals_are_written() -> None:
    units = (
        Sentence("First.", Tag("1", sources=(1,)), 5),
        Sentence("How would you?", Tag("LLM", llm=True), 9, Kind.QUESTION),
    )
    rows = select(
        build_article(hand_built(*units)),
        "?s tkg:ordinal ?o ; tkg:sourceLine ?line ; tkg:statementKind ?kind ; tkg:text ?text",
    )
    assert sorted((r["o"], r["line"], r["kind"], r["text"]) for r in rows) == [
        ("1", "5", "prose", "First."),
        ("2", "9", "question", "How would you?"),
    ]


def test_counts_add_up() -> None:
    units = (
        Sentence("Sourced.", Tag("12", sources=(1, 2)), 1),
        Sentence("Machine.", Tag("LLM", llm=True), 2),
        Sentence("Bare.", Tag(), 3),
    )
    counts = build_article(hand_built(*units)).counts
    assert (counts["statements"], counts["sourced"], counts["llm"], counts["untagged"]) == (
        3,
        1,
        1,
        1,
    )


# ---------------------------------------------------------------------------------------------
# Gradings: the edition and year a sentence names (docs/data-model.md)
# ---------------------------------------------------------------------------------------------


def test_a_grading_names_the_edition_and_year_its_sentence_gives() -> None:
    article = hand_built(
        Sentence(
            "The 2011 task force rated empathy demonstrably effective.", Tag("1", sources=(1,)), 3
        ),
        Sentence("The third task force judged collaboration demonstrably effective.", Tag(), 4),
        Sentence("Cohesion was rated probably effective.", Tag("2", sources=(2,)), 5),
    )
    built = build_article(article)
    rows = select(
        built,
        "?grading a tkg:Grading ; tkg:gradedItem ?item . "
        "OPTIONAL { ?grading tkg:gradingEdition ?edition } "
        "OPTIONAL { ?grading tkg:gradingYear ?year }",
    )
    found = {row["item"].rsplit("/", 1)[1]: (row.get("edition"), row.get("year")) for row in rows}
    assert found == {
        "empathy": (f"{DEFAULT_BASE}edition/2011", "2011"),
        "collaboration": (f"{DEFAULT_BASE}edition/2019", None),
        "cohesion": (None, None),
    }
    report = validate(whole(built))
    assert report.conforms, [r.message for r in report.violations]


# ---------------------------------------------------------------------------------------------
# Lineage relations: each link carries one; only influence-type ones add directlyInfluencedBy
# ---------------------------------------------------------------------------------------------


def _lineage_article(*texts: str) -> Article:
    article = hand_built()
    article.sections = [
        Section("Creators & Lineage", 1, [Sentence(t, Tag("1", sources=(1,)), 1) for t in texts])
    ]
    return article


def test_a_reaction_is_a_link_without_influence_and_a_root_is_both() -> None:
    built = build_article(
        _lineage_article(
            "The framework was a reaction against psychoanalysis",
            "The framework grew out of behaviour therapy",
        )
    )
    rows = select(
        built,
        """?l a tkg:LineageLink ; tkg:lineageSubject ?s ; tkg:lineageObject ?o ;
             tkg:lineageRelationKind ?k ; tkg:lineageRelation ?label ; tkg:extractedFrom ?st .
           OPTIONAL { ?s tkg:directlyInfluencedBy ?o . BIND(true AS ?influence) }""",
    )
    got = {
        (r["o"].rsplit("/", 1)[-1], r["k"].rsplit("/", 1)[-1], r["label"], "influence" in r)
        for r in rows
    }
    assert got == {
        ("psychoanalysis", "reaction-against", "reaction against", False),
        ("behavior-therapy", "rooted-in", "rooted in", True),
    }
    report = validate(whole(built))
    assert report.conforms, [r.message for r in report.violations]
