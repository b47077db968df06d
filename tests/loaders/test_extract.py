"""Extraction's tricky patterns, on small articles built by hand (and the seed, as read).

Each test names the rule it pins. Facts are checked as `extract` returns them; the trail from a
fact to its statement (and from there to its tag) is checked in the built graph as well.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pyoxigraph as ox
import pytest

from therapykg.graph.build import build_article
from therapykg.loaders.citations import parse_citation
from therapykg.loaders.clinical import problem_of, problems_of, scope_items
from therapykg.loaders.extract import extract
from therapykg.loaders.facts import Facts
from therapykg.loaders.grading import graded_items, grader
from therapykg.loaders.model import (
    Article,
    KeyTermEntry,
    Kind,
    Provenance,
    Section,
    Sentence,
    SmartRow,
    SourceEntry,
    Tag,
)
from therapykg.loaders.read import read_article, read_article_text
from therapykg.ontology.vocab import sparql_prologue

SEED = Path(__file__).resolve().parents[2] / "articles" / "evidence_based_therapy_relationships.txt"
NORCROSS = "Norcross, J. C. & Wampold, B. E. (eds.). Psychotherapy Relationships That Work. OUP."


def tag(raw: str | None) -> Tag:
    """A tag as a reader resolves it: `LLM`, a source list such as `23` → (2, 3), or none."""
    if raw is None:
        return Tag()
    if raw == "LLM":
        return Tag(raw, llm=True)
    return Tag(raw, sources=tuple(int(d) for d in raw))


def say(text: str, raw: str | None = "1", kind: Kind = Kind.PROSE) -> Sentence:
    return Sentence(text, tag(raw), line=1, kind=kind)


def article(
    *sections: tuple[str, list[Sentence]],
    title: str = "Test Framework",
    sources: tuple[str, ...] = ("A work. Journal of Tests.",),
    key_terms: list[tuple[str, str, str]] | None = None,
) -> Article:
    """An article with the given sections, numbered sources (tier T1) and Key Terms."""
    body = [Section(heading, line=1, sentences=list(units)) for heading, units in sections]
    if key_terms:
        entries = []
        for term, definition, raw in key_terms:
            unit = say(f"{term}: {definition}", raw, Kind.KEY_TERM)
            entries.append(KeyTermEntry(term, definition, unit))
        body.append(Section("Key Terms", 1, [e.sentence for e in entries], key_terms=entries))
    return Article(
        path="test.txt",
        format="text",
        title=title,
        title_line=1,
        approach_type="framework",
        sections=body,
        sources=[SourceEntry(n, raw, "T1", 1) for n, raw in enumerate(sources, start=1)],
        provenance=Provenance(model="m", version="1.0", generated="2026-01-01"),
    )


def gradings(facts: Facts) -> set[tuple[str, str, str, tuple[str, ...]]]:
    return {
        (g.item.kind, g.item.slug, g.grade, tuple(c.slug for c in g.contexts))
        for g in facts.gradings
    }


def stated(text: str) -> list[tuple[str, str, str]]:
    return [(s.item.kind, s.item.slug, s.grade) for s in graded_items(text)]


# ---------------------------------------------------------------------------------------------
# Grades, whatever the phrasing
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Rated probably effective were goal consensus, collaboration, and positive regard",
            [
                ("element", s, "probably-effective")
                for s in ("goal-consensus", "collaboration", "positive-regard")
            ],
        ),
        (
            "Cohesion was judged demonstrably effective",
            [("element", "cohesion", "demonstrably-effective")],
        ),
        (
            "Empathy was considered probably effective",
            [("element", "empathy", "probably-effective")],
        ),
        (
            "Attachment style and expectations were rated promising but with insufficient "
            "research to judge",
            [  # the task force graded attachment style as a responsiveness adaptation
                ("adaptation", "attachment-style", "promising"),
                ("element", "expectations", "promising"),
            ],
        ),
        (
            "the task force rated empathy as demonstrably effective, positive regard as probably "
            "effective, and congruence/genuineness as promising but with insufficient research",
            [
                ("element", "empathy", "demonstrably-effective"),
                ("element", "positive-regard", "probably-effective"),
                ("element", "congruence-genuineness", "promising"),
            ],
        ),
        (
            "The same conclusions rated empathy demonstrably effective and goal consensus "
            "probably effective",
            [
                ("element", "empathy", "demonstrably-effective"),
                ("element", "goal-consensus", "probably-effective"),
            ],
        ),
        (
            "matching the treatment to a client’s reactance/resistance level, preferences, "
            "culture, and religion/spirituality were rated demonstrably effective, while adapting "
            "to stage of change and coping style were rated probably effective",
            [
                ("adaptation", "reactance-resistance-level", "demonstrably-effective"),
                ("adaptation", "preferences", "demonstrably-effective"),
                ("adaptation", "culture", "demonstrably-effective"),
                ("adaptation", "religion-spirituality", "demonstrably-effective"),
                ("adaptation", "stage-of-change", "probably-effective"),
                ("adaptation", "coping-style", "probably-effective"),
            ],
        ),
        (
            "In the 2011 conclusions on tailoring, adapting to a client’s reactance/resistance "
            "level was rated demonstrably effective and adapting to stage of change probably "
            "effective",
            [
                ("adaptation", "reactance-resistance-level", "demonstrably-effective"),
                ("adaptation", "stage-of-change", "probably-effective"),
            ],
        ),
    ],
)
def test_each_grade_phrasing_states_items_and_grades(
    text: str, expected: list[tuple[str, str, str]]
) -> None:
    assert stated(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "the rupture-repair element, which the task force flagged as promising",
        "which is why the task force could grade several elements “demonstrably effective”",
        "Which of the demonstrably effective elements is least present in your practice?",
        "The strong language (“demonstrably effective”) implies proven causation",
    ],
)
def test_a_sentence_that_only_mentions_a_grade_states_no_grading(text: str) -> None:
    assert stated(text) == []


def test_an_item_outside_the_scheme_is_kept_only_as_sole_subject_graded_by_a_task_force() -> None:
    assert stated("Therapist humour was rated probably effective by the task force") == [
        ("element", "therapist-humour", "probably-effective")
    ]
    assert stated("Therapist humour was rated probably effective") == []


def test_a_scheme_label_names_its_concept() -> None:
    assert stated("Therapist self-disclosure was rated probably effective") == [
        ("element", "self-disclosure-and-immediacy", "probably-effective")
    ]


# ---------------------------------------------------------------------------------------------
# Contexts
# ---------------------------------------------------------------------------------------------


def test_a_shared_head_noun_spreads_over_a_context_list() -> None:
    text = (
        "Rated demonstrably effective were the alliance in individual, youth, and family "
        "psychotherapy; cohesion in group therapy; empathy; and collecting client feedback"
    )
    contexts = {s.item.slug: [c.slug for c in s.contexts] for s in graded_items(text)}
    assert contexts == {
        "alliance": ["individual-psychotherapy", "youth-psychotherapy", "family-psychotherapy"],
        "cohesion": ["group-therapy"],
        "empathy": [],
        "collecting-client-feedback": [],
    }


def test_a_context_after_the_grade_belongs_to_the_items_before_it() -> None:
    text = (
        "the task force rated the alliance demonstrably effective in individual and group therapy"
    )
    [fact] = graded_items(text)
    assert [c.slug for c in fact.contexts] == ["individual-therapy", "group-therapy"]


def test_a_phrase_that_is_no_format_is_no_context() -> None:
    [fact] = graded_items("Expectations were rated promising in the same conclusions")
    assert fact.contexts == ()


def test_one_grading_per_item_and_grade_with_several_contexts() -> None:
    facts = extract(
        article(
            (
                "Interventions & Techniques",
                [
                    say(
                        "Rated demonstrably effective were the alliance in individual, youth, "
                        "and family psychotherapy; and cohesion in group therapy"
                    )
                ],
            )
        )
    )
    [alliance] = [g for g in facts.gradings if g.item.slug == "alliance"]
    assert len(alliance.contexts) == 3


# ---------------------------------------------------------------------------------------------
# The trail: every grading points at the statement that states it, tag and all
# ---------------------------------------------------------------------------------------------


def _built_rows(source: Article, body: str) -> list[dict[str, str]]:
    built = build_article(source)
    store = ox.Store()
    store.extend(built.all_quads())
    query = sparql_prologue() + f"SELECT * WHERE {{ {body} }}"
    result = store.query(query, use_default_graph_as_union=True)
    assert isinstance(result, ox.QuerySolutions)
    names = [v.value for v in result.variables]
    return [{n: row[n].value for n in names if row[n] is not None} for row in result]


def test_a_concatenated_tag_23_cites_sources_2_and_3_through_the_statement() -> None:
    source = article(
        ("Evidence Base", [say("Goal consensus was rated probably effective", "23")]),
        sources=("A, B. (2000). One. J.", "C, D. (2001). Two. J.", "E, F. (2002). Three. J."),
    )
    rows = _built_rows(
        source,
        "?g a tkg:Grading ; tkg:extractedFrom ?s . ?s tkg:provenanceTag ?tag ; "
        "tkg:citesReference ?r . ?r tkg:referenceNumber ?n",
    )
    assert {(r["tag"], r["n"]) for r in rows} == {("23", "2"), ("23", "3")}


def test_an_llm_tagged_grading_keeps_its_llm_trail() -> None:
    source = article(("Evidence Base", [say("Empathy was rated demonstrably effective", "LLM")]))
    [grading] = extract(source).gradings
    assert grading.item.slug == "empathy"
    rows = _built_rows(
        source,
        "?g a tkg:Grading ; tkg:extractedFrom ?s . ?s tkg:llmTagged ?llm ; "
        "tkg:provenanceTag ?tag . OPTIONAL { ?s tkg:citesReference ?r }",
    )
    assert rows == [{"g": rows[0]["g"], "s": rows[0]["s"], "llm": "true", "tag": "LLM"}]


def test_a_restatement_joins_the_trail_and_an_llm_one_stays_llm() -> None:
    source = article(
        (
            "Creators & Lineage",
            [
                say(
                    "The program grew, since empathy emerged as a demonstrably effective element",
                    "LLM",
                )
            ],
        ),
        ("Interventions & Techniques", [say("Rated demonstrably effective was empathy")]),
    )
    [grading] = extract(source).gradings
    assert sorted(grading.statements) == [1, 2]
    rows = _built_rows(source, "?g a tkg:Grading ; tkg:extractedFrom ?s . ?s tkg:llmTagged ?llm")
    assert sorted(r["llm"] for r in rows) == ["false", "true"]


def test_a_key_term_definition_never_creates_a_grading() -> None:
    source = article(
        ("Core Principles", [say("The relationship matters")]),
        key_terms=[("Therapist humor", "a promising but still-maturing element", "1")],
    )
    assert extract(source).gradings == []


def test_a_key_term_definition_joins_an_identical_grading() -> None:
    source = article(
        ("Evidence Base", [say("Rated demonstrably effective was the alliance in group therapy")]),
        key_terms=[
            ("Alliance", "the bond, rated a demonstrably effective relationship element", "1"),
            ("Empathy", "understanding, a demonstrably effective element", "1"),
            ("Cohesion", "the group analogue, rated probably effective", "1"),
        ],
    )
    facts = extract(source)
    assert gradings(facts) == {
        ("element", "alliance", "demonstrably-effective", ("group-therapy",))
    }
    assert facts.gradings[0].statements == [1, 2]


def test_the_seed_yields_eleven_element_and_seven_adaptation_gradings() -> None:
    facts = extract(read_article(SEED))
    kinds = Counter(g.item.kind for g in facts.gradings)
    # the seed lists attachment style among elements; the task force graded it as an adaptation
    assert kinds == {"element": 11, "adaptation": 7}
    assert all(g.graded_by is None for g in facts.gradings)  # the seed names no distinct grader


# ---------------------------------------------------------------------------------------------
# Who graded
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "slug"),
    [
        (
            "were graded by the APA interdivisional task force: the alliance …",
            "apa-interdivisional-task-force",
        ),
        ("The second interdivisional task force rated empathy as …", "interdivisional-task-force"),
        (
            "The 2011 APA interdivisional task force rated collecting …",
            "apa-interdivisional-task-force",
        ),
        ("The task force graded specific relationship elements", None),
        ("the rupture-repair element, which the task force flagged as promising", None),
        ("The same conclusions rated empathy demonstrably effective", None),
    ],
)
def test_the_grader_is_named_only_when_the_text_names_one(text: str, slug: str | None) -> None:
    node = grader(text)
    assert (node.slug if node else None) == slug


# ---------------------------------------------------------------------------------------------
# People
# ---------------------------------------------------------------------------------------------


def _people(facts: Facts) -> dict[str, str]:
    return {p.slug: p.label for p in facts.people}


def test_a_cited_author_and_a_prose_name_are_one_person() -> None:
    source = article(
        (
            "Creators & Lineage",
            [say("The task force was chaired and edited by John C. Norcross, whose name …")],
        ),
        sources=(NORCROSS,),
    )
    facts = extract(source)
    assert _people(facts)["j-norcross"] == "John C. Norcross"
    assert "n-norcross" not in _people(facts) and len(facts.people) == 2  # and Wampold
    roles = {(r.person.slug, r.role) for r in facts.roles}
    assert roles == {("j-norcross", "ChairRole"), ("j-norcross", "EditorRole")}
    [reference] = facts.references
    assert reference.work is not None
    assert [p.slug for p in reference.work.editors] == ["j-norcross", "b-wampold"]


@pytest.mark.parametrize(
    "sentence",
    [
        "Bruce Wampold is closely associated with the program",
        "Bruce E. Wampold is closely associated with the program",
        "Wampold’s contextual model is closely associated with the program",
    ],
)
def test_every_form_of_a_name_meets_on_one_node_across_articles(sentence: str) -> None:
    source = article(("Creators & Lineage", [say(sentence)]), sources=(NORCROSS,))
    assert "b-wampold" in _people(extract(source))


def test_no_forename_is_invented_for_a_surname() -> None:
    source = article(
        ("Creators & Lineage", [say("The roots reach back to Bordin’s working-alliance theory")])
    )
    assert _people(extract(source)) == {"bordin": "Bordin"}


def test_a_prose_name_that_fits_two_cited_people_merges_with_neither() -> None:
    source = article(
        ("Creators & Lineage", [say("Jerome Frank’s Persuasion and Healing supplied the idea")]),
        sources=("Frank, J. D. & Frank, J. B. (1991). Persuasion and Healing. JHU Press.",),
    )
    assert _people(extract(source)) == {
        "j-d-frank": "J. D. Frank",
        "j-b-frank": "J. B. Frank",
        "j-frank": "Jerome Frank",
    }


@pytest.mark.parametrize(
    "sentence",
    [
        "The approach grew at Ohio State University and the University of Chicago",
        "Its text, Psychotherapy Relationships That Work, is published by Oxford University Press",
        "The Great Psychotherapy Debate set out the evidence",
        "Lester Luborsky and colleagues revived the Dodo’s verdict in 1975",
    ],
)
def test_organisations_titles_and_places_are_not_people(sentence: str) -> None:
    people = _people(extract(article(("Creators & Lineage", [say(sentence)]))))
    assert set(people) <= {"l-luborsky"}


def test_a_creator_is_the_subject_approachs_and_no_other() -> None:
    source = article(
        (
            "Creators & Lineage",
            [
                say("Test framework was created by Carl R. Rogers"),
                say("Motivational interviewing, developed by William R. Miller, builds on it"),
            ],
        )
    )
    roles = {(r.person.slug, r.role) for r in extract(source).roles}
    assert roles == {("c-rogers", "CreatorRole"), ("w-miller", "LineageFigureRole")}


# ---------------------------------------------------------------------------------------------
# Lineage
# ---------------------------------------------------------------------------------------------


def test_lineage_objects_resolve_to_approaches_theories_traditions_and_people() -> None:
    source = article(
        (
            "Creators & Lineage",
            [
                say(
                    "The intellectual roots reach back to person-centered therapy’s emphasis on "
                    "empathy, to Bordin’s working-alliance theory of bond, goal, and task, and to "
                    "the broader common-factors literature",
                    "LLM",
                ),
                say("The program is the heir of that common-factors lineage", "LLM"),
                say("It was influenced by Otto Rank, whose relationship therapy spread widely"),
                say("It draws on the Rogerian tradition"),
                say("Motivational interviewing builds on Rogers’s empathic listening"),
            ],
        )
    )
    links = {
        (link.object.kind, link.object.slug, link.relation): link.statements
        for link in extract(source).lineage
    }
    assert links == {
        ("framework", "person-centered-therapy", "rooted-in"): [1],
        ("framework", "working-alliance-theory", "rooted-in"): [1],  # typed tkg:Theory
        ("framework", "common-factors", "rooted-in"): [1, 2],
        ("person", "o-rank", "influenced-by"): [3],
        # the tradition the text names: "Rogerian" is one of client-centred therapy's names
        ("framework", "client-centered-therapy", "influenced-by"): [4],
    }


# ---------------------------------------------------------------------------------------------
# Scope, problems, SMART mechanisms
# ---------------------------------------------------------------------------------------------


def test_conditions_are_named_disorders_only() -> None:
    text = (
        "Conditions commonly treated — major depressive disorder, generalized anxiety disorder, "
        "and PTSD — fall within scope rather than a single disorder"
    )
    nodes = scope_items(text)
    assert [(n.kind, n.slug) for n in nodes] == [
        ("condition", "major-depressive-disorder"),
        ("condition", "generalized-anxiety-disorder"),
        ("condition", "ptsd"),
    ]
    assert nodes[0].exact_match == "http://purl.obolibrary.org/obo/DOID_1470"


def test_a_caution_is_not_scope() -> None:
    source = article(
        ("Contraindications & Cautions", [say("For obsessive-compulsive disorder use ERP", "LLM")]),
        ("Populations & Indications", [say("It suits adults with alcohol use disorder")]),
    )
    assert {s.item.slug for s in extract(source).scope} == {"adults", "alcohol-use-disorder"}


def test_problem_elements_come_from_the_predicate_not_the_problem_name() -> None:
    source = article(
        (
            "Problems-for-Work",
            [
                say("Several problems map onto the elements", "LLM"),
                say("Alliance ruptures are addressed directly through the rupture-repair element"),
                say("A client who doubts the rationale is addressed by renegotiation"),
            ],
        )
    )
    [problem] = extract(source).problems
    assert problem.problem.slug == "alliance-ruptures"
    assert [e.slug for e in problem.elements] == ["repairing-alliance-ruptures"]


def test_smart_mechanisms_resolve_aliases_and_keep_other_named_mechanisms() -> None:
    row = say("Goal Objective Mechanism", "1", Kind.SMART_ROW)
    cells = [
        "Alliance; goal consensus",
        "Reactance/resistance adaptation",
        "Group cohesion",
        "Change talk",
    ]
    source = article(("Treatment-Plan Suggestions & SMART Objectives", [row]))
    source.sections[0].smart_rows = [SmartRow("g", "o", cell, row) for cell in cells]
    found = [[(m.kind, m.slug, m.cls) for m in s.mechanisms] for s in extract(source).smart]
    assert found == [
        [("element", "alliance", None), ("element", "goal-consensus", None)],
        [("adaptation", "reactance-resistance-level", None)],
        [("element", "cohesion", None)],
        [("element", "change-talk", "TherapeuticFactor")],
    ]


# ---------------------------------------------------------------------------------------------
# Citations
# ---------------------------------------------------------------------------------------------


def test_a_citation_parses_into_authors_editors_title_venue_and_edition() -> None:
    edited = parse_citation(
        "Norcross, J. C. & Lambert, M. J. (eds.). Psychotherapy Relationships That Work, Vol. 1: "
        "Evidence-Based Therapist Contributions, 3rd ed. Oxford University Press."
    )
    assert [n.form for n in edited.editors] == ["Norcross, J. C.", "Lambert, M. J."]
    assert edited.title == (
        "Psychotherapy Relationships That Work, Vol. 1: Evidence-Based Therapist Contributions"
    )
    assert (edited.edition, edited.publisher, edited.authors) == (
        "3rd",
        "Oxford University Press",
        [],
    )
    article_ = parse_citation(
        "Wampold, B. E., Mondin, G. W., & Ahn, H. (1997). A meta-analysis: Empirically, “all must "
        "have prizes.” *Psychological Bulletin*."
    )
    assert article_.title == "A meta-analysis: Empirically, “all must have prizes.”"
    assert (article_.venue, article_.year, len(article_.authors)) == (
        "Psychological Bulletin",
        "1997",
        3,
    )
    chapter = parse_citation(
        "Baldwin, S. A. & Imel, Z. E. (2013). Therapist effects. In M. J. Lambert (ed.), "
        "*Bergin and Garfield’s Handbook*, 6th ed. Wiley."
    )
    assert chapter.container is not None
    assert [n.form for n in chapter.container.editors] == ["M. J. Lambert"]
    assert (chapter.container.edition, chapter.container.publisher) == ("6th", "Wiley")
    et_al = parse_citation(
        "Kazantzis, N., et al. (2015). Reservations. Journal of Clinical Psychology."
    )
    assert ([n.form for n in et_al.authors], et_al.et_al) == (["Kazantzis, N."], True)


@pytest.mark.parametrize(
    ("raw", "surnames"),
    [
        (
            "de Shazer, S., Berg, I. K., & Weiner-Davis, M. (1986). Brief therapy. Family Process.",
            ["de Shazer", "Berg", "Weiner-Davis"],
        ),
        (
            "Cuijpers, P., van Oppen, P., & van Straten, A. (2011). IPT. Psychological Medicine.",
            ["Cuijpers", "van Oppen", "van Straten"],
        ),
        ("van der Kolk, B. A. (2014). The Body Keeps the Score. Viking.", ["van der Kolk"]),
    ],
)
def test_an_author_whose_surname_opens_with_a_lowercase_particle_is_read_with_the_rest(
    raw: str, surnames: list[str]
) -> None:
    citation = parse_citation(raw)
    assert [n.surname for n in citation.authors] == surnames
    assert citation.year is not None and citation.title and "," not in citation.title


def test_named_conditions_without_disorder_in_their_name() -> None:
    text = (
        "It is used with children who have encopresis or selective mutism, with adults after a "
        "traumatic brain injury, and with hoarding, but not for everyday stress"
    )
    assert [n.slug for n in scope_items(text) if n.kind == "condition"] == [
        "encopresis",
        "selective-mutism",
        "traumatic-brain-injury",
        "hoarding",
    ]


@pytest.mark.parametrize(
    ("sentence", "problem"),
    [
        (
            "Rumination and worry are a frequent focus of the middle sessions",
            "rumination-and-worry",
        ),
        ("Hopelessness is the most common target early on", "hopelessness"),
        ("Avoidant coping is explored and then challenged", "avoidant-coping"),
        ("Clients are explored in depth", None),  # a person is no problem
        ("Shame sometimes appears late in therapy", None),  # no predicate of working on it
        # any passive predicate, not only a listed verb
        (
            "Night-time checking is gradually faded out with the family's help",
            "night-time-checking",
        ),
        ("Hoarding is among the most frequent targets", "hoarding"),
        # a comma between two adjectives of one noun stays; an aside's comma or dash ends it
        (
            "Intense, rapidly shifting moods are approached through skills coaching",
            "intense-rapidly-shifting-moods",
        ),
        ("Perfectionism, often masking fear of failure, is gently questioned", "perfectionism"),
        ("Role confusion – not knowing which hat one wears – is clarified early", "role-confusion"),
        ("Family conflict, and caregiver strain such as burnout, are addressed", "family-conflict"),
        ("Several recurring difficulties can be understood through the model", None),  # a lead
    ],
)
def test_a_problem_is_the_subject_of_a_working_on_it_predicate(
    sentence: str, problem: str | None
) -> None:
    found = problem_of(sentence)
    assert (found[0].slug if found else None) == problem


@pytest.mark.parametrize(
    ("sentence", "problems"),
    [
        (
            "Common problems for work include self-doubt, insomnia, and fear of failure",
            ["self-doubt", "insomnia", "fear-of-failure"],
        ),
        # an "or" inside a comma-separated item stays in it; the last "and" joins two items
        (
            "Typical presenting difficulties are truancy, fights or thefts, and debt",
            ["truancy", "fights-or-thefts", "debt"],
        ),
        (
            "The usual targets are apathy and withdrawal, as the model predicts",
            ["apathy", "withdrawal"],
        ),
        ("Many referrals concern tantrums that parents cannot contain", ["tantrums"]),
        # an item with an example inside it leaves the list unsure: nothing
        ("Problems include worry such as rumination and dread, and anger", []),
        ("Several recurring clinical problems map onto the model", []),  # the section's lead
        ("Problems include Smith's three cases of panic", []),  # not a list of problems
    ],
)
def test_a_list_of_the_sections_problems_names_each(sentence: str, problems: list[str]) -> None:
    assert [node.slug for node, _ in problems_of(sentence)] == problems


def test_populations_named_by_their_group() -> None:
    text = "It has been adapted for refugees, military veterans, forensic patients and older people"
    assert [n.slug for n in scope_items(text) if n.kind == "population"] == [
        "refugees",
        "military-veterans",
        "forensic-patients",
        "older-adults",
    ]


@pytest.mark.parametrize(
    ("text", "populations"),
    [
        ("Older adults confronting mortality bring existential themes", ["older-adults"]),
        ("Adolescents and their families attend together", ["adolescents", "families"]),
        ("It was tested in Veterans Affairs clinics with couples", ["couples"]),  # a name
    ],
)
def test_a_population_opening_a_sentence_is_read_a_capitalised_one_inside_is_a_name(
    text: str, populations: list[str]
) -> None:
    assert [n.slug for n in scope_items(text) if n.kind == "population"] == populations


@pytest.mark.parametrize(
    ("text", "conditions"),
    [
        ("Depression and anxiety are the main targets", ["depression", "anxiety"]),
        ("Counselling for Depression is a brand of its own", []),  # a name
    ],
)
def test_a_condition_opening_a_sentence_is_read_a_capitalised_one_inside_is_a_name(
    text: str, conditions: list[str]
) -> None:
    assert [n.slug for n in scope_items(text) if n.kind == "condition"] == conditions


_GRADED_LIST_ARTICLE = """**Therapy Aligned™ Clinical Wiki**

