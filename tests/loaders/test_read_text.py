"""The plain-text reader on the seed article: every count the gold file states, exactly."""

from __future__ import annotations

from pathlib import Path

import pytest

from therapykg.errors import ArticleError
from therapykg.loaders.model import Article, Kind, Sentence
from therapykg.loaders.read import read_article, read_article_text
from therapykg.loaders.segment import split_sentences, split_smart_row

DATA = Path(__file__).parent / "data"
SEED = DATA / "evidence_based_therapy_relationships.txt"

SECTIONS = [
    "Type & Discipline",
    "Creators & Lineage",
    "Core Principles",
    "Interventions & Techniques",
    "Evidence Base",
    "Populations & Indications",
    "Problems-for-Work",
    "Contraindications, Cautions & Cultural Humility",
    "Treatment-Plan Suggestions & SMART Objectives",
    "Common Misconceptions",
    "Training & Certification",
    "Key Terms",
    "Resources & Further Reading",
    "Reflective / Supervision Questions",
]

# (units, llm, sourced, untagged) per section, from the gold's sentence_counts.per_section
PER_SECTION = {
    "Type & Discipline": (6, 3, 3, 0),
    "Creators & Lineage": (6, 3, 3, 0),
    "Core Principles": (7, 2, 5, 0),
    "Interventions & Techniques": (9, 3, 6, 0),
    "Evidence Base": (9, 5, 4, 0),
    "Populations & Indications": (6, 2, 4, 0),
    "Problems-for-Work": (6, 2, 4, 0),
    "Contraindications, Cautions & Cultural Humility": (7, 3, 4, 0),
    "Treatment-Plan Suggestions & SMART Objectives": (8, 1, 7, 0),
    "Common Misconceptions": (5, 1, 4, 0),
    "Training & Certification": (5, 3, 2, 0),
    "Key Terms": (6, 0, 6, 0),
    "Resources & Further Reading": (0, 0, 0, 0),
    "Reflective / Supervision Questions": (6, 6, 0, 0),
}

# The tag of every unit in article order (lead, figure, sections), as written; "-" = untagged.
TAG_ROWS = (  # lead+figure, then one row per section
    "- - - LLM",
    "LLM 6 1 1 LLM LLM",
    "1 23 6 LLM LLM LLM",
    "1 6 1 6 LLM 1 LLM",
    "1 1 1 1 1 LLM LLM 3 LLM",
    "LLM 1 1 1 LLM LLM 5 LLM LLM",
    "1 1 1 1 LLM LLM",
    "LLM 1 1 1 1 LLM",
    "LLM 6 1 LLM 5 LLM 1",
    "1 1 1 1 1 1 1 LLM",
    "6 1 1 5 LLM",
    "LLM 23 1 LLM LLM",
    "1 1 6 1 1 1",
    "LLM LLM LLM LLM LLM LLM",
)
TAGS = " ".join(TAG_ROWS).split()

SMART = [
    (
        "Strengthen early alliance to reduce dropout",
        "Client and therapist will collaboratively agree on written treatment goals by session 2,"
        " reviewed monthly",
        "Alliance; goal consensus",
    ),
    (
        "Detect and repair ruptures",
        "Client will complete a 4-item alliance measure each session for 8 weeks; any score drop"
        " triggers an explicit rupture discussion",
        "Alliance; repairing ruptures",
    ),
    (
        "Catch non-response early",
        "Therapist will review session-by-session outcome data weekly and adjust the plan if no"
        " improvement by session 4",
        "Collecting client feedback",
    ),
    (
        "Increase engagement in a high-reactance client",
        "Client will select task order and homework format in 3 of the next 4 sessions",
        "Reactance/resistance adaptation",
    ),
    (
        "Improve felt understanding",
        "Client will rate “feeling understood” at 4/5 or higher on a session-end check by week 6",
        "Empathy; positive regard",
    ),
    (
        "Tailor treatment to cultural context",
        "Therapist will complete a cultural-context discussion and integrate at least one"
        " client-identified value into the plan by session 3",
        "Culture adaptation",
    ),
    (
        "Build group cohesion",
        "Group members will report belonging at 4/5 or higher on a cohesion check by session 5",
        "Group cohesion",
    ),
]

