"""The harness's parts without the loader: names to identifiers (SKOS labels, person slugs),
text matching, the measures' conventions, editions and relations against a graph that has them."""

from __future__ import annotations

from pathlib import Path

import pytest

from therapykg.evaluation.concepts import (
    ConceptIndex,
    concept_index,
    item_iri,
    node_iri,
    parse_name,
    person_iris,
    relation_id,
)
from therapykg.evaluation.extracted import Extracted, ExtractedSmart, ExtractedStatement
from therapykg.evaluation.gold import parse_gold
from therapykg.evaluation.harness import edition_key, score_article
from therapykg.evaluation.match import match_in_order, normalise_text, texts_match
from therapykg.evaluation.score import Counts, Status, parse_threshold

ID = "https://w3id.org/therapykg/id/"

SCHEME = """
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix tkg: <https://w3id.org/therapykg/ontology#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@base <https://w3id.org/therapykg/id/> .

<adaptation/stage-of-change> a skos:Concept , tkg:ResponsivenessAdaptation ;
    skos:inScheme <item/scheme> ;
    skos:prefLabel "stage of change" ; skos:altLabel "Stages of Change" .
<element/repairing-alliance-ruptures> a skos:Concept ; skos:inScheme <item/scheme> ;
    skos:prefLabel "repairing alliance ruptures" ; skos:altLabel "rupture repair" .
<relation/extends> a skos:Concept ; skos:prefLabel "extends" ; skos:altLabel "builds on" .
tkg:gradingEdition rdfs:domain tkg:Grading .
tkg:gradingYear rdfs:domain tkg:Grading .
tkg:lineageRelation rdfs:domain tkg:LineageLink .
"""


@pytest.fixture(scope="module")
def index(tmp_path_factory: pytest.TempPathFactory) -> ConceptIndex:
    path: Path = tmp_path_factory.mktemp("onto") / "scheme.ttl"
    path.write_text(SCHEME, encoding="utf-8")
    return concept_index([path])


def test_graded_items_go_through_the_concept_scheme(index: ConceptIndex) -> None:
    stage = f"{ID}adaptation/stage-of-change"
    assert item_iri(index, "stages of change", "adaptation") == stage  # altLabel, any case
    assert item_iri(index, "Stage of change", "element") == stage  # the scheme knows the kind
    assert (
        item_iri(index, "rupture repair", "element") == f"{ID}element/repairing-alliance-ruptures"
    )
    assert item_iri(index, "Empathy", "element") == f"{ID}element/empathy"  # no concept: slug
    # a context after the item, bare or in parentheses, is not part of its name
    assert item_iri(index, "rupture repair in couple therapy", "element") == (
        f"{ID}element/repairing-alliance-ruptures"
    )
    assert item_iri(index, "rupture repair (in couple therapy)", "element") == (
        f"{ID}element/repairing-alliance-ruptures"
    )
    assert node_iri(index, "Older adults", "population") == f"{ID}population/older-adults"
    assert node_iri(index, "person-centered therapy", "framework") == (
        f"{ID}framework/person-centered-therapy"
    )


def test_optional_properties_come_from_the_ontology(index: ConceptIndex) -> None:
    assert index.edition_properties == (
        "https://w3id.org/therapykg/ontology#gradingEdition",
        "https://w3id.org/therapykg/ontology#gradingYear",
    )
    assert index.relation_properties == ("https://w3id.org/therapykg/ontology#lineageRelation",)
    assert ConceptIndex().edition_properties == ()


def test_relations_as_identifiers(index: ConceptIndex) -> None:
    assert relation_id(index, "builds on") == f"{ID}relation/extends"
    assert relation_id(index, "extends") == f"{ID}relation/extends"
    assert relation_id(index, "influenced by") == "influenced-by"
    assert relation_id(index, "influenced-by") == "influenced-by"
    assert relation_id(index, "https://example.org/rel#rootedIn", iri=True) == "rooted-in"


@pytest.mark.parametrize(
    ("name", "initials", "surname"),
    [
        ("Bruce E. Wampold", ("B", "E"), "Wampold"),
        ("B. E. Wampold", ("B", "E"), "Wampold"),
        ("Wampold, B. E.", ("B", "E"), "Wampold"),
        ("Bordin", (), "Bordin"),
        ("Steve de Shazer", ("S",), "de Shazer"),
        ("Dr. Jean-Pierre Dupont Jr.", ("J",), "Dupont"),
        ("Carl Rogers’s", ("C",), "Rogers"),
        ("M. J. Welmers-van de Poll", ("M", "J"), "Welmers-van de Poll"),
        ("Bessel van der Kolk", ("B",), "van der Kolk"),
    ],
)
def test_names_are_read_as_initials_and_surname(
    name: str, initials: tuple[str, ...], surname: str
) -> None:
    parsed = parse_name(name)
    assert (parsed.initials, parsed.surname) == (initials, surname)


