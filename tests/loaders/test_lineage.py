"""Lineage from clauses: one test per row of data/lineage_sentences.jsonl, and the faithfulness
property over every link found (the rows, the bundled articles and the shared samples).

Each row is a sentence written for these tests (not taken from an article), with its article's
context: the title, optional lead sentences (where "Full Name (ACR)" and "also known as" aliases
are learnt), the creators, other people the article names in full, and "See also" titles. The
row's `links` are every (relation, object slug) the sentence states about the article's own
approach, and (relation, the approach's slug, later approach's slug) for a later approach's link
to it; an empty list says it states none.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from therapykg.evaluation.sentences import sentence_article
from therapykg.loaders.extract import extract
from therapykg.loaders.facts import statement_table
from therapykg.loaders.lineage import approach_slug, influences, own_approach
from therapykg.loaders.model import Article, Kind, Sentence, Tag
from therapykg.loaders.people import People, find_mentions, register_prose_names
from therapykg.loaders.read import read_article, read_article_text
from therapykg.ontology.vocab import LINEAGE_RELATIONS

DATA = Path(__file__).parent / "data" / "lineage_sentences.jsonl"
REPO = Path(__file__).resolve().parents[2]
ROWS: list[dict[str, Any]] = [json.loads(line) for line in DATA.read_text().splitlines() if line]


def _sentence(text: str, kind: Kind = Kind.PROSE) -> Sentence:
    return Sentence(text, Tag("1", sources=(1,)), line=1, kind=kind)


def row_article(row: dict[str, Any]) -> tuple[Article, Sentence]:
    """An article around the row's sentence: its creators stated first, its people named."""
    return sentence_article(
        row["title"],
        row["sentence"],
        row["creators"],
        people=row.get("people", []),
        lead=_split(row.get("lead", "")),
        see_also=row.get("see_also", []),
    )


def _split(text: str) -> list[str]:
    return [t.strip() for t in re.split(r"(?<=\.)\s+", text) if t.strip()]


@pytest.mark.parametrize("row", ROWS, ids=[r["id"] for r in ROWS])
def test_sentence_table(row: dict[str, Any]) -> None:
    article, target = row_article(row)
    ordinal = next(r.ordinal for r in statement_table(article) if r.sentence is target)
    facts = extract(article)
    own = approach_slug(row["title"])
    got = {
        (k.relation, k.object.slug)
        if k.subject.slug == own
        else (k.relation, k.object.slug, k.subject.slug)  # a later approach's link to this one
        for k in facts.lineage
        if ordinal in k.statements
    }
    assert got == {tuple(link) for link in row["links"]}


def test_the_table_covers_every_relation() -> None:
    relations = {link[0] for row in ROWS for link in row["links"]}
    assert relations == set(LINEAGE_RELATIONS)


# ---------------------------------------------------------------------------------------------
# Faithful by construction: an object's words are words of the sentence it points at
# ---------------------------------------------------------------------------------------------


def _words(text: str) -> set[str]:
    return {w.casefold() for w in re.findall(r"[\w-]+", text)}


def _articles() -> list[Article]:
    paths = [p for p in sorted((REPO / "articles").iterdir()) if p.name != "README.md"]
    shared = Path("/work/shared/articles")
    if shared.is_dir():
        paths += sorted(shared.iterdir())
    return [read_article(p) for p in paths] + [row_article(row)[0] for row in ROWS]


ARTICLES = _articles()


@pytest.mark.parametrize("article", ARTICLES, ids=[a.title for a in ARTICLES])
def test_every_link_names_words_of_its_one_sentence(article: Article) -> None:
    """Each link points at sentences, and every one of them holds the object's words (the
    label for an approach, the surname for a person)."""
    rows = statement_table(article)
    own = approach_slug(article.title)
    for link in extract(article).lineage:
        named = link.subject if link.object.slug == own else link.object  # the other end
        label = named.label.split()
        needed = label[-1:] if named.kind == "person" else label
        for ordinal in link.statements:
            sentence = _words(rows[ordinal - 1].sentence.text)
            assert _words(" ".join(needed)) <= sentence, (link, rows[ordinal - 1].sentence.text)


@pytest.mark.parametrize("article", ARTICLES, ids=[a.title for a in ARTICLES])
def test_every_influence_is_words_of_its_sentence(article: Article) -> None:
    """What `influences` returns, sentence by sentence: the object as the sentence words it."""
    people = People()
    own = own_approach(article.title, approach_slug(article.title), [], article.see_also, set())
    for row in statement_table(article):
        register_prose_names(row.sentence.text, people)
    for row in statement_table(article):
        text = row.sentence.text
        for found in influences(text, own=own, mentions=find_mentions(text, people)):
            assert _words(found.words) <= _words(text), (found, text)


def test_approach_slugs_meet_across_spellings() -> None:
    same = {
        approach_slug(name)
        for name in (
            "Person-Centred Therapy",
            "person-centered therapy",
            "Person-Centered Therapies",
            "Person-Centered Therapy (Rogers)",
        )
    }
    assert same == {"person-centered-therapy"}


KEY_TERM_ARTICLE = """\
# Schema Therapy

## Creators & Lineage

Limited reparenting is a departure from the neutral stance of classical psychoanalysis [1].
Attachment theory grew out of ethology [1].
The term schema, which the model took from Jean Piaget, names a broad pattern [1].

## Key Terms

- **Limited reparenting:** meeting some of the needs that went unmet in childhood [1].
- **Attachment theory:** Bowlby's account of the bond between child and caregiver [1].

## Sources

1. Young, J. E. (2003). Schema therapy. Guilford Press. T2
"""


def test_key_terms_speak_for_the_approach_but_named_schools_do_not() -> None:
    """A key term of the article is one of its parts, so a sentence whose subject it is states
    the approach's lineage; a key term that names a school ("Attachment theory") is another
    approach's subject. A relative clause's own subject ("which the model took from") counts."""

    article = read_article_text(KEY_TERM_ARTICLE, "schema.md", "markdown")
    facts = extract(article)
    own = [k for k in facts.lineage if k.subject.slug == "schema-therapy"]
    links = {(k.relation, k.object.slug) for k in own}
    assert links == {("reaction-against", "psychoanalysis"), ("influenced-by", "j-piaget")}