KEY_TERMS = [
    "Alliance",
    "Cohesion",
    "Responsiveness",
    "Reactance/resistance level",
    "Rupture repair",
    "Collecting client feedback",
]


@pytest.fixture(scope="module")
def seed() -> Article:
    return read_article(SEED)


def _counts(units: list[Sentence]) -> tuple[int, int, int, int]:
    llm = sum(u.tag.llm for u in units)
    sourced = sum(bool(u.tag.sources) for u in units)
    untagged = sum(u.tag.untagged for u in units)
    return len(units), llm, sourced, untagged


def test_header(seed: Article) -> None:
    assert seed.format == "text"
    assert seed.title == "Evidence-Based Therapy Relationships and Responsiveness"
    assert seed.title_line == 5
    assert (seed.approach_type, seed.discipline, seed.subfield) == (
        "framework",
        "Clinical psychology",
        "Psychotherapy integration / common factors",
    )


def test_totals(seed: Article) -> None:
    assert _counts(seed.all_sentences()) == (90, 35, 52, 3)
    assert seed.warnings == []


def test_sections_in_order_with_counts(seed: Article) -> None:
    assert [s.heading for s in seed.sections] == SECTIONS
    for section in seed.sections:
        assert _counts(section.sentences) == PER_SECTION[section.heading], section.heading


def test_every_tag_in_order(seed: Article) -> None:
    assert [u.tag.raw or "-" for u in seed.all_sentences()] == TAGS


def test_multi_source_tag_resolves(seed: Article) -> None:
    multi = [u for u in seed.all_sentences() if u.tag.raw == "23"]
    assert [u.tag.sources for u in multi] == [(2, 3), (2, 3)]
    assert multi[0].text.startswith("The third edition divides the evidence into two volumes")
    assert multi[0].line == 19


def test_lead_and_figure(seed: Article) -> None:
    assert [u.kind for u in seed.lead] == [Kind.LEAD, Kind.LEAD]
    assert seed.lead[1].text == (
        "The associations are robust and replicated, though largely correlational,"
        " so causal weight remains debated."
    )
    alt, caption = seed.figure
    assert (alt.kind, alt.tag.untagged, alt.line) == (Kind.IMAGE_ALT, True, 10)
    assert (caption.kind, caption.tag.llm, caption.line) == (Kind.CAPTION, True, 11)
    assert caption.text.endswith("adapting treatment to the individual client.")


def test_unit_text_drops_the_tag_and_keeps_unicode(seed: Article) -> None:
    first = seed.sections[0].sentences
    assert first[0].text == (
        "Evidence-Based Therapy Relationships and Responsiveness is a framework within clinical"
        " psychology rather than a discrete, manualized treatment package"
    )
    assert first[1].text.endswith("adapted to the individual client?”")
    assert first[1].tag.sources == (6,)
    norcross = seed.sections[1].sentences[0]
    assert "John C. Norcross" in norcross.text  # an initial never ends a unit


def test_sources(seed: Article) -> None:
    assert [s.number for s in seed.sources] == [1, 2, 3, 4, 5, 6, 7]
    assert [s.tier for s in seed.sources] == ["T1", "T2", "T2", "T1", "T1", "T3", "T3"]
    assert seed.sources[0].raw == (
        "Norcross, J. C. (ed.). Conclusions and Recommendations of the Interdivisional (APA"
        " Divisions 12 & 29) Task Force on Evidence-Based Therapy Relationships. Society for the"
        " Advancement of Psychotherapy."
    )
    assert seed.sources[6].raw == (
        "Video: Psychotherapy Relationships That Work III (SPR Official). YouTube."
    )
    assert seed.sources[0].line == 88
    assert seed.see_also == []


def test_smart_rows(seed: Article) -> None:
    section = seed.section("Treatment-Plan")
    assert section is not None
    rows = [(r.goal, r.objective, r.mechanism) for r in section.smart_rows]
    assert rows == SMART
    assert all(r.sentence.kind is Kind.SMART_ROW for r in section.smart_rows)
    assert [r.sentence.tag.sources for r in section.smart_rows] == [(1,)] * 7
    assert section.smart_rows[0].sentence.line == 52
    framing = section.sentences[-1]
    assert framing.kind is Kind.FRAMING and framing.tag.llm
    assert framing.text.startswith("Client and clinician utilized responsiveness-informed")
    assert framing.text.endswith("alliance rupture.")


