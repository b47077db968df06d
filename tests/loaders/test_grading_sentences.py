"""Gradings, sentence by sentence, from a table of sentences written for these tests
(`data/grading_sentences.jsonl`: varied wording, every construction and trap of
docs/extraction.md's Gradings section, none taken from the bundled articles), and the
faithfulness property: an extracted grading's item words and grade words are in the sentence
it points at, for every fixture article, every table sentence and generated sentences."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from therapykg.loaders import scheme
from therapykg.loaders.extract import extract
from therapykg.loaders.facts import Node, statement_table
from therapykg.loaders.grading import edition_of, graded_items
from therapykg.loaders.read import read_article

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
TABLE = HERE / "data" / "grading_sentences.jsonl"
ROWS: list[dict[str, Any]] = [
    json.loads(line) for line in TABLE.read_text(encoding="utf-8").splitlines() if line.strip()
]
ARTICLES = sorted(
    p for p in [*(ROOT / "articles").iterdir(), *(HERE / "data").iterdir()] if p.is_file()
)
ARTICLES = [p for p in ARTICLES if p.suffix in {".txt", ".md", ".html"} and p.name != "README.md"]

# a place below another grade: "one rung below the top", "a notch below probably effective"
BELOW = [(step, way) for step in ("step", "rung", "rank", "notch", "level", "tier", "grade")
         for way in ("below", "beneath", "lower", "down", "under")]  # fmt: skip
OTHER_GRADE_WORDS = {  # a grade named by its place in the scheme ("the top rating")
    "promising": [("insufficient", "to", "judge"), ("lowest",), ("bottom",), ("too", "to"), *BELOW],
    "demonstrably-effective": [
        ("highest",),
        ("top",),
        ("strongest",),
        ("first",),
        ("demonstrable", "effectiveness"),  # the grade as a noun
    ],
    "probably-effective": [
        ("middle",),
        ("second",),
        ("next", "down"),
        ("probable", "effectiveness"),
        *BELOW,
    ],
}
GRADE_WORDS = {
    "demonstrably-effective": ("demonstrably", "effective"),
    "probably-effective": ("probably", "effective"),
    "promising": ("promising",),
}


def test_the_table_has_unique_ids_and_covers_traps() -> None:
    ids = [row["id"] for row in ROWS]
    assert len(ids) == len(set(ids))
    assert sum(not row["gradings"] for row in ROWS) >= 15  # sentences that must grade nothing


@pytest.mark.parametrize("row", ROWS, ids=[row["id"] for row in ROWS])
def test_sentence(row: dict[str, Any]) -> None:
    found = graded_items(row["sentence"])
    got = sorted((s.item.kind, s.item.slug, s.grade) for s in found)
    wanted = sorted((g["kind"], g["item"], g["grade"]) for g in row["gradings"])
    assert got == wanted
    for expected in row["gradings"]:
        if "contexts" in expected:
            [fact] = [s for s in found if s.item.slug == expected["item"]]
            assert [c.slug for c in fact.contexts] == expected["contexts"]
    editions = {(g["item"], g["grade"]): g.get("edition", row["edition"]) for g in row["gradings"]}
    assert {(s.item.slug, s.grade): s.edition for s in found} == editions
    assert_faithful(row["sentence"], [(s.item, s.grade) for s in found])


# ---------------------------------------------------------------------------------------------
# Faithful by construction
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "edition", "year"),
    [
        ("the 2011 task force", 2011, 2011),
        ("the second interdivisional task force", 2011, None),
        ("in the third edition", 2019, None),
        ("the first task force", 2002, None),
        ("(Norcross & Wampold, 2011)", 2011, 2011),
        ("in 2019", 2019, 2019),
        ("the 2001 special issue of the task force's report", 2002, 2001),
        ("a 2014 meta-analysis", None, None),
        ("in 2015", None, 2015),
        ("in 2002 and in 2011", None, None),
    ],
)
def test_edition(text: str, edition: int | None, year: int | None) -> None:
    assert edition_of(text) == (edition, year)


def _words(text: str) -> str:
    # quotes around a word are no part of it
    words = re.findall(r"[a-z0-9/&]+(?:'(?!s\b)[a-z0-9]+)*", scheme.normalise(text))
    return " " + " ".join(words) + " "


def item_labels(item: Node) -> list[str]:
    """Every label of the item's concept (and of a 2002 concept whose label it took over:
    "feedback" names collecting client feedback in a later edition), each also with its last
    word in the other number ("cultural identities"), or its own name for an item outside the
    scheme."""
    key = (item.kind, item.slug)
    labels = [
        label
        for concept in scheme.concepts()
        if (concept.kind, concept.slug) == key or _took_over(concept, key)
        for label in concept.labels
    ]
    numbers = [other for label in labels if (other := scheme.other_number(scheme.normalise(label)))]
    return [*labels, *numbers] or [item.label]


def _took_over(concept: scheme.Concept, key: tuple[str, str]) -> bool:
    later = scheme.successor(concept.kind, concept.slug)
    return later is not None and (later.kind, later.slug) == key


def _names_item(sentence: str, item: Node) -> bool:
    words = _words(sentence)
    return any(_words(label) in words for label in item_labels(item))


def _names_grade(sentence: str, grade: str) -> bool:
    words = _words(sentence)
    spellings = [GRADE_WORDS[grade], *OTHER_GRADE_WORDS.get(grade, ())]
    return any(all(f" {w} " in words for w in ws) for ws in spellings)


def assert_faithful(sentence: str, gradings: list[tuple[Node, str]]) -> None:
    for item, grade in gradings:
        assert _names_item(sentence, item), (item, sentence)
        assert _names_grade(sentence, grade), (grade, sentence)


@pytest.mark.parametrize("path", ARTICLES, ids=lambda p: p.name)
def test_every_grading_of_an_article_is_in_the_sentences_it_points_at(path: Path) -> None:
    """Each sentence holds the grading's item and grade, or, for an item named by an anaphor,
    the sentence before names the item and the anaphor's sentence gives the grade."""
    article = read_article(path)
    texts = {row.ordinal: row.sentence.text for row in statement_table(article)}
    for grading in extract(article).gradings:
        trail = [texts[ordinal] for ordinal in grading.statements]
        assert any(_names_grade(t, grading.grade) for t in trail), (grading, trail)
        for text in trail:
            assert _names_item(text, grading.item) or _names_grade(text, grading.grade), text
        assert any(_names_item(t, grading.item) for t in trail), (grading, trail)