*therapy · Clinical psychology · Behavioral*

# Sample Therapy

A brief behavioural therapy `LLM`.

## Evidence Base

{body}

## Sources

1. Norcross, J. C., & Lambert, M. J. (2019). Psychotherapy relationships. Oxford. T1
"""
DE, PE = "demonstrably-effective", "probably-effective"


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        # a lead that names an edition and no grade, its tag before the colon: each item's own
        # grade, dated by the lead
        ("Among the elements the 2019 task force graded [1]:\n\n- Empathy — demonstrably "
         "effective [1]\n- Collaboration: probably effective [1]",
         {("empathy", DE, 2019), ("collaboration", PE, 2019)}),
        # a table of items, grades and editions
        ("The task force graded these elements [1].\n\n| Element | Grade | Edition |\n"
         "|---|---|---|\n| Alliance | Demonstrably effective | 2019 |\n"
         "| Goal consensus | Probably effective | 2011 |",
         {("alliance", DE, 2019), ("goal-consensus", PE, 2011)}),
        # a lead that names no edition dates nothing
        ("Among the elements it relies on [1]:\n\n- Empathy — demonstrably effective [1]",
         {("empathy", DE, None)}),
    ],
)  # fmt: skip
def test_graded_lists_and_tables_keep_their_editions(
    body: str, expected: set[tuple[str, str, int | None]]
) -> None:
    article = read_article_text(_GRADED_LIST_ARTICLE.format(body=body), "t.md", "markdown")
    facts = extract(article)
    assert {(g.item.slug, g.grade, g.edition) for g in facts.gradings} == expected
    texts = [s.text for section in article.sections for s in section.sentences]
    assert ":" not in texts  # the colon after a tag joins its sentence, no statement of its own


def test_a_kind_of_therapy_is_lineage_after_the_type_sections_opening() -> None:
    """The opening of Type & Discipline restates the type line ("X is an integrative
    psychotherapy within clinical psychology"): no link; a later sentence there, or one in
    Creators & Lineage, that says which kind of therapy it is, is one."""
    source = article(
        (
            "Type & Discipline",
            [
                say("Harbour therapy is an integrative psychotherapy within clinical psychology"),
                say("It is a common-factors model, holding that shared factors do the work"),
            ],
        ),
        ("Creators & Lineage", [say("It is usually classed as a behaviour therapy", "LLM")]),
        title="Harbour Therapy",
    )
    links = {(k.relation, k.object.slug) for k in extract(source).lineage}
    assert links == {("variant-of", "common-factors-model"), ("variant-of", "behavior-therapy")}


@pytest.mark.parametrize(
    ("before", "expected"),
    [
        ("Harbour therapy was created by Mira Okafor in Leeds", {"a-delacroix"}),
        # the sentence before names someone other than a creator: "She" may be that one
        ("Okafor studied with the family therapist Helga Brandt", set()),
        # the approach's own name read as a possessive surname is no person in between
        ("Okafor's papers belong to Harbour therapy's history", {"a-delacroix"}),
    ],
)
def test_a_pronoun_opening_a_sentence_is_the_creator_the_sentence_before_named(
    before: str, expected: set[str]
) -> None:
    """ "Harbour therapy was created by Mira Okafor. She drew heavily on Austin M. Delacroix": the
    "She" is the creator, who acts for the approach; not when the sentence before names
    someone else, whom the pronoun may mean."""
    source = article(
        ("Type & Discipline", [say("Harbour therapy was created by Mira Okafor")]),
        (
            "Creators & Lineage",
            [say(before), say("She drew heavily on Austin M. Delacroix and his play studies")],
        ),
        title="Harbour Therapy",
    )
    facts = extract(source)
    assert {k.object.slug for k in facts.lineage if k.relation == "influenced-by"} == expected