def test_key_terms(seed: Article) -> None:
    section = seed.section("Key Terms")
    assert section is not None
    assert [k.term for k in section.key_terms] == KEY_TERMS
    assert section.key_terms[1].definition == (
        "the group-therapy analogue of the alliance, also rated demonstrably effective"
    )
    assert [k.sentence.tag.sources for k in section.key_terms] == [
        (1,),
        (1,),
        (6,),
        (1,),
        (1,),
        (1,),
    ]


def test_questions_and_examples(seed: Article) -> None:
    units = seed.all_sentences()
    questions = [u for u in units if u.kind is Kind.QUESTION]
    assert len(questions) == 6 and all(q.tag.llm and q.text.endswith("?") for q in questions)
    assert questions[0].line == 79
    examples = [u for u in units if u.kind is Kind.EXAMPLE]
    assert len(examples) == 2 and all(e.tag.llm for e in examples)
    assert examples[0].text.startswith("A therapist notices a high-reactance client")
    assert examples[0].text.endswith("keeping the CBT frame intact")
    assert "“I sensed some distance last week; did something I said land wrong?”" in (
        examples[1].text
    )


def test_provenance(seed: Article) -> None:
    prov = seed.provenance
    assert (prov.model, prov.version, prov.generated) == ("claude-opus-4-8", "1.0", "2026-06-04")
    assert (prov.reading_minutes, prov.declared_sources, prov.line) == (17, 6, 98)
    assert prov.raw is not None and prov.raw.startswith("Provenance. This article is AI-generated")


# -- small articles built in the test ------------------------------------------------------


def _article(body: str, sources: int = 3) -> Article:
    entries = "\n".join(f"  {n}. Author {n}. Title {n}. — linkT1" for n in range(1, sources + 1))
    text = f"A Title\n\nA lead.\n\n{body}\n\nSources\n\n{entries}\n"
    return read_article_text(text, "test.txt", "text")


def test_unknown_sections_kept_in_file_order() -> None:
    body = (
        "Evidence Base\n\nA claim 1.\n\nCultural Adaptations\n\nAnother claim LLM.\n\n"
        "Type & Discipline\n\nLast claim 2."
    )
    article = _article(body)
    assert [(s.heading, s.line) for s in article.sections] == [
        ("Evidence Base", 5),
        ("Cultural Adaptations", 9),
        ("Type & Discipline", 13),
    ]
    assert [len(s.sentences) for s in article.sections] == [1, 1, 1]


def test_two_digit_tag_when_the_source_exists() -> None:
    units = _article("Core Principles\n\nA claim 23. Another 12.", sources=23).sections[0]
    assert [(u.tag.raw, u.tag.sources) for u in units.sentences] == [("23", (23,)), ("12", (12,))]


def test_three_digit_tags_only_with_a_hundred_sources() -> None:
    units = _article("Core Principles\n\nA claim 105.", sources=105).sections[0].sentences
    assert [(u.text, u.tag.sources) for u in units] == [("A claim", (105,))]
    few = _article("Core Principles\n\nA count of 105. Then a claim 1.").sections[0].sentences
    assert [(u.text, u.tag.sources) for u in few] == [("A count of 105. Then a claim", (1,))]


def test_hard_wrapped_prose_and_example() -> None:
    body = (
        "Core Principles\n\nA claim that runs\nover two lines 1. A second\nclaim LLM.\n\n"
        "LLM-generated illustrative example (not a guideline): A client\narrives late. The"
        " therapist\nwaits LLM."
    )
    units = _article(body).sections[0].sentences
    assert [(u.kind, u.line, u.text) for u in units] == [
        (Kind.PROSE, 7, "A claim that runs over two lines"),
        (Kind.PROSE, 8, "A second claim"),
        (Kind.EXAMPLE, 11, "A client arrives late. The therapist waits"),
    ]