_LABELS = sorted({label for concept in scheme.concepts() for label in concept.labels})
_GRADES = [
    "demonstrably effective",
    "probably effective",
    "promising",
    "promising but insufficient research to judge",
]
_FILLERS = [
    "the",
    "and",
    "or",
    ",",
    ";",
    ":",
    "(",
    ")",
    "was",
    "were",
    "rated",
    "judged",
    "deemed",
    "as",
    "which",
    "that",
    "not",
    "unlike",
    "rather than",
    "by the task force",
    "in 2011",
    "among the",
    "elements",
    "while",
    "of",
    "on",
    "its",
    "model",
    "therapy",
    "in group therapy",
    "adapting to",
    "earned a rating of",
    "landed in the",
    "tier",
    "clients",
    "outcome",
]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from([*_LABELS, *_GRADES, *_FILLERS]), min_size=1, max_size=18))
def test_generated_sentences_grade_only_words_they_hold(parts: list[str]) -> None:
    sentence = " ".join(parts)
    assert_faithful(sentence, [(s.item, s.grade) for s in graded_items(sentence)])


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Successive task forces judged empathy demonstrably effective in 2002, 2011 and 2019.",
         [("empathy", 2002), ("empathy", 2011), ("empathy", 2019)]),
        ("Cohesion, which the 2011 and 2019 task forces both placed in the demonstrably "
         "effective category, matters in groups.", [("cohesion", 2011), ("cohesion", 2019)]),
        ("Empathy (demonstrably effective in 2011 and again in 2019) comes first.",
         [("empathy", 2011), ("empathy", 2019)]),
        ("Preferences were a demonstrably effective adaptation in both the 2011 and the 2019 "
         "reviews.", [("preferences", 2011), ("preferences", 2019)]),
        ("Collaboration was rated demonstrably effective in 2019.", [("collaboration", 2019)]),
        # a study's year beside an edition's is no second edition
        ("A 2014 meta-analysis and the 2019 task force both rated empathy demonstrably "
         "effective.", [("empathy", 2019)]),
    ],
)  # fmt: skip
def test_editions_named_together_give_one_grading_each(
    text: str, expected: list[tuple[str, int]]
) -> None:
    """A grade the sentence gives in several editions at once is one grading per edition."""
    found = graded_items(text)
    assert sorted((s.item.slug, s.edition) for s in found) == sorted(expected)
    assert all(s.year == s.edition for s in found)
