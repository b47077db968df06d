"""The same small article written as plain text, Markdown and HTML reads to the same model."""

from __future__ import annotations

from pathlib import Path

import pytest

from therapykg.loaders.model import Article, Kind
from therapykg.loaders.read import read_article

DATA = Path(__file__).parent / "data"
FILES = ["mini.txt", "mini.md", "mini.html"]

L, P, X = Kind.LEAD, Kind.PROSE, Kind.EXAMPLE
LLM = "LLM"

# (kind, text, LLM or the cited sources) of every unit, in article order
UNITS: list[tuple[Kind, str, str | tuple[int, ...]]] = [
    (
        L,
        "A brief, goal-directed approach that asks what is already working, e.g. exceptions to the"
        " problem.",
        (),
    ),
    (L, "Dr. Steve de Shazer and Insoo Kim Berg developed it in Milwaukee.", ()),
    (Kind.IMAGE_ALT, "A ladder of ten rungs labelled with scaling-question numbers.", ()),
    (Kind.CAPTION, "Scaling questions turn vague hopes into small, observable steps.", LLM),
    (P, "Solution-Focused Practice Sketch is a brief therapy within counseling psychology", LLM),
    (
        P,
        "It was developed at the Brief Family Therapy Center by Steve de Shazer and Insoo Kim Berg",
        (1, 2),
    ),
    (P, "Its central claim is that clients already hold the resources for change", (3,)),
    (
        P,
        "Insoo Kim Berg asked, “What would be different tomorrow?” and made the miracle question"
        " famous",
        (1,),
    ),
    (
        P,
        "The approach draws on the strategic therapy of the Mental Research Institute, i.e. the"
        " Palo Alto group",
        LLM,
    ),
    (
        X,
        "A client says nothing ever works. The therapist asks about the last time it was slightly"
        " better, and the client recalls a calm Sunday",
        LLM,
    ),
    (
        Kind.SMART_ROW,
        "Clarify a preferred future Client will describe three observable signs of progress by"
        " session 2 Miracle question; goal setting",
        (1,),
    ),
    (
        Kind.SMART_ROW,
        "Notice exceptions Client and therapist will log one exception each week for 4 weeks"
        " Exception finding",
        (2, 3),
    ),
    (
        Kind.FRAMING,
        "Client and clinician utilized scaling questions within solution-focused brief therapy to"
        " address low motivation.",
        LLM,
    ),
    (
        Kind.KEY_TERM,
        "Miracle question: an invitation to describe life after the problem has vanished",
        (1,),
    ),
    (Kind.KEY_TERM, "Scaling question: a 0–10 rating used to notice small steps", (2,)),
    (Kind.KEY_TERM, "Exception: a time when the problem was absent or weaker", LLM),
    (Kind.QUESTION, "Which exception did you last overlook, and why?", LLM),
    (Kind.QUESTION, "How do you keep the client’s own words at the centre of goal setting?", LLM),
]


@pytest.fixture(scope="module", params=FILES)
def mini(request: pytest.FixtureRequest) -> Article:
    name: str = request.param
    return read_article(DATA / name)


def test_units(mini: Article) -> None:
    got = [(u.kind, u.text, LLM if u.tag.llm else u.tag.sources) for u in mini.all_sentences()]
    assert got == UNITS
    assert mini.warnings == []


def test_structure(mini: Article) -> None:
    assert mini.title == "Solution-Focused Practice Sketch"
    assert (mini.approach_type, mini.discipline, mini.subfield) == (
        "approach",
        "Counseling psychology",
        "Brief therapy",
    )
    assert [s.heading for s in mini.sections] == [
        "Type & Discipline",
        "Creators & Lineage",
        "Treatment-Plan Suggestions & SMART Objectives",
        "Key Terms",
        "Reflective / Supervision Questions",
    ]
    assert mini.see_also == ["Motivational Interviewing", "Working Alliance Theory (Bordin)"]


def test_sources(mini: Article) -> None:
    assert [(s.number, s.raw, s.tier) for s in mini.sources] == [
        (1, "de Shazer, S. (1985). Keys to Solution in Brief Therapy. Norton.", "T2"),
        (2, "Berg, I. K. & Miller, S. D. (1992). Working with the Problem Drinker. Norton.", "T2"),
        (
            3,
            "Franklin, C., et al. (2012). Solution-Focused Brief Therapy: A Handbook. Oxford"
            " University Press.",
            "T1",
        ),
    ]


def test_smart_rows_and_key_terms(mini: Article) -> None:
    smart = mini.section("Treatment-Plan")
    terms = mini.section("Key Terms")
    assert smart is not None and terms is not None
    assert [(r.goal, r.objective, r.mechanism) for r in smart.smart_rows] == [
        (
            "Clarify a preferred future",
            "Client will describe three observable signs of progress by session 2",
            "Miracle question; goal setting",
        ),
        (
            "Notice exceptions",
            "Client and therapist will log one exception each week for 4 weeks",
            "Exception finding",
        ),
    ]
    assert [(k.term, k.definition) for k in terms.key_terms] == [
        ("Miracle question", "an invitation to describe life after the problem has vanished"),
        ("Scaling question", "a 0–10 rating used to notice small steps"),
        ("Exception", "a time when the problem was absent or weaker"),
    ]
    assert all(k.sentence in terms.sentences for k in terms.key_terms)


def test_provenance(mini: Article) -> None:
    prov = mini.provenance
    assert (prov.model, prov.version, prov.generated) == ("test-model-1", "2.1", "2026-01-15")
    assert (prov.reading_minutes, prov.declared_sources) == (4, 3)
    assert prov.raw == (
        "Provenance. This article is AI-generated (model: test-model-1) · version 2.1 · last"
        " generated 2026-01-15 · 4 min read · 3 sources."
    )


def test_formats_named() -> None:
    assert [read_article(DATA / f).format for f in FILES] == ["text", "markdown", "html"]