def test_unsure_smart_row_keeps_the_unit_and_warns() -> None:
    body = (
        "Treatment-Plan Suggestions & SMART Objectives\n\n"
        "Goal SMART objective (example) Mechanism\n"
        "Engage the family Family sessions happen weekly Structural work 1\n"
        "Reduce avoidance Client will face feared cues with the therapist weekly 2"
    )
    article = _article(body)
    section = article.sections[0]
    assert [(u.kind, u.tag.sources) for u in section.sentences] == [
        (Kind.SMART_ROW, (1,)),
        (Kind.SMART_ROW, (2,)),
    ]
    assert section.smart_rows == []
    assert article.warnings == [
        "line 8: SMART row not split into goal / objective / mechanism",
        "line 9: SMART row not split into goal / objective / mechanism",
    ]


def test_long_key_term_is_prose_with_a_warning() -> None:
    body = (
        "Key Terms\n\nShort term: a definition 1. This sentence has no colon at all 2. "
        "One two three four five six seven: too long a term 3."
    )
    article = _article(body)
    section = article.sections[0]
    assert [k.term for k in section.key_terms] == ["Short term"]
    assert [u.kind for u in section.sentences] == [Kind.KEY_TERM, Kind.PROSE, Kind.PROSE]
    assert len(article.warnings) == 2


def test_untagged_body_text_is_kept_and_reported() -> None:
    article = _article("Core Principles\n\nA tagged claim 1. Then an untagged one. And another.")
    units = article.sections[0].sentences
    assert [(u.text, u.tag.untagged) for u in units] == [
        ("A tagged claim", False),
        ("Then an untagged one.", True),
        ("And another.", True),
    ]
    assert article.warnings == ["line 7: text without a provenance tag"]


def test_furniture_is_never_a_unit() -> None:
    body = (
        "Core Principles\n\nA claim 1.\n\nResources & Further Reading\n\n"
        "▶ Watch — a video introduction to this concept:\n\nSee also\n\nOther Page\n\n"
        "Suggest a revision\n\nSpotted an error? Tell us 2.\n\nPublic credit preference\n"
        "⚠︎ Do not include any PHI."
    )
    text = f"Site Wiki\nA Title\n\n{body}\n\nSources\n\n  1. One. — linkT1\n"
    article = read_article_text(text.replace("See also\n\nOther Page\n\n", ""), "t.txt", "text")
    assert [u.text for u in article.all_sentences()] == ["A claim"]


@pytest.mark.parametrize(
    ("text", "sentences"),
    [
        ("It asks “which brand works?” Then it grades. Done.", 2),
        ("John C. Norcross chaired it, e.g. in 2011. Dr. Smith vs. Dr. Jones agreed.", 2),
        ("It cites J. C. Norcross et al. and others. A second sentence.", 2),
        ("Ends with a question? Yes it does! Indeed.", 3),
    ],
)
def test_orthographic_sentences(text: str, sentences: int) -> None:
    assert len(split_sentences(text)) == sentences


def test_a_later_heading_never_becomes_the_title() -> None:
    text = (
        "Type & Discipline\n\nA claim 1.\n\nCultural Adaptations\n\nMore LLM.\n\n"
        "Sources\n\n  1. One. — linkT1\n"
    )
    with pytest.raises(ArticleError) as err:
        read_article_text(text, "t.txt", "text")
    assert err.value.line == 1 and "no title" in err.value.message


def test_title_in_the_same_group_as_the_site_name() -> None:
    text = "Some Clinical Wiki\nA Title\nA lead sentence. A second one.\n\nCore Principles\n\n"
    article = read_article_text(text + "A claim 1.\n\nSources\n\n  1. One. — linkT1\n", "t", "text")
    assert (article.title, article.title_line) == ("A Title", 2)
    assert [u.text for u in article.lead] == ["A lead sentence.", "A second one."]