def test_person_slugs_follow_the_project_rule() -> None:
    found = person_iris(["Bruce E. Wampold", "Bruce Wampold", "Wampold", "Saul Rosenzweig"])
    assert found["Bruce E. Wampold"] == found["Bruce Wampold"] == f"{ID}person/b-wampold"
    assert found["Wampold"] == f"{ID}person/b-wampold"  # the article's one Wampold
    assert found["Saul Rosenzweig"] == f"{ID}person/s-rosenzweig"
    assert person_iris(["Bordin"])["Bordin"] == f"{ID}person/bordin"
    # two people who would share a slug take all their initials; one who fits both, neither
    frank = person_iris(["Frank, J. D.", "Frank, J. B.", "Jerome Frank", "Paul Frank"])
    assert frank == {
        "Frank, J. D.": f"{ID}person/j-d-frank",
        "Frank, J. B.": f"{ID}person/j-b-frank",
        "Jerome Frank": f"{ID}person/j-frank",
        "Paul Frank": f"{ID}person/p-frank",
    }


def test_two_people_the_gold_lists_apart_who_would_share_a_slug_take_all_initials() -> None:
    people = ["Jerome Frank", "J. B. Frank", "Bruce E. Wampold"]
    found = person_iris(["Jerome Frank", "Bruce Wampold"], distinct=people)
    assert found["Jerome Frank"] == f"{ID}person/j-frank"
    assert found["J. B. Frank"] == f"{ID}person/j-b-frank"
    assert found["Bruce Wampold"] == found["Bruce E. Wampold"] == f"{ID}person/b-wampold"
    # the same names not listed apart are one person's forms
    assert person_iris(["Jerome Frank", "J. B. Frank"])["J. B. Frank"] == f"{ID}person/j-frank"


def test_text_normalisation_and_prefixes() -> None:
    assert normalise_text("  It’s “rated”\u00a0— well.  ") == 'it\'s "rated" - well'
    gold = normalise_text("The alliance was rated demonstrably effective")
    assert texts_match(gold, normalise_text("The alliance was rated demonstrably effective [3]."))
    assert texts_match(gold, normalise_text("The alliance was rated"))  # cut short, 4 words
    assert not texts_match(gold, normalise_text("The alliance"))  # too short to count
    assert not texts_match(normalise_text("The all"), normalise_text("The alliance was rated"))
    assert not texts_match("", "anything")
    example = "A therapist notices a client bristling at homework"
    labelled = normalise_text("LLM-generated illustrative example (not a guideline): " + example)
    assert texts_match(labelled, normalise_text(example + ". Rather than pressing"))
    assert texts_match(normalise_text(example), labelled)
    assert not texts_match(
        normalise_text("Alliance: the bond"), normalise_text("Empathy: the bond")
    )
    framing = "Client and clinician utilized chain analysis within DBT"
    run_in = normalise_text("Therapeutic framing. " + framing)
    assert texts_match(run_in, normalise_text(framing))
    assert not texts_match(  # a first sentence of four words or more is no run-in heading
        normalise_text("The client came back. " + framing), normalise_text(framing)
    )


def test_matching_is_one_to_one_in_order_preferring_agreement() -> None:
    gold = ["a b c d", "a b c d"]
    found = ["a b c d e", "x", "a b c d f"]
    pairs = match_in_order(gold, found, lambda g, p: texts_match(g, p))
    assert pairs == [(0, 0), (1, 2)]
    agree = match_in_order(
        ["a b c d"], found, lambda g, p: texts_match(g, p), lambda g, p: p[-1] == "f"
    )
    assert agree == [(0, 2)]


def test_measures_conventions() -> None:
    assert (Counts().precision, Counts().recall, Counts().f1) == (1.0, 1.0, 1.0)
    assert (Counts(0, 0, 3).precision, Counts(0, 0, 3).recall, Counts(0, 0, 3).f1) == (
        1.0,
        0.0,
        0.0,
    )
    assert Counts(3, 1, 0) + Counts(1, 0, 2) == Counts(4, 1, 2)
    assert Counts(2, 2, 0).f1 == pytest.approx(2 / 3)
    threshold = parse_threshold("tags=0.9")
    assert (threshold.fact_type, threshold.metric, threshold.value) == ("tags", "f1", 0.9)


@pytest.mark.parametrize(
    ("value", "key"),
    [("3rd ed.", "3"), ("third edition", "3"), ("3", "3"), ("2019", "2019"), ("Second", "2")],
)
def test_edition_keys(value: str, key: str) -> None:
    assert edition_key(value) == key