@pytest.mark.parametrize(
    ("row", "split"),
    [
        (
            "Reduce avoidance Client will approach 3 feared situations per week for 6 weeks"
            " Exposure; emotional processing",
            (
                "Reduce avoidance",
                "Client will approach 3 feared situations per week for 6 weeks",
                "Exposure; emotional processing",
            ),
        ),
        (
            "Improve sleep Client and therapist will log sleep nightly for 2 weeks Sleep hygiene",
            (
                "Improve sleep",
                "Client and therapist will log sleep nightly for 2 weeks",
                "Sleep hygiene",
            ),
        ),
        (
            "Build parenting skills Parents will practise labelled praise daily by week 4"
            " Behavioural parenting; positive reinforcement",
            (
                "Build parenting skills",
                "Parents will practise labelled praise daily by week 4",
                "Behavioural parenting; positive reinforcement",
            ),
        ),
        (
            "Protect the agenda Therapist will propose no topics of their own, checked against"
            " recordings Nondirective attitude",
            (
                "Protect the agenda",
                "Therapist will propose no topics of their own, checked against recordings",
                "Nondirective attitude",
            ),
        ),
        (
            "Sustain attendance Client will attend at least 10 of the first 12 scheduled sessions"
            " Alliance; goal consensus",
            (
                "Sustain attendance",
                "Client will attend at least 10 of the first 12 scheduled sessions",
                "Alliance; goal consensus",
            ),
        ),
        ("Engage the family Family sessions happen weekly Structural work", None),
        (
            "Reduce avoidance Client will face cues with Dr Foa weekly Exposure",
            ("Reduce avoidance", "Client will face cues with Dr Foa weekly", "Exposure"),
        ),
        ("Reduce avoidance Client will face cues with the therapist weekly", None),
        ("Client will attend 10 sessions Alliance", None),  # no goal before the actor
        # the actor's possessive opens the objective: what will change is theirs
        (
            "Lower worry The client’s GAD-7 total will drop under 8 by week 10 Worry exposure",
            (
                "Lower worry",
                "The client’s GAD-7 total will drop under 8 by week 10",
                "Worry exposure",
            ),
        ),
        (
            "Calmer evenings Parents’ daily logs will show two fewer tantrums by week 6 Praise",
            (
                "Calmer evenings",
                "Parents’ daily logs will show two fewer tantrums by week 6",
                "Praise",
            ),
        ),
    ],
)
def test_split_run_together_smart_rows(row: str, split: tuple[str, str, str] | None) -> None:
    assert split_smart_row(row) == split


TWO_APART = """\
# A Title

## Core Principles

The first claim is sourced 1. The second cites two 2 3. Children aged 12 3.
Rated from 0 to 10 4. Run together 23.

## Sources

1. First, A. (2001). A book. Press. T2
2. Second, B. (2002). A paper. Journal. T1
3. Third, C. (2003). A chapter. T3
4. Fourth, D. (2004). A report. T3
"""


def test_two_sources_written_apart_and_numbers_that_are_the_sentences_own() -> None:
    """`… two 2 3.` cites two sources; in `aged 12 3.` and `from 0 to 10 4.` the first number is
    the sentence's (a Markdown-style `# Title` in a plain-text file is its title)."""
    article = read_article_text(TWO_APART, "t.txt", "text")
    assert article.title == "A Title"
    units = article.sections[0].sentences
    assert [(u.text, u.tag.sources) for u in units] == [
        ("The first claim is sourced", (1,)),
        ("The second cites two", (2, 3)),
        ("Children aged 12", (3,)),
        ("Rated from 0 to 10", (4,)),
        ("Run together", (2, 3)),
    ]


PARENTHESISED = """\
# A Title

## Core Principles

The first claim is sourced (1). The second cites two (2, 3). The third has none (LLM).
Founded in (1999). Rogers wrote a book (1942) in Ohio (2).

## Sources

1. First, A. (2001). A book. Press. T2
2. Second, B. (2002). A paper. Journal. T1
3. Third, C. (2003). A chapter. T3
"""


@pytest.mark.parametrize(("fmt", "name"), [("text", "t.txt"), ("markdown", "t.md")])
def test_numbers_in_parentheses_before_the_period(fmt: str, name: str) -> None:
    """`… sourced (1).` cites source 1 when the list has it; a year in parentheses stays text
    (its sentence is then no unit of its own), and one inside a sentence is never a tag."""
    article = read_article_text(PARENTHESISED, name, fmt)
    units = article.sections[0].sentences
    assert [(u.text, u.tag.llm, u.tag.sources) for u in units] == [
        ("The first claim is sourced", False, (1,)),
        ("The second cites two", False, (2, 3)),
        ("The third has none", True, ()),
        ("Founded in (1999). Rogers wrote a book (1942) in Ohio", False, (2,)),
    ]