def _found(**facts: object) -> Extracted:
    found = Extracted(graph=f"{ID}article/x/v1", approach=f"{ID}framework/x")
    for name, value in facts.items():
        setattr(found, name, value)
    return found


def test_editions_and_relations_are_scored_when_the_graph_has_them(index: ConceptIndex) -> None:
    gold = parse_gold(
        {
            "title": "X",
            "gradings": [
                {"item": "rupture repair", "kind": "element", "grade": "promising",
                 "edition": "third"},
                {"item": "stages of change", "kind": "adaptation", "grade": "probably-effective",
                 "edition": 2019},
                {"item": "empathy", "kind": "element", "grade": "demonstrably-effective"},
            ],
            "lineage": [
                {"object": "motivational interviewing", "object_kind": "approach",
                 "relation": "extends"},
                {"object": "Carl Rogers", "object_kind": "person", "relation": "influenced-by"},
            ],
        },
        "x.gold.json",
    )  # fmt: skip
    rupture, stage = f"{ID}element/repairing-alliance-ruptures", f"{ID}adaptation/stage-of-change"
    promising, probably = f"{ID}grade/promising", f"{ID}grade/probably-effective"
    mi, rogers = f"{ID}framework/motivational-interviewing", f"{ID}person/c-rogers"
    found = _found(
        gradings={(rupture, promising), (stage, probably)},
        editions={
            (rupture, promising, frozenset({"3rd ed.", "third task force edition (2019)"})),
            (stage, probably, frozenset({"2011", "2"})),
        },
        lineage={("", mi), ("", rogers), (f"{ID}framework/other", mi)},
        relations={("", mi, f"{ID}relation/extends"), ("", rogers, "rooted-in")},
    )
    scores = score_article(gold, found, index)
    assert scores["gradings"].counts == Counts(2, 0, 1)
    assert scores["gradings_edition"].counts == Counts(1, 1, 1)  # 2011 is not 2019
    # a link whose subject is another approach is not the article's lineage: a false positive
    assert scores["lineage"].counts == Counts(2, 1, 0)
    assert scores["lineage_relation"].counts == Counts(1, 1, 1)
    assert scores["tags"].status is Status.NOT_IN_GOLD


def test_relation_and_edition_not_available_without_the_properties() -> None:
    gold = parse_gold(
        {
            "title": "X",
            "gradings": [{"item": "empathy", "kind": "element", "grade": "promising",
                          "edition": "2nd"}],
            "lineage": [{"object": "Carl Rogers", "object_kind": "person",
                         "relation": "influenced-by"}],
        },
        "x.gold.json",
    )  # fmt: skip
    scores = score_article(gold, _found(), ConceptIndex())
    assert scores["gradings_edition"].status is Status.NOT_AVAILABLE
    assert scores["lineage_relation"].status is Status.NOT_AVAILABLE
    assert scores["lineage"].counts == Counts(0, 0, 1)


def test_tags_smart_and_questions_against_a_hand_made_graph() -> None:
    gold = parse_gold(
        {
            "title": "X",
            "statements": [
                {"text": "The first claim is here", "tag": [2, 3]},
                {"text": "A second claim follows it", "tag": "LLM"},
                {"text": "A third claim nobody extracted", "tag": [1]},
            ],
            "smart": [
                {"goal": "Build trust", "objective": "Client will rate trust 4/5 by session 2",
                 "mechanism": "Alliance; goal consensus"},
                {"goal": "Reduce dropout", "objective": "Client will attend 6 sessions"},
            ],
            "questions": ["What would you change?", "How do you know?"],
        },
        "x.gold.json",
    )  # fmt: skip
    found = _found(
        statements=[
            ExtractedStatement(1, "An untagged lead sentence", None),
            ExtractedStatement(2, "The first claim is here, in full.", (2, 3)),
            ExtractedStatement(3, "A second claim follows it", (4,)),  # wrong tag
            ExtractedStatement(4, "An extra tagged unit", "LLM"),
        ],
        smart=[
            ExtractedSmart(
                "Build trust",
                "Client will rate trust 4/5 by session 2",
                frozenset({f"{ID}element/alliance"}),
            ),
            ExtractedSmart("Something else", "Client will do it", frozenset()),
        ],
        questions=["What would you change?", "Why now?"],
    )
    scores = score_article(gold, found, ConceptIndex())
    assert scores["tags"].counts == Counts(1, 2, 2)
    assert scores["smart"].counts == Counts(1, 1, 1)
    assert scores["smart_mechanisms"].counts == Counts(1, 0, 1)
    assert scores["questions"].counts == Counts(1, 1, 1)
